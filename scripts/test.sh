#!/usr/bin/env bash
# Install everything the tests need and run them: lint, then pytest against real Apache httpd,
# a real OpenSSH server, the real vagrant CLI and, where the machine can, real VMs.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-system.sh --test
if [[ $EUID -eq 0 && -f tests/vm/install.sh ]]; then bash tests/vm/install.sh; fi
[[ -x .venv/bin/pytest ]] || python3 -m venv .venv
.venv/bin/pip install -q --upgrade pip
.venv/bin/pip install -q -e '.[test]'
.venv/bin/ruff check labctl tests bench
.venv/bin/ruff format --check labctl tests bench
.venv/bin/mypy
.venv/bin/python -m pytest "$@"
