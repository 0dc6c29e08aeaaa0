"""One command per lab (labctl/lock.py): commands started at the same moment on one lab run one
after another, and a command that finds the lab busy says which command holds it.

Through the real CLI on real Apache, as users run it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from labctl import lock

from embedded import error_line, httpd_pids, lab_tree, run_cli, up_lab, write_lab_toml


def _both(cwd: Path, *commands: list[str]) -> list[subprocess.CompletedProcess[str]]:
    """Several labctl commands started at the same moment on one lab."""
    started = [
        subprocess.Popen(
            [sys.executable, "-m", "labctl", *argv],
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for argv in commands
    ]
    results = []
    for proc, argv in zip(started, commands, strict=True):
        out, err = proc.communicate(timeout=120)
        results.append(subprocess.CompletedProcess(argv, proc.returncode, out, err))
    return results


def test_two_ups_at_once_make_one_lab(tmp_path: Path) -> None:
    lab = tmp_path / "lab"
    lab.mkdir()
    write_lab_toml(lab)
    try:
        first, second = _both(lab, ["up"], ["up"])
        assert first.returncode == 0 and second.returncode == 0, first.stderr + second.stderr
        assert "Traceback" not in first.stderr + second.stderr
        status = json.loads(run_cli("status", "--json", cwd=lab).stdout)
        assert all(h["running"] for h in status["hosts"])
    finally:
        run_cli("destroy", cwd=lab)
    assert httpd_pids(str(tmp_path)) == []


def test_scenario_and_verify_at_once_grade_as_alone(tmp_path: Path) -> None:
    lab = tmp_path / "lab"
    up_lab(lab)
    try:
        scenarios, verify = _both(lab, ["scenario", "all"], ["verify", "--json"])
        assert scenarios.returncode == 0, scenarios.stdout + scenarios.stderr
        assert verify.returncode == 0, verify.stdout + verify.stderr
        score = json.loads(verify.stdout)["score"]
        assert score["passed"] == score["total"]
    finally:
        run_cli("destroy", cwd=lab)


def test_a_busy_lab_says_which_command_holds_it(tmp_path: Path) -> None:
    lab = tmp_path / "lab"
    up_lab(lab)
    try:
        with lock.hold(lab / ".labctl", "scenario failover"):
            msg = error_line(run_cli("stop", "server1", cwd=lab, timeout=30))
        assert msg == (
            f"labctl: error: the lab is busy: `labctl scenario failover` (pid {os.getpid()}) "
            "is running on it; wait for it to finish"
        )
        # Released with the process: the next command runs at once.
        assert run_cli("stop", "server1", cwd=lab).returncode == 0
    finally:
        run_cli("destroy", cwd=lab)


def test_destroy_during_a_scenario_leaves_nothing_running(tmp_path: Path) -> None:
    lab = tmp_path / "lab"
    up_lab(lab)
    tree = lab_tree(lab)
    scenario, destroy = _both(lab, ["scenario", "failover"], ["destroy"])
    assert "Traceback" not in scenario.stderr + destroy.stderr
    if destroy.returncode != 0:  # it waited, then said the lab was busy: destroy again
        assert "the lab is busy" in destroy.stderr
        assert run_cli("destroy", cwd=lab).returncode == 0
    assert httpd_pids(f"{tree}/") == [] and not (lab / ".labctl").exists()
