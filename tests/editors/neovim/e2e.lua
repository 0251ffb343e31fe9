--- The Neovim end-to-end test: a real Neovim with the plugin opens the fixture shop's views.py
--- and checks what the user sees — diagnostics with our codes, signs and underlines on pitfalls
--- only, the hover's question and answer, the code lenses, a wrong-typed setting warned about
--- once, quizzes answered by keys in the floating quiz (flashcard and multiple choice) and saved,
--- :InterviewConcepts (location list, quickfix list, picker), the :InterviewProgress table,
--- :InterviewExplain in a float, a clean :checkhealth interview_prep, and the vim.ui.select quiz
--- of a client that opts out of the float. Answer mode: an answer written in the pad under the
--- question, graded ✓/✗ and accepted, an empty answer confirmed as Forgot, a draft that survives
--- q, gs, <Esc> and :q; :InterviewMock's picker and a mock interview on the workspace to its
--- report — each read back from the progress store (reviews, answers, mock_sessions). The
--- workspace's Dockerfile and CI workflow: the client attaches, a pitfall warning with its sign,
--- the hover's deck entry; plain YAML stays quiet.
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

--- The text of a window's title (a string, or chunks of { text, highlight }).
local function win_title(win)
  local t = vim.api.nvim_win_get_config(win).title
  if type(t) == 'table' then
    return table.concat(vim.tbl_map(function(c)
      return c[1]
    end, t))
  end
  return t or ''
end

--- Keys typed by the user, mappings applied, processed now.
local function type_keys(keys)
  vim.api.nvim_feedkeys(vim.keycode(keys), 'mx', false)
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

--- The floating quiz, once it shows `text` (in its buffer or its title).
local function quiz_showing(text)
  local q = require('interview_prep.quiz').current()
  if not q or not vim.api.nvim_win_is_valid(q.win) then
    return nil
  end
  local body = table.concat(vim.api.nvim_buf_get_lines(q.buf, 0, -1, false), '\n')
  local title = win_title(q.win)
  if (body .. '\n' .. title):find(text, 1, true) then
    return { q = q, body = body, title = title }
  end
end

H.check(':InterviewQuiz file opens the floating quiz and its keys answer it', function()
  local prompts = 0
  vim.ui.select = function(_, _, on_choice)
    prompts = prompts + 1
    on_choice(nil)
  end
  vim.api.nvim_set_current_buf(bufnr)
  vim.cmd('InterviewQuiz file')
  local shown = H.wait_for('the quiz float', function()
    return quiz_showing(' of ')
  end)
  local q = shown.q
  H.assert(vim.api.nvim_get_current_win() == q.win, 'the quiz float has the focus')
  H.assert(shown.title:match('1 of %d+'), 'title %q: no "1 of N"', shown.title)
  H.assert(vim.bo[q.buf].filetype == 'markdown' and vim.wo[q.win].conceallevel == 2, 'markdown, concealed')
  local cfg = vim.api.nvim_win_get_config(q.win)
  H.assert(cfg.border ~= nil and cfg.relative == 'editor', 'a bordered float: %s', vim.inspect(cfg))
  local state = q.state
  H.assert(state.mode == 'flashcard' and state.stage == 'ask', 'first state %s/%s', state.mode, state.stage)
  H.contains(shown.body, state.question, 'quiz float')
  H.contains(shown.title, state.about, 'quiz title')
  -- Pitfalls first: the N+1 loop of this file, quoted with its place.
  H.assert(state.code and state.code.path == 'shop/views.py', 'code %s', vim.inspect(state.code))
  H.contains(shown.body, ('shop/views.py:%d'):format(state.code.line), 'quiz float')
  H.contains(shown.body, state.code.text, 'quiz float')
  H.contains(win_title(q.win) .. vim.inspect(cfg.footer), 'show answer', 'quiz footer')

  type_keys('<Space>')
  shown = H.wait_for('the answer and the ratings', function()
    return quiz_showing('How well did you recall it?')
  end)
  H.contains(shown.body, 'Answer', 'quiz float')
  H.contains(shown.body, (vim.split(q.state.answer, '\n')[1]), 'quiz float')
  H.contains(shown.body, '1 Forgot   2 Struggled   3 Recalled   4 Easy', 'quiz float')

  -- `gd` opens the line of code in the window the quiz came from; the quiz stays open.
  type_keys('gd')
  H.assert(vim.api.nvim_get_current_win() ~= q.win and vim.api.nvim_get_current_buf() == bufnr, 'gd went to the code')
  H.assert(vim.api.nvim_win_get_cursor(0)[1] == state.code.line, 'cursor on line %d', vim.api.nvim_win_get_cursor(0)[1])
  H.assert(vim.api.nvim_win_is_valid(q.win), 'the quiz is still open')
  vim.api.nvim_set_current_win(q.win)

  type_keys('3') -- Recalled
  shown = H.wait_for('question 2', function()
    return quiz_showing('2 of ')
  end)
  H.contains(shown.body, 'Saved', 'quiz float (how the answer was saved)')
  H.assert(q.state.answered == 1 and q.state.recalled == 1, 'answered %d recalled %d', q.state.answered, q.state.recalled)

  type_keys('q') -- stop: the summary
  shown = H.wait_for('the summary', function()
    return quiz_showing('Quiz finished')
  end)
  H.contains(shown.body, '1 answered, 1 recalled', 'quiz summary')
  type_keys('q') -- close
  H.wait_for('the quiz float to close', function()
    return not vim.api.nvim_win_is_valid(q.win)
  end)
  H.assert(prompts == 0, 'the panel quiz asked %d vim.ui.select prompts', prompts)
end)

