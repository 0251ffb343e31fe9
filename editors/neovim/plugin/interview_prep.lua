--- Loaded once at startup: enables the `interview_prep` LSP config for Python, Dockerfile, YAML
--- and SQL buffers (lua/interview_prep/filetypes.lua, narrowed by `setup({ filetypes = ... })`)
--- unless `vim.g.interview_prep_autostart = false`, defines the user commands, and keeps code
--- lenses and the due count fresh. Everything heavier lives in `lua/interview_prep/` and loads lazily.

if vim.g.loaded_interview_prep then
  return
end
vim.g.loaded_interview_prep = true

if vim.fn.has('nvim-0.11') == 0 then
  vim.notify('interview-prep needs Neovim 0.11 or newer (:checkhealth interview_prep)', vim.log.levels.ERROR)
  return
end

if vim.g.interview_prep_autostart ~= false then
  vim.lsp.enable('interview_prep')
end

local command = vim.api.nvim_create_user_command
local function ip()
  return require('interview_prep.commands')
end

command('InterviewQuiz', function(o)
  ip().quiz(o.fargs[1], o.fargs[2])
end, {
  nargs = '*',
  desc = 'interview-prep: quiz on this file, the due cards, or a concept',
  complete = function(lead, line)
    return ip().complete_quiz(lead, line)
  end,
})

command('InterviewMock', function(o)
  ip().mock(o.fargs)
end, {
  nargs = '*',
  desc = 'interview-prep: a mock interview on this workspace (workspace [MINUTES]) or a topic; none: pick',
  complete = function(lead, line)
    return ip().complete_mock(lead, line)
  end,
})

command('InterviewConcepts', function(o)
  ip().concepts(o.fargs)
end, {
  nargs = '*',
  desc = "interview-prep: this file's concepts in the location list (workspace: quickfix; pick: a picker)",
  complete = function(lead, line)
    return require('interview_prep.concepts').complete(lead, line)
  end,
})

command('InterviewProgress', function()
  ip().progress()
end, { desc = 'interview-prep: cards due, streak, mastery per topic and the forecast, in a float' })

command('InterviewExplain', function(o)
  ip().explain(o.fargs[1])
end, {
  nargs = '?',
  desc = 'interview-prep: the full Q&A for the concept under the cursor (or the given id), in a float',
  complete = function(lead)
    return ip().complete_concepts(lead)
  end,
})

local group = vim.api.nvim_create_augroup('interview_prep', { clear = true })

vim.api.nvim_create_autocmd('FileType', {
  group = group,
  pattern = require('interview_prep.filetypes').all,
  desc = 'interview-prep: say once when the server binary cannot be run',
  callback = function(ev)
    require('interview_prep').check_cmd(ev.match)
  end,
})

-- Loaded lazily (e.g. lazy.nvim `ft = { 'python', ... }`): the FileType above already passed.
if vim.v.vim_did_enter == 1 and vim.bo.filetype ~= '' then
  require('interview_prep').check_cmd(vim.bo.filetype)
end

vim.api.nvim_create_autocmd('LspAttach', {
  group = group,
  desc = 'interview-prep: code lenses and the due count',
  callback = function(ev)
    local client = vim.lsp.get_client_by_id(ev.data.client_id)
    if client and client.name == 'interview_prep' then
      require('interview_prep').on_attach(client, ev.buf)
    end
  end,
})
