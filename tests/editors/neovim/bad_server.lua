--- Neovim with a broken server path: a missing binary and a binary that is not interview-prep
--- each give one error that says what to do, however many Python files are opened, and no
--- client keeps restarting. The path comes in through the optional setup().

local here = vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h')
local H = dofile(here .. '/harness.lua')
H.name = 'neovim bad server'
local root = vim.fn.fnamemodify(here, ':h:h:h')
local views = root .. '/tests/editors/workspace/shop/views.py'

local notes = {}
local notify = vim.notify
vim.notify = function(msg, level, opts)
  table.insert(notes, { msg = msg, level = level })
  return notify(msg, level, opts)
end

local function errors_matching(pattern)
  return vim.tbl_filter(function(n)
    return n.level == vim.log.levels.ERROR and n.msg:find(pattern, 1, true)
  end, notes)
end

local function open_python(path)
  vim.cmd.edit(vim.fn.fnameescape(path))
end

H.check('a missing binary: one error naming the fix, no client', function()
  require('interview_prep').setup({ server_path = '/nonexistent/interview-prep' })
  open_python(views)
  local scratch = vim.fn.tempname() .. '.py'
  vim.fn.writefile({ 'def f(xs=[]):', '    return xs' }, scratch)
  open_python(scratch)
  local errs = H.wait_for('the error', function()
    local e = errors_matching('cannot run the server `/nonexistent/interview-prep`')
    return #e > 0 and e
  end)
  H.assert(#errs == 1, '%d errors', #errs)
  H.contains(errs[1].msg, '`pipx install .`', 'error')
  H.contains(errs[1].msg, ':help interview_prep-install', 'error')
  H.assert(#vim.lsp.get_clients({ name = 'interview_prep' }) == 0, 'a client started')
end)

H.check('checkhealth names the missing binary as an error with advice', function()
  vim.cmd('checkhealth interview_prep')
  local text = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), '\n')
  H.contains(text, 'ERROR server `/nonexistent/interview-prep` not found or not executable', 'health')
  H.contains(text, '`pipx install .`', 'health')
  H.contains(text, 'virtualenv', 'health')
  vim.cmd('tabclose')
end)

H.check('a binary that is not interview-prep: one error, no restart loop', function()
  local fake = vim.fn.tempname()
  vim.fn.writefile({ '#!/bin/sh', 'echo "not a language server" >&2', 'exit 3' }, fake)
  vim.uv.fs_chmod(fake, 493) -- 0755
  require('interview_prep').setup({ server_path = fake })
  vim.cmd('bufdo edit')
  local errs = H.wait_for('the error', function()
    local e = errors_matching('exited (code 3) before it started')
    return #e > 0 and e
  end)
  H.wait_for('every started client to exit', function()
    return #vim.lsp.get_clients({ name = 'interview_prep', _uninitialized = true }) == 0
  end)
  -- Open one more Python file: the plugin turned itself off, so nothing starts or repeats.
  local another = vim.fn.tempname() .. '.py'
  vim.fn.writefile({ 'import pickle' }, another)
  open_python(another)
  H.assert(#vim.lsp.get_clients({ name = 'interview_prep', _uninitialized = true }) == 0, 'a client started again')
  errs = errors_matching('before it started')
  H.assert(#errs == 1, '%d errors: %s', #errs, vim.inspect(errs))
  H.contains(errs[1].msg, ':checkhealth interview_prep', 'error')
  H.assert(not vim.lsp.is_enabled('interview_prep'), 'the config is still enabled')
end)

H.finish()
