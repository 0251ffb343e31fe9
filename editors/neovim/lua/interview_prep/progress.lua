--- :InterviewProgress — what you know, as an aligned table in a float: cards due, streak, the
--- interview date, mastery, reviewed cards and due cards per topic, and the 7-day due forecast.
--- The full summary comes from `interview-prep progress --format json` (the same store, with the
--- client's settings: data dir, retention, interview date, decks); when that cannot run, from
--- the server's `interview-prep.progressSummary`, which has no reviewed counts and no forecast.

local ip = require('interview_prep')

local M = {}

local ns = vim.api.nvim_create_namespace('interview_prep.progress')

local function notify(msg, level)
  vim.notify('interview-prep: ' .. msg, level or vim.log.levels.INFO)
end

--- The CLI flags that make `interview-prep progress` read what the server reads.
---@param client vim.lsp.Client
---@return string[]
function M.study_flags(client)
  local s = ((client.settings or client.config.settings or {}).interviewPrep) or {}
  local flags = {}
  if type(s.dataDir) == 'string' and s.dataDir ~= '' then
    vim.list_extend(flags, { '--data-dir', vim.fn.expand(s.dataDir) })
  end
  if type(s.desiredRetention) == 'number' then
    vim.list_extend(flags, { '--retention', tostring(s.desiredRetention) })
  end
  if type(s.interviewDate) == 'string' and s.interviewDate:match('^%d%d%d%d%-%d%d%-%d%d$') then
    vim.list_extend(flags, { '--interview-date', s.interviewDate })
  end
  for _, path in ipairs(type(s.deckPaths) == 'table' and s.deckPaths or {}) do
    if type(path) == 'string' then
      vim.list_extend(flags, { '--deck', vim.fn.expand(path) })
    end
  end
  return flags
end

---@param n integer
---@param one string
local function plural(n, one)
  return ('%d %s%s'):format(n, one, n == 1 and '' or 's')
end

local function pad_right(text, width)
  return text .. (' '):rep(width - vim.fn.strdisplaywidth(text))
end

local function pad_left(text, width)
  return (' '):rep(width - vim.fn.strdisplaywidth(text)) .. text
end

--- "Mon" for "2026-12-07".
local function weekday(date)
  local y, m, d = tostring(date):match('^(%d+)-(%d+)-(%d+)$')
  if not y then
    return tostring(date)
  end
  return os.date('%a', os.time({ year = tonumber(y), month = tonumber(m), day = tonumber(d), hour = 12 }))
end

local function percent(m)
  m = tonumber(m) or 0
  return math.floor((m <= 1 and m * 100 or m) + 0.5)
end

--- The summary as lines with aligned columns, and highlights { row, start_col, end_col, group }.
--- `s` is the CLI's summary (topics with `reviewed` and `entries`, a `forecast`) or the server's
--- `ProgressSummary` (neither).
---@param s table
---@return string[], table[]
function M.lines(s)
  local lines, hls = {}, {}
  local function add(text, group)
    table.insert(lines, text)
    if group then
      table.insert(hls, { #lines - 1, 0, #text, group })
    end
  end
  local head = ('%d due now · %s reviewed · %d today · streak %s'):format(
    s.due or 0,
    plural(s.cards or 0, 'card'),
    s.reviewedToday or 0,
    plural(s.streak or 0, 'day')
  )
  add(head)
  table.insert(hls, { 0, 0, #tostring(s.due or 0), (s.due or 0) > 0 and 'DiagnosticWarn' or 'DiagnosticOk' })
  local ready = s.readyBy
  if type(ready) == 'table' and ready.date then
    local left = tonumber(ready.daysLeft)
    add(('Interview on %s%s: %d of %d concepts in your code recalled'):format(
      ready.date,
      left and left >= 0 and (' (in %s)'):format(plural(left, 'day')) or '',
      ready.recalled or 0,
      ready.total or 0
    ))
  end
  if s.saved == false then
    add('Progress is not being saved (see `interview-prep progress`)', 'DiagnosticWarn')
  end

  -- The 7-day forecast as two aligned rows: the days, and the cards due on each.
  if type(s.forecast) == 'table' and #s.forecast > 0 then
    local days, counts = { 'Next 7 days' }, { 'Due' }
    for i, d in ipairs(s.forecast) do
      table.insert(days, i == 1 and 'today' or weekday(d.date))
      table.insert(counts, tostring(d.count or 0))
    end
    local widths = { math.max(#days[1], #counts[1]) }
    for i = 2, #days do
      widths[i] = math.max(vim.fn.strdisplaywidth(days[i]), #counts[i])
    end
    local function row(cells)
      local out = { pad_right(cells[1], widths[1]) }
      for i = 2, #cells do
        table.insert(out, pad_left(cells[i], widths[i]))
      end
      return table.concat(out, '  ')
    end
    add('')
    add(row(days), 'Title')
    add(row(counts))
    local col = #pad_right(counts[1], widths[1])
    for i = 2, #counts do
      local cell = pad_left(counts[i], widths[i])
      if counts[i] ~= '0' then
        table.insert(hls, { #lines - 1, col + 2 + #cell - #counts[i], col + 2 + #cell, 'DiagnosticWarn' })
      end
      col = col + 2 + #cell
    end
  end

  local topics = type(s.topics) == 'table' and vim.deepcopy(s.topics) or {}
  if #topics > 0 then
    -- The topics you study first, the weakest on top; then the untouched ones, by name.
    local function touched(t)
      return (t.reviewed or 0) > 0 or (tonumber(t.mastery) or 0) > 0
    end
    table.sort(topics, function(a, b)
      if touched(a) ~= touched(b) then
        return touched(a)
      end
      local ma, mb = tonumber(a.mastery) or 0, tonumber(b.mastery) or 0
      if ma ~= mb then
        return ma < mb
      end
      return (a.title or a.topic or '') < (b.title or b.topic or '')
    end)
    local has_reviewed = topics[1].reviewed ~= nil
    local cols = { 'Topic', 'Mastery', 'Reviewed', 'Due' }
    if not has_reviewed then
      table.remove(cols, 3)
    end
    local rows = {}
    for _, t in ipairs(topics) do
      local row = { t.title or t.topic or '?', ('%d%%'):format(percent(t.mastery)) }
      if has_reviewed then
        table.insert(row, t.entries and ('%d/%d'):format(t.reviewed or 0, t.entries) or tostring(t.reviewed or 0))
      end
      table.insert(row, tostring(t.due or 0))
      table.insert(rows, { cells = row, topic = t })
    end
    local widths = {}
    for i, c in ipairs(cols) do
      widths[i] = vim.fn.strdisplaywidth(c)
      for _, r in ipairs(rows) do
        widths[i] = math.max(widths[i], vim.fn.strdisplaywidth(r.cells[i]))
      end
    end
    local gap = '   '
    local function format(cells)
      local out = { pad_right(cells[1], widths[1]) }
      for i = 2, #cells do
        table.insert(out, pad_left(cells[i], widths[i]))
      end
      return table.concat(out, gap)
    end
    add('')
    add(format(cols), 'Title')
    local rule = {}
    for i = 1, #cols do
      table.insert(rule, ('─'):rep(widths[i]))
    end
    add(table.concat(rule, gap), 'FloatBorder')
    for _, r in ipairs(rows) do
      local text = format(r.cells)
      add(text)
      local row = #lines - 1
      local t = r.topic
      local m = percent(t.mastery)
      -- Mastery: the cell's byte range in the line.
      local start = #pad_right(r.cells[1], widths[1]) + #gap
      local stop = start + #pad_left(r.cells[2], widths[2])
      local group = not touched(t) and 'Comment' or (m >= 70 and 'DiagnosticOk' or (m >= 40 and 'DiagnosticWarn' or 'DiagnosticError'))
      table.insert(hls, { row, start, stop, group })
      if not touched(t) then
        table.insert(hls, { row, 0, #r.cells[1], 'Comment' })
      end
      if (t.due or 0) > 0 then
        table.insert(hls, { row, #text - #r.cells[#r.cells], #text, 'DiagnosticWarn' })
      end
    end
  end

  return lines, hls
end

---@param s table
local function open(s)
  local lines, hls = M.lines(s)
  local width = 0
  for _, l in ipairs(lines) do
    width = math.max(width, vim.fn.strdisplaywidth(l))
  end
  local buf = require('interview_prep.float').open(lines, { name = 'progress', title = 'Interview prep progress', width = width + 2 })
  for _, h in ipairs(hls) do
    pcall(vim.api.nvim_buf_set_extmark, buf, ns, h[1], h[2], { end_row = h[1], end_col = h[3], hl_group = h[4], priority = 200 })
  end
end

--- The summary from the server, when the CLI could not give one.
---@param client vim.lsp.Client
---@param bufnr integer
local function from_server(client, bufnr)
  if not ip.offers(client, ip.commands.progress) then
    notify('the server does not offer a progress summary yet; update interview-prep', vim.log.levels.WARN)
    return
  end
  local params = { command = ip.commands.progress, arguments = { vim.empty_dict() } }
  client:request('workspace/executeCommand', params, function(err, result)
    if err then
      notify(err.message, vim.log.levels.ERROR)
    elseif type(result) ~= 'table' then
      notify('the server sent no progress summary', vim.log.levels.WARN)
    else
      open(result)
    end
  end, bufnr)
end

---@param client vim.lsp.Client
---@param bufnr integer
function M.show(client, bufnr)
  local cmd = ip.cmd()
  if not cmd or vim.fn.executable(cmd[1]) == 0 then
    from_server(client, bufnr)
    return
  end
  local argv = vim.list_extend({ cmd[1], 'progress', '--format', 'json' }, M.study_flags(client))
  vim.system(argv, { text = true, env = client.config.cmd_env }, vim.schedule_wrap(function(out)
    local ok, summary = pcall(vim.json.decode, out.stdout or '', { luanil = { object = true, array = true } })
    if out.code == 0 and ok and type(summary) == 'table' and type(summary.topics) == 'table' then
      open(summary)
    else
      from_server(client, bufnr)
    end
  end))
end

return M
