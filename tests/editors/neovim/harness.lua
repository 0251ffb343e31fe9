--- A tiny test harness for Neovim run headless: named checks, skips with a reason, waits on a
--- condition (never a bare sleep), and an exit code. Writes "ok"/"not ok"/"skip" lines and a
--- closing "N passed, N failed, N skipped" line to $NVIM_TEST_RESULTS (else stdout), apart from
--- whatever Neovim itself prints.

local H = { passed = 0, failed = 0, skipped = 0 }

local sink = vim.env.NVIM_TEST_RESULTS and assert(io.open(vim.env.NVIM_TEST_RESULTS, 'a')) or io.stdout

local function out(line)
  sink:write(line .. '\n')
  sink:flush()
end

--- Waits until `cond()` returns a truthy value, processing events meanwhile; errors on timeout.
---@param what string what is awaited, for the error message
---@param cond fun(): any
---@param timeout_ms? integer
function H.wait_for(what, cond, timeout_ms)
  local value
  local ok = vim.wait(timeout_ms or 20000, function()
    value = cond()
    return value ~= nil and value ~= false
  end, 50)
  if not ok then
    error('timed out waiting for ' .. what, 2)
  end
  return value
end

function H.assert(cond, msg, ...)
  if not cond then
    error(select('#', ...) > 0 and msg:format(...) or msg, 2)
  end
  return cond
end

function H.contains(haystack, needle, what)
  if not haystack:find(needle, 1, true) then
    error(('%s does not contain %q:\n%s'):format(what or 'text', needle, haystack), 2)
  end
end

--- Runs one named check; a failure is reported and the run goes on.
function H.check(name, fn)
  local t0 = vim.uv.hrtime()
  local ok, err = xpcall(fn, debug.traceback)
  local ms = math.floor((vim.uv.hrtime() - t0) / 1e6)
  if ok then
    H.passed = H.passed + 1
    out(('ok - %s (%d ms)'):format(name, ms))
  else
    H.failed = H.failed + 1
    out(('not ok - %s\n%s'):format(name, tostring(err):gsub('\n', '\n    ')))
  end
  return ok
end

function H.skip(name, reason)
  H.skipped = H.skipped + 1
  out(('skip - %s: %s'):format(name, reason))
end

--- Everything echoed to the message history so far (what `:messages` shows).
function H.messages()
  return vim.api.nvim_exec2('messages', { output = true }).output
end

function H.count(text, needle)
  local n, from = 0, 1
  while true do
    local i = text:find(needle, from, true)
    if not i then
      return n
    end
    n, from = n + 1, i + #needle
  end
end

function H.finish()
  out(('%s: %d passed, %d failed, %d skipped'):format(H.name or 'neovim', H.passed, H.failed, H.skipped))
  vim.cmd((H.failed == 0 and 'qa!' or 'cquit! 1'))
end

return H
