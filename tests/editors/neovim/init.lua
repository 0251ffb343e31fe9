--- The init.lua of the Neovim end-to-end tests: the plugin from editors/neovim on the
--- runtimepath, exactly as a native package install puts it, and nothing else. The server
--- binary comes from $INTERVIEW_PREP_BIN through the native override (specs may override it).

local root = vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h:h:h:h')
vim.opt.runtimepath:prepend(root .. '/editors/neovim')
vim.opt.swapfile = false
vim.opt.shortmess:append('I')
-- Keep every message: the tests read :messages.
vim.opt.messagesopt = 'hit-enter,history:1000'

if vim.env.INTERVIEW_PREP_BIN then
  vim.lsp.config('interview_prep', { cmd = { vim.env.INTERVIEW_PREP_BIN, 'serve' } })
end
