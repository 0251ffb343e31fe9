--- The user commands behind :InterviewQuiz, :InterviewMock, :InterviewConcepts,
--- :InterviewProgress and :InterviewExplain. Quizzes run in the server: in our floating window
--- (quiz.lua) when the client declared the quiz panel, else as `window/showMessageRequest`
--- prompts, which Neovim answers through `vim.ui.select` (so any picker plugin that replaces it
--- is used). A command the server does not offer yet says so.

local ip = require('interview_prep')

local M = {}

local function notify(msg, level)
  vim.notify('interview-prep: ' .. msg, level or vim.log.levels.INFO)
end

--- Our client for the buffer, else any running one.
---@param bufnr integer
---@return vim.lsp.Client?
local function client_for(bufnr)
  local clients = vim.lsp.get_clients({ name = 'interview_prep', bufnr = bufnr })
  if #clients == 0 then
    clients = vim.lsp.get_clients({ name = 'interview_prep' })
  end
  if #clients == 0 then
    notify('the server is not running: open a Python, Dockerfile, YAML or SQL file (see :checkhealth interview_prep)', vim.log.levels.WARN)
  end
  return clients[1]
end

--- Sends a server command; `on_result` gets the result when the server answers without error.
---@param client vim.lsp.Client
---@param command string
---@param args table
---@param bufnr integer
---@param on_result? fun(result: any)
local function run(client, command, args, bufnr, on_result)
  if not ip.offers(client, command) then
    local version = client.server_info and client.server_info.version or 'this version'
    notify(('the server (interview-prep %s) does not offer %s yet; update interview-prep'):format(
      version,
      (command:gsub('^interview%-prep%.', ''))
    ), vim.log.levels.WARN)
    return
  end
  local params = { command = command, arguments = { next(args) and args or vim.empty_dict() } }
  client:request('workspace/executeCommand', params, function(err, result)
    if err then
      notify(err.message, vim.log.levels.ERROR)
    elseif on_result then
      on_result(result)
    end
  end, bufnr)
end

--- The interview-prep concept id of the diagnostic under the cursor (or on its line).
---@return string?
local function concept_at_cursor()
  local bufnr = vim.api.nvim_get_current_buf()
  local row, col = unpack(vim.api.nvim_win_get_cursor(0))
  local on_line = vim.tbl_filter(function(d)
    return d.source == 'interview-prep' and d.code ~= nil
  end, vim.diagnostic.get(bufnr, { lnum = row - 1 }))
  for _, d in ipairs(on_line) do
    if d.col <= col and col < (d.end_col or d.col + 1) then
      return tostring(d.code)
    end
  end
  return on_line[1] and tostring(on_line[1].code) or nil
end

local catalog -- cached `interview-prep concepts --format json`

---@return { id: string, topic: string, title: string }[]
local function concepts()
  if catalog then
    return catalog
  end
  local cmd = ip.cmd()
  if not cmd or vim.fn.executable(cmd[1]) == 0 then
    return {}
  end
  local out = vim.system({ cmd[1], 'concepts', '--format', 'json' }, { text = true }):wait(5000)
  local ok, decoded = pcall(vim.json.decode, out.stdout or '')
  catalog = (out.code == 0 and ok and type(decoded) == 'table') and decoded or {}
  return catalog
end

---@param kind? 'file'|'due'|'concept'
---@param arg? string concept id for 'concept'
function M.quiz(kind, arg)
  kind = kind or 'file'
  local bufnr = vim.api.nvim_get_current_buf()
  local client = client_for(bufnr)
  if not client then
    return
  end
  if kind == 'file' then
    if not client.attached_buffers[bufnr] then
      notify('open a file interview-prep reads (Python, Dockerfile, Compose, Kubernetes, CI workflow, SQL) to be quizzed on it', vim.log.levels.WARN)
      return
    end
    ---@type interview_prep.QuizFileArgs
    local args = { uri = vim.uri_from_bufnr(bufnr) }
    run(client, ip.commands.quiz_file, args, bufnr)
  elseif kind == 'due' then
    run(client, ip.commands.quiz_due, {}, bufnr)
  elseif kind == 'concept' then
    local id = arg or concept_at_cursor()
    if not id then
      notify('no interview concept under the cursor; give one: :InterviewQuiz concept ID', vim.log.levels.WARN)
      return
    end
    ---@type interview_prep.QuizConceptArgs
    local args = { concept = id }
    if client.attached_buffers[bufnr] then
      -- The prompt quotes the occurrence under the cursor, in this file.
      local row, col = unpack(vim.api.nvim_win_get_cursor(0))
      local pos = { line = row - 1, character = vim.str_utfindex(vim.api.nvim_get_current_line(), client.offset_encoding, col) }
      args.uri = vim.uri_from_bufnr(bufnr)
      args.range = { start = pos, ['end'] = pos }
    end
    run(client, ip.commands.quiz_concept, args, bufnr)
  else
    notify('usage: :InterviewQuiz [file|due|concept [ID]]', vim.log.levels.ERROR)
  end
end

local MOCK_USAGE = 'usage: :InterviewMock [workspace [MINUTES] | TOPIC]'

