"""Crash consistency: labctl killed with SIGKILL at any moment of a command that changes the lab
(a closed laptop, an OOM kill, a second Ctrl-C) leaves a lab that the next command mends.

Real Apache, the real CLI in its own process, killed at points drawn from a seeded generator
(reproducible) across the whole run of `up`, `scenario failover`, `verify` and `reset`.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

from embedded import httpd_pids, run_cli, write_lab_toml

# At least 100 kill points in CI; a developer may ask for more (or fewer, while iterating).
KILL_POINTS = int(os.environ.get("LABCTL_KILL_POINTS", "100"))
BUDGET_S = 420.0  # bounded in time: the test stops drawing kill points after this
COMMANDS = (["up"], ["scenario", "failover"], ["verify", "--json"], ["reset", "--stage", "full"])


def _duration(argv: list[str], cwd: Path) -> float:
    start = time.monotonic()
    done = run_cli(*argv, cwd=cwd)
    assert done.returncode == 0, done.stdout + done.stderr
    return time.monotonic() - start


def test_sigkill_at_any_point_is_mended_by_the_next_command(tmp_path: Path) -> None:
    lab = tmp_path / "lab"
    lab.mkdir()
    write_lab_toml(lab)
    rng = random.Random(20261125)
    killed: dict[str, int] = {}
    try:
        assert run_cli("up", cwd=lab).returncode == 0
        durations = {" ".join(argv): _duration(argv, lab) for argv in COMMANDS}
        deadline = time.monotonic() + BUDGET_S
        for n in range(KILL_POINTS):
            assert time.monotonic() < deadline, f"only {n} kill points within {BUDGET_S} s"
            argv = COMMANDS[n % len(COMMANDS)]
            name = " ".join(argv)
            proc = subprocess.Popen(
                [sys.executable, "-m", "labctl", *argv],
                cwd=lab, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )  # fmt: skip
            time.sleep(rng.uniform(0.0, durations[name]))
            proc.kill()
            proc.wait()
            killed[name] = killed.get(name, 0) + 1
            # The next command puts the lab back first, then does its own job in full.
            after = run_cli("scenario", "alternation", "--json", cwd=lab)
            assert after.returncode == 0, (
                f"kill point {n} in `labctl {name}`: {after.stdout}{after.stderr}"
            )
            assert "Traceback" not in after.stderr
        status = json.loads(run_cli("status", "--json", cwd=lab).stdout)
        assert all(h["running"] for h in status["hosts"])
        assert status["members"] and all(m["state"] == "ok" for m in status["members"])
        assert not (lab / ".labctl" / "restore.json").exists()
    finally:
        done = run_cli("destroy", cwd=lab)
    assert done.returncode == 0, done.stderr
    assert httpd_pids(str(tmp_path)) == [] and not (lab / ".labctl").exists()
    assert sum(killed.values()) == KILL_POINTS
