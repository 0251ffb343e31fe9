--- What the plugin's floating windows share: centred, bordered, titled scratch floats that
--- take the focus; Markdown drawn the way the LSP hover draws it (treesitter, markup concealed),
--- never the regex syntax's error highlights; `q`/<Esc> to close.

local M = {}

--- Markdown in `buf`: filetype markdown (so Markdown renderer plugins attach too) with
--- treesitter highlighting, which turns the regex syntax off. Without the parser, the regex
--- syntax stays, minus `markdownError`, which marks every `_` inside a word (`select_related`).
---@param buf integer
function M.markdown(buf)
  vim.bo[buf].filetype = 'markdown'
  if not pcall(vim.treesitter.start, buf, 'markdown') then
    vim.bo[buf].syntax = 'markdown'
    vim.api.nvim_buf_call(buf, function()
      vim.cmd('silent! syntax clear markdownError')
    end)
  end
end

--- Window options for reading wrapped Markdown: concealed markup (also on the cursor line),
--- wrapped at word boundaries, list items indented as a whole.
---@param win integer
function M.reading(win)
  local wo = vim.wo[win]
  wo.conceallevel = 2
  wo.concealcursor = 'nc'
  wo.wrap = true
  wo.linebreak = true
  wo.breakindent = true
  wo.breakindentopt = 'list:-1'
  wo.foldenable = false
  wo.spell = false
  wo.cursorline = false
  -- A column of air between the border and the text.
  wo.statuscolumn = ' '
end

--- `q` and <Esc> run `close` (default: close the window).
---@param buf integer
---@param win integer
---@param close? fun()
function M.close_keys(buf, win, close)
  close = close or function()
    pcall(vim.api.nvim_win_close, win, true)
  end
  for _, lhs in ipairs({ 'q', '<Esc>' }) do
    vim.keymap.set('n', lhs, close, { buffer = buf, nowait = true, silent = true, desc = 'interview-prep: close' })
  end
end

--- Markdown from the deck is wrapped at ~100 columns; a float wraps it again at its own width,
--- which leaves ragged lines. Joins each paragraph's and list item's lines into one (code
--- blocks, headings, list items and blank lines stay as they are).
---@param lines string[]
---@return string[]
function M.reflow(lines)
  local out, code = {}, false
  for _, line in ipairs(lines) do
    local prev = out[#out]
    if line:match('^%s*```') then
      code = not code
      table.insert(out, line)
    elseif code then
      table.insert(out, line)
    elseif
      prev
      and prev ~= ''
      and line ~= ''
      and not prev:match('^%s*```')
      and not prev:match('^#')
      and not line:match('^%s*[-*+] ')
      and not line:match('^%s*%d+[.)] ')
      and not line:match('^#')
      and not line:match('^%s*[>|]')
    then
      out[#out] = prev .. ' ' .. vim.trim(line)
    else
      table.insert(out, line)
    end
  end
  return out
end

--- Width for a float: `want` columns, at most the editor's width less a margin.
---@param want integer
---@return integer
function M.width(want)
  return math.max(20, math.min(want, vim.o.columns - 4))
end

--- The rows the window's text takes once wrapped (at least 1), at most `max`.
---@param win integer
---@param max integer
---@return integer
function M.text_height(win, max)
  local ok, h = pcall(vim.api.nvim_win_text_height, win, {})
  local rows = ok and h.all or vim.api.nvim_buf_line_count(vim.api.nvim_win_get_buf(win))
  return math.max(1, math.min(rows, max))
end

--- Height a float may take: the editor's lines less the command line, status line and border.
---@return integer
function M.max_height()
  return math.max(3, vim.o.lines - vim.o.cmdheight - 4)
end

--- The border for our floats: the user's 'winborder' when it draws one, else rounded (a title
--- needs a border).
---@return string
function M.border()
  local b = vim.o.winborder
  return (b ~= nil and b ~= '' and b ~= 'none') and b or 'rounded'
end

--- Centres the float `win` in the editor at `width` columns, as high as its wrapped text.
---@param win integer
---@param width integer
function M.centre(win, width)
  vim.api.nvim_win_set_width(win, width)
  local height = M.text_height(win, M.max_height())
  vim.api.nvim_win_set_config(win, {
    relative = 'editor',
    width = width,
    height = height,
    row = math.max(0, math.floor((vim.o.lines - vim.o.cmdheight - height - 2) / 2)),
    col = math.max(0, math.floor((vim.o.columns - width - 2) / 2)),
  })
end

--- A Markdown code fence for `text` shown as is: longer than any run of backticks in it, so
--- nothing in the text (a user's answer, a report) can close the block early.
---@param text string
---@return string
function M.fence(text)
  local longest = 2
  for run in (text or ''):gmatch('`+') do
    longest = math.max(longest, #run)
  end
  return string.rep('`', longest + 1)
end

--- Two bordered floats stacked and centred in `avail` screen rows: the upper wants `want1` rows of
--- text, the lower `want2`. The lower keeps at least 3 rows (less only on a tiny screen); the
--- upper takes what is left and scrolls when both do not fit.
---@param avail integer screen rows for both, borders included
---@param want1 integer
---@param want2 integer
---@return integer row1, integer height1, integer row2, integer height2
function M.stack(avail, want1, want2)
  local room = math.max(2, avail - 4) -- each float has a top and a bottom border
  local h2 = math.max(1, math.min(want2, math.max(3, room - 3), room - 1))
  local h1 = math.max(1, math.min(want1, room - h2))
  local top = math.max(0, math.floor((avail - (h1 + h2 + 4)) / 2))
  return top, h1, top + h1 + 2, h2
end

local open_by_name = {} -- name → the float of that name still open

--- Shows `lines` in a centred float that takes the focus, in a scratch buffer wiped on close;
--- `q` and <Esc> close it. A float of the same `name` still open is replaced.
---@param lines string[]
---@param opts { name: string, title: string, width: integer, markdown?: boolean }
---@return integer buf, integer win
function M.open(lines, opts)
  local old = open_by_name[opts.name]
  if old and vim.api.nvim_win_is_valid(old) then
    vim.api.nvim_win_close(old, true)
  end
  local buf = vim.api.nvim_create_buf(false, true)
  vim.bo[buf].bufhidden = 'wipe'
  vim.bo[buf].swapfile = false
  vim.api.nvim_buf_set_lines(buf, 0, -1, false, lines)
  vim.bo[buf].modifiable = false
  vim.bo[buf].modified = false
  local width = M.width(opts.width)
  local win = vim.api.nvim_open_win(buf, true, {
    relative = 'editor',
    width = width,
    height = 1,
    row = 0,
    col = 0,
    style = 'minimal',
    border = M.border(),
    title = (' %s '):format(opts.title),
    footer = ' q close ',
    footer_pos = 'right',
    zindex = 55,
  })
  open_by_name[opts.name] = win
  if opts.markdown then
    M.reading(win)
    M.markdown(buf)
    -- Concealed code fences take no row once drawn.
    vim.cmd.redraw()
  else
    vim.wo[win].wrap = false
    vim.wo[win].statuscolumn = ' '
  end
  M.centre(win, width)
  M.close_keys(buf, win)
  return buf, win
end

return M
