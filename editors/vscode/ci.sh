#!/usr/bin/env bash
# Everything CI needs for the VS Code extension, from a clean checkout: install the packages
# pinned in package-lock.json, run the tests, build the .vsix and check what is in it.
# Needs Node.js 20+ and npm; the npm registry is the only network it uses.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
start=$SECONDS

echo "== npm ci (editors/vscode)"
# No install scripts: none of these packages needs one (vsce's signing helper is not used).
npm ci --ignore-scripts --no-audit --no-fund

echo "== npm test"
npm test

echo "== vsce package"
version=$(node -p "require('./package.json').version")
vsix="shareguard-${version}.vsix"
rm -f shareguard-*.vsix
npx --no-install vsce package --out "$vsix"
node test/check-vsix.js "$vsix"

echo "vsix: $(pwd)/$vsix ($(wc -c < "$vsix" | tr -d ' ') bytes)"
echo "editors/vscode/ci.sh passed in $((SECONDS - start)) s"
