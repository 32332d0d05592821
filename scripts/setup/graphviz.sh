#!/usr/bin/env bash
# Graphviz, for the test that `shareguard graph --format dot` is DOT that Graphviz draws
# (tests/it/graph.rs). shareguard itself never needs it: its SVG map is laid out by itself.
# Idempotent.
set -euo pipefail
if ! command -v dot >/dev/null 2>&1; then
  echo "installing Debian's graphviz"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq graphviz >/dev/null
fi
dot -V
