"""Places on loopback (labctl/net.py) as a shared lab server sees them: a lab keeps its place,
or gets one of its own when another lab holds it, and says so once."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from embedded import httpd_pids, run_cli


def _two_labs(tmp_path: Path) -> tuple[Path, Path, int]:
    """Two lab directories whose lab.toml fixes only a port no other test's lab uses, so the
    default subnet (127.0.43.0/24) is theirs to compete for."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    andi, budi = tmp_path / "andi", tmp_path / "budi"
    for lab in (andi, budi):
        lab.mkdir()
        (lab / "lab.toml").write_text(f'[lab]\nprovider = "local"\n\n[local]\nport = {port}\n')
    return andi, budi, port


def _place(lab: Path) -> str:
    status = json.loads(run_cli("status", "--json", cwd=lab).stdout)
    (lb,) = [h for h in status["hosts"] if h["role"] == "balancer"]
    return f"{lb['address']}:{lb['port']}"


@pytest.mark.shared_machine  # the default place, 127.0.43.0/24:80
def test_the_second_lab_gets_a_place_of_its_own_said_once(tmp_path: Path) -> None:
    andi, budi, port = _two_labs(tmp_path)
    try:
        assert run_cli("up", cwd=andi).returncode == 0
        first = run_cli("--lang", "en", "up", cwd=budi)
        assert first.returncode == 0, first.stderr
        assert first.stderr.count(f"127.0.43.71:{port} is taken") == 1, first.stderr
        place = _place(budi)
        assert place != _place(andi) == f"127.0.43.71:{port}"
        again = run_cli("--lang", "en", "up", cwd=budi)
        assert again.returncode == 0 and "taken" not in again.stderr and _place(budi) == place
        assert run_cli("scenario", "all", cwd=budi).returncode == 0
    finally:
        for lab in (andi, budi):
            run_cli("destroy", cwd=lab)
    assert httpd_pids(str(tmp_path)) == []


@pytest.mark.shared_machine  # the default place, 127.0.43.0/24:80
def test_a_stopped_lab_whose_place_was_taken_meanwhile_moves(tmp_path: Path) -> None:
    """andi's lab is down; budi's first `up` takes the default place; andi's `up` must not tell
    andi to stop budi's lab: it moves to a place of its own and says so."""
    andi, budi, port = _two_labs(tmp_path)
    default = f"127.0.43.71:{port}"
    try:
        assert run_cli("up", cwd=andi).returncode == 0
        assert _place(andi) == default
        assert run_cli("down", cwd=andi).returncode == 0
        assert run_cli("up", cwd=budi).returncode == 0
        assert _place(budi) == default
        again = run_cli("--lang", "en", "up", cwd=andi)
        assert again.returncode == 0, again.stderr
        assert f"{default} is taken now" in again.stderr, again.stderr
        assert "this lab moves to" in again.stderr
        moved = _place(andi)
        assert moved != default
        for lab in (andi, budi):
            done = run_cli("scenario", "all", cwd=lab)
            assert done.returncode == 0, done.stdout + done.stderr
        assert _place(budi) == default
        # Kept: the next `up` of the moved lab says nothing of places.
        third = run_cli("--lang", "en", "up", cwd=andi)
        assert third.returncode == 0 and "taken" not in third.stderr and _place(andi) == moved
    finally:
        for lab in (andi, budi):
            run_cli("destroy", cwd=lab)
    assert httpd_pids(str(tmp_path)) == []


def test_prove_own_follows_the_socket_the_kernel_routes_to(tmp_path: Path) -> None:
    """prove_own asks the kernel's socket table who listens: another user's socket on the
    address itself, or on the wildcard (IPv6 `::` takes IPv4 too), is refused with its owner's
    name; the user's own socket, or none, passes."""
    import os
    import pwd
    import subprocess

    import pytest

    from labctl.errors import StateError
    from labctl.net import listeners, prove_own

    ports = []
    for _ in range(2):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            ports.append(probe.getsockname()[1])
    exact, wild = ports
    script = (
        "import socket, sys\n"
        f"a = socket.socket(); a.bind(('127.0.43.99', {exact})); a.listen()\n"
        "w = socket.socket(socket.AF_INET6)\n"
        "w.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)\n"
        f"w.bind(('::', {wild})); w.listen()\n"
        "print('ready', flush=True); sys.stdin.read()\n"
    )
    nobody = pwd.getpwnam("nobody")
    held = subprocess.Popen(
        ["setpriv", f"--reuid={nobody.pw_uid}", f"--regid={nobody.pw_gid}", "--clear-groups",
         "/usr/bin/python3", "-I", "-c", script],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert held.stdout is not None and held.stdout.readline() == "ready\n"
        assert listeners("127.0.43.99", exact) == {nobody.pw_uid}
        assert listeners("127.0.43.98", exact) == set()
        with pytest.raises(StateError, match=f"server1: 127.0.43.99:{exact}, .* by user nobody"):
            prove_own("server1", "127.0.43.99", exact)
        with pytest.raises(StateError, match="by user nobody"):
            prove_own("server2", "127.0.43.98", wild)
        prove_own("server2", "127.0.43.98", exact)  # nothing listens: nothing to refuse
        with socket.socket() as mine:
            mine.bind(("127.0.43.97", exact))
            mine.listen()
            assert listeners("127.0.43.97", exact) == {os.geteuid()}
            prove_own("server2", "127.0.43.97", exact)
    finally:
        held.communicate("", timeout=10)
