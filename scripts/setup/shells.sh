#!/usr/bin/env bash
# The shells whose completion scripts `tests/it/completions.rs` checks for syntax (`zsh -n`,
# `fish -n`; bash is already there), and groff, which `tests/it/man.rs` renders the man pages
# with to catch markup mistakes. From Debian's packages; about 20 s the first time.
# Idempotent: does nothing when all three are installed.
set -euo pipefail

missing=()
command -v zsh >/dev/null 2>&1 || missing+=(zsh)
command -v fish >/dev/null 2>&1 || missing+=(fish)
command -v groff >/dev/null 2>&1 || missing+=(groff-base)
if [ ${#missing[@]} -eq 0 ]; then
  echo "shells already installed: zsh, fish, groff"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "cannot install ${missing[*]}: apt-get is not available; install them by hand" >&2
  exit 1
fi
sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)
export DEBIAN_FRONTEND=noninteractive
if ! "${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null; then
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null
fi
echo "installed ${missing[*]}"
