"""Crash consistency: labctl killed with SIGKILL at any moment of a command that changes the lab
(a closed laptop, an OOM kill, a second Ctrl-C) leaves a lab that the next command mends.

Real Apache, the real CLI in its own process, killed at points drawn from a seeded generator
(reproducible) across the whole run of `up`, `scenario failover`, `verify` and `reset`.
"""

from __future__ import annotations

import json
import os
import pwd
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest

from embedded import httpd_pids, run_cli, write_lab_toml

# At least 100 kill points in CI; a developer may ask for more (or fewer, while iterating).
# They are dealt to four labs of their own, so that a parallel run (pytest -n) shares them out.
KILL_POINTS = int(os.environ.get("LABCTL_KILL_POINTS", "100"))
SHARES = 4
BUDGET_S = 900.0  # a runaway guard (bounded in time), far above the 3-4 min it takes
DESTROY_EVERY = 5  # every 5th kill point, the next commands are `destroy`, then `up`
COMMANDS = (["up"], ["scenario", "failover"], ["verify", "--json"], ["reset", "--stage", "full"])


def _assert_consistent(lab: Path, where: str) -> None:
    """Every host running, every member Ok, no journal left: the lab as `up` made it."""
    status = json.loads(run_cli("status", "--json", cwd=lab).stdout)
    assert all(h["running"] for h in status["hosts"]), where
    assert status["members"] and all(m["state"] == "ok" for m in status["members"]), where
    assert not (lab / ".labctl" / "restore.json").exists(), where


def _duration(argv: list[str], cwd: Path) -> float:
    start = time.monotonic()
    done = run_cli(*argv, cwd=cwd)
    assert done.returncode == 0, done.stdout + done.stderr
    return time.monotonic() - start


@pytest.mark.parametrize("share", range(SHARES))
def test_sigkill_at_any_point_is_mended_by_the_next_command(tmp_path: Path, share: int) -> None:
    lab = tmp_path / "lab"
    lab.mkdir()
    write_lab_toml(lab)
    rng = random.Random(20261125 + share)
    points = range(share, KILL_POINTS, SHARES)  # every kill point in exactly one share
    killed: dict[str, int] = {}
    try:
        assert run_cli("up", cwd=lab).returncode == 0
        durations = {" ".join(argv): _duration(argv, lab) for argv in COMMANDS}
        deadline = time.monotonic() + BUDGET_S
        for i, n in enumerate(points):
            assert time.monotonic() < deadline, f"only {i} kill points within {BUDGET_S} s"
            argv = COMMANDS[i % len(COMMANDS)]
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
            _assert_consistent(lab, f"kill point {n} in `labctl {name}`")
            if i % DESTROY_EVERY == DESTROY_EVERY - 1:
                # A lab a kill left behind is also destroyed whole: no httpd of it survives.
                gone = run_cli("destroy", cwd=lab)
                assert gone.returncode == 0, f"kill point {n}: {gone.stderr}"
                assert httpd_pids(str(tmp_path)) == [], f"kill point {n}: httpd left"
                assert not (lab / ".labctl").exists()
                assert run_cli("up", cwd=lab).returncode == 0
    finally:
        done = run_cli("destroy", cwd=lab)
    assert done.returncode == 0, done.stderr
    assert httpd_pids(str(tmp_path)) == [] and not (lab / ".labctl").exists()
    assert sum(killed.values()) == len(points)
    if len(points) >= len(COMMANDS):  # each command killed (fewer points: the first ones)
        assert set(killed) == {" ".join(argv) for argv in COMMANDS}


