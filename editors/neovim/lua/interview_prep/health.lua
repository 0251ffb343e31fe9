--- :checkhealth interview_prep — Neovim version, the server binary and its version, the LSP
--- config and attached clients, what the server offers, how quizzes and floats are drawn (and
--- whether answer mode is on), and whether the data dir is writable.

local M = {}

local health = vim.health

local function data_dir()
  local settings = ((vim.lsp.config.interview_prep or {}).settings or {}).interviewPrep or {}
  if type(settings.dataDir) == 'string' and settings.dataDir ~= '' then
    return vim.fn.expand(settings.dataDir), 'setting interviewPrep.dataDir'
  end
  if vim.env.INTERVIEW_PREP_DATA and vim.env.INTERVIEW_PREP_DATA ~= '' then
    return vim.env.INTERVIEW_PREP_DATA, '$INTERVIEW_PREP_DATA'
  end
  local base = vim.env.XDG_DATA_HOME
  if not base or base == '' then
    base = vim.fs.joinpath(vim.env.HOME or vim.fn.expand('~'), '.local', 'share')
  end
  return vim.fs.joinpath(base, 'interview-prep'), 'default'
end

local function check_neovim()
  local v = vim.version()
  local text = ('Neovim %d.%d.%d'):format(v.major, v.minor, v.patch)
  if vim.fn.has('nvim-0.11') == 1 then
    health.ok(text)
  else
    health.error(text .. ': interview-prep needs 0.11 or newer (vim.lsp.config / vim.lsp.enable)')
  end
end

local function check_binary()
  local cmd = require('interview_prep').cmd()
  if not cmd then
    health.error('no `cmd` in the interview_prep LSP config', { "vim.lsp.config('interview_prep', { cmd = { 'interview-prep', 'serve' } })" })
    return
  end
  local bin = cmd[1]
  if vim.fn.executable(bin) == 0 then
    health.error(('server `%s` not found or not executable'):format(bin), {
      'Install it: `pipx install .` (or `uv tool install .`) in a clone of the interview-prep repository; '
        .. 'both put it in ~/.local/bin. With Rust: `cargo install --locked --path server`',
      'Installed with `pip install .` into a virtualenv? Start Neovim with that virtualenv active, or give its path',
      "Set its path: vim.lsp.config('interview_prep', { cmd = { '/path/to/venv/bin/interview-prep', 'serve' } })",
    })
    return
  end
  local ok, out = pcall(function()
    return vim.system({ bin, '--version' }, { text = true }):wait(5000)
  end)
  local version = ok and out.code == 0 and (out.stdout or ''):match('^interview%-prep%s+(%S+)')
  if version then
    health.ok(('server: interview-prep %s (%s)'):format(version, vim.fn.exepath(bin)))
  else
    health.error(('`%s --version` did not answer as interview-prep'):format(bin), {
      'Check that the path points at the interview-prep binary',
    })
  end
end

local function check_clients()
  if not vim.lsp.is_enabled('interview_prep') then
    health.warn('the interview_prep config is not enabled', {
      "vim.lsp.enable('interview_prep'), or remove `vim.g.interview_prep_autostart = false`",
    })
  else
    local filetypes = (vim.lsp.config.interview_prep or {}).filetypes or {}
    health.ok(('LSP config `interview_prep` is enabled for filetypes: %s'):format(table.concat(filetypes, ', ')))
  end
  local clients = vim.lsp.get_clients({ name = 'interview_prep' })
  if #clients == 0 then
    health.info('no interview_prep client running (one starts when a file of those filetypes is opened)')
    return
  end
  for _, client in ipairs(clients) do
    local bufs = vim.tbl_count(client.attached_buffers)
    health.ok(('client %d attached to %d buffer%s (root: %s)'):format(client.id, bufs, bufs == 1 and '' or 's', client.root_dir or 'none'))
    local provider = client.server_capabilities.executeCommandProvider
    local offered = type(provider) == 'table' and provider.commands or {}
    local missing = {}
    for _, command in pairs(require('interview_prep').commands) do
      if not vim.list_contains(offered, command) then
        table.insert(missing, command)
      end
    end
    table.sort(missing)
    if #missing == 0 then
      health.ok('the server offers every command the plugin uses')
    else
      health.info('this server version does not offer: ' .. table.concat(missing, ', ') .. ' (update interview-prep to use them)')
    end
  end
end

local function check_data_dir()
  local dir, from = data_dir()
  if vim.fn.isdirectory(dir) == 1 then
    if vim.fn.filewritable(dir) == 2 then
      health.ok(('data dir %s is writable (%s)'):format(dir, from))
    else
      health.error(('data dir %s is not writable (%s)'):format(dir, from), { 'Fix its permissions, or set $INTERVIEW_PREP_DATA' })
    end
    return
  end
  -- Not created yet: the server makes it on the first review; its nearest existing parent must be writable.
  local parent = vim.fs.dirname(dir)
  while parent and vim.fn.isdirectory(parent) == 0 do
    parent = vim.fs.dirname(parent)
  end
  if parent and vim.fn.filewritable(parent) == 2 then
    health.ok(('data dir %s will be created on the first review (%s)'):format(dir, from))
  else
    health.error(('data dir %s cannot be created (%s)'):format(dir, from), { 'Set $INTERVIEW_PREP_DATA to a writable directory' })
  end
end

local function check_ui()
  if require('interview_prep').options().quiz_panel then
    health.ok('quizzes open in a floating window')
    local settings = ((vim.lsp.config.interview_prep or {}).settings or {}).interviewPrep or {}
    local mode = settings.quizMode or (type(settings.quiz) == 'table' and settings.quiz.mode) or 'flashcard'
    if mode == 'answer' then
      health.ok('answer mode: answers are written in a scratch buffer below the question and graded (quizMode = answer)')
    else
      health.info(('quizzes ask %s; answer mode (write the answer, see the key points made and missed) is quizMode = \'answer\'; '
        .. ':InterviewMock workspace always asks that way'):format(mode == 'choice' and 'multiple choice' or 'flashcards'))
    end
  else
    health.info('quizzes ask through vim.ui.select (setup({ quiz_panel = false })): no answer mode, which needs the float')
  end
  if pcall(vim.treesitter.language.add, 'markdown') then
    health.ok('floats draw Markdown with treesitter')
  else
    health.info('no treesitter parser for markdown: floats use the regex Markdown syntax')
  end
end

function M.check()
  health.start('interview-prep')
  check_neovim()
  check_binary()
  check_clients()
  check_ui()
  check_data_dir()
end

return M