H.check('a multiple-choice quiz in the float: statements in full, 1-4 chooses, right or wrong shown', function()
  local args = { uri = vim.uri_from_bufnr(bufnr), mode = 'choice', count = 2 }
  client:request_sync('workspace/executeCommand', { command = 'interview-prep.quizFile', arguments = { args } }, 5000, bufnr)
  local shown = H.wait_for('the choice quiz', function()
    local r = quiz_showing('Which statement is true?')
    return r and r.q.state.mode == 'choice' and r
  end)
  local q = shown.q
  H.assert(#q.state.choices == 4, 'choices %s', vim.inspect(q.state.choices))
  for i, statement in ipairs(q.state.choices) do
    H.contains(shown.body, ('%d. %s'):format(i, statement), 'choice quiz')
  end
  H.assert(shown.title:match('1 of 2'), 'title %q', shown.title)
  local right_before = q.state.session
  type_keys('2')
  shown = H.wait_for('the verdict', function()
    return quiz_showing('✓ Right.') or quiz_showing('✗ Wrong')
  end)
  H.assert(q.state.stage == 'result' and q.state.picked == 1 and q.state.session == right_before, 'state %s', vim.inspect(q.state))
  local right = q.state.right + 1
  H.contains(shown.body, ('%d. ✓ %s'):format(right, q.state.choices[right]), 'choice verdict')
  if not q.state.correct then
    H.contains(shown.body, ('2. ✗ %s'):format(q.state.choices[2]), 'choice verdict')
  end
  H.contains(shown.body, 'Saved', 'choice verdict (how the answer was saved)')
  type_keys('<Space>') -- next
  H.wait_for('question 2 of 2', function()
    return quiz_showing('2 of 2')
  end)
  -- Closing the window stops the quiz: the server frees the session.
  local session = q.state.session
  vim.api.nvim_win_close(q.win, true)
  H.wait_for('the session to end', function()
    local r = client:request_sync('interview-prep/quizReply', { session = session, action = 'show' }, 5000, bufnr)
    return r and r.err and r.err.message:find('no quiz session', 1, true)
  end)
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

-- Answer mode and mock interviews on the workspace ------------------------------------------

--- Rows of the progress store (read-only, with Python's sqlite3: what `Store::answers()` reads).
local function sql(query)
  local script = table.concat({
    'import json, sqlite3, sys',
    'con = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True)',
    'print(json.dumps(con.execute(sys.argv[2]).fetchall()))',
  }, '\n')
  local out = vim.system({ 'python3', '-c', script, data_dir .. '/progress.db', query }, { text = true }):wait()
  assert(out.code == 0, out.stderr)
  return vim.json.decode(out.stdout)
end

local deck_entries -- id → entry, from `interview-prep deck export`

--- An answer that makes the entry's first two key points and no other (the first phrase an
--- interviewer listens for in each), and a second line of Markdown that must stay as written.
local function answer_for(entry_id)
  if not deck_entries then
    local out = vim.system({ bin, 'deck', 'export', '--format', 'json' }, { text = true }):wait()
    assert(out.code == 0, out.stderr)
    deck_entries = {}
    for _, e in ipairs(vim.json.decode(out.stdout).entries) do
      deck_entries[e.id] = e
    end
  end
  local e = assert(deck_entries[entry_id], 'no deck entry ' .. entry_id)
  local said = {}
  for i = 1, math.min(2, #e.key_points) do
    table.insert(said, table.concat(e.key_points[i].listen_for[1], ' '))
  end
  return table.concat(said, '. ') .. '.\n**not bold** `not code` <b>'
end

--- The quiz, once its state passes `pred`.
local function quiz_when(what, pred)
  return H.wait_for(what, function()
    local q = require('interview_prep.quiz').current()
    return q and not q.pending and vim.api.nvim_win_is_valid(q.win) and pred(q.state, q) and q
  end)
end

local function quiz_body(q)
  return table.concat(vim.api.nvim_buf_get_lines(q.buf, 0, -1, false), '\n')
end

local function footer(win)
  local f = vim.api.nvim_win_get_config(win).footer
  return type(f) == 'table' and table.concat(vim.tbl_map(function(c)
    return c[1]
  end, f)) or (f or '')
end

--- The pad is open, below the question, focused: a markdown scratch buffer.
local function check_pad(q)
  local p = H.assert(q.pad and vim.api.nvim_win_is_valid(q.pad.win) and q.pad, 'no pad')
  H.assert(vim.api.nvim_get_current_win() == p.win, 'the pad has the focus')
  H.assert(vim.bo[p.buf].buftype == 'nofile' and vim.bo[p.buf].filetype == 'markdown', 'buftype %q filetype %q', vim.bo[p.buf].buftype, vim.bo[p.buf].filetype)
  local qc, pc = vim.api.nvim_win_get_config(q.win), vim.api.nvim_win_get_config(p.win)
  H.assert(pc.relative == 'editor' and pc.row == qc.row + qc.height + 2 and pc.col == qc.col, 'the pad is not right below the question: %s %s', vim.inspect(qc), vim.inspect(pc))
  H.contains(footer(p.win), '<C-s> submit', 'pad footer')
  H.contains(footer(p.win), 'gs skip', 'pad footer')
  return p
end

--- Writes `text` in the pad the way a user does (insert mode, <CR> between lines), then `submit`.
local function write(text, submit)
  local keys = 'i' .. text:gsub('<', '<lt>'):gsub('\n', '<CR>')
  type_keys(keys .. '<Esc>' .. (submit or ''))
end

local function set_quiz_mode(mode)
  client:notify('workspace/didChangeConfiguration', { settings = { interviewPrep = { conceptsInTests = true, quizMode = mode } } })
end

local first_answer -- { entry, text }: written in the check below, read back from the store after

H.check('answer mode: written in the pad under the question, graded ✓/✗ per key point, the proposal accepted with <CR>', function()
  set_quiz_mode('answer')
  vim.api.nvim_set_current_buf(bufnr)
  vim.cmd('InterviewQuiz file')
  local q = quiz_when('an answer-mode question', function(s)
    return s.mode == 'answer' and s.stage == 'ask' and s.index == 0
  end)
  H.contains(quiz_body(q), q.state.question, 'question float')
  H.contains(footer(q.win), 'i write', 'question footer')
  check_pad(q)
  local entry = q.state.entry
  local text = answer_for(entry)
  write(text, '<C-s>')
  q = quiz_when('the graded view', function(s)
    return s.stage == 'graded'
  end)
  local s, body = q.state, quiz_body(q)
  H.assert(s.written == text, 'the server got %q, wrote %q', s.written, text)
  H.assert(not q.pad and vim.api.nvim_get_current_win() == q.win, 'the pad closed and the focus is on the graded view')
  H.assert(vim.api.nvim_get_mode().mode == 'n', 'mode %s', vim.api.nvim_get_mode().mode)
  -- What was written, as written: the Markdown line is in the buffer verbatim, inside a fence.
  for _, line in ipairs(vim.split(text, '\n')) do
    H.contains(body, '\n' .. line .. '\n', 'graded view')
  end
  local hits, misses = 0, 0
  for _, p in ipairs(s.points) do
    local mark = p.hit and '✓ ' or '✗ '
    H.contains(body, '\n' .. mark .. p.text, 'graded view')
    hits, misses = hits + (p.hit and 1 or 0), misses + (p.hit and 0 or 1)
  end
  H.assert(hits >= 1 and misses >= 1, '%d made, %d missed: the answer makes two points of %d', hits, misses, #s.points)
  -- Made and missed differ in colour too.
  local groups = {}
  for _, m in ipairs(vim.api.nvim_buf_get_extmarks(q.buf, -1, 0, -1, { details = true })) do
    groups[m[4].hl_group or ''] = true
  end
  H.assert(groups.InterviewPrepPointMade and groups.InterviewPrepPointMissed and groups.InterviewPrepProposed, 'groups %s', vim.inspect(vim.tbl_keys(groups)))
  H.assert(vim.api.nvim_get_hl(0, { name = 'InterviewPrepPointMade' }).link == 'DiagnosticOk', 'made is not DiagnosticOk')
  local proposed = s.ratings[s.proposed]
  H.contains(body, ('%d %s (Enter)'):format(s.proposed, proposed), 'graded view')
  H.contains(footer(q.win), '<CR> accept ' .. proposed, 'graded footer')
  H.contains(body, s.answer:match('^[^\n]+'), 'graded view (the short answer)')
  type_keys('<CR>')
  q = quiz_when('question 2', function(st)
    return st.index == 1 and st.stage == 'ask'
  end)
  H.contains(quiz_body(q), 'Saved', 'question 2 (how the answer was saved)')
  first_answer = { entry = entry, text = text, rating = s.proposed }
end)

H.check("answer mode: nothing written asks 'Rate it Forgot?'; w writes again, 1 confirms", function()
  local q = quiz_when('question 2 with its pad', function(s, x)
    return s.index == 1 and s.stage == 'ask' and x.pad ~= nil
  end)
  check_pad(q)
  local entry = q.state.entry
  type_keys('<CR>') -- normal mode: submits, here nothing
  q = quiz_when('the empty answer graded', function(s)
    return s.stage == 'graded'
  end)
  H.assert(q.state.proposed == nil, 'proposed %s for nothing written', tostring(q.state.proposed))
  local body = quiz_body(q)
  H.contains(body, 'Rate it Forgot?', 'empty answer')
  H.contains(body, '1 Forgot   w write again', 'empty answer')
  H.contains(footer(q.win), '1 Forgot · w write again', 'empty answer footer')
  type_keys('<CR>3') -- neither accepts nor overrules: only Forgot or write again
  vim.wait(300)
  H.assert(q.state.stage == 'graded' and q.state.index == 1, 'moved on: %s/%d', q.state.stage, q.state.index)
  type_keys('w')
  q = quiz_when('the question again', function(s, x)
    return s.stage == 'ask' and s.index == 1 and x.pad ~= nil
  end)
  check_pad(q)
  type_keys('<C-s>')
  quiz_when('the empty answer graded again', function(s)
    return s.stage == 'graded' and s.proposed == nil
  end)
  type_keys('1')
  q = quiz_when('question 3', function(s)
    return s.index == 2 and s.stage == 'ask'
  end)
  local rows = sql(("SELECT r.rating, r.mode, a.text FROM reviews r JOIN answers a ON a.review_id = r.id WHERE r.entry_id = '%s' ORDER BY r.id DESC LIMIT 1"):format(entry))
  H.assert(vim.deep_equal(rows[1], { 1, 'answer', '' }), 'the stored review: %s', vim.inspect(rows))
end)

H.check('answer mode: the first answer is in the store as written, mode answer', function()
  H.assert(first_answer, 'no first answer')
  local rows = sql(("SELECT r.rating, r.mode, a.text FROM reviews r JOIN answers a ON a.review_id = r.id WHERE r.entry_id = '%s' AND r.mode = 'answer' ORDER BY r.id"):format(first_answer.entry))
  H.assert(#rows >= 1, 'no answer-mode review of %s', first_answer.entry)
  H.assert(vim.deep_equal(rows[#rows], { first_answer.rating, 'answer', first_answer.text }), 'stored %s', vim.inspect(rows[#rows]))
end)

H.check('the pad keeps a draft: q asks first, <Esc> keeps it, closing the window puts it in a register', function()
  local q = quiz_when('question 3 with its pad', function(s, x)
    return s.index == 2 and s.stage == 'ask' and x.pad ~= nil
  end)
  local p = check_pad(q)
  local asked = {}
  local confirm = vim.fn.confirm
  vim.fn.confirm = function(msg)
    table.insert(asked, msg)
    return 1 -- Keep writing
  end
  local ok, err = pcall(function()
    write('half an answer', 'q')
    H.assert(#asked == 1 and asked[1]:find('Stop the quiz', 1, true), 'asked %s', vim.inspect(asked))
    write('', 'gs')
    H.assert(#asked == 2 and asked[2]:find('Skip this question', 1, true), 'asked %s', vim.inspect(asked))
    type_keys('<Esc><Esc>')
    vim.wait(200)
    H.assert(vim.api.nvim_win_is_valid(p.win) and q.state.stage == 'ask' and q.state.index == 2, 'the draft left: %s/%d', q.state.stage, q.state.index)
    H.assert(vim.api.nvim_buf_get_lines(p.buf, 0, -1, false)[1] == 'half an answer', 'the pad holds %s', vim.inspect(vim.api.nvim_buf_get_lines(p.buf, 0, -1, false)))
  end)
  vim.fn.confirm = confirm
  assert(ok, err)
  -- `:q` in the pad: the quiz stops, the draft waits in the unnamed register.
  vim.fn.setreg('"', 'something else')
  local session = q.state.session
  vim.cmd('quit')
  H.wait_for('the quiz to close', function()
    return not vim.api.nvim_win_is_valid(q.win)
  end)
  H.assert(vim.fn.getreg('"') == 'half an answer\n', 'register %q', vim.fn.getreg('"'))
  H.wait_for('the session to end', function()
    local r = client:request_sync('interview-prep/quizReply', { session = session, action = 'show' }, 5000, bufnr)
    return r and r.err and r.err.message:find('no quiz session', 1, true)
  end)
  H.contains(H.messages(), 'the answer you had not sent is in the unnamed register', 'messages')
  set_quiz_mode('flashcard')
end)

H.check(":InterviewMock without arguments: a picker with 'This workspace' first, then the topics", function()
  local offered
  vim.ui.select = function(items, opts, on_choice)
    offered = { labels = vim.tbl_map(opts.format_item, items), prompt = opts.prompt }
    on_choice(nil)
  end
  vim.api.nvim_set_current_buf(bufnr)
  vim.cmd('InterviewMock')
  H.wait_for('the picker', function()
    return offered
  end)
  H.assert(offered.labels[1] == 'This workspace', 'first %q', offered.labels[1])
  H.assert(offered.labels[#offered.labels] == 'All topics', 'last %q', offered.labels[#offered.labels])
  H.assert(vim.list_contains(offered.labels, 'Django ORM') and #offered.labels > 10, 'topics %s', vim.inspect(offered.labels))
  H.contains(offered.prompt, 'Mock interview', 'prompt')
  vim.wait(300)
  H.assert(not require('interview_prep.quiz').current() or not vim.api.nvim_win_is_valid(require('interview_prep.quiz').current().win), 'dismissing started a quiz')
end)

H.check(':InterviewMock workspace 5: warm-up, graded answers, follow-ups, the report; all in the store', function()
  local mocks_before = sql('SELECT COUNT(*) FROM mock_sessions')[1][1]
  vim.api.nvim_set_current_buf(bufnr)
  vim.cmd('InterviewMock workspace 5')
  local q = quiz_when('the warm-up', function(s)
    return s.stage == 'ask' and s.index == 0 and s.mode == 'answer'
  end)
  H.assert(q.state.lead and q.state.lead:match('^Warm%-up%. This project uses Django'), 'lead %s', tostring(q.state.lead))
  H.contains(quiz_body(q), q.state.lead, 'warm-up')
  H.assert(q.state.total == 3, 'total %d: a warm-up and two questions in five minutes', q.state.total)
  local followups, written = 0, {}
  -- Each question: an answer (graded; overruled, accepted with <Space>, accepted with <CR>),
  -- then its follow-up (answered, skipped with gs, answered).
  local decide = { '4', '<Space>', '<CR>' }
  local follow = { 'Measure first, then cache.', nil, 'Per request, with a timeout.' }
  for i = 1, 3 do
    q = quiz_when('question ' .. i, function(s, x)
      return s.stage == 'ask' and s.index == i - 1 and x.pad ~= nil
    end)
    check_pad(q)
    local text = answer_for(q.state.entry)
    table.insert(written, text)
    write(text, '<C-s>')
    q = quiz_when('question ' .. i .. ' graded', function(s)
      return s.stage == 'graded' and s.index == i - 1
    end)
    type_keys(decide[i])
    q = quiz_when('the follow-up of question ' .. i, function(s, x)
      return (s.stage == 'followup' and x.pad ~= nil) or s.stage == 'done' or s.index == i
    end)
    if q.state.stage == 'followup' then
      followups = followups + 1
      local p = check_pad(q)
      H.contains(quiz_body(q), q.state.followUp, 'follow-up')
      H.contains(win_title(p.win), 'follow-up', 'pad title')
      if follow[i] then
        write(follow[i], '<C-s>')
      else
        type_keys('gs')
      end
    end
  end
  H.assert(followups >= 2, '%d follow-ups asked', followups)
  q = quiz_when('the report', function(s)
    return s.stage == 'done'
  end)
  local report = H.assert(q.state.report, 'no report in the last state')
  H.assert(report:match('^Mock interview report · workspace'), 'report %s', report)
  local body = quiz_body(q)
  for _, line in ipairs(vim.split(report:gsub('\n+$', ''), '\n')) do
    H.contains(body, line, 'report view')
  end
  H.contains(win_title(q.win), 'Mock interview · done', 'title')
  H.contains(footer(q.win), 'scroll', 'report footer')
  -- Taller than the window: it scrolls.
  H.assert(vim.api.nvim_get_current_win() == q.win, 'the report has the focus')
  local lines = vim.api.nvim_buf_line_count(q.buf)
  H.assert(vim.api.nvim_win_get_height(q.win) < lines, 'the report (%d lines) fits in %d rows: nothing to scroll', lines, vim.api.nvim_win_get_height(q.win))
  type_keys('G')
  H.assert(vim.fn.line('w0', q.win) > 1 and vim.fn.line('w$', q.win) == lines, 'G did not scroll: %d-%d of %d', vim.fn.line('w0', q.win), vim.fn.line('w$', q.win), lines)
  type_keys('<Space>') -- not a close key with a report (it pages elsewhere)
  H.assert(vim.api.nvim_win_is_valid(q.win), '<Space> closed the report')
  type_keys('q')
  H.wait_for('the report to close', function()
    return not vim.api.nvim_win_is_valid(q.win)
  end)
  -- The store: three answer-mode reviews with what was written, and the interview's report.
  for _, text in ipairs(written) do
    local rows = sql(("SELECT r.mode FROM reviews r JOIN answers a ON a.review_id = r.id WHERE a.text = '%s'"):format(text:gsub("'", "''")))
    H.assert(#rows >= 1 and rows[#rows][1] == 'answer', 'no answer-mode review with %q: %s', text, vim.inspect(rows))
  end
  local mocks = sql('SELECT repository, report FROM mock_sessions ORDER BY id')
  H.assert(#mocks == mocks_before + 1, '%d mock interviews stored, %d before', #mocks, mocks_before)
  H.assert(mocks[#mocks][1] == root .. '/tests/editors/workspace', 'repository %s', mocks[#mocks][1])
  H.contains(mocks[#mocks][2], follow[1], 'the stored report (a follow-up answer)')
end)

H.check(":InterviewConcepts fills the location list with the file's concepts", function()
  vim.api.nvim_set_current_buf(bufnr)
  local win = vim.api.nvim_get_current_win()
  vim.cmd('InterviewConcepts')
  local list = H.wait_for('the location list', function()
    local l = vim.fn.getloclist(win, { items = 1, title = 1, winid = 1 })
    return #l.items > 0 and l
  end)
  H.assert(list.winid ~= 0, 'the location list window is open')
  H.assert(list.title:match('^interview%-prep: %d+ concepts, %d+ pitfalls? in .*views%.py$'), 'title %q', list.title)
  local n1, concept, seen_concept = nil, nil, false
  for _, item in ipairs(list.items) do
    H.assert(item.bufnr == bufnr, 'an item in another buffer: %s', vim.inspect(item))
    H.assert(item.text:match('^%[pitfall%] ') or item.text:match('^%[concept%] '), 'item text %q', item.text)
    if item.text:match('^%[pitfall%]') then
      H.assert(not seen_concept, 'pitfalls come first')
      H.assert(item.type == 'W', 'pitfall type %q', item.type)
    else
      seen_concept = true
      H.assert(item.type == 'N', 'concept type %q', item.type)
    end
    if item.text:match('^%[pitfall%] N%+1 queries') then
      n1 = item
    elseif item.text:match('^%[concept%] ') then
      concept = concept or item
    end
  end
  H.assert(n1 and n1.lnum == 13, 'no N+1 item on line 13: %s', vim.inspect(list.items))
  -- Answered in the quiz above: the status says where you stand.
  H.assert(n1.text:match(' %((%a+)%)$'), 'no status on %q', n1.text)
  H.assert(concept, 'no concept item')
  local d = vim.tbl_filter(function(x)
    return x.code == 'n-plus-one'
  end, vim.diagnostic.get(bufnr))[1]
  H.assert(n1.col == d.col + 1, 'N+1 column %d, the diagnostic is at %d', n1.col, d.col + 1)
  vim.cmd('lclose')
end)

H.check(':InterviewConcepts workspace fills the quickfix list; pick jumps to a concept', function()
  vim.api.nvim_set_current_buf(bufnr)
  vim.fn.setqflist({}, 'r', { title = 'empty', items = {} })
  vim.cmd('InterviewConcepts workspace')
  local list = H.wait_for('the quickfix list', function()
    local l = vim.fn.getqflist({ items = 1, title = 1 })
    return #l.items > 0 and l
  end)
  -- Every file the server reads: views.py, the Dockerfile and the CI workflow.
  H.assert(list.title:match('in 3 files$'), 'title %q', list.title)
  local names = {}
  for _, item in ipairs(list.items) do
    names[vim.api.nvim_buf_get_name(item.bufnr):sub(#root + 2)] = true
  end
  for _, want in ipairs({ 'tests/editors/workspace/shop/views.py', 'tests/editors/workspace/Dockerfile', 'tests/editors/workspace/.github/workflows/ci.yml' }) do
    H.assert(names[want], 'no item in %s: %s', want, vim.inspect(vim.tbl_keys(names)))
  end
  vim.cmd('cclose')
  vim.api.nvim_set_current_buf(bufnr)
  vim.api.nvim_win_set_cursor(0, { 1, 0 })
  local offered
  vim.ui.select = function(items, opts, on_choice)
    offered = vim.tbl_map(opts.format_item, items)
    for i, g in ipairs(items) do
      if g.concept == 'mutable-default-argument' then
        return on_choice(g, i)
      end
    end
    on_choice(nil)
  end
  vim.cmd('InterviewConcepts pick')
  H.wait_for('the picker', function()
    return offered
  end)
  H.assert(offered[1]:match('^⚠ '), 'pitfalls first: %s', vim.inspect(offered))
  H.assert(vim.tbl_contains(offered, function(line)
    return line:match('^⚠ N%+1 queries · Django · 1 place · %a+$')
  end, { predicate = true }), 'no N+1 line: %s', vim.inspect(offered))
  H.wait_for('the jump to the mutable default', function()
    return vim.api.nvim_win_get_cursor(0)[1] == 17
  end)
end)

H.check(':InterviewProgress shows an aligned table in a float', function()
  vim.cmd('InterviewProgress')
  H.wait_for('the progress window', float_text)
  local text, win = float_text()
  H.contains(text, 'due now', 'progress')
  H.assert(text:match('\nNext 7 days +today +%a+ +%a+'), 'no forecast:\n%s', text)
  H.assert(not text:find('|', 1, true), 'a Markdown table:\n%s', text)
  H.assert(win_title(win):find('Interview prep progress', 1, true), 'title %q', win_title(win))
  local lines = vim.split(text, '\n')
  local header
  for i, l in ipairs(lines) do
    if l:match('^Topic%s') then
      header = i
    end
  end
  H.assert(header, 'no header row:\n%s', text)
  H.assert(lines[header]:match('^Topic%s+Mastery%s+Reviewed%s+Due$'), 'header %q', lines[header])
  -- Every row's numbers end under their column's name.
  local function ends(line)
    local cols = {}
    for stop in line:gmatch('%S+()') do
      table.insert(cols, vim.fn.strdisplaywidth(line:sub(1, stop - 1)))
    end
    return cols
  end
  local want = ends(lines[header])
  local rows, reviewed = 0, false
  for i = header + 2, #lines do
    local l = lines[i]
    if l == '' then
      break
    end
    local mastery, rev, due = l:match('(%d+%%)%s+(%d+/%d+)%s+(%d+)$')
    H.assert(mastery, 'row %q', l)
    local got = ends(l)
    -- The last three columns: mastery, reviewed, due.
    H.assert(got[#got] == want[#want] and got[#got - 1] == want[#want - 1] and got[#got - 2] == want[#want - 2], 'not aligned:\n%s\n%s', lines[header], l)
    rows = rows + 1
    reviewed = reviewed or not rev:match('^0/')
    local _ = due
  end
  H.assert(rows >= 5, 'only %d topic rows', rows)
  H.assert(reviewed, 'no topic shows the cards reviewed in the quizzes above:\n%s', text)
  close_floats()
  -- Without the CLI, from the server's summary: no reviewed column and no forecast, aligned all the same.
  local fallback = require('interview_prep.progress').lines({
    due = 1,
    cards = 2,
    reviewedToday = 1,
    streak = 1,
    topics = {
      { topic = 'python', title = 'Python fundamentals', mastery = 0, due = 0 },
      { topic = 'django-orm', title = 'Django ORM', mastery = 0.5, due = 1 },
    },
  })
  local n = #fallback
  H.assert(fallback[n - 3]:match('^Topic%s+Mastery%s+Due$'), 'fallback header %q', fallback[n - 3])
  H.assert(fallback[n - 1]:match('^Django ORM%s+50%%%s+1$') and fallback[n]:match('^Python fundamentals%s+0%%%s+0$'), 'fallback rows:\n%s', table.concat(fallback, '\n'))
  for i = n - 1, n do
    local e, h = ends(fallback[i]), ends(fallback[n - 3])
    H.assert(e[#e] == h[#h] and e[#e - 1] == h[#h - 1], 'fallback not aligned:\n%s', table.concat(fallback, '\n'))
  end
end)

H.check(':InterviewExplain opens the entry in a float, without the detector internals', function()
  local question, short = expected('mutable-default-argument')
  vim.api.nvim_set_current_buf(bufnr)
  vim.api.nvim_win_set_cursor(0, { 17, 25 }) -- the `[]` default
  vim.cmd('InterviewExplain')
  local buf = H.wait_for('the explain float', function()
    local b = vim.api.nvim_get_current_buf()
    return vim.b[b].interview_prep_explain == 'mutable-default-argument' and b
  end)
  local win = vim.api.nvim_get_current_win()
  H.assert(vim.api.nvim_win_get_config(win).relative ~= '', 'not a float')
  local text = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\n')
  H.contains(text, '# ' .. question, 'explain float')
  H.contains(text, short, 'explain float')
  for _, section in ipairs({ '## In 30 seconds', '## Answer', '## Follow-ups', '## Common mistakes' }) do
    H.contains(text, section, 'explain float')
  end
  H.assert(not text:find('Found in code as', 1, true), 'detector internals shown:\n%s', text)
  H.assert(vim.bo[buf].filetype == 'markdown', 'filetype %s', vim.bo[buf].filetype)
  -- Drawn by treesitter: the regex syntax (and its markdownError on `_` in words) is off.
  H.assert(vim.b[buf].ts_highlight and vim.bo[buf].syntax == '', 'ts_highlight %s, syntax %q', vim.b[buf].ts_highlight, vim.bo[buf].syntax)
  type_keys('q')
  H.wait_for('the float to close', function()
    return not vim.api.nvim_win_is_valid(win)
  end)
end)

-- Dockerfiles and CI workflows ------------------------------------------------------------------

--- Opens a file of the fixture workspace in the current window; the buffer, once our client
--- (the one serving views.py: same root) is attached to it.
local function open_attached(rel)
  vim.cmd.edit(vim.fn.fnameescape(root .. '/tests/editors/workspace/' .. rel))
  local buf = vim.api.nvim_get_current_buf()
  local attached = H.wait_for('the client on ' .. rel, function()
    return vim.lsp.get_clients({ bufnr = buf, name = 'interview_prep' })[1]
  end)
  H.assert(attached.id == client.id, '%s got client %d, views.py has %d: one server per workspace', rel, attached.id, client.id)
  return buf
end

for _, case in ipairs({
  { file = 'Dockerfile', filetype = 'dockerfile', concept = 'runs-as-root', line = 1, title = 'Container running as root' },
  { file = '.github/workflows/ci.yml', filetype = 'yaml', concept = 'ci-unpinned-action', line = 17, title = 'Third-party action on a moving tag' },
}) do
  H.check(('%s (filetype %s): a %s warning on line %d with a sign, and its hover is the deck entry'):format(case.file, case.filetype, case.concept, case.line), function()
    local buf = open_attached(case.file)
    H.assert(vim.bo[buf].filetype == case.filetype, 'filetype %q', vim.bo[buf].filetype)
    local d = H.wait_for('the ' .. case.concept .. ' diagnostic', function()
      for _, x in ipairs(vim.diagnostic.get(buf)) do
        if x.code == case.concept then
          return x
        end
      end
    end)
    H.assert(d.source == 'interview-prep', 'source %s', d.source)
    H.assert(d.severity == vim.diagnostic.severity.WARN, '%s severity %s', case.concept, d.severity)
    H.assert(d.lnum == case.line - 1, '%s on line %d, expected %d', case.concept, d.lnum + 1, case.line)
    H.wait_for('a warning sign on line ' .. case.line, function()
      for _, m in ipairs(vim.api.nvim_buf_get_extmarks(buf, -1, { d.lnum, 0 }, { d.lnum, -1 }, { details = true })) do
        if m[4].sign_hl_group == 'DiagnosticSignWarn' then
          return true
        end
      end
    end)
    local question, short = expected(case.concept)
    vim.api.nvim_win_set_cursor(0, { d.lnum + 1, d.col })
    vim.lsp.buf.hover()
    local text = H.wait_for('the hover window', float_text)
    H.contains(text, case.title, 'hover')
    H.contains(text, question, 'hover')
    H.contains(text, short, 'hover')
    close_floats()
    -- Back to views.py alone, as the checks below expect.
    vim.api.nvim_set_current_buf(bufnr)
    vim.api.nvim_buf_delete(buf, { force = true })
  end)
end

H.check('YAML that is no manifest, Compose file or workflow is attached to and left alone', function()
  -- An unsaved buffer: nothing is written into the fixture.
  vim.cmd.enew()
  local buf = vim.api.nvim_get_current_buf()
  vim.api.nvim_buf_set_name(buf, root .. '/tests/editors/workspace/mkdocs.yml')
  vim.api.nvim_buf_set_lines(buf, 0, -1, false, { 'site_name: Shop', 'nav:', '  - index.md', 'kind: docs' })
  vim.bo[buf].filetype = 'yaml'
  H.wait_for('the client on mkdocs.yml', function()
    return vim.lsp.get_clients({ bufnr = buf, name = 'interview_prep' })[1]
  end)
  -- The server handles didOpen before this request: its answer comes after the analysis.
  local r = client:request_sync('textDocument/codeLens', { textDocument = { uri = vim.uri_from_bufnr(buf) } }, 5000, buf)
  H.assert(r and not r.err, 'codeLens: %s', vim.inspect(r))
  H.assert(r.result == nil or r.result == vim.NIL or #r.result == 0, 'lenses on plain YAML: %s', vim.inspect(r.result))
  H.assert(#vim.diagnostic.get(buf) == 0, 'diagnostics on plain YAML: %s', vim.inspect(vim.diagnostic.get(buf)))
  vim.api.nvim_set_current_buf(bufnr)
  vim.api.nvim_buf_delete(buf, { force = true })
end)

H.check(':checkhealth interview_prep is clean', function()
  vim.cmd('checkhealth interview_prep')
  local text = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), '\n')
  H.contains(text, 'interview-prep', 'health')
  for _, want in ipairs({
    'OK Neovim 0.',
    'OK server: interview-prep ',
    'OK LSP config `interview_prep` is enabled',
    'attached to 1 buffer',
    'OK quizzes open in a floating window',
    "answer mode (write the answer, see the key points made and missed) is quizMode = 'answer'",
    'OK floats draw Markdown with treesitter',
    'OK data dir ' .. data_dir,
  }) do
    H.contains(text, want, 'health')
  end
  H.assert(not text:find('WARNING', 1, true) and not text:find('ERROR', 1, true), 'not clean:\n%s', text)
  vim.cmd('tabclose')
end)

H.check('setup({ quiz_panel = false }): the quiz asks through vim.ui.select', function()
  require('interview_prep').setup({ quiz_panel = false })
  local old = client
  old:stop()
  H.wait_for('the client to stop', function()
    return old:is_stopped()
  end)
  vim.cmd('edit!')
  local c = H.wait_for('a new client', function()
    local x = vim.lsp.get_clients({ bufnr = bufnr, name = 'interview_prep' })[1]
    return x and x.id ~= old.id and x.initialized and x
  end)
  H.assert(vim.tbl_get(c.config.capabilities or {}, 'experimental', 'interviewPrep', 'quizPanel') == true, 'the config still declares it')
  H.wait_for('diagnostics again', function()
    return #vim.diagnostic.get(bufnr) > 0
  end)
  local prompts = {}
  local questions_answered = 0
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
        return on_choice(nil) -- dismissing ends the quiz
      end
      questions_answered = questions_answered + 1
      return pick('Show answer')
    elseif vim.list_contains(titles, 'Recalled') then
      return pick('Recalled')
    end
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

H.finish()