def test_lab_toml_settings_hold_for_every_later_command(tmp_path: Path) -> None:
    """The manager password lab.toml gives is the lab's for every command, not `up`'s alone;
    a changed lab.toml is applied by `up` or refused, never used half."""
    lab = tmp_path / "lab"
    lab.mkdir()
    write_lab_toml(lab, extra='\n[manager]\nuser = "guru"\npassword = "rahasia-1"\n')
    try:
        assert run_cli("up", cwd=lab).returncode == 0
        assert run_cli("credentials", cwd=lab).stdout.split() == ["guru", "rahasia-1"]
        assert run_cli("scenario", "manager-auth", cwd=lab).returncode == 0
        verify = run_cli("verify", "--json", cwd=lab)
        assert verify.returncode == 0, verify.stdout + verify.stderr

        toml = lab / "lab.toml"
        toml.write_text(toml.read_text().replace("rahasia-1", "rahasia-2"))
        refused = run_cli("status", cwd=lab)
        assert refused.returncode == 2 and "has changed since `labctl up`" in refused.stderr
        assert run_cli("up", cwd=lab).returncode == 0  # applies it: htpasswd and all
        assert run_cli("credentials", cwd=lab).stdout.split() == ["guru", "rahasia-2"]
        assert run_cli("scenario", "manager-auth", cwd=lab).returncode == 0

        # A change that needs a new lab is refused by `up`, and nothing changes.
        toml.write_text(toml.read_text().replace("127.0.", "127.1."))
        moved = run_cli("up", cwd=lab)
        assert moved.returncode == 2 and "changes local of a lab that exists" in moved.stderr
        toml.write_text(toml.read_text().replace("127.1.", "127.0."))

        # Run from deep inside the lab (where a student edits), `up` finds the lab: no second lab.
        inside = lab / ".labctl" / "hosts" / "loadbalancer" / "conf.d"
        again = run_cli("up", cwd=inside.resolve())
        assert again.returncode == 0 and f"lab in {lab}" in again.stderr
        assert not (inside / ".labctl").exists()
    finally:
        run_cli("destroy", cwd=lab)
    assert httpd_pids(str(tmp_path)) == []


def test_destroy_from_inside_the_lab_says_which_lab_it_removes(tmp_path: Path) -> None:
    """A student in conf.d/ who types `labctl destroy` removes the lab around it: said first."""
    lab = tmp_path / "lab"
    lab.mkdir()
    write_lab_toml(lab)
    try:
        assert run_cli("up", cwd=lab).returncode == 0
        inside = (lab / ".labctl" / "hosts" / "loadbalancer" / "conf.d").resolve()
        gone = run_cli("--lang", "en", "destroy", cwd=inside)
        assert gone.returncode == 0, gone.stderr
        assert gone.stderr.splitlines() == [f"labctl: lab in {lab}", "labctl: lab destroyed"]
    finally:
        run_cli("destroy", cwd=lab)
    assert httpd_pids(str(tmp_path)) == [] and not (lab / ".labctl").exists()


def test_grading_as_the_owner_runs_labctl_not_the_students_own_code(tmp_path: Path) -> None:
    """Root grades a student's lab by running labctl as the student, in the lab's directory:
    a `labctl/` package the student put there must not be what runs (it printed a perfect
    grade of its own)."""
    from labctl import control
    from labctl.errors import LabctlError
    from labctl.state import StateDir

    lab = tmp_path / "lab"
    (lab / ".labctl").mkdir(parents=True)
    (lab / ".labctl" / "lab.json").write_text("{}")  # no lab: real labctl says so
    forged = {
        "scenarios": [
            {"name": "verify", "title": "verify", "error": None,
             "checks": [{"id": "alternation", "title": "t", "passed": True, "expected": "",
                         "observed": ""}]}
        ]
    }  # fmt: skip
    (lab / "labctl").mkdir()
    (lab / "labctl" / "__init__.py").write_text("")
    (lab / "labctl" / "__main__.py").write_text(f"print({json.dumps(forged)!r})\n")
    owner = pwd.getpwuid(os.geteuid()).pw_name
    with pytest.raises(LabctlError, match=f"`labctl verify` as {owner}: "):
        sd = StateDir(lab / ".labctl")
        control.verify_as_owner(sd, owner, lang="en", user=None, password=None)
