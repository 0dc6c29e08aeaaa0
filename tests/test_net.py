"""Places on loopback (labctl/net.py) as a shared lab server sees them: a lab keeps its place,
or gets one of its own when another lab holds it."""

from __future__ import annotations

import json
import socket
from pathlib import Path

from embedded import httpd_pids, run_cli


def test_a_stopped_lab_whose_place_was_taken_meanwhile_moves(tmp_path: Path) -> None:
    """andi's lab is down; budi's first `up` takes the default place; andi's `up` must not tell
    andi to stop budi's lab: it moves to a place of its own and says so."""
    with socket.socket() as probe:  # a port no other test's lab uses: the default subnet is ours
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    andi, budi = tmp_path / "andi", tmp_path / "budi"
    for lab in (andi, budi):
        lab.mkdir()
        (lab / "lab.toml").write_text(f'[lab]\nprovider = "local"\n\n[local]\nport = {port}\n')

    def place(lab: Path) -> str:
        status = json.loads(run_cli("status", "--json", cwd=lab).stdout)
        (lb,) = [h for h in status["hosts"] if h["role"] == "balancer"]
        return f"{lb['address']}:{lb['port']}"

    try:
        assert run_cli("up", cwd=andi).returncode == 0
        assert place(andi) == f"127.0.43.71:{port}"
        assert run_cli("down", cwd=andi).returncode == 0
        assert run_cli("up", cwd=budi).returncode == 0
        assert place(budi) == f"127.0.43.71:{port}"
        again = run_cli("--lang", "en", "up", cwd=andi)
        assert again.returncode == 0, again.stderr
        assert f"127.0.43.71:{port} is taken now" in again.stderr, again.stderr
        moved = place(andi)
        assert moved != f"127.0.43.71:{port}" and "this lab moves to" in again.stderr
        for lab in (andi, budi):
            done = run_cli("scenario", "all", cwd=lab)
            assert done.returncode == 0, done.stdout + done.stderr
        assert place(budi) == f"127.0.43.71:{port}"
        # Kept: the next `up` of the moved lab says nothing of places.
        third = run_cli("--lang", "en", "up", cwd=andi)
        assert third.returncode == 0 and "taken" not in third.stderr and place(andi) == moved
    finally:
        for lab in (andi, budi):
            run_cli("destroy", cwd=lab)
    assert httpd_pids(str(tmp_path)) == []
