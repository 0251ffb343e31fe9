--- The quiz in a floating window: the server owns the session and sends its first state as
--- `interview-prep/quiz`; every key here is an `interview-prep/quizReply` whose answer is the next
--- state, drawn in place. Keys (buffer-local): <Space> show the answer (then: next), `s` skip,
--- `1`–`4` rate (Forgot, Struggled, Recalled, Easy) or choose a statement, `gd`/<CR> open the
--- line of code the question is about, `q`/<Esc> stop (then: close). Closing the window any
--- other way stops the quiz too. Only clients that declared the quiz panel capability (see
--- lsp/interview_prep.lua) get these states; the others keep `vim.ui.select` prompts.
---
--- Answer mode (quizMode = 'answer', and mock interviews on the workspace): the answer is written
--- in a scratch buffer in a second float below the question (pad.lua), sent with <C-s>; the
--- graded view marks each key point ✓ made or ✗ missed and proposes a rating, which <CR> or
--- <Space> accepts and `1`–`4` overrule; an empty answer asks "Rate it Forgot?" (`1`, or `w` to
--- write again). The follow-up is written the same way. A mock interview ends with its report.

local protocol = require('interview_prep.protocol')
local float = require('interview_prep.float')
local pad = require('interview_prep.pad')

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
---@field pad? interview_prep.Pad the float to write the answer in (answer mode)
---@field pad_sent? boolean the pad's text went to the server: closing the pad loses nothing

---@type interview_prep.Quiz?
local quiz

--- The open quiz (for tests and statuslines), or nil.
---@return interview_prep.Quiz?
function M.current()
  return quiz
end

local plain_set -- the colours this module last gave InterviewPrepPlain

