#!/usr/bin/env bash
# The README's pictures of the notice and of the data map, taken in headless Chromium from the
# reference policy: docs/notice.png (the top of the HTML notice), docs/notice-recipients.png
# (one kind of recipient), docs/data-map.png (the SVG map). Needs scripts/setup/chromium.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
policy=policies/acme_dining.share
./target/debug/shareguard notice "$policy" --format html --out "$work/notice.html"
./target/debug/shareguard graph "$policy" --format svg --out "$work/data-map.svg"

shot() { node tests/browser/screenshot.mjs "$@"; }
shot "$work/notice.html" docs/notice.png 1000
shot "$work/notice.html" docs/notice-recipients.png 1000 "section.kind.partner"
shot "$work/data-map.svg" docs/data-map.png 1000
ls -l docs/notice.png docs/notice-recipients.png docs/data-map.png
