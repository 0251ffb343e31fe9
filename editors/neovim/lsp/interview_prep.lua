--- The interview-prep language server for Neovim's built-in client (0.11+): read by
--- `vim.lsp.config('interview_prep')`, started by `vim.lsp.enable` for Python, Dockerfile, YAML
--- (Compose, Kubernetes, CI workflows) and SQL buffers (lua/interview_prep/filetypes.lua).
--- Override any field natively, e.g.
---   vim.lsp.config('interview_prep', { cmd = { '~/bin/interview-prep', 'serve' } })
---   vim.lsp.config('interview_prep', { filetypes = { 'python', 'dockerfile' } })
---   vim.lsp.config('interview_prep', { settings = { interviewPrep = { conceptSeverity = 'information' } } })

local protocol = require('interview_prep.protocol')
local quiz_panel = protocol.quiz_panel_capability
local quiz_answers = protocol.quiz_answers_capability

---@type vim.lsp.Config
return {
  cmd = { 'interview-prep', 'serve' },
  filetypes = vim.deepcopy(require('interview_prep.filetypes').all),
  root_markers = { '.interview-prep.toml', 'pyproject.toml', 'setup.py', 'setup.cfg', 'requirements.txt', '.git' },
  -- The same shape VS Code sends: { interviewPrep = { conceptSeverity = ..., quiz = { mode = ... } } }.
  settings = {},
  -- The server reads its settings from the initialization options too, so they apply to the
  -- very first diagnostics. An empty table would be sent as a JSON list: leave it out.
  before_init = function(params, config)
    local settings = (config.settings or {}).interviewPrep
    if type(settings) == 'table' and next(settings) ~= nil then
      params.initializationOptions = settings
    end
    -- setup({ quiz_panel = false }): the quiz stays in vim.ui.select prompts, so the panel
    -- capabilities are not declared at all (a prompt cannot take a written answer either).
    local ours = vim.tbl_get(params.capabilities or {}, 'experimental', 'interviewPrep')
    if ours and not require('interview_prep').options().quiz_panel then
      params.capabilities = vim.deepcopy(params.capabilities)
      local experimental = params.capabilities.experimental
      experimental.interviewPrep[quiz_panel] = nil
      experimental.interviewPrep[quiz_answers] = nil
      if next(experimental.interviewPrep) == nil then
        experimental.interviewPrep = nil
      end
      if next(experimental) == nil then
        params.capabilities.experimental = nil
      end
    end
  end,
  on_init = function(client)
    require('interview_prep').on_init(client)
  end,
  on_exit = function(code, signal, client_id)
    require('interview_prep').on_exit(code, signal, client_id)
  end,
  capabilities = {
    -- The server asks for a lens refresh when what the user knows changes; 0.11 does not handle
    -- that by itself.
    workspace = { codeLens = { refreshSupport = true } },
    -- Quizzes in a floating window (lua/interview_prep/quiz.lua): the server sends
    -- interview-prep/quiz instead of window/showMessageRequest prompts. The float takes written
    -- answers in a scratch buffer, so answer mode (quizMode = 'answer') reaches it too.
    experimental = { interviewPrep = { [quiz_panel] = true, [quiz_answers] = true } },
  },
  handlers = {
    ['workspace/codeLens/refresh'] = function(_, _, ctx)
      require('interview_prep').on_lens_refresh(ctx.client_id)
      return vim.NIL
    end,
    -- An answer was saved, a quiz ended, or another editor wrote the store (see
    -- lua/interview_prep/protocol.lua): the new summary comes with it.
    [protocol.notifications.progress_changed] = function(_, params, ctx)
      require('interview_prep').on_progress_changed(ctx.client_id, params)
    end,
    -- A quiz started, in our panel: its first state.
    [protocol.notifications.quiz] = function(_, params, ctx)
      require('interview_prep.quiz').start(ctx.client_id, params)
    end,
  },
}
