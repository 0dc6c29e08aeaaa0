"""Finding processes by what they are (labctl/procs.py): the scan of the machine's processes,
and the lab's httpd found by identity, never by what a pid file says."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
from pathlib import Path

import pytest

from labctl import procs

from embedded import httpd_pids, lab_tree, run_cli, up_lab


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="no /proc: ps is read instead")
def test_a_process_named_in_latin_1_does_not_stop_the_scan(tmp_path: Path) -> None:
    """Any user of a shared lab server may run a program whose name is no UTF-8; every other
    user's `labctl stop`/`destroy` scans all processes and must still work."""
    program = os.path.join(os.fsencode(tmp_path), b"caf\xe9")
    shutil.copy("/bin/sleep", program)
    odd = subprocess.Popen([program, "60"])
    try:
        found = {p.pid: p for p in procs.processes()}
        assert odd.pid in found and found[odd.pid].uid == os.getuid()
    finally:
        odd.kill()
        odd.wait()


def test_a_lying_pid_file_never_gets_another_process_signalled(
    tmp_path: Path, sleeper: int
) -> None:
    lab = tmp_path / "lab"
    up_lab(lab)
    pid_file = lab_tree(lab) / "server1" / "run" / "httpd.pid"
    real = int(pid_file.read_text())
    pid_file.write_text(f"{sleeper}\n")
    try:
        stop = run_cli("stop", "server1", cwd=lab)
        assert stop.returncode == 0, stop.stderr
        assert procs.alive([real]) == [], "the real httpd of server1 was left running"
        # A stale pid file naming a live unrelated process: `up` starts the host at once.
        pid_file.write_text(f"{sleeper}\n")
        up = run_cli("up", cwd=lab, timeout=20)
        assert up.returncode == 0, up.stderr
        status = json.loads(run_cli("status", "--json", cwd=lab).stdout)
        assert all(h["running"] for h in status["hosts"])
    finally:
        run_cli("destroy", cwd=lab)
    assert httpd_pids(str(tmp_path)) == []


def test_destroy_after_a_killed_parent_leaves_no_worker(tmp_path: Path) -> None:
    lab = tmp_path / "lab"
    up_lab(lab)
    tree = lab_tree(lab)
    parent = int((tree / "loadbalancer" / "run" / "httpd.pid").read_text())
    os.kill(parent, signal.SIGKILL)
    assert procs.wait_gone([procs.Proc(parent, 0, 0, ())], 5.0)
    assert httpd_pids(f"{tree}/loadbalancer/"), "Apache's workers outlive a SIGKILLed parent"
    done = run_cli("destroy", cwd=lab)
    assert done.returncode == 0, done.stderr
    assert httpd_pids(f"{tree}/") == []
