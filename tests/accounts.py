"""The machine's account tools (useradd, usermod, userdel) for the tests' throwaway users.

In a parallel run (pytest -n) two workers may change /etc/passwd at the same moment; the loser
is told "cannot lock /etc/passwd; try again later" - so it tries again, for a while.
"""

from __future__ import annotations

import subprocess
import time

LOCKED_FOR = 30.0  # seconds another worker's useradd may hold the lock, at the most


def account_tool(*argv: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    deadline = time.monotonic() + LOCKED_FOR
    while True:
        done = subprocess.run(list(argv), capture_output=True, text=True, check=False)
        if done.returncode == 0 or "lock" not in done.stderr or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    if check and done.returncode != 0:
        raise AssertionError(f"{' '.join(argv)}: {done.stderr.strip()}")
    return done
