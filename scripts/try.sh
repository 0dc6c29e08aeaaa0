#!/usr/bin/env bash
# A newcomer's first run: install what is needed, bring the embedded lab up (real Apache httpd
# processes on 127.0.43.71/.92/.65), and check every claim of the tutorial.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-system.sh
[[ -x .venv/bin/labctl ]] || {
    python3 -m venv .venv
    .venv/bin/pip install -q --upgrade pip
    .venv/bin/pip install -q -e .
}
.venv/bin/labctl up --provider local
.venv/bin/labctl scenario all
