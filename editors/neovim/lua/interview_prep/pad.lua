--- The writing pad of answer mode: a scratch buffer (buftype=nofile, filetype=markdown) in a
--- float below the question, where the user writes an answer with the editor's own keys. It
--- starts in insert mode. <C-s> (insert and normal mode) and <CR> (normal mode) submit; `gs`
--- skips; `q` stops the quiz. Skipping or stopping with something written asks first; closing
--- the window any other way keeps what was written in the unnamed register and says so. <Esc>
--- only leaves insert mode, as everywhere.

local M = {}

---@class interview_prep.Pad
---@field buf integer
---@field win integer
---@field key string the state the pad was opened for ("index:stage")
---@field done boolean closed on purpose (submitted, skipped, stopped): nothing to keep

--- What the pad holds, as one string; trailing blank lines and spaces dropped.
---@param pad interview_prep.Pad
---@return string
function M.text(pad)
  if not vim.api.nvim_buf_is_valid(pad.buf) then
    return ''
  end
  local lines = vim.api.nvim_buf_get_lines(pad.buf, 0, -1, false)
  return (table.concat(lines, '\n'):gsub('%s+$', ''))
end

--- Whether anything but white space was written.
---@param text string
---@return boolean
function M.has_draft(text)
  return text:find('%S') ~= nil
end

--- Asks before throwing away what was written: true to go ahead. `what` says what happens
--- ("Stop the quiz", "Skip this question").
---@param what string
---@return boolean
function M.confirm_discard(what)
  local choice = vim.fn.confirm(('%s? What you wrote is not sent.'):format(what), '&Keep writing\n&' .. what, 1, 'Question')
  return choice == 2
end

--- Keeps an unsent answer where `p` puts it back, and says so.
---@param text string
function M.keep(text)
  vim.fn.setreg('"', text, 'l')
  vim.notify('interview-prep: the answer you had not sent is in the unnamed register: p puts it back', vim.log.levels.WARN)
end

--- Closes the pad on purpose (its text was sent, or the user chose to drop it).
---@param pad? interview_prep.Pad
function M.close(pad)
  if not pad then
    return
  end
  pad.done = true
  if vim.api.nvim_win_is_valid(pad.win) then
    if vim.api.nvim_get_current_win() == pad.win then
      vim.cmd.stopinsert()
    end
    pcall(vim.api.nvim_win_close, pad.win, true)
  end
end

---@class interview_prep.PadOpts
---@field key string
---@field title string
---@field footer string
---@field width integer
---@field on_submit fun(text: string)
---@field on_skip fun()
---@field on_stop fun()
---@field on_code fun()
---@field on_closed fun(text: string) the window was closed another way (`:q`, `<C-w>c`)

--- Opens the pad below where the question float is (placed for real by the caller), focuses
--- it and starts insert mode.
---@param opts interview_prep.PadOpts
---@return interview_prep.Pad
function M.open(opts)
  local buf = vim.api.nvim_create_buf(false, true)
  vim.bo[buf].buftype = 'nofile'
  vim.bo[buf].bufhidden = 'wipe'
  vim.bo[buf].swapfile = false
  local win = vim.api.nvim_open_win(buf, true, {
    relative = 'editor',
    width = opts.width,
    height = 6,
    row = 1,
    col = 1,
    style = 'minimal',
    border = require('interview_prep.float').border(),
    title = { { (' %s '):format(opts.title), 'FloatTitle' } },
    title_pos = 'left',
    footer = { { opts.footer, 'FloatFooter' } },
    footer_pos = 'right',
    zindex = 61,
  })
  local wo = vim.wo[win]
  wo.wrap = true
  wo.linebreak = true
  wo.breakindent = true
  wo.statuscolumn = ' '
  -- What is typed shows as typed (the question float above conceals Markdown; not here).
  wo.conceallevel = 0
  wo.foldenable = false
  -- Set after the window shows it, so the user's markdown ftplugins see a buffer in its window;
  -- treesitter, or the regex syntax without its `_`-in-a-word errors (select_related).
  require('interview_prep.float').markdown(buf)

  ---@type interview_prep.Pad
  local pad = { buf = buf, win = win, key = opts.key, done = false }

  local function submit()
    if pad.done then
      return
    end
    if vim.api.nvim_get_mode().mode:sub(1, 1) == 'i' then
      vim.cmd.stopinsert()
    end
    opts.on_submit(M.text(pad))
  end
  local function leave(what, fn)
    return function()
      if pad.done then
        return
      end
      if M.has_draft(M.text(pad)) and not M.confirm_discard(what) then
        return
      end
      fn()
    end
  end
  local function map(modes, lhs, fn, desc)
    vim.keymap.set(modes, lhs, fn, { buffer = buf, nowait = true, silent = true, desc = 'interview-prep answer: ' .. desc })
  end
  map({ 'n', 'i' }, '<C-s>', submit, 'submit')
  map('n', '<CR>', submit, 'submit')
  map('n', 'gs', leave('Skip this question', opts.on_skip), 'skip')
  map('n', 'q', leave('Stop the quiz', opts.on_stop), 'stop the quiz')
  map('n', 'gd', opts.on_code, 'open the line of code')

  vim.api.nvim_create_autocmd('WinClosed', {
    pattern = tostring(win),
    once = true,
    desc = 'interview-prep: keep an unsent answer',
    callback = function()
      if pad.done then
        return
      end
      pad.done = true
      -- The buffer is wiped once the window is gone: read it now.
      local text = M.text(pad)
      vim.schedule(function()
        opts.on_closed(text)
      end)
    end,
  })
  vim.cmd.startinsert()
  return pad
end

return M