--- Our highlight groups, linked to the colour scheme's (`default`: a user's own definition wins).
--- Set again on every draw, so a colour scheme loaded meanwhile keeps them.
local function define_highlights()
  local function link(name, to)
    vim.api.nvim_set_hl(0, name, { link = to, default = true })
  end
  link('InterviewPrepPointMade', 'DiagnosticOk')
  link('InterviewPrepPointMissed', 'DiagnosticError')
  link('InterviewPrepProposed', 'PmenuSel')
  link('InterviewPrepWritten', '@markup.raw.block')
  -- Plain text inside a code fence (the report): the float's own foreground, which a link cannot
  -- give (NormalFloat sets no foreground, so the fence's colour would show through). Kept in
  -- step with the colour scheme unless the user defined the group.
  local current = vim.api.nvim_get_hl(0, { name = 'InterviewPrepPlain' })
  if vim.tbl_isempty(current) or (plain_set and current.fg == plain_set.fg and current.ctermfg == plain_set.ctermfg) then
    local float_hl = vim.api.nvim_get_hl(0, { name = 'NormalFloat', link = false })
    local normal = vim.api.nvim_get_hl(0, { name = 'Normal', link = false })
    local want = { fg = float_hl.fg or normal.fg, ctermfg = float_hl.ctermfg or normal.ctermfg }
    if want.fg or want.ctermfg then
      vim.api.nvim_set_hl(0, 'InterviewPrepPlain', want)
      plain_set = want
    else
      link('InterviewPrepPlain', 'NormalFloat')
    end
  end
end

--- Whether a state asks the user to write (answer mode's question, or its follow-up).
---@param s interview_prep.QuizState
---@return boolean
local function writing(s)
  return (s.stage == 'ask' and s.mode == 'answer') or s.stage == 'followup'
end

--- One line of deck text that the protocol means as one line (a key point).
---@param text string?
---@return string
local function one_line(text)
  return vim.trim((text or ''):gsub('%s*\r?\n%s*', ' '))
end

--- Lines and highlights for a state. Highlights are { row, start_col, end_col, group,
--- priority? }, with end_col -1 for the whole line. Deck text is drawn as Markdown; what the user wrote and the
--- mock interview's report as they are (in a code fence no text can close).
---@param s interview_prep.QuizState
---@return string[], table[]
local function build(s)
  local lines, hls = {}, {}
  local function add(text, group)
    for _, line in ipairs(vim.split((text or ''):gsub('\r\n?', '\n'), '\n', { plain = true })) do
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
  --- `text` shown as is, never read as Markdown; `each(row, line, i)` may add highlights. At the
  --- end of the buffer (`last`) the fence stays open: a closing fence would be a blank row there.
  local function verbatim(text, group, each, last)
    text = (text or ''):gsub('\r\n?', '\n'):gsub('\n+$', '')
    local fence = float.fence(text)
    add(fence .. 'text')
    for i, line in ipairs(vim.split(text, '\n', { plain = true })) do
      add(line)
      if group then
        -- Under the highlights `each` adds, over the code block's own colour.
        table.insert(hls, { #lines - 1, 0, -1, group, 150 })
      end
      if each then
        each(#lines - 1, line, i)
      end
    end
    if not last then
      add(fence)
    end
  end

  if s.stage == 'done' then
    add(s.summary or ('Quiz finished: %d answered, %d recalled.'):format(s.answered or 0, s.recalled or 0))
    if type(s.report) == 'string' and s.report ~= '' then
      blank()
      -- Plain text in the float's own colour (not the code block's), the points made and
      -- missed in theirs, the headings bold.
      verbatim(s.report, 'InterviewPrepPlain', function(row, line, i)
        -- (Two patterns: a Lua class like [✓✗] holds bytes, not characters.)
        local indent, mark = line:match('^(%s*)(✓)')
        if not mark then
          indent, mark = line:match('^(%s*)(✗)')
        end
        if mark then
          local group = mark == '✓' and 'InterviewPrepPointMade' or 'InterviewPrepPointMissed'
          table.insert(hls, { row, #indent, -1, group })
        elseif i == 1 or line:match('^%d+%. ') or line:match('^Study next:') then
          table.insert(hls, { row, 0, -1, '@markup.strong' })
        elseif line:match('^%s+Follow%-up') then
          table.insert(hls, { row, 0, -1, 'Comment' })
        end
      end, true)
    end
    return lines, hls
  end

  local choice = s.mode == 'choice' and type(s.choices) == 'table' and #s.choices > 0
  local answering = s.mode == 'answer'
  -- How the last answer was saved, above the next question.
  if s.notice and s.stage ~= 'result' then
    add(s.notice, 'Comment')
    blank()
  end
  if s.stage == 'followup' then
    add('Follow-up', '@markup.heading')
    add(s.followUp, '@markup.strong')
    blank()
    add('Asked after: ' .. one_line(s.question), 'Comment')
    blank()
    add('Answer as you would in the interview, below.', 'Comment')
    return lines, hls
  end
  if type(s.lead) == 'string' and s.lead ~= '' then
    add(s.lead, '@markup.italic')
  end
  add(s.question, '@markup.strong')
  if choice and s.stage == 'ask' then
    add('Which statement is true?', 'Comment')
  end

  local code = s.code
  if type(code) == 'table' and code.text and s.stage ~= 'graded' then
    blank()
    local where = ('%s:%d'):format(code.path or '?', code.line or 0)
    add(where .. '  ·  gd opens it')
    table.insert(hls, { #lines - 1, 0, #where, 'Directory' })
    table.insert(hls, { #lines - 1, #where, -1, 'Comment' })
    -- The quoted line's own language (a Dockerfile, a workflow, SQL...), for the Markdown fence.
    add('```' .. (vim.filetype.match({ filename = code.path or '' }) or 'python'))
    add(code.text)
    add('```')
  end

  if answering and s.stage == 'ask' then
    blank()
    add('Answer as you would in the interview, below.', 'Comment')
  end

  if s.stage == 'graded' then
    local points = type(s.points) == 'table' and s.points or {}
    local made = #vim.tbl_filter(function(p)
      return p.hit
    end, points)
    local empty = s.proposed == nil
    blank()
    if empty then
      add('You wrote nothing, so none of the key points was made:', 'DiagnosticWarn')
    else
      add('Your answer', '@markup.heading')
      verbatim(s.written, 'InterviewPrepWritten')
      if s.trimmed then
        add('Your answer was over 20 KB: only its start was graded.', 'DiagnosticWarn')
      end
      blank()
      add(('Key points: %d of %d made'):format(made, #points), '@markup.heading')
    end
    for _, p in ipairs(points) do
      local mark = p.hit and '✓' or '✗'
      add(('%s %s'):format(mark, one_line(p.text)))
      table.insert(hls, { #lines - 1, 0, -1, p.hit and 'InterviewPrepPointMade' or 'InterviewPrepPointMissed' })
    end
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
  elseif s.stage == 'graded' then
    blank()
    local ratings = s.ratings or {}
    if s.proposed == nil then
      add('Rate it Forgot?', '@markup.strong')
      local forgot = ('1 %s'):format(ratings[1] or 'Forgot')
      add(forgot .. '   w write again')
      table.insert(hls, { #lines - 1, 0, 1, 'Special' })
      table.insert(hls, { #lines - 1, #forgot + 3, #forgot + 4, 'Special' })
    else
      local points = type(s.points) == 'table' and s.points or {}
      local made = #vim.tbl_filter(function(p)
        return p.hit
      end, points)
      add(('%d of %d key points: %s? Enter or Space accepts; 1–4 overrule.'):format(made, #points, ratings[s.proposed] or '?'), 'Comment')
      -- The proposal says "(Enter)" and is highlighted: visibly the default, in any colour
      -- scheme and without one. (No brackets: Markdown would hide them as a link.)
      local parts, spans, col = {}, {}, 0
      for i, label in ipairs(ratings) do
        local part = ('%d %s'):format(i, label)
        if i == s.proposed then
          part = ('%s (Enter)'):format(part)
          table.insert(spans, { col, col + #part, 'InterviewPrepProposed' })
        else
          table.insert(spans, { col, col + 1, 'Special' })
        end
        table.insert(parts, part)
        col = col + #part + #'   '
      end
      add(table.concat(parts, '   '))
      for _, span in ipairs(spans) do
        table.insert(hls, { #lines - 1, span[1], span[2], span[3] })
      end
    end
  elseif s.stage == 'result' and s.notice then
    blank()
    add(s.notice, 'Comment')
  end
  return lines, hls
end
M._build = build

--- The keys the footer names for a state.
---@param s interview_prep.QuizState
---@return string
local function keys_hint(s)
  if s.stage == 'done' then
    return (type(s.report) == 'string' and s.report ~= '') and ' j/k scroll · q close ' or ' q close '
  elseif s.stage == 'rate' then
    return ' 1-4 rate · q stop '
  elseif s.stage == 'result' then
    return ' <Space> next · q stop '
  elseif s.stage == 'graded' then
    if s.proposed == nil then
      return ' 1 Forgot · w write again · q stop '
    end
    return (' <CR> accept %s · 1-4 overrule · q stop '):format((s.ratings or {})[s.proposed] or '')
  elseif writing(s) then
    return ' i write · s skip · q stop '
  elseif s.mode == 'choice' then
    return ' 1-4 choose · q stop '
  end
  return ' <Space> show answer · s skip · q stop '
end
M._keys_hint = keys_hint

--- The pad's keys, in its footer.
local PAD_KEYS = ' <C-s> submit · <CR> submit (normal mode) · gs skip · q stop '

---@param s interview_prep.QuizState
local function title(s)
  if s.stage == 'done' then
    local what = (type(s.report) == 'string' and s.report ~= '') and 'Mock interview' or 'Interview quiz'
    return { { (' %s · done '):format(what), 'FloatTitle' } }
  end
  local about = s.about ~= '' and s.about or 'Interview quiz'
  return { { (' %s '):format(about), 'FloatTitle' }, { ('· %d of %d '):format((s.index or 0) + 1, s.total or 0), 'FloatFooter' } }
end

local WIDTH = 86
local REPORT_WIDTH = 110 -- the report's lines are preformatted and long
local PAD_ROWS = 6 -- the pad's height before it grows with what is written

--- Where the floats go: centred, as high as their wrapped text; the pad, when open, below the
--- question.
local function place(q)
  local s = q.state
  local width = float.width((s.stage == 'done' and s.report) and REPORT_WIDTH or WIDTH)
  local decor = {
    title = title(s),
    title_pos = 'left',
    footer = { { keys_hint(s), 'FloatFooter' } },
    footer_pos = 'right',
  }
  local p = q.pad
  if p and not p.done and vim.api.nvim_win_is_valid(p.win) then
    vim.api.nvim_win_set_width(q.win, width)
    vim.api.nvim_win_set_width(p.win, width)
    local avail = vim.o.lines - vim.o.cmdheight - 2
    local want1 = float.text_height(q.win, avail)
    local want2 = math.max(PAD_ROWS, float.text_height(p.win, avail))
    local row1, h1, row2, h2 = float.stack(avail, want1, want2)
    local col = math.max(0, math.floor((vim.o.columns - width - 2) / 2))
    vim.api.nvim_win_set_config(q.win, vim.tbl_extend('force', decor, { relative = 'editor', row = row1, col = col, width = width, height = h1 }))
    vim.api.nvim_win_set_config(p.win, { relative = 'editor', row = row2, col = col, width = width, height = h2 })
  else
    float.centre(q.win, width)
    vim.api.nvim_win_set_config(q.win, decor)
  end
end

--- Closes the pad; what was written and not sent goes to the unnamed register.
---@param q interview_prep.Quiz
local function drop_pad(q)
  local p = q.pad
  q.pad = nil
  if not p or p.done then
    return
  end
  local text = pad.text(p)
  local sent = q.pad_sent
  pad.close(p)
  if not sent and pad.has_draft(text) then
    pad.keep(text)
  end
end

local close_window -- defined below
local reply -- defined below
local open_code -- defined below

--- Opens the pad for a state that asks to write; the focus goes there, in insert mode.
---@param q interview_prep.Quiz
---@param key string
local function open_pad(q, key)
  q.pad_sent = false
  local follow = q.state.stage == 'followup'
  q.pad = pad.open({
    key = key,
    title = follow and 'Your answer to the follow-up' or 'Your answer',
    footer = PAD_KEYS,
    width = float.width(WIDTH),
    on_submit = function(text)
      if q.pending then
        return
      end
      q.pad_sent = true
      reply('answer', nil, text)
    end,
    on_skip = function()
      if not q.pending then
        q.pad_sent = true -- dropped on purpose
        reply('skip')
      end
    end,
    on_stop = function()
      if not q.pending then
        q.pad_sent = true
        reply('stop')
      end
    end,
    on_code = function()
      open_code()
    end,
    on_closed = function(text)
      -- `:q` in the pad: the quiz goes with it, what was written stays in a register.
      q.pad = nil
      if pad.has_draft(text) and not q.pad_sent then
        pad.keep(text)
      end
      if not q.closed then
        close_window(q)
      end
    end,
  })
  -- The pad grows with the answer (up to the room there is).
  vim.api.nvim_create_autocmd({ 'TextChanged', 'TextChangedI' }, {
    buffer = q.pad.buf,
    desc = 'interview-prep: grow the answer float',
    callback = function()
      if quiz == q and not q.closed then
        place(q)
      end
    end,
  })
end

--- The pad again, for a state that asks to write (it was closed, or belongs to another state).
---@param q interview_prep.Quiz
local function focus_pad(q)
  if q.pad and not q.pad.done and vim.api.nvim_win_is_valid(q.pad.win) then
    vim.api.nvim_set_current_win(q.pad.win)
    vim.cmd.startinsert({ bang = true })
  end
end

---@param q interview_prep.Quiz
local function render(q)
  define_highlights()
  local lines, hls = build(q.state)
  vim.bo[q.buf].modifiable = true
  vim.api.nvim_buf_set_lines(q.buf, 0, -1, false, lines)
  vim.bo[q.buf].modifiable = false
  vim.bo[q.buf].modified = false
  vim.api.nvim_buf_clear_namespace(q.buf, ns, 0, -1)
  for _, h in ipairs(hls) do
    local row, from, to, group, priority = h[1], h[2], h[3], h[4], h[5]
    local len = #(lines[row + 1] or '')
    vim.api.nvim_buf_set_extmark(q.buf, ns, row, math.min(from, len), {
      end_row = row,
      end_col = to == -1 and len or math.min(to, len),
      hl_group = group,
      priority = priority or 200,
    })
  end
  -- The pad: kept while the same state asks to write, else closed (the focus comes back here).
  local key = writing(q.state) and ('%d:%d:%s'):format(q.state.session, q.state.index or 0, q.state.stage) or nil
  if q.pad and (q.pad.done or q.pad.key ~= key) then
    local in_pad = vim.api.nvim_get_current_win() == q.pad.win
    drop_pad(q)
    if in_pad and vim.api.nvim_win_is_valid(q.win) then
      vim.api.nvim_set_current_win(q.win)
    end
  elseif q.pad then
    q.pad_sent = false -- the same state again: what is in the pad was not taken
  end
  -- Wrapped heights are known once the text is in the window, and concealed lines (the code
  -- fence) once it has been drawn.
  vim.cmd.redraw()
  if key and not q.pad then
    open_pad(q, key)
  end
  place(q)
  vim.api.nvim_win_set_cursor(q.win, { 1, 0 })
end

function close_window(q)
  q.closed = true
  drop_pad(q)
  if vim.api.nvim_win_is_valid(q.win) then
    pcall(vim.api.nvim_win_close, q.win, true)
  end
end

--- Sends `interview-prep/quizReply` for the state shown; `on_result(err, state)`.
---@param q interview_prep.Quiz
---@param action 'show'|'skip'|'rate'|'choose'|'next'|'stop'|'answer'|'accept'|'retry'
---@param value? integer
---@param text? string for `answer`
---@param on_result fun(err: lsp.ResponseError?, state: interview_prep.QuizState?)
local function send(q, action, value, text, on_result)
  local client = vim.lsp.get_client_by_id(q.client_id)
  if not client then
    on_result({ code = 0, message = 'the server has stopped; the quiz is over' })
    return
  end
  ---@type interview_prep.QuizReplyParams
  local params = { session = q.state.session, action = action, value = value, text = text }
  client:request(protocol.requests.quiz_reply, params, function(err, result)
    on_result(err, type(result) == 'table' and result or nil)
  end)
end

--- The window was closed mid-quiz (`:q`, <C-w>c): stop the quiz, and say how it went.
---@param q interview_prep.Quiz
local function stop_closed(q)
  send(q, 'stop', nil, nil, function(_, state)
    if state and state.summary then
      notify(state.summary)
    end
  end)
end

--- A key was pressed: reply, then draw the next state. Keys wait while a reply is on its way.
---@param action 'show'|'skip'|'rate'|'choose'|'next'|'stop'|'answer'|'accept'|'retry'
---@param value? integer
---@param text? string
function reply(action, value, text)
  local q = quiz
  if not q or q.pending or q.closed then
    return
  end
  q.pending = true
  local session = q.state.session
  if action == 'answer' and q.pad and vim.api.nvim_win_is_valid(q.pad.win) then
    vim.api.nvim_win_set_config(q.pad.win, { footer = { { ' sending… ', 'FloatFooter' } }, footer_pos = 'right' })
  end
  send(q, action, value, text, function(err, state)
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
      if action == 'answer' then
        q.pad_sent = false -- not taken: keep it
      end
      quiz = nil
      close_window(q)
    elseif state then
      if q.pad and vim.api.nvim_win_is_valid(q.pad.win) then
        vim.api.nvim_win_set_config(q.pad.win, { footer = { { PAD_KEYS, 'FloatFooter' } }, footer_pos = 'right' })
      end
      render(q)
    end
  end)
end

--- The line of code the question is about, in the window the quiz started from.
function open_code()
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
  --- Leaving a question with something written in the pad asks first.
  local function may_leave(what)
    if q.pending then
      return false -- the reply on its way decides
    end
    local p = q.pad
    if p and not p.done and pad.has_draft(pad.text(p)) then
      if not pad.confirm_discard(what) then
        return false
      end
      q.pad_sent = true -- dropped on purpose
    end
    return true
  end
  local function accept()
    if q.state.stage == 'graded' and q.state.proposed ~= nil then
      reply('accept')
    end
  end
  map('<Space>', function()
    local st, mode = stage()
    if st == 'graded' then
      accept()
    elseif writing(q.state) then
      focus_pad(q)
    elseif st == 'ask' and mode ~= 'choice' then
      reply('show')
    elseif st == 'result' then
      reply('next')
    elseif st == 'done' and not q.state.report then
      close_window(q)
    end
  end, 'show the answer / next / accept the proposed rating')
  map('n', function()
    if stage() == 'result' then
      reply('next')
    end
  end, 'next question')
  map('s', function()
    local st, mode = stage()
    if ((st == 'ask' and mode ~= 'choice') or st == 'followup') and may_leave('Skip this question') then
      reply('skip')
    end
  end, 'skip')
  for _, lhs in ipairs({ 'i', 'a' }) do
    map(lhs, function()
      if writing(q.state) then
        focus_pad(q)
      end
    end, 'write the answer')
  end
  map('w', function()
    if stage() == 'graded' and q.state.proposed == nil then
      reply('retry')
    end
  end, 'write the answer again')
  for i = 1, 4 do
    map(tostring(i), function()
      local st, mode = stage()
      if st == 'rate' then
        reply('rate', i)
      elseif st == 'graded' and (q.state.proposed ~= nil or i == 1) then
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
      elseif may_leave('Stop the quiz') then
        reply('stop')
      end
    end, 'stop / close')
  end
  map('gd', open_code, 'open the line of code')
  map('<CR>', function()
    local st = stage()
    if st == 'graded' then
      accept()
    elseif st == 'done' then
      close_window(q)
    else
      open_code()
    end
  end, 'accept the proposed rating / open the line of code')
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
      if not old.pad then
        vim.api.nvim_set_current_win(old.win)
      end
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
    -- Wrapped key points (✓ …, ✗ …) hang under their text, as list items do.
    vim.bo[buf].formatlistpat = [[^\s*\%(\d\+[\]:.)}\t ]\|[-*+✓✗]\s\)\s*]]
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
        -- The pad goes too (not from inside WinClosed), keeping what was written.
        vim.schedule(function()
          drop_pad(q)
        end)
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
