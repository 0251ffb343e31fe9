--- The quiz in a floating window: the server owns the session and sends its first state as
--- `interview-prep/quiz`; every key here is an `interview-prep/quizReply` whose answer is the next
--- state, drawn in place. Keys (buffer-local): <Space> show the answer (then: next), `s` skip,
--- `1`–`4` rate (Forgot, Struggled, Recalled, Easy) or choose a statement, `gd`/<CR> open the
--- line of code the question is about, `q`/<Esc> stop (then: close). Closing the window any
--- other way stops the quiz too. Only clients that declared the quiz panel capability (see
--- lsp/interview_prep.lua) get these states; the others keep `vim.ui.select` prompts.

local protocol = require('interview_prep.protocol')
local float = require('interview_prep.float')

local M = {}

local ns = vim.api.nvim_create_namespace('interview_prep.quiz')

local function notify(msg, level)
  vim.notify('interview-prep: ' .. msg, level or vim.log.levels.INFO)
end

---@class interview_prep.Quiz
---@field client_id integer
---@field state interview_prep.QuizState
---@field buf integer
---@field win integer
---@field origin_win integer the window the quiz was started from: where code opens
---@field pending boolean a reply is on its way: keys wait
---@field closed boolean the window is gone
---@field stop_when_answered? boolean closed while a reply was on its way: stop after it

---@type interview_prep.Quiz?
local quiz

--- The open quiz (for tests and statuslines), or nil.
---@return interview_prep.Quiz?
function M.current()
  return quiz
end

