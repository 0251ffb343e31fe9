--- The interview-prep language server for Neovim's built-in client (0.11+): read by
--- `vim.lsp.config('interview_prep')`, started for Python buffers by `vim.lsp.enable`.
--- Override any field natively, e.g.
---   vim.lsp.config('interview_prep', { cmd = { '~/bin/interview-prep', 'serve' } })
---   vim.lsp.config('interview_prep', { settings = { interviewPrep = { conceptSeverity = 'information' } } })

---@type vim.lsp.Config
return {
  cmd = { 'interview-prep', 'serve' },
  filetypes = { 'python' },
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
  end,
  on_init = function(client)
    require('interview_prep').on_init(client)
  end,
  on_exit = function(code, signal, client_id)
    require('interview_prep').on_exit(code, signal, client_id)
  end,
  -- The server asks for a lens refresh when what the user knows changes; 0.11 does not handle
  -- that by itself.
  capabilities = { workspace = { codeLens = { refreshSupport = true } } },
  handlers = {
    ['workspace/codeLens/refresh'] = function(_, _, ctx)
      require('interview_prep').on_lens_refresh(ctx.client_id)
      return vim.NIL
    end,
    -- An answer was saved, a quiz ended, or another editor wrote the store (see
    -- lua/interview_prep/protocol.lua): the new summary comes with it.
    ['interview-prep/progressChanged'] = function(_, params, ctx)
      require('interview_prep').on_progress_changed(ctx.client_id, params)
    end,
  },
}
