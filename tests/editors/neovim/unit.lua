--- Unit tests of the plugin's pure logic, no server: how the quiz float draws answer mode's
--- states (the graded view's ✓/✗ points and the proposed rating, what the user wrote kept out
--- of Markdown, the follow-up, the mock interview's report), the footers' keys, the stacked
--- layout of the question and the answer floats, the code fence (in the quoted file's
--- language), :InterviewMock's arguments and picker, and which filetypes the client attaches to
--- (and how setup() narrows them). Run by tests/editors/run-neovim.sh.

local here = vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h')
local H = dofile(here .. '/harness.lua')
H.name = 'neovim unit'

local quiz = require('interview_prep.quiz')
local float = require('interview_prep.float')
local commands = require('interview_prep.commands')
local pad = require('interview_prep.pad')

local RATINGS = { 'Forgot', 'Struggled', 'Recalled', 'Easy' }

--- A state as the server sends it, with `over` on top.
local function state(over)
  return vim.tbl_extend('force', {
    session = 1,
    index = 0,
    total = 3,
    stage = 'ask',
    mode = 'answer',
    about = 'N+1 queries',
    question = 'What is the N+1 query problem, and how do you find and fix it?',
    entry = 'django-n-plus-one',
    choices = {},
    points = {},
    trimmed = false,
    ratings = RATINGS,
    answered = 0,
    recalled = 0,
  }, over or {})
end

local function index_of(lines, want)
  for i, l in ipairs(lines) do
    if l == want then
      return i
    end
  end
end

--- The highlight groups on a 1-based line, with their column spans.
local function groups_on(hls, line)
  local out = {}
  for _, h in ipairs(hls) do
    if h[1] == line - 1 then
      table.insert(out, { from = h[2], to = h[3], group = h[4] })
    end
  end
  return out
end

local GRADED = state({
  stage = 'graded',
  written = 'It is one query per row.\n**not bold** `not code`\n# not a heading\n```\nstill mine',
  points = {
    { text = 'N+1 is one query for N rows plus one lazy query per row.', hit = true },
    { text = 'It hides in templates,\nserializers and admin.', hit = false },
  },
  proposed = 2,
  answer = 'N+1 happens when you load N rows\nwith one query.',
})

H.check('graded: each point ✓ made or ✗ missed, in its own colour, on one line', function()
  local lines, hls = quiz._build(GRADED)
  local made = index_of(lines, '✓ N+1 is one query for N rows plus one lazy query per row.')
  local missed = index_of(lines, '✗ It hides in templates, serializers and admin.')
  H.assert(made and missed, 'points not drawn:\n%s', table.concat(lines, '\n'))
  H.assert(groups_on(hls, made)[1].group == 'InterviewPrepPointMade', 'made: %s', vim.inspect(groups_on(hls, made)))
  H.assert(groups_on(hls, missed)[1].group == 'InterviewPrepPointMissed', 'missed: %s', vim.inspect(groups_on(hls, missed)))
  H.assert(index_of(lines, 'Key points: 1 of 2 made'), 'no count:\n%s', table.concat(lines, '\n'))
  H.assert(index_of(lines, 'Answer') and index_of(lines, 'N+1 happens when you load N rows with one query.'), 'the short answer, reflowed:\n%s', table.concat(lines, '\n'))
end)

H.check('graded: what was written is shown as written, in a fence it cannot close', function()
  local lines = quiz._build(GRADED)
  local head = index_of(lines, 'Your answer')
  H.assert(head, 'no "Your answer":\n%s', table.concat(lines, '\n'))
  local fence = lines[head + 1]
  H.assert(fence == '````text', 'the fence %q must be longer than the ``` in the answer', fence)
  local written = vim.split(GRADED.written, '\n')
  for i, l in ipairs(written) do
    H.assert(lines[head + 1 + i] == l, 'line %d: %q, wrote %q', i, lines[head + 1 + i], l)
  end
  H.assert(lines[head + 2 + #written] == '````', 'the fence closes after the answer: %q', lines[head + 2 + #written])
end)

H.check('graded: the proposed rating is marked "(Enter)" and highlighted; the footer names the keys', function()
  local lines, hls = quiz._build(GRADED)
  local row = index_of(lines, '1 Forgot   2 Struggled (Enter)   3 Recalled   4 Easy')
  H.assert(row, 'ratings:\n%s', table.concat(lines, '\n'))
  local proposed = vim.tbl_filter(function(g)
    return g.group == 'InterviewPrepProposed'
  end, groups_on(hls, row))[1]
  H.assert(proposed, 'no highlight on the proposal')
  H.assert(lines[row]:sub(proposed.from + 1, proposed.to) == '2 Struggled (Enter)', 'highlighted %q', lines[row]:sub(proposed.from + 1, proposed.to))
  H.assert(lines[row - 1]:find('1 of 2 key points: Struggled? Enter or Space accepts', 1, true), 'hint %q', lines[row - 1])
  H.assert(quiz._keys_hint(GRADED) == ' <CR> accept Struggled · 1-4 overrule · q stop ', 'footer %q', quiz._keys_hint(GRADED))
end)

H.check('graded, nothing written: "Rate it Forgot?" with 1 and w, no proposal', function()
  local s = state({ stage = 'graded', written = '', points = GRADED.points, answer = 'A.' })
  local lines = quiz._build(s)
  H.assert(index_of(lines, 'You wrote nothing, so none of the key points was made:'), 'no notice:\n%s', table.concat(lines, '\n'))
  H.assert(not index_of(lines, 'Your answer'), 'an empty "Your answer"')
  H.assert(index_of(lines, 'Rate it Forgot?') and index_of(lines, '1 Forgot   w write again'), 'no confirm:\n%s', table.concat(lines, '\n'))
  H.assert(not table.concat(lines, '\n'):find('(Enter)', 1, true), 'a proposal with nothing written')
  H.assert(quiz._keys_hint(s) == ' 1 Forgot · w write again · q stop ', 'footer %q', quiz._keys_hint(s))
end)

H.check('graded: an answer cut at 20 KB says so', function()
  local lines = quiz._build(vim.tbl_extend('force', GRADED, { trimmed = true }))
  H.assert(index_of(lines, 'Your answer was over 20 KB: only its start was graded.'), 'no note:\n%s', table.concat(lines, '\n'))
end)

H.check('ask in answer mode: the lead, the question, the code; the footer says where to write', function()
  local s = state({ lead = 'Warm-up. This project uses Django.', code = { path = 'shop/views.py', line = 13, text = 'order.customer.email' } })
  local lines = quiz._build(s)
  H.assert(lines[1] == 'Warm-up. This project uses Django.' and lines[2] == s.question, 'top:\n%s', table.concat(lines, '\n'))
  H.assert(index_of(lines, 'shop/views.py:13  ·  gd opens it') and index_of(lines, 'order.customer.email'), 'code:\n%s', table.concat(lines, '\n'))
  H.assert(index_of(lines, 'Answer as you would in the interview, below.'), 'no hint')
  H.assert(quiz._keys_hint(s) == ' i write · s skip · q stop ', 'footer %q', quiz._keys_hint(s))
end)

H.check('follow-up: the follow-up question over the one it follows, and how the rating was saved', function()
  local s = state({ stage = 'followup', followUp = 'Where else do N+1 queries appear?', notice = 'Saved · next review tomorrow', answer = 'A.' })
  local lines = quiz._build(s)
  H.assert(lines[1] == 'Saved · next review tomorrow', 'notice first: %q', lines[1])
  local at = index_of(lines, 'Follow-up')
  H.assert(at and lines[at + 1] == s.followUp, 'follow-up:\n%s', table.concat(lines, '\n'))
  H.assert(index_of(lines, 'Asked after: ' .. s.question), 'the question it follows:\n%s', table.concat(lines, '\n'))
  H.assert(not index_of(lines, 'Answer'), 'the answer again under the follow-up')
  H.assert(quiz._keys_hint(s) == ' i write · s skip · q stop ', 'footer %q', quiz._keys_hint(s))
end)

H.check('done: the summary, then the report as it is (no Markdown), ✓/✗ coloured; footer says it scrolls', function()
  local report = 'Mock interview report · shop\nStack: Django\n\n1. N+1 queries · 0:40 · 1 of 2 key points · Struggled\n   ✓ one query per row\n   ✗ `list_display` and *templates*\n\nStudy next:\n'
  local s = state({ stage = 'done', summary = 'Quiz finished: 1 answered, 0 recalled.', report = report })
  local lines, hls = quiz._build(s)
  H.assert(lines[1] == s.summary, 'summary %q', lines[1])
  local start = index_of(lines, '```text')
  H.assert(start, 'no fence:\n%s', table.concat(lines, '\n'))
  local want = vim.split(report:gsub('\n+$', ''), '\n')
  for i, l in ipairs(want) do
    H.assert(lines[start + i] == l, 'report line %d: %q, want %q', i, lines[start + i], l)
  end
  H.assert(#lines == start + #want, 'nothing after the report (an open fence at the end): %s', vim.inspect(vim.list_slice(lines, start + #want + 1)))
  local function group_on(text, group)
    return vim.tbl_filter(function(g)
      return g.group == group
    end, groups_on(hls, index_of(lines, text)))[1]
  end
  local tick = group_on('   ✓ one query per row', 'InterviewPrepPointMade')
  H.assert(tick and tick.from == 3 and tick.to == -1, 'made %s', vim.inspect(groups_on(hls, index_of(lines, '   ✓ one query per row'))))
  H.assert(group_on('   ✗ `list_display` and *templates*', 'InterviewPrepPointMissed'), 'missed not coloured')
  H.assert(group_on('Stack: Django', 'InterviewPrepPlain'), 'the report in the code block colour')
  H.assert(group_on('1. N+1 queries · 0:40 · 1 of 2 key points · Struggled', '@markup.strong'), 'question heading not bold')
  H.assert(quiz._keys_hint(s) == ' j/k scroll · q close ', 'footer %q', quiz._keys_hint(s))
  H.assert(quiz._keys_hint(state({ stage = 'done' })) == ' q close ', 'a quiz without a report')
end)

H.check('flashcards and multiple choice draw as before', function()
  local lines = quiz._build(state({ mode = 'flashcard', stage = 'rate', answer = 'Short.' }))
  H.assert(index_of(lines, '1 Forgot   2 Struggled   3 Recalled   4 Easy'), 'ratings:\n%s', table.concat(lines, '\n'))
  H.assert(quiz._keys_hint(state({ mode = 'flashcard' })) == ' <Space> show answer · s skip · q stop ', 'flashcard footer')
  H.assert(quiz._keys_hint(state({ mode = 'choice', choices = { 'a', 'b', 'c', 'd' } })) == ' 1-4 choose · q stop ', 'choice footer')
end)

H.check('float.fence is longer than any run of backticks', function()
  H.assert(float.fence('plain') == '```', float.fence('plain'))
  H.assert(float.fence('a ``` b') == '````', float.fence('a ``` b'))
  H.assert(float.fence('`x` and ````` five') == '``````', float.fence('`x` and ````` five'))
  H.assert(float.fence('') == '```', 'empty')
end)

H.check('float.stack: the question over the answer, centred; the answer keeps room on a small screen', function()
  -- 40 rows: both fit, centred, the pad right under the question's border.
  local r1, h1, r2, h2 = float.stack(37, 10, 6)
  H.assert(h1 == 10 and h2 == 6, 'heights %d %d', h1, h2)
  H.assert(r2 == r1 + h1 + 2, 'pad at %d, question at %d+%d', r2, r1, h1)
  H.assert(r1 == math.floor((37 - 20) / 2), 'not centred: %d', r1)
  -- A long question on a short screen: the question scrolls, the pad keeps its rows.
  r1, h1, r2, h2 = float.stack(20, 40, 6)
  H.assert(r1 == 0 and h2 == 6 and h1 == 20 - 4 - 6 and r2 == h1 + 2, 'short screen: %d %d %d %d', r1, h1, r2, h2)
  -- A tall answer takes what is left but leaves the question 3 rows.
  r1, h1, r2, h2 = float.stack(20, 40, 40)
  H.assert(h1 == 3 and h2 == 13, 'tall answer: %d %d', h1, h2)
  -- A tiny screen: one row each, never negative.
  r1, h1, r2, h2 = float.stack(5, 10, 10)
  H.assert(r1 >= 0 and h1 >= 1 and h2 >= 1, 'tiny: %d %d %d %d', r1, h1, r2, h2)
end)

H.check(':InterviewMock arguments: workspace [MINUTES], a topic of several words, or none', function()
  H.assert(vim.deep_equal(commands.parse_mock({}), {}), 'none')
  H.assert(vim.deep_equal(commands.parse_mock({ 'workspace' }), { workspace = true }), 'workspace')
  H.assert(vim.deep_equal(commands.parse_mock({ 'workspace', '15' }), { workspace = true, minutes = 15 }), 'workspace 15')
  H.assert(vim.deep_equal(commands.parse_mock({ 'System', 'design' }), { topic = 'System design' }), 'two words')
  for _, bad in ipairs({ { 'workspace', 'soon' }, { 'workspace', '0' }, { 'workspace', '2.5' }, { 'workspace', '15', 'x' }, { '15' } }) do
    local args, err = commands.parse_mock(bad)
    H.assert(args == nil and type(err) == 'string' and err ~= '', '%s accepted', table.concat(bad, ' '))
  end
  local _, err = commands.parse_mock({ '15' })
  H.contains(err, ':InterviewMock workspace 15', 'the hint for a bare number')
end)

H.check(':InterviewMock picker: "This workspace" first, the deck topics by name, all topics last', function()
  local summary = { topics = { { topic = 'python', title = 'Python fundamentals' }, { topic = 'django-orm', title = 'Django ORM' } } }
  local items = commands.mock_choices(summary, true)
  local labels = vim.tbl_map(function(i)
    return i.label
  end, items)
  H.assert(vim.deep_equal(labels, { 'This workspace', 'Django ORM', 'Python fundamentals', 'All topics' }), 'labels %s', vim.inspect(labels))
  H.assert(vim.deep_equal(items[1].args, { workspace = true }) and items[2].args.topic == 'django-orm', 'args %s', vim.inspect(items))
  labels = vim.tbl_map(function(i)
    return i.label
  end, commands.mock_choices(nil, false))
  H.assert(vim.deep_equal(labels, { 'All topics' }), 'no workspace, no summary: %s', vim.inspect(labels))
end)

H.check('a draft is what has more than white space', function()
  H.assert(not pad.has_draft('') and not pad.has_draft('  \n\t'), 'blank is no draft')
  H.assert(pad.has_draft(' x '), 'text is a draft')
end)

H.check('the client attaches to Python, Dockerfile, YAML (Compose, Kubernetes, CI) and SQL buffers', function()
  local filetypes = vim.lsp.config.interview_prep.filetypes
  for _, ft in ipairs({ 'python', 'dockerfile', 'yaml', 'yaml.docker-compose', 'yaml.github', 'yaml.gitlab', 'sql' }) do
    H.assert(vim.list_contains(filetypes, ft), '%s missing from %s', ft, vim.inspect(filetypes))
  end
  -- What this Neovim calls the example files: each is a filetype the client attaches to.
  local examples = vim.fn.fnamemodify(here, ':h:h:h') .. '/examples/shop_deploy/'
  for _, f in ipairs({ 'Dockerfile', 'worker.Dockerfile', 'compose.yaml', 'k8s/web.yaml', '.github/workflows/ci.yml', 'db/reports.sql' }) do
    local ft = vim.filetype.match({ filename = examples .. f })
    H.assert(ft and vim.list_contains(filetypes, ft), '%s has filetype %s, not attached to', f, tostring(ft))
  end
end)

H.check('setup({ filetypes }) narrows the list; a filetype the server cannot read is left out, with a warning', function()
  local saved = vim.lsp.config.interview_prep.filetypes
  local notified = {}
  local notify = vim.notify
  vim.notify = function(msg, level)
    table.insert(notified, { msg = msg, level = level })
  end
  require('interview_prep').setup({ filetypes = { 'python', 'sql', 'yaml.ansible', 'helm' } })
  vim.notify = notify
  local now = vim.lsp.config.interview_prep.filetypes
  vim.lsp.config('interview_prep', { filetypes = saved })
  H.assert(vim.deep_equal(now, { 'python', 'sql', 'yaml.ansible' }), 'filetypes %s', vim.inspect(now))
  H.assert(#notified == 1 and notified[1].level == vim.log.levels.WARN, 'notified %s', vim.inspect(notified))
  H.contains(notified[1].msg, 'not attaching to helm', 'the warning')
end)

H.check("the quiz fences a quoted line in its file's language", function()
  local lines = quiz._build(state({ stage = 'ask', mode = 'flashcard', code = { path = 'Dockerfile', line = 1, text = 'FROM python:3.12-slim' } }))
  H.assert(index_of(lines, '```dockerfile'), 'no dockerfile fence:\n%s', table.concat(lines, '\n'))
  lines = quiz._build(state({ stage = 'ask', mode = 'flashcard', code = { path = 'shop/views.py', line = 13, text = 'x = 1' } }))
  H.assert(index_of(lines, '```python'), 'no python fence:\n%s', table.concat(lines, '\n'))
end)

H.finish()
