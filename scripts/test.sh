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
if [[ $# -gt 0 ]]; then
  exec .venv/bin/python -m pytest "$@"
fi
# Most tests wait on Apache, sshd and the CLI rather than the CPU: shared out among workers
# (pytest-xdist; tests that share this machine's accounts or default place stay on one, see
# tests/conftest.py). The VM tests then run alone: QEMU wants both cores.
.venv/bin/python -m pytest -n "${LABCTL_TEST_WORKERS:-4}" --dist loadgroup -m "not vm"
.venv/bin/python -m pytest -m vm