--- `:InterviewMock` arguments: `workspace [MINUTES]`, a topic (its words joined: `System
--- design`), or nothing (then a picker asks). Returns the command's arguments, or nil and why.
---@param fargs string[]
---@return interview_prep.MockInterviewArgs?, string?
function M.parse_mock(fargs)
  if #fargs == 0 then
    return {}
  end
  if fargs[1] == 'workspace' then
    if #fargs > 2 then
      return nil, MOCK_USAGE
    end
    ---@type interview_prep.MockInterviewArgs
    local args = { workspace = true }
    if fargs[2] then
      local n = tonumber(fargs[2])
      if not n or n ~= math.floor(n) or n < 1 or n > 240 then
        return nil, ('MINUTES is a whole number from 1 to 240, not %q; %s'):format(fargs[2], MOCK_USAGE)
      end
      args.minutes = n
    end
    return args
  end
  if tonumber(fargs[1]) then
    return nil, ('minutes go after `workspace`: :InterviewMock workspace %s'):format(fargs[1])
  end
  return { topic = table.concat(fargs, ' ') }
end

--- Starts a mock interview. On the workspace it is asked in answer mode: an interview is
--- answered in your own words (a client without the float gets flashcards from the server).
---@param client vim.lsp.Client
---@param args interview_prep.MockInterviewArgs
---@param bufnr integer
local function start_mock(client, args, bufnr)
  if args.workspace then
    args.mode = 'answer'
  end
  run(client, ip.commands.mock, args, bufnr)
end

---@param client vim.lsp.Client
local function has_workspace(client)
  return type(client.workspace_folders) == 'table' and #client.workspace_folders > 0
end

--- What the `:InterviewMock` picker offers: "This workspace" first (when there is one), then the
--- deck's topics from the progress summary, then all topics.
---@param summary? interview_prep.ProgressSummary
---@param workspace boolean
---@return { label: string, args: interview_prep.MockInterviewArgs }[]
function M.mock_choices(summary, workspace)
  local topics = {}
  for _, t in ipairs(type(summary) == 'table' and type(summary.topics) == 'table' and summary.topics or {}) do
    if type(t.topic) == 'string' then
      table.insert(topics, { label = type(t.title) == 'string' and t.title or t.topic, args = { topic = t.topic } })
    end
  end
  table.sort(topics, function(a, b)
    return a.label:lower() < b.label:lower()
  end)
  local items = {}
  if workspace then
    table.insert(items, { label = 'This workspace', args = { workspace = true } })
  end
  vim.list_extend(items, topics)
  table.insert(items, { label = 'All topics', args = { topic = 'mixed' } })
  return items
end

---@param fargs string[] see M.parse_mock
function M.mock(fargs)
  local args, err = M.parse_mock(fargs or {})
  if not args then
    notify(err, vim.log.levels.ERROR)
    return
  end
  local bufnr = vim.api.nvim_get_current_buf()
  local client = client_for(bufnr)
  if not client then
    return
  end
  if next(args) then
    start_mock(client, args, bufnr)
    return
  end
  -- The topics come with the progress summary; without it the picker still offers the workspace.
  local params = { command = ip.commands.progress, arguments = { vim.empty_dict() } }
  client:request('workspace/executeCommand', params, function(_, summary)
    local items = M.mock_choices(summary, has_workspace(client))
    vim.ui.select(items, {
      prompt = 'Mock interview: which topic?',
      kind = 'interview_prep.mock',
      format_item = function(item)
        return item.label
      end,
    }, function(item)
      if item then
        start_mock(client, vim.deepcopy(item.args), bufnr)
      end
    end)
  end, bufnr)
end

function M.progress()
  local bufnr = vim.api.nvim_get_current_buf()
  local client = client_for(bufnr)
  if client then
    require('interview_prep.progress').show(client, bufnr)
  end
end

---@param args string[] [file|workspace] [pick]
function M.concepts(args)
  local bufnr = vim.api.nvim_get_current_buf()
  local client = client_for(bufnr)
  if client then
    require('interview_prep.concepts').run(args, client)
  end
end

---@param id? string concept or deck entry id; default: the concept under the cursor
function M.explain(id)
  id = id or concept_at_cursor()
  if not id then
    notify('no interview concept under the cursor; give one: :InterviewExplain ID', vim.log.levels.WARN)
    return
  end
  local bufnr = vim.api.nvim_get_current_buf()
  local client = vim.lsp.get_clients({ name = 'interview_prep', bufnr = bufnr })[1] or vim.lsp.get_clients({ name = 'interview_prep' })[1]
  require('interview_prep.explain').show(id, client, concepts())
end

local function matching(items, lead)
  return vim.tbl_filter(function(x)
    return vim.startswith(x, lead)
  end, items)
end

function M.complete_concepts(lead)
  local ids = {}
  for _, c in ipairs(concepts()) do
    table.insert(ids, c.id)
  end
  return matching(ids, lead)
end

function M.complete_topics(lead)
  local seen, topics = {}, {}
  for _, c in ipairs(concepts()) do
    if c.topic and not seen[c.topic] then
      seen[c.topic] = true
      table.insert(topics, c.topic)
    end
  end
  return matching(topics, lead)
end

function M.complete_mock(lead, line)
  local words = vim.split(line, '%s+', { trimempty = true })
  local arg_index = #words - (lead == '' and 0 or 1)
  if arg_index <= 1 then
    return matching(vim.list_extend({ 'workspace' }, M.complete_topics('')), lead)
  elseif words[2] == 'workspace' and arg_index == 2 then
    return matching({ '15', '30', '45', '60' }, lead)
  end
  return {}
end

function M.complete_quiz(lead, line)
  local words = vim.split(line, '%s+', { trimempty = true })
  local arg_index = #words - (lead == '' and 0 or 1) -- the word being completed, 1 = the command
  if arg_index <= 1 then
    return matching({ 'file', 'due', 'concept' }, lead)
  elseif words[2] == 'concept' and arg_index == 2 then
    return M.complete_concepts(lead)
  end
  return {}
end

return M
