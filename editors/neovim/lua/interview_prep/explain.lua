--- :InterviewExplain — a concept's (or a deck entry's) question and answer in a float, as
--- Markdown: the question, the 30-second answer, the answer, the example, follow-ups, common
--- mistakes and the other questions on the concept. The deck comes from
--- `interview-prep deck export --format json` (with the client's `deckPaths`), read once per
--- Neovim and cached; an older binary without it falls back to `interview-prep explain ID`.

local ip = require('interview_prep')
local float = require('interview_prep.float')

local M = {}

local function notify(msg, level)
  vim.notify('interview-prep: ' .. msg, level or vim.log.levels.INFO)
end

---@class interview_prep.DeckEntry
---@field id string
---@field topic string
---@field question string
---@field concepts string[]
---@field level string
---@field short string
---@field answer string
---@field examples string[]
---@field followups string[]
---@field mistakes string[]

---@type table<string, { entries: interview_prep.DeckEntry[], by_id: table<string, interview_prep.DeckEntry> }>
local decks = {} -- the export, by command line

--- The entries about a concept, the primary one first: those that lead with it, in deck order,
--- then the others (as the server orders them).
---@param deck { entries: interview_prep.DeckEntry[] }
---@param concept string
---@return interview_prep.DeckEntry[]
function M.for_concept(deck, concept)
  local leading, others = {}, {}
  for _, e in ipairs(deck.entries) do
    for i, c in ipairs(e.concepts or {}) do
      if c == concept then
        table.insert(i == 1 and leading or others, e)
        break
      end
    end
  end
  return vim.list_extend(leading, others)
end

--- The deck flags of the client's settings (`deckPaths`).
---@param client? vim.lsp.Client
---@return string[]
local function deck_flags(client)
  local flags = {}
  local s = client and ((client.settings or client.config.settings or {}).interviewPrep) or {}
  for _, path in ipairs(type(s.deckPaths) == 'table' and s.deckPaths or {}) do
    if type(path) == 'string' then
      vim.list_extend(flags, { '--deck', vim.fn.expand(path) })
    end
  end
  return flags
end

--- Loads the deck export (once per command line), then `on_deck(deck)`; nil when it cannot.
---@param argv string[]
---@param on_deck fun(deck: table?)
local function load(argv, on_deck)
  local key = table.concat(argv, '\0')
  if decks[key] then
    return on_deck(decks[key])
  end
  vim.system(argv, { text = true }, vim.schedule_wrap(function(out)
    local ok, decoded = pcall(vim.json.decode, out.stdout or '', { luanil = { object = true, array = true } })
    if out.code ~= 0 or not ok or type(decoded) ~= 'table' or type(decoded.entries) ~= 'table' then
      return on_deck(nil)
    end
    local deck = { entries = decoded.entries, by_id = {} }
    for _, e in ipairs(deck.entries) do
      deck.by_id[e.id] = e
    end
    decks[key] = deck
    on_deck(deck)
  end))
end

--- An entry as Markdown lines.
---@param e interview_prep.DeckEntry
---@param more? interview_prep.DeckEntry[] other entries on the same concept
---@param about? string what the entry is about: the concept, with its kind and topic
---@return string[]
function M.lines(e, more, about)
  local lines = {}
  local function add(text)
    vim.list_extend(lines, vim.split(text or '', '\n', { plain = true }))
  end
  local function section(title)
    add('')
    add('## ' .. title)
    add('')
  end
  local function list(items)
    for _, item in ipairs(items or {}) do
      add('- ' .. item)
    end
  end
  add('# ' .. e.question)
  add('')
  add('*' .. (about or ('%s · %s'):format(e.topic, e.level)) .. '*')
  local function prose(text)
    vim.list_extend(lines, float.reflow(vim.split(vim.trim(text or ''), '\n', { plain = true })))
  end
  section('In 30 seconds')
  prose(e.short)
  section('Answer')
  prose(e.answer)
  for i, code in ipairs(e.examples or {}) do
    section(#e.examples > 1 and ('Example %d'):format(i) or 'Example')
    add('```')
    add((code:gsub('\n$', '')))
    add('```')
  end
  if e.followups and #e.followups > 0 then
    section('Follow-ups')
    list(e.followups)
  end
  if e.mistakes and #e.mistakes > 0 then
    section('Common mistakes')
    list(e.mistakes)
  end
  if more and #more > 0 then
    section('More questions on this')
    list(vim.tbl_map(function(m)
      return ('%s (`:InterviewExplain %s`)'):format(m.question, m.id)
    end, more))
  end
  return lines
end

---@param lines string[]
---@param title string
---@param id string
local function open(lines, title, id)
  local buf = float.open(lines, { name = 'explain', title = title, width = 90, markdown = true })
  vim.b[buf].interview_prep_explain = id
end

--- The CLI's text (an older binary without `deck export`), without the detector's triggers.
---@param bin string
---@param id string
local function from_explain(bin, id, flags)
  vim.system(vim.list_extend({ bin, 'explain', id }, flags), { text = true }, vim.schedule_wrap(function(out)
    if out.code ~= 0 then
      notify(vim.trim(out.stderr ~= '' and out.stderr or out.stdout), vim.log.levels.ERROR)
      return
    end
    local lines = {}
    for _, line in ipairs(vim.split(out.stdout, '\n')) do
      if not line:match('^Found in code as:') then
        table.insert(lines, line)
      end
    end
    open(lines, id, id)
  end))
end

---@param id string a concept id or a deck entry id
---@param client? vim.lsp.Client whose settings (`deckPaths`) apply
---@param catalog { id: string, title: string, kind: string, topic: string }[] the concept catalog
function M.show(id, client, catalog)
  local cmd = ip.cmd()
  if not cmd or vim.fn.executable(cmd[1]) == 0 then
    ip.check_cmd()
    return
  end
  local flags = deck_flags(client)
  load(vim.list_extend({ cmd[1], 'deck', 'export', '--format', 'json' }, flags), function(deck)
    if not deck then
      return from_explain(cmd[1], id, flags)
    end
    local entry = deck.by_id[id]
    if entry then
      return open(M.lines(entry), entry.topic, id)
    end
    local concept
    for _, c in ipairs(catalog) do
      if c.id == id then
        concept = c
      end
    end
    local entries = M.for_concept(deck, id)
    if not concept and #entries == 0 then
      notify(('no entry or concept `%s` (see :InterviewExplain <Tab>)'):format(id), vim.log.levels.ERROR)
      return
    end
    if #entries == 0 then
      notify(('no question on %s in the deck yet'):format(concept.title), vim.log.levels.WARN)
      return
    end
    local title = concept and concept.title or id
    local about = concept and ('%s · %s · %s'):format(concept.title, concept.kind, concept.topic) or nil
    open(M.lines(entries[1], vim.list_slice(entries, 2), about), title, id)
  end)
end

return M
