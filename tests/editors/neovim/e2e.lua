--- The Neovim end-to-end test: a real Neovim with the plugin opens the fixture shop's views.py
--- and checks what the user sees — diagnostics with our codes and underlines, the hover's
--- question and answer, the code lenses, a quiz answered through vim.ui.select, a wrong-typed
--- setting warned about once, :InterviewExplain, and a clean :checkhealth interview_prep.
--- Run by tests/editors/run-neovim.sh (which sets $INTERVIEW_PREP_BIN and a temp data dir).

local H = dofile(vim.fs.joinpath(vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h'), 'harness.lua'))
H.name = 'neovim e2e'

local root = vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h:h:h:h')
local bin = assert(vim.env.INTERVIEW_PREP_BIN, 'set $INTERVIEW_PREP_BIN')
local data_dir = assert(vim.env.INTERVIEW_PREP_DATA, 'set $INTERVIEW_PREP_DATA')
local file = root .. '/tests/editors/workspace/shop/views.py'

-- The documented native override, plus a setting of the wrong type the server must warn about.
-- The fixture lives under this repository's tests/, which the server takes for a test file
-- (marks for testing concepts only): conceptsInTests gives it the marks of any source file.
vim.lsp.config('interview_prep', { cmd = { bin, 'serve' }, settings = { interviewPrep = { topics = 5, conceptsInTests = true } } })

--- The question and the 30-second answer the deck gives for a concept, from the CLI (which
--- calls the same functions as the server).
local function expected(concept)
  local out = vim.system({ bin, 'explain', concept }, { text = true }):wait()
  assert(out.code == 0, out.stderr)
  local lines = vim.split(out.stdout, '\n')
  local question, short
  for i, line in ipairs(lines) do
    if not question and line:match('^====') then
      question = lines[i - 1]
    elseif line == 'In 30 seconds:' then
      short = lines[i + 1]
    end
  end
  return assert(question, 'no question in explain output'), assert(short, 'no short answer in explain output')
end

local function float_text()
  for _, win in ipairs(vim.api.nvim_list_wins()) do
    if vim.api.nvim_win_get_config(win).relative ~= '' then
      local buf = vim.api.nvim_win_get_buf(win)
      return table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\n'), win
    end
  end
end

local function close_floats()
  for _, win in ipairs(vim.api.nvim_list_wins()) do
    if vim.api.nvim_win_get_config(win).relative ~= '' then
      vim.api.nvim_win_close(win, true)
    end
  end
end

--- All virtual text on a line of the buffer, per extmark.
local function virt_texts(bufnr)
  local texts = {}
  for _, m in ipairs(vim.api.nvim_buf_get_extmarks(bufnr, -1, 0, -1, { details = true })) do
    local chunks = m[4].virt_text
    if chunks then
      local s = ''
      for _, c in ipairs(chunks) do
        s = s .. c[1]
      end
      table.insert(texts, { line = m[2], text = s })
    end
  end
  return texts
end

vim.cmd.edit(vim.fn.fnameescape(file))
local bufnr = vim.api.nvim_get_current_buf()
local client

H.check('the client attaches to a Python file', function()
  client = H.wait_for('the interview_prep client', function()
    return vim.lsp.get_clients({ bufnr = bufnr, name = 'interview_prep' })[1]
  end)
  H.wait_for('initialize', function()
    return client.initialized
  end)
  H.assert(client.server_info and client.server_info.name == 'interview-prep', 'server_info: %s', vim.inspect(client.server_info))
  H.assert(client.root_dir == root .. '/tests/editors/workspace', 'root_dir %s (expected the fixture, by pyproject.toml)', client.root_dir)
end)
if not client then
  return H.finish()
end

-- Every command of the protocol is advertised: a server without one fails here, nothing is skipped.
H.check('the server advertises every command of the protocol', function()
  for key, name in pairs(require('interview_prep.protocol').commands) do
    H.assert(require('interview_prep').offers(client, name), 'the server does not offer %s (%s)', name, key)
  end
end)

H.check('diagnostics carry interview-prep codes, pitfalls as underlined warnings', function()
  local diags = H.wait_for('diagnostics', function()
    local d = vim.diagnostic.get(bufnr)
    return #d > 0 and d
  end)
  local codes = {}
  for _, d in ipairs(diags) do
    H.assert(d.source == 'interview-prep', 'source %s', d.source)
    codes[d.code] = d
  end
  for _, want in ipairs({ 'n-plus-one', 'mutable-default-argument', 'queryset', 'generator-function' }) do
    H.assert(codes[want], 'no %s diagnostic; got %s', want, vim.inspect(vim.tbl_keys(codes)))
  end
  local n1 = codes['n-plus-one']
  H.assert(n1.severity == vim.diagnostic.severity.WARN, 'n-plus-one severity %s', n1.severity)
  H.assert(n1.lnum == 12, 'n-plus-one on line %d, expected 13', n1.lnum + 1)
  H.assert(codes['queryset'].severity == vim.diagnostic.severity.HINT, 'concepts are hints')
  -- What the user sees: the underline extmark on the N+1 line.
  local underlined = H.wait_for('an underline on line 13', function()
    for _, m in ipairs(vim.api.nvim_buf_get_extmarks(bufnr, -1, { 12, 0 }, { 12, -1 }, { details = true })) do
      if m[4].hl_group == 'DiagnosticUnderlineWarn' then
        return true
      end
    end
  end)
  H.assert(underlined, 'no underline')
end)

H.check('signs and underlines on pitfalls only; concepts stay as hints', function()
  local diags = vim.diagnostic.get(bufnr)
  local hints = vim.tbl_filter(function(d)
    return d.severity == vim.diagnostic.severity.HINT
  end, diags)
  H.assert(#hints > 0, 'no hint diagnostics: concepts must still be there for ]d and hover')
  local warn_lines = {}
  for _, d in ipairs(diags) do
    if d.severity <= vim.diagnostic.severity.WARN then
      warn_lines[d.lnum] = true
    end
  end
  local function marks()
    local signs, underlines = {}, {}
    for _, m in ipairs(vim.api.nvim_buf_get_extmarks(bufnr, -1, 0, -1, { details = true })) do
      local d = m[4]
      if d.sign_text and (d.sign_hl_group or ''):find('^DiagnosticSign') then
        table.insert(signs, { line = m[2], hl = d.sign_hl_group })
      elseif (d.hl_group or ''):find('^DiagnosticUnderline') then
        table.insert(underlines, { line = m[2], hl = d.hl_group })
      end
    end
    return signs, underlines
  end
  local signs, underlines = H.wait_for('a sign', function()
    local sg, ul = marks()
    return #sg > 0 and sg, ul
  end)
  signs, underlines = marks()
  for _, m in ipairs(vim.list_extend(vim.deepcopy(signs), underlines)) do
    H.assert(m.hl:find('Warn') or m.hl:find('Error'), 'a %s on line %d: only pitfalls have marks', m.hl, m.line + 1)
    H.assert(warn_lines[m.line], 'a mark on line %d, which has no pitfall', m.line + 1)
  end
  H.assert(signs[1].line == 12, 'the N+1 sign is on line %d, expected 13', signs[1].line + 1)
  -- setup({ concept_signs = true }) brings them back, for the running client too.
  require('interview_prep').setup({ concept_signs = true })
  H.wait_for('a sign on a hint', function()
    for _, m in ipairs((marks())) do
      if m.hl == 'DiagnosticSignHint' then
        return true
      end
    end
  end, 5000)
  require('interview_prep').setup({ concept_signs = false })
  H.wait_for('hint signs gone again', function()
    for _, m in ipairs((marks())) do
      if m.hl == 'DiagnosticSignHint' then
        return false
      end
    end
    return true
  end, 5000)
end)

H.check('hover on the N+1 access shows the interview question and the answer', function()
  local question, short = expected('n-plus-one')
  local n1 = vim.tbl_filter(function(d)
    return d.code == 'n-plus-one'
  end, vim.diagnostic.get(bufnr))[1]
  vim.api.nvim_win_set_cursor(0, { n1.lnum + 1, n1.col })
  vim.lsp.buf.hover()
  local text = H.wait_for('the hover window', float_text)
  H.contains(text, 'N+1 queries', 'hover')
  H.contains(text, question, 'hover')
  H.contains(text, short, 'hover')
  close_floats()
end)

H.check('code lenses: the file lens and one per function', function()
  local texts = H.wait_for('code lens virtual text', function()
    local t = vim.tbl_filter(function(v)
      return v.text:find(' · Quiz', 1, true)
    end, virt_texts(bufnr))
    return #t >= 5 and t
  end)
  -- Short: "9 concepts · Quiz", with the due count once there is one ("9 concepts · 2 due · Quiz").
  local by_line = {}
  for _, t in ipairs(texts) do
    by_line[t.line] = t.text
  end
  H.assert(by_line[0] and by_line[0]:match('^%d+ concepts? · .*Quiz$'), 'no file lens on line 1: %s', vim.inspect(texts))
  -- One over each def that holds findings: recent_orders, add_tags, paid_totals, pay.
  for _, line in ipairs({ 8, 16, 21, 26 }) do
    H.assert(by_line[line] and by_line[line]:match('^%d+ concepts? · .*Quiz$'), 'no lens over line %d: %s', line + 1, vim.inspect(texts))
  end
  -- The concepts themselves are in the lens's data (VS Code shows them as its tooltip).
  local add_tags = vim.tbl_filter(function(l)
    return l.range.start.line == 16
  end, vim.lsp.codelens.get(bufnr))[1]
  local details = vim.inspect(add_tags and add_tags.data or {})
  H.assert(details:find('Mutable default argument', 1, true), 'the add_tags lens data names its concept: %s', details)
end)

H.check('a setting of the wrong type is warned about once', function()
  H.wait_for('the server warning', function()
    return H.messages():find('setting `topics`', 1, true)
  end)
  -- The settings reach the server twice (initialize and didChangeConfiguration): still one warning.
  H.assert(H.count(H.messages(), 'setting `topics`') == 1, 'warned more than once:\n%s', H.messages())
end)

H.check(':InterviewQuiz file asks through vim.ui.select and shows the answer', function()
  local prompts = {}
  local questions_answered = 0
  local ended = false
  vim.ui.select = function(items, opts, on_choice)
    local titles = vim.tbl_map(function(i)
      return i.title
    end, items)
    table.insert(prompts, { prompt = opts.prompt, titles = titles })
    local function pick(title)
      for _, i in ipairs(items) do
        if i.title == title then
          return on_choice(i)
        end
      end
    end
    if vim.list_contains(titles, 'Show answer') then
      if questions_answered >= 1 then
        ended = true
        return on_choice(nil) -- dismissing ends the quiz
      end
      questions_answered = questions_answered + 1
      return pick('Show answer')
    elseif vim.list_contains(titles, 'Recalled') then
      return pick('Recalled')
    end
    ended = true
    on_choice(nil)
  end
  vim.cmd('InterviewQuiz file')
  local first = H.wait_for('the first quiz prompt', function()
    return prompts[1]
  end)
  H.assert(vim.deep_equal(first.titles, { 'Show answer', 'Skip' }), 'actions %s', vim.inspect(first.titles))
  local question = first.prompt:gsub('^Interview question: ', ''):gsub(': $', '')
  H.assert(#question > 10, 'prompt %q', first.prompt)
  -- The full flashcard flow: the answer comes as a second prompt with the ratings.
  local second = H.wait_for('the rating prompt', function()
    return prompts[2]
  end)
  H.assert(vim.deep_equal(second.titles, { 'Forgot', 'Struggled', 'Recalled', 'Easy' }), 'actions %s', vim.inspect(second.titles))
end)

H.check('answering records a review in the data dir and the due count refreshes', function()
  local summary = H.wait_for('a review in progressSummary', function()
    local r = client:request_sync('workspace/executeCommand', { command = 'interview-prep.progressSummary', arguments = { vim.empty_dict() } }, 5000, bufnr)
    local s = r and r.result
    return s and s.reviewedToday and s.reviewedToday >= 1 and s
  end)
  H.assert(vim.uv.fs_stat(data_dir .. '/progress.db'), 'no progress.db in %s', data_dir)
  -- Each saved answer and the end of the quiz arrive as interview-prep/progressChanged.
  H.wait_for(('the status to read %d due'):format(summary.due), function()
    return require('interview_prep').status() == ('%d due'):format(summary.due)
  end)
end)
H.check(':InterviewProgress shows the summary', function()
  vim.cmd('InterviewProgress')
  local text = H.wait_for('the progress window', float_text)
  H.contains(text, 'due now', 'progress')
  close_floats()
end)

H.check(':InterviewExplain opens the full answer for the concept under the cursor', function()
  local question = expected('mutable-default-argument')
  vim.api.nvim_set_current_buf(bufnr)
  vim.api.nvim_win_set_cursor(0, { 17, 25 }) -- the `[]` default
  vim.cmd('InterviewExplain')
  local text = H.wait_for('the explain buffer', function()
    local name = vim.api.nvim_buf_get_name(0)
    return name:find('interview-prep://explain/mutable-default-argument', 1, true)
      and table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), '\n')
  end)
  H.contains(text, question, 'explain buffer')
  H.assert(vim.bo.filetype == 'markdown', 'filetype %s', vim.bo.filetype)
  vim.cmd('close')
end)

H.check(':checkhealth interview_prep is clean', function()
  vim.cmd('checkhealth interview_prep')
  local text = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), '\n')
  H.contains(text, 'interview-prep', 'health')
  for _, want in ipairs({ 'OK Neovim 0.', 'OK server: interview-prep ', 'OK LSP config `interview_prep` is enabled', 'attached to 1 buffer', 'OK data dir ' .. data_dir }) do
    H.contains(text, want, 'health')
  end
  H.assert(not text:find('WARNING', 1, true) and not text:find('ERROR', 1, true), 'not clean:\n%s', text)
  vim.cmd('tabclose')
end)

H.finish()