--- Lines and highlights for a state. Highlights are { row, start_col, end_col, group }, with
--- end_col -1 for the whole line.
---@param s interview_prep.QuizState
---@return string[], table[]
local function build(s)
  local lines, hls = {}, {}
  local function add(text, group)
    for _, line in ipairs(vim.split(text or '', '\n', { plain = true })) do
      table.insert(lines, line)
      if group then
        table.insert(hls, { #lines - 1, 0, -1, group })
      end
    end
  end
  local function blank()
    if #lines > 0 and lines[#lines] ~= '' then
      add('')
    end
  end

  if s.stage == 'done' then
    add(s.summary or ('Quiz finished: %d answered, %d recalled.'):format(s.answered or 0, s.recalled or 0))
    return lines, hls
  end

  local choice = s.mode == 'choice' and type(s.choices) == 'table' and #s.choices > 0
  -- How the last answer was saved, above the next question.
  if s.notice and s.stage ~= 'result' then
    add(s.notice, 'Comment')
    blank()
  end
  add(s.question, '@markup.strong')
  if choice and s.stage == 'ask' then
    add('Which statement is true?', 'Comment')
  end

  local code = s.code
  if type(code) == 'table' and code.text then
    blank()
    local where = ('%s:%d'):format(code.path or '?', code.line or 0)
    add(where .. '  ·  gd opens it')
    table.insert(hls, { #lines - 1, 0, #where, 'Directory' })
    table.insert(hls, { #lines - 1, #where, -1, 'Comment' })
    add('```python')
    add(code.text)
    add('```')
  end

  if choice then
    blank()
    if s.stage == 'result' then
      if s.correct then
        add('✓ Right.', 'DiagnosticOk')
      else
        add(('✗ Wrong: the true statement is %d.'):format((s.right or 0) + 1), 'DiagnosticError')
      end
      blank()
    end
    for i, text in ipairs(s.choices) do
      local idx = i - 1
      local mark, group = '', nil
      if s.stage == 'result' then
        if idx == s.right then
          mark, group = '✓ ', 'DiagnosticOk'
        elseif idx == s.picked then
          mark, group = '✗ ', 'DiagnosticError'
        else
          group = 'Comment'
        end
      end
      add(('%d. %s%s'):format(i, mark, (text:gsub('\n', ' '))))
      if group then
        table.insert(hls, { #lines - 1, 3, -1, group })
      end
    end
  end

  if s.answer then
    blank()
    add('Answer', '@markup.heading')
    add(table.concat(float.reflow(vim.split(s.answer, '\n', { plain = true })), '\n'))
  end

  if s.stage == 'rate' then
    blank()
    add('How well did you recall it?', 'Comment')
    local parts, spans, col = {}, {}, 0
    for i, label in ipairs(s.ratings or {}) do
      local part = ('%d %s'):format(i, label)
      table.insert(spans, { col, col + 1 })
      table.insert(parts, part)
      col = col + #part + #'   '
    end
    add(table.concat(parts, '   '))
    for _, span in ipairs(spans) do
      table.insert(hls, { #lines - 1, span[1], span[2], 'Special' })
    end
  elseif s.stage == 'result' and s.notice then
    blank()
    add(s.notice, 'Comment')
  end
  return lines, hls
end

--- The keys the footer names for a state.
---@param s interview_prep.QuizState
---@return string
local function keys_hint(s)
  if s.stage == 'done' then
    return ' q close '
  elseif s.stage == 'rate' then
    return ' 1-4 rate · q stop '
  elseif s.stage == 'result' then
    return ' <Space> next · q stop '
  elseif s.mode == 'choice' then
    return ' 1-4 choose · q stop '
  end
  return ' <Space> show answer · s skip · q stop '
end

---@param s interview_prep.QuizState
local function title(s)
  if s.stage == 'done' then
    return { { ' Interview quiz · done ', 'FloatTitle' } }
  end
  local about = s.about ~= '' and s.about or 'Interview quiz'
  return { { (' %s '):format(about), 'FloatTitle' }, { ('· %d of %d '):format((s.index or 0) + 1, s.total or 0), 'FloatFooter' } }
end

local WIDTH = 86

--- Where the float goes: centred, as high as its wrapped text.
local function place(q)
  float.centre(q.win, float.width(WIDTH))
  vim.api.nvim_win_set_config(q.win, {
    title = title(q.state),
    title_pos = 'left',
    footer = { { keys_hint(q.state), 'FloatFooter' } },
    footer_pos = 'right',
  })
end

---@param q interview_prep.Quiz
local function render(q)
  local lines, hls = build(q.state)
  vim.bo[q.buf].modifiable = true
  vim.api.nvim_buf_set_lines(q.buf, 0, -1, false, lines)
  vim.bo[q.buf].modifiable = false
  vim.bo[q.buf].modified = false
  vim.api.nvim_buf_clear_namespace(q.buf, ns, 0, -1)
  for _, h in ipairs(hls) do
    local row, from, to, group = h[1], h[2], h[3], h[4]
    local len = #(lines[row + 1] or '')
    vim.api.nvim_buf_set_extmark(q.buf, ns, row, math.min(from, len), {
      end_row = row,
      end_col = to == -1 and len or math.min(to, len),
      hl_group = group,
      priority = 200,
    })
  end
  -- Wrapped heights are known once the text is in the window, and concealed lines (the code
  -- fence) once it has been drawn.
  vim.cmd.redraw()
  place(q)
  if vim.api.nvim_get_current_win() == q.win then
    vim.api.nvim_win_set_cursor(q.win, { 1, 0 })
  end
end

local function close_window(q)
  q.closed = true
  if vim.api.nvim_win_is_valid(q.win) then
    pcall(vim.api.nvim_win_close, q.win, true)
  end
end

--- Sends `interview-prep/quizReply` for the state shown; `on_result(err, state)`.
---@param q interview_prep.Quiz
---@param action 'show'|'skip'|'rate'|'choose'|'next'|'stop'
---@param value? integer
---@param on_result fun(err: lsp.ResponseError?, state: interview_prep.QuizState?)
local function send(q, action, value, on_result)
  local client = vim.lsp.get_client_by_id(q.client_id)
  if not client then
    on_result({ code = 0, message = 'the server has stopped; the quiz is over' })
    return
  end
  ---@type interview_prep.QuizReplyParams
  local params = { session = q.state.session, action = action, value = value }
  client:request(protocol.requests.quiz_reply, params, function(err, result)
    on_result(err, type(result) == 'table' and result or nil)
  end)
end

--- The window was closed mid-quiz (`:q`, <C-w>c): stop the quiz, and say how it went.
---@param q interview_prep.Quiz
local function stop_closed(q)
  send(q, 'stop', nil, function(_, state)
    if state and state.summary then
      notify(state.summary)
    end
  end)
end

--- A key was pressed: reply, then draw the next state. Keys wait while a reply is on its way.
---@param action 'show'|'skip'|'rate'|'choose'|'next'|'stop'
---@param value? integer
local function reply(action, value)
  local q = quiz
  if not q or q.pending or q.closed then
    return
  end
  q.pending = true
  local session = q.state.session
  send(q, action, value, function(err, state)
    if q.state.session ~= session then
      return -- a new quiz took over this window meanwhile
    end
    q.pending = false
    if state then
      q.state = state
    end
    if q.closed then
      -- Closed while this reply was on its way: the stop waited for it.
      if q.stop_when_answered and state and state.stage ~= 'done' then
        stop_closed(q)
      end
      return
    end
    if err then
      notify(err.message, vim.log.levels.ERROR)
      quiz = nil
      close_window(q)
    elseif state then
      render(q)
    end
  end)
end

--- The line of code the question is about, in the window the quiz started from.
local function open_code()
  local q = quiz
  local code = q and q.state.code
  if type(code) ~= 'table' then
    return
  end
  local fname
  if code.uri then
    fname = vim.uri_to_fname(code.uri)
  else
    local client = vim.lsp.get_client_by_id(q.client_id)
    fname = vim.fs.joinpath(client and client.root_dir or vim.fn.getcwd(), code.path)
  end
  local target = q.origin_win
  if not vim.api.nvim_win_is_valid(target) or vim.api.nvim_win_get_config(target).relative ~= '' then
    target = vim.fn.win_getid(vim.fn.winnr('#'))
  end
  if target == 0 or vim.api.nvim_win_get_config(target).relative ~= '' then
    return
  end
  vim.api.nvim_set_current_win(target)
  if vim.fs.normalize(vim.api.nvim_buf_get_name(0)) ~= vim.fs.normalize(fname) then
    local ok, err = pcall(vim.cmd.edit, vim.fn.fnameescape(fname))
    if not ok then
      -- The window's buffer has unsaved changes: open beside it.
      ok, err = pcall(vim.cmd.split, vim.fn.fnameescape(fname))
      if not ok then
        notify(tostring(err), vim.log.levels.ERROR)
        return
      end
    end
  end
  local line = math.min(code.line or 1, vim.api.nvim_buf_line_count(0))
  vim.api.nvim_win_set_cursor(0, { line, 0 })
  vim.cmd('normal! ^')
  -- Near the top, above the centred quiz, with a little context before it.
  vim.fn.winrestview({ topline = math.max(1, line - 3) })
end

local function map_keys(q)
  local function map(lhs, fn, desc)
    vim.keymap.set('n', lhs, fn, { buffer = q.buf, nowait = true, silent = true, desc = 'interview-prep quiz: ' .. desc })
  end
  local function stage()
    return q.state.stage, q.state.mode
  end
  map('<Space>', function()
    local st, mode = stage()
    if st == 'ask' and mode ~= 'choice' then
      reply('show')
    elseif st == 'result' then
      reply('next')
    elseif st == 'done' then
      close_window(q)
    end
  end, 'show the answer / next')
  map('n', function()
    if stage() == 'result' then
      reply('next')
    end
  end, 'next question')
  map('s', function()
    local st, mode = stage()
    if st == 'ask' and mode ~= 'choice' then
      reply('skip')
    end
  end, 'skip')
  for i = 1, 4 do
    map(tostring(i), function()
      local st, mode = stage()
      if st == 'rate' then
        reply('rate', i)
      elseif st == 'ask' and mode == 'choice' and i <= #(q.state.choices or {}) then
        reply('choose', i - 1)
      end
    end, i .. ': rate or choose')
  end
  for _, lhs in ipairs({ 'q', '<Esc>' }) do
    map(lhs, function()
      if stage() == 'done' then
        close_window(q)
      else
        reply('stop')
      end
    end, 'stop / close')
  end
  map('gd', open_code, 'open the line of code')
  map('<CR>', function()
    if stage() == 'done' then
      close_window(q)
    else
      open_code()
    end
  end, 'open the line of code')
end

--- `interview-prep/quiz`: a quiz started; draws its first state (replacing a quiz still open).
---@param client_id integer
---@param state interview_prep.QuizState
function M.start(client_id, state)
  if type(state) ~= 'table' or not state.session then
    return
  end
  vim.schedule(function()
    local old = quiz
    if old and not old.closed and vim.api.nvim_win_is_valid(old.win) then
      -- The server replaced that session already; reuse the window.
      old.client_id, old.state, old.pending = client_id, state, false
      render(old)
      vim.api.nvim_set_current_win(old.win)
      return
    end
    local origin = vim.api.nvim_get_current_win()
    local buf = vim.api.nvim_create_buf(false, true)
    vim.bo[buf].bufhidden = 'wipe'
    vim.bo[buf].swapfile = false
    vim.bo[buf].modifiable = false
    local width = float.width(WIDTH)
    local win = vim.api.nvim_open_win(buf, true, {
      relative = 'editor',
      width = width,
      height = 10,
      row = 1,
      col = 1,
      style = 'minimal',
      border = float.border(),
      title = title(state),
      footer = keys_hint(state),
      footer_pos = 'right',
      zindex = 60,
    })
    float.reading(win)
    float.markdown(buf)
    ---@type interview_prep.Quiz
    local q = { client_id = client_id, state = state, buf = buf, win = win, origin_win = origin, pending = false, closed = false }
    quiz = q
    map_keys(q)
    local group = vim.api.nvim_create_augroup('interview_prep_quiz_' .. win, { clear = true })
    vim.api.nvim_create_autocmd('WinClosed', {
      group = group,
      pattern = tostring(win),
      once = true,
      desc = 'interview-prep: closing the quiz stops it',
      callback = function()
        pcall(vim.api.nvim_del_augroup_by_id, group)
        q.closed = true
        if quiz ~= q then
          return
        end
        quiz = nil
        if q.pending then
          q.stop_when_answered = true
        elseif q.state.stage ~= 'done' then
          stop_closed(q)
        end
      end,
    })
    vim.api.nvim_create_autocmd('VimResized', {
      group = group,
      desc = 'interview-prep: keep the quiz centred',
      callback = function()
        if vim.api.nvim_win_is_valid(win) then
          place(q)
        end
      end,
    })
    render(q)
  end)
end

return M
