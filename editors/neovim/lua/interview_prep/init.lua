--- interview-prep for Neovim: the optional `setup()`, the "K due" text for statuslines, and what
--- happens when our client attaches (code lenses on, signs and underlines for pitfalls only, due
--- count read), when the server asks for a lens refresh (a quiz ended), and when the server
--- binary cannot be run (said once).

local M = {}

local protocol = require('interview_prep.protocol')

--- Server commands (advertised by the server; generated from the server's protocol types).
M.commands = {
  quiz_file = protocol.commands.quiz_file,
  quiz_range = protocol.commands.quiz_range,
  quiz_concept = protocol.commands.quiz_concept,
  quiz_due = protocol.commands.quiz_due,
  mock = protocol.commands.mock_interview,
  progress = protocol.commands.progress_summary,
  explain = protocol.commands.explain,
}

---@class interview_prep.Options
---@field codelens boolean show and refresh code lenses
---@field quiz_panel boolean quizzes in a floating window (else `vim.ui.select` prompts)
---@field concept_signs boolean signs and underlines for concepts too, not only for pitfalls
local options = { codelens = true, quiz_panel = true, concept_signs = false }

local apply_diagnostic_config -- defined below

--- Optional: everything works without it. Sets the binary, the server settings, the filetypes
--- to attach to and the plugin's own options in one call; `vim.lsp.config('interview_prep', {...})`
--- does the LSP part too. `quiz_panel` and `filetypes` are read when a buffer is attached: call
--- `setup()` before opening the files.
---@param opts? { cmd?: string[], server_path?: string, settings?: table, filetypes?: string[], codelens?: boolean, quiz_panel?: boolean, concept_signs?: boolean }
function M.setup(opts)
  opts = opts or {}
  for _, key in ipairs({ 'codelens', 'quiz_panel', 'concept_signs' }) do
    if opts[key] ~= nil then
      options[key] = opts[key] and true or false
    end
  end
  for _, client in ipairs(vim.lsp.get_clients({ name = 'interview_prep' })) do
    apply_diagnostic_config(client)
  end
  local config = {}
  if opts.server_path then
    config.cmd = { vim.fn.expand(opts.server_path), 'serve' }
  elseif opts.cmd then
    config.cmd = vim.list_extend({ vim.fn.expand(opts.cmd[1]) }, vim.list_slice(opts.cmd, 2))
  end
  if opts.settings then
    config.settings = { interviewPrep = opts.settings }
  end
  if opts.filetypes then
    local dropped
    config.filetypes, dropped = require('interview_prep.filetypes').narrow(opts.filetypes)
    if #dropped > 0 then
      vim.notify(
        ('interview-prep: not attaching to %s: the server reads only %s (:help interview_prep-filetypes)'):format(
          table.concat(dropped, ', '),
          table.concat(require('interview_prep.filetypes').all, ', ')
        ),
        vim.log.levels.WARN
      )
    end
  end
  if next(config) then
    vim.lsp.config('interview_prep', config)
  end
end

function M.options()
  return options
end

--- The resolved command line of the server, e.g. { 'interview-prep', 'serve' }.
---@return string[]?
function M.cmd()
  local cmd = (vim.lsp.config.interview_prep or {}).cmd
  return type(cmd) == 'table' and cmd or nil
end

local said_missing = false

--- Neovim skips a config whose binary is missing with only a log line; say it once, with the
--- fix, when a buffer of a filetype we attach to is opened.
---@param ft string
function M.check_cmd(ft)
  if said_missing or not vim.lsp.is_enabled('interview_prep') then
    return
  end
  local filetypes = (vim.lsp.config.interview_prep or {}).filetypes
  if type(filetypes) == 'table' and not vim.list_contains(filetypes, ft) then
    return
  end
  local cmd = M.cmd()
  if not cmd or vim.fn.executable(cmd[1]) == 1 then
    return
  end
  said_missing = true
  -- Scheduled: an error raised inside FileType would abort the :edit of whoever opened the file.
  vim.schedule(function()
    vim.notify(
      ('interview-prep: cannot run the server `%s` (not found or not executable). Install it with '
        .. '`pipx install .` (or `uv tool install .`, `pip install .`) in a clone of the interview-prep '
        .. 'repository, or set its path: '
        .. "vim.lsp.config('interview_prep', { cmd = { '/path/to/interview-prep', 'serve' } }). "
        .. 'See :help interview_prep-install'):format(cmd[1]),
      vim.log.levels.ERROR
    )
  end)
end

-- client id → the last progress summary read from it
local summaries = {}

local initialized = {} -- client id → true once `initialize` answered
local said_exit = false

---@param client vim.lsp.Client
function M.on_init(client)
  initialized[client.id] = true
  said_exit = false
end

--- A binary that runs but is not interview-prep (or is broken) exits before `initialize`
--- answers; Neovim then only reports an exit code. Say once what to check.
---@param code integer
---@param client_id integer
function M.on_exit(code, _, client_id)
  local started = initialized[client_id]
  initialized[client_id] = nil
  summaries[client_id] = nil
  if started or said_exit then
    return
  end
  said_exit = true
  local cmd = M.cmd() or { '?' }
  vim.schedule(function()
    -- Neovim would start it again for every buffer opened: stop trying for this session.
    vim.lsp.enable('interview_prep', false)
    vim.notify(
      ('interview-prep: the server `%s` exited (code %d) before it started; is it the interview-prep '
        .. 'binary? Check `%s --version` and :checkhealth interview_prep. The plugin stays off until '
        .. "you fix it and run :lua vim.lsp.enable('interview_prep')"):format(cmd[1], code, cmd[1]),
      vim.log.levels.ERROR
    )
  end)
end

---@param client vim.lsp.Client
---@param command string
function M.offers(client, command)
  local provider = client.server_capabilities.executeCommandProvider
  return type(provider) == 'table' and vim.list_contains(provider.commands or {}, command)
end

local timer

---@param client vim.lsp.Client
local function refresh_due(client)
  if not M.offers(client, M.commands.progress) then
    summaries[client.id] = nil
    return
  end
  local params = { command = M.commands.progress, arguments = { vim.empty_dict() } }
  client:request('workspace/executeCommand', params, function(err, result)
    summaries[client.id] = (not err and type(result) == 'table') and result or nil
    vim.cmd.redrawstatus({ bang = true })
  end)
end

--- Reads the due count again from every running interview-prep client.
function M.refresh_due()
  for _, client in ipairs(vim.lsp.get_clients({ name = 'interview_prep' })) do
    refresh_due(client)
  end
end

--- The last progress summary (`interview-prep.progressSummary`), or nil when the server does not
--- offer one. Prefers the client of the given buffer.
---@param bufnr? integer
---@return table?
function M.summary(bufnr)
  local clients = vim.lsp.get_clients({ name = 'interview_prep', bufnr = bufnr or 0 })
  if #clients == 0 then
    clients = vim.lsp.get_clients({ name = 'interview_prep' })
  end
  for _, client in ipairs(clients) do
    if summaries[client.id] then
      return summaries[client.id]
    end
  end
end

--- For statuslines: "3 due", or "" when unknown. E.g. `vim.o.statusline = "%f %= %{v:lua.require'interview_prep'.status()}"`.
function M.status()
  local s = M.summary()
  return (s and type(s.due) == 'number') and ('%d due'):format(s.due) or ''
end

local severities = {
  hint = vim.diagnostic.severity.HINT,
  information = vim.diagnostic.severity.INFO,
  warning = vim.diagnostic.severity.WARN,
  error = vim.diagnostic.severity.ERROR,
}

--- `value` (the global `signs` or `underline` option) shown only from `min` up; a function or
--- `false` stays as the user set it.
local function from_severity(value, min)
  if value == false or type(value) == 'function' then
    return value
  end
  local t = type(value) == 'table' and vim.deepcopy(value) or {}
  t.severity = min and { min = min } or nil
  return t
end

--- Marks are signal: a sign in the gutter and an underline only where a pitfall is (the
--- `pitfallSeverity` setting, warning by default), unless `concept_signs` is on. Concepts keep
--- their hints, for `]d`, hover and the lists. Set on our client's namespaces only, on top of
--- the user's global `vim.diagnostic.config()`.
---@param client vim.lsp.Client
function apply_diagnostic_config(client)
  local global = vim.diagnostic.config() or {}
  local min
  if not options.concept_signs then
    local setting = ((client.settings or {}).interviewPrep or {}).pitfallSeverity
    min = severities[setting] or vim.diagnostic.severity.WARN
  end
  for _, pull in ipairs({ false, true }) do
    local ns = vim.lsp.diagnostic.get_namespace(client.id, pull)
    vim.diagnostic.config({
      signs = from_severity(global.signs, min),
      underline = from_severity(global.underline, min),
    }, ns)
  end
end
M.apply_diagnostic_config = apply_diagnostic_config

---@param bufnr integer
local function refresh_lenses(bufnr)
  if options.codelens and vim.api.nvim_buf_is_loaded(bufnr) then
    vim.lsp.codelens.refresh({ bufnr = bufnr })
  end
end

---@param client vim.lsp.Client
---@param bufnr integer
function M.on_attach(client, bufnr)
  apply_diagnostic_config(client)
  if options.codelens and client:supports_method('textDocument/codeLens') then
    refresh_lenses(bufnr)
    vim.api.nvim_create_autocmd({ 'BufEnter', 'InsertLeave', 'TextChanged' }, {
      group = vim.api.nvim_create_augroup('interview_prep_lens_' .. bufnr, { clear = true }),
      buffer = bufnr,
      desc = 'interview-prep: refresh code lenses',
      callback = function()
        refresh_lenses(bufnr)
      end,
    })
  end
  refresh_due(client)
  if not timer then
    timer = assert(vim.uv.new_timer())
    timer:start(5 * 60 * 1000, 5 * 60 * 1000, vim.schedule_wrap(M.refresh_due))
  end
end

--- The server sent `interview-prep/progressChanged`: keep its summary for the statusline.
---@param client_id integer
---@param params interview_prep.ProgressChanged
function M.on_progress_changed(client_id, params)
  if type(params) == 'table' and type(params.summary) == 'table' then
    summaries[client_id] = params.summary
    vim.schedule(function()
      vim.cmd.redrawstatus({ bang = true })
    end)
  end
end

--- The server sent `workspace/codeLens/refresh`: progress or settings changed.
---@param client_id integer
function M.on_lens_refresh(client_id)
  local client = vim.lsp.get_client_by_id(client_id)
  if not client then
    return
  end
  vim.schedule(function()
    for bufnr in pairs(client.attached_buffers) do
      refresh_lenses(bufnr)
    end
    refresh_due(client)
  end)
end

return M
