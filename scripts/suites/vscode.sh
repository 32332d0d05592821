#!/usr/bin/env bash
# The VS Code extension: its grammar tests, its client tests and its .vsix package.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash editors/vscode/ci.sh
