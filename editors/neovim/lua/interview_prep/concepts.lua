--- :InterviewConcepts — the concept navigator in Neovim's own lists. The server's
--- `interview-prep/concepts` gives the concepts of the open file (or of the workspace), grouped,
--- pitfalls first, with each concept's places and where you stand on its question. The file's go
--- to the location list, the workspace's to the quickfix list (one item per place, in that
--- order; trouble.nvim and other list viewers read them as they are); `pick` lists the concepts
--- themselves through `vim.ui.select` and jumps to the first place of the chosen one.

local protocol = require('interview_prep.protocol')

local M = {}

local function notify(msg, level)
  vim.notify('interview-prep: ' .. msg, level or vim.log.levels.INFO)
end

--- "[pitfall] N+1 queries (due)": the list item's text.
---@param g interview_prep.ConceptGroup
---@return string
function M.item_text(g)
  local status = (g.status and g.status ~= vim.NIL) and (' (%s)'):format(g.status) or ''
  return ('[%s] %s%s'):format(g.kind, g.title, status)
end

--- Quickfix items, one per place, in the server's order (pitfalls first, then by count).
---@param result interview_prep.ConceptsResult
---@param encoding string the client's position encoding
---@return vim.quickfix.entry[]
function M.items(result, encoding)
  local locations = {}
  for gi, g in ipairs(result.concepts or {}) do
    for oi, o in ipairs(g.occurrences or {}) do
      -- locations_to_items keeps the location as user_data: it brings back the order and group.
      table.insert(locations, { uri = o.uri, range = o.range, group = g, order = gi * 100000 + oi })
    end
  end
  local items = vim.lsp.util.locations_to_items(locations, encoding)
  table.sort(items, function(a, b)
    return a.user_data.order < b.user_data.order
  end)
  for _, item in ipairs(items) do
    local g = item.user_data.group
    item.text = M.item_text(g)
    -- Pitfalls read as warnings, concepts as notes (hints), as the diagnostics do.
    item.type = g.kind == 'pitfall' and 'W' or 'N'
    item.user_data = { concept = g.concept, entry = g.entry ~= vim.NIL and g.entry or nil, status = g.status ~= vim.NIL and g.status or nil }
  end
  return items
end

---@param n integer
---@param one string
---@param many? string
local function plural(n, one, many)
  return ('%d %s'):format(n, n == 1 and one or (many or one .. 's'))
end

--- "⚠ N+1 queries · Django · 2 places · due": a picker line.
---@param g interview_prep.ConceptGroup
---@return string
function M.pick_text(g)
  local parts = { (g.kind == 'pitfall' and '⚠ ' or '  ') .. g.title, g.topicTitle, plural(g.count or 0, 'place') }
  if g.status and g.status ~= vim.NIL then
    table.insert(parts, g.status)
  end
  return table.concat(parts, ' · ')
end

---@param client vim.lsp.Client
---@param o interview_prep.Occurrence
local function jump(client, o)
  local item = vim.lsp.util.locations_to_items({ { uri = o.uri, range = o.range } }, client.offset_encoding)[1]
  if not item then
    return
  end
  local fname = vim.fs.normalize(item.filename)
  if vim.fs.normalize(vim.api.nvim_buf_get_name(0)) ~= fname then
    -- The current buffer has unsaved changes: open beside it.
    if not pcall(vim.cmd.edit, vim.fn.fnameescape(fname)) then
      vim.cmd.split(vim.fn.fnameescape(fname))
    end
  end
  vim.cmd("normal! m'") -- <C-o> comes back
  vim.api.nvim_win_set_cursor(0, { item.lnum, item.col - 1 })
  vim.cmd('normal! zv')
end

---@param scope 'file'|'workspace'
---@param pick boolean
---@param client vim.lsp.Client
---@param result interview_prep.ConceptsResult
---@param where string the file's path, or "the workspace"
---@param win integer the window the command ran in: its location list
local function show(scope, pick, client, result, where, win)
  local groups = result.concepts or {}
  if #groups == 0 then
    notify(('no interview concepts in %s'):format(where))
    return
  end
  if result.truncated then
    notify(('the workspace has more files than are looked at; the first %d are listed'):format(result.files or 0), vim.log.levels.WARN)
  end
  local pitfalls = #vim.tbl_filter(function(g)
    return g.kind == 'pitfall'
  end, groups)
  local title = ('interview-prep: %s, %s in %s'):format(plural(#groups, 'concept'), plural(pitfalls, 'pitfall'), where)
  if pick then
    vim.ui.select(groups, {
      prompt = title,
      kind = 'interview_prep.concepts',
      format_item = M.pick_text,
    }, function(g)
      if g and g.occurrences and g.occurrences[1] then
        jump(client, g.occurrences[1])
      end
    end)
    return
  end
  local what = { title = title, items = M.items(result, client.offset_encoding), context = { interview_prep = scope } }
  if scope == 'file' then
    if vim.api.nvim_win_is_valid(win) then
      vim.api.nvim_set_current_win(win)
    end
    vim.fn.setloclist(0, {}, ' ', what)
    vim.cmd('lopen')
  else
    vim.fn.setqflist({}, ' ', what)
    vim.cmd('botright copen')
  end
end

--- :InterviewConcepts [file|workspace] [pick]
---@param args string[]
---@param client vim.lsp.Client
function M.run(args, client)
  local scope, pick = 'file', false
  for _, a in ipairs(args) do
    if a == 'file' or a == 'workspace' then
      scope = a
    elseif a == 'pick' then
      pick = true
    else
      notify('usage: :InterviewConcepts [file|workspace] [pick]', vim.log.levels.ERROR)
      return
    end
  end
  local bufnr = vim.api.nvim_get_current_buf()
  local win = vim.api.nvim_get_current_win()
  ---@type interview_prep.ConceptsParams
  local params = { scope = scope }
  local where = 'the workspace'
  if scope == 'file' then
    if not client.attached_buffers[bufnr] then
      notify('open a file interview-prep reads (Python, Dockerfile, YAML, SQL) to list its concepts (or :InterviewConcepts workspace)', vim.log.levels.WARN)
      return
    end
    params.uri = vim.uri_from_bufnr(bufnr)
    where = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(bufnr), ':~:.')
  end
  client:request(protocol.requests.concepts, params, function(err, result)
    if err then
      if err.code == vim.lsp.protocol.ErrorCodes.MethodNotFound then
        local version = client.server_info and client.server_info.version or 'this version'
        notify(('the server (interview-prep %s) does not offer the concept list yet; update interview-prep'):format(version), vim.log.levels.WARN)
      else
        notify(err.message, vim.log.levels.ERROR)
      end
      return
    end
    if type(result) ~= 'table' then
      return
    end
    if scope == 'workspace' then
      where = plural(result.files or 0, 'file')
    end
    show(scope, pick, client, result, where, win)
  end, bufnr)
end

function M.complete(lead, line)
  local words = vim.split(line, '%s+', { trimempty = true })
  local options = vim.tbl_filter(function(w)
    return not vim.list_contains(words, w)
  end, { 'file', 'workspace', 'pick' })
  return vim.tbl_filter(function(w)
    return vim.startswith(w, lead)
  end, options)
end

return M
