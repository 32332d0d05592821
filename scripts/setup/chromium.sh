#!/usr/bin/env bash
# Headless Chromium and the npm packages that drive it, for the notice's accessibility check
# (tests/it/notice.rs runs axe-core in it) and for scripts/screenshots.sh.
#
# - Debian's `chromium` package (apt-get): the browser is never downloaded by a test tool.
# - tests/browser/node_modules from tests/browser/package-lock.json (`npm ci`): axe-core,
#   playwright-core, which drives the system browser and downloads nothing, and mermaid, whose
#   browser bundle checks that the Mermaid maps draw.
# Idempotent: each step is skipped when what it installs is already there.
set -euo pipefail
cd "$(dirname "$0")/../.."

apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "$@" >/dev/null
}

command -v chromium >/dev/null 2>&1 || { echo "installing Debian's chromium"; apt_install chromium; }
command -v node >/dev/null 2>&1 || { echo "installing Debian's nodejs and npm"; apt_install nodejs npm; }
# (Debian's chromium wrapper prints a harmless shell warning on some machines: hidden.)
chromium --version 2>/dev/null

# npm ci again only when the lock file changed since the last install.
browser=tests/browser
stamp="$browser/node_modules/.installed-from-lock"
lock_sum=$(sha256sum "$browser/package-lock.json" | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$lock_sum" ]; then
  echo "installing tests/browser's npm packages"
  (cd "$browser" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$lock_sum" >"$stamp"
fi
node -e 'for (const p of ["axe-core", "playwright-core", "mermaid"])
  console.log(p, require(`./tests/browser/node_modules/${p}/package.json`).version)'
