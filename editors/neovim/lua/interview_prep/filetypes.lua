--- Which buffers the server reads, by 'filetype'. The server decides what a file is (by its path,
--- then the filetype Neovim sends as the languageId, then for YAML by its content), so the plugin
--- only has to attach where something can be found. Neovim 0.11 gives Compose files, Kubernetes
--- manifests and CI workflows the filetype `yaml`; the compound `yaml.docker-compose`,
--- `yaml.github` and `yaml.gitlab` come from newer runtimes and filetype plugins. Plain YAML is
--- attached too (its content can make it a manifest) and stays quiet: the server leaves YAML
--- that is nothing it knows alone.

local M = {}

--- Every filetype the server reads.
M.all = { 'python', 'dockerfile', 'yaml', 'yaml.docker-compose', 'yaml.github', 'yaml.gitlab', 'sql' }

--- Whether the server reads buffers of this filetype: one of `all`, or any other compound YAML
--- filetype (`yaml.ansible`), which the server classifies by content like plain YAML. Any other
--- filetype would reach the server as a languageId it takes for Python.
---@param ft string
---@return boolean
function M.known(ft)
  return vim.list_contains(M.all, ft) or ft:match('^yaml%.[%w_-]+$') ~= nil
end

--- The user's list for `setup({ filetypes = ... })`: the filetypes the server reads, in the
--- user's order, and those it does not (to warn about).
---@param list string[]
---@return string[] kept, string[] dropped
function M.narrow(list)
  local kept, dropped = {}, {}
  for _, ft in ipairs(list) do
    table.insert(M.known(ft) and kept or dropped, ft)
  end
  return kept, dropped
end

return M
