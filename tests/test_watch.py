"""`labctl watch`: the aggregate as pure functions, the sampler against silent and closed ports,
and the command on a real embedded lab while the test breaks it and mends it."""

from __future__ import annotations

import json
import os
import queue
import select
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from labctl import control, faults
from labctl.errors import LabctlError
from labctl.probe import Probe
from labctl.state import StateDir
from labctl.transports.ssh import SSHTransport
from labctl.watch import (
    Monitor,
    Options,
    Sample,
    Window,
    check_options,
    percentile,
    request,
    watch,
    window,
)

from embedded import httpd_pids, run_cli, write_lab_toml
from hostile import hostile_server
from sshd import SSHServer

# --- the aggregate ----------------------------------------------------------------------


def test_labels_say_who_answered_or_what_went_wrong() -> None:
    assert Sample(0, 2, 200, 0.01).label == "2"
    assert Sample(0, None, 503, 0.01).label == "503"
    assert Sample(0, None, 200, 0.01).label == "200"  # a page that names no server
    assert Sample(0, None, None, 2.0, "timeout").label == "timeout"


def test_the_window_counts_only_the_last_samples_and_times_only_answers() -> None:
    old = [Sample(i, 1, 200, 0.5) for i in range(10)]
    new = [Sample(10 + i, 2, 200, (i + 1) / 1000) for i in range(19)]
    hung = [Sample(29, None, None, 2.0, "timeout")]
    w = window(old + new + hung, 20)
    assert w.size == 20
    assert list(w.shares.items()) == [("2", 19), ("timeout", 1)]  # server 1 left the window
    assert (w.median_ms, w.p95_ms) == (10.0, 19.0)  # the timeout's 2 s is not a latency
    assert window([], 20) == Window(0, {}, None, None)
    refused = window([Sample(0, None, None, 0.001, "refused")], 20)
    assert (refused.shares, refused.median_ms) == ({"refused": 1}, None)


def test_shares_list_servers_then_codes_then_failures() -> None:
    labels = [("timeout", None), ("503", 503), ("2", 200), ("refused", None), ("1", 200)]
    samples = [
        Sample(i, int(x) if status == 200 else None, status, 0.1, None if status else x)
        for i, (x, status) in enumerate(labels)
    ]
    assert list(window(samples, 10).shares) == ["1", "2", "503", "refused", "timeout"]


def test_percentile_is_nearest_rank() -> None:
    assert percentile([5.0], 95) == 5.0
    assert percentile([float(n) for n in range(1, 101)], 95) == 95.0
    assert percentile([3.0, 1.0, 2.0], 50) == 2.0


@pytest.mark.parametrize(
    ("rate", "duration", "size", "word"),
    [
        (0, None, 20, "--rate"),
        (-1, None, 20, "--rate"),
        (50.5, None, 20, "--rate"),
        (float("nan"), None, 20, "--rate"),
        (4, 0, 20, "--duration"),
        (4, float("inf"), 20, "--duration"),
        (4, None, 1, "--window"),
    ],
)
def test_options_that_make_no_sense_are_refused(
    rate: float, duration: float | None, size: int, word: str
) -> None:
    with pytest.raises(LabctlError, match=word):
        check_options(rate, duration, size)
    check_options(50, 0.5, 2)  # the edges are allowed


# --- the sampler ------------------------------------------------------------------------


def test_a_member_that_never_answers_is_a_timeout_sample_within_the_deadline() -> None:
    with hostile_server("silent") as server:
        begun = time.monotonic()
        sample = request(Probe("127.0.0.1", server.port, timeout=0.3), 1.5)
        took = time.monotonic() - begun
    assert (sample.error, sample.status, sample.t) == ("timeout", None, 1.5)
    assert took < 5  # bounded: the view never freezes on one request


def test_a_closed_port_is_a_refused_sample() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # bound, not listening: the kernel refuses
        sample = request(Probe("127.0.0.1", port, timeout=1), 0)
    assert sample.error == "refused" and sample.label == "refused"


# --- on a real embedded lab -------------------------------------------------------------


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    where = tmp_path_factory.mktemp("watch")
    write_lab_toml(where)
    up = run_cli("up", cwd=where)
    assert up.returncode == 0, up.stderr
    yield where
    run_cli("destroy", cwd=where)
    assert httpd_pids(str(where)) == []


class Lines:
    """The JSON lines of a `labctl watch --json` child, read with a deadline for each wait."""

    def __init__(self, proc: subprocess.Popen[str]) -> None:
        self.queue: queue.Queue[str] = queue.Queue()
        self.seen: list[dict[str, Any]] = []
        assert proc.stdout is not None
        stdout = proc.stdout
        threading.Thread(target=lambda: [self.queue.put(x) for x in stdout], daemon=True).start()

    def until(self, what: str, deadline: float, ok: Any) -> dict[str, Any]:
        end = time.monotonic() + deadline
        while True:
            left = end - time.monotonic()
            try:
                line = self.queue.get(timeout=max(0.01, left))
            except queue.Empty:
                tail = json.dumps(self.seen[-3:], indent=1)
                raise AssertionError(
                    f"no line with {what} in {deadline} s; last:\n{tail}"
                ) from None
            data = json.loads(line)
            self.seen.append(data)
            if ok(data):
                return data


def member(data: dict[str, Any], host: str) -> dict[str, Any]:
    return next(m for m in data["members"] if m["host"] == host)


def test_watch_shows_the_survivor_take_over_and_the_return(lab: Path) -> None:
    """The tutorial's failover, live: traffic moves to server2 while server1 is stopped, and
    server1 comes back after `start` plus the balancer's restart (without it Apache waits for
    `retry`, 60 s: see README "Watch"). Watch holds no lock: stop/start/restart run beside it,
    and a balancer restarted under it is samples, not a crash. Ctrl-C ends it with exit 0."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "labctl", "watch", "--json", "--rate", "8", "--window", "8"],
        cwd=lab,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        lines = Lines(proc)
        both = lines.until("both servers", 15, lambda d: {"1", "2"} <= set(d["window"]["shares"]))
        assert member(both, "server1")["state"] == "ok"

        assert run_cli("stop", "server1", cwd=lab).returncode == 0
        alone = lines.until(
            "server 2 alone in the window, server1 in error",
            20,
            lambda d: (
                set(d["window"]["shares"]) == {"2"} and member(d, "server1")["state"] == "error"
            ),
        )
        assert alone["window"]["size"] == 8 and member(alone, "server2")["state"] == "ok"
        assert any("127.0" in line for d in lines.seen for line in d["log"])  # AH00957 & co

        assert run_cli("start", "server1", cwd=lab).returncode == 0
        assert run_cli("restart", "loadbalancer", cwd=lab).returncode == 0
        back = lines.until(
            "server 1 answering again",
            20,
            lambda d: "1" in d["replies"] and member(d, "server1")["state"] == "ok",
        )
        assert back["manager_error"] is None
    finally:
        proc.send_signal(signal.SIGINT)
        out, errors = proc.communicate(timeout=30)
    assert proc.returncode == 0, errors
    assert "Traceback" not in errors
    assert "watch stopped after" in errors
    for line in out.splitlines():  # what was printed up to Ctrl-C is whole JSON lines
        json.loads(line)


def read_until(fd: int, out: bytearray, done: Any, deadline: float) -> None:
    """Reads a pseudo-terminal into ``out`` until ``done(out)`` or the child closed it."""
    end = time.monotonic() + deadline
    while not done(out):
        left = end - time.monotonic()
        assert left > 0, bytes(out[-500:])
        ready, _, _ = select.select([fd], [], [], left)
        try:
            chunk = os.read(fd, 65536) if ready else b""
        except OSError:  # EIO: every end of the terminal is closed
            return
        if ready and not chunk:
            return
        out += chunk


def test_ctrl_c_in_the_live_view_gives_the_terminal_back(lab: Path) -> None:
    """On a real (pseudo-)terminal: the screen is drawn, a SIGINT ends watch with exit 0, no
    traceback, and the cursor rich hid for the live screen is shown again."""
    master, slave = os.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "labctl", "--lang", "en", "watch"],
        cwd=lab, stdin=slave, stdout=slave, stderr=slave,
    )  # fmt: skip
    os.close(slave)
    out = bytearray()
    try:
        read_until(master, out, lambda o: b"balancer-manager members" in o, 20)
        proc.send_signal(signal.SIGINT)
        read_until(master, out, lambda o: False, 30)
        assert proc.wait(timeout=30) == 0, bytes(out[-2000:])
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(master)
    text = bytes(out)
    assert b"Traceback" not in text
    assert b"watch stopped after" in text
    assert text.rfind(b"\x1b[?25h") > text.rfind(b"\x1b[?25l") >= 0  # cursor hidden, then shown


def test_duration_ends_by_itself_with_one_object_a_second(lab: Path) -> None:
    done = run_cli("watch", "--json", "--duration", "2", cwd=lab, timeout=30)
    assert done.returncode == 0, done.stderr
    objects = [json.loads(line) for line in done.stdout.splitlines()]
    assert [o["t"] for o in objects] == [1.0, 2.0]
    assert objects[-1]["sent"] >= 4 and objects[-1]["window"]["size"] >= 4


def test_no_thread_is_left_when_watch_returns(lab: Path) -> None:
    opened = control.open_lab(StateDir(lab / ".labctl"))
    before = set(threading.enumerate())
    snapshots: list[Any] = []
    seconds, sent = watch(opened, Options(rate=20, duration=1.5), snapshots.append)
    assert set(threading.enumerate()) == before
    assert len(snapshots) == 1 and sent >= 10 and seconds >= 1.5
    assert {m.host for m in snapshots[0].seen.members} <= {"server1", "server2"}


def test_a_hung_member_is_timeouts_and_busy_while_the_view_goes_on(lab: Path) -> None:
    """`labctl fault server1 hang`: the requests byrequests sends to server1 come back as
    "timeout" after watch's deadline, while every interval still brings a snapshot; the fault
    is listed, and balancer-manager counts the requests stuck on server1 as busy. The load
    watch puts on the lab stays bounded."""
    opened = control.open_lab(StateDir(lab / ".labctl"))
    snapshots: list[Any] = []
    flood: list[Any] = []
    faults.apply(opened, "server1", "hang", None)
    try:
        watch(opened, Options(rate=8, duration=3), snapshots.append)
        watch(opened, Options(rate=50, duration=1), flood.append)
    finally:
        faults.clear(opened)
    # At 50 a second, 16 requests stuck on server1 fill the pool: the rest are skipped and
    # counted, never queued behind them.
    assert flood[-1].skipped > 0 and flood[-1].sent + flood[-1].skipped >= 40, flood[-1]
    assert [s.t for s in snapshots] == [1.0, 2.0, 3.0]  # the view never froze
    labels = [label for s in snapshots for label in s.replies]
    assert "timeout" in labels and "2" in labels and "1" not in labels
    assert [(f.host, f.kind) for f in snapshots[-1].seen.faults] == [("server1", "hang")]
    busy = [m.busy for s in snapshots for m in s.seen.members if m.host == "server1"]
    assert max(b or 0 for b in busy) >= 1, busy
    assert all(m.state == "ok" for s in snapshots for m in s.seen.members)  # no failover


def test_a_stopped_balancer_is_refused_samples_and_an_unreadable_manager(lab: Path) -> None:
    opened = control.open_lab(StateDir(lab / ".labctl"))
    snapshots: list[Any] = []
    opened.provider.service("loadbalancer", "stop")
    try:
        watch(opened, Options(rate=10, duration=2), snapshots.append)
    finally:
        opened.provider.service("loadbalancer", "start")
    assert len(snapshots) == 2
    assert set(snapshots[-1].window.shares) == {"refused"}
    assert snapshots[-1].window.median_ms is None
    assert "Connection refused" in snapshots[-1].seen.manager_error
    assert snapshots[-1].seen.members == ()


class OverSSH:
    """The embedded lab's provider with the VMs' transport: commands reach the balancer over a
    real OpenSSH session (to this machine, where the embedded balancer's files are)."""

    def __init__(self, provider: Any, server: SSHServer, known_hosts: Path) -> None:
        self.provider, self.server, self.known_hosts = provider, server, known_hosts

    def __getattr__(self, name: str) -> Any:
        return getattr(self.provider, name)

    def transport(self, host: Any) -> SSHTransport:
        s = self.server
        return SSHTransport(
            host.name, s.hostname, s.port, s.user, str(s.key_path), self.known_hosts
        )


def test_the_error_log_is_followed_over_ssh_as_on_the_vms(
    lab: Path, sshd: SSHServer, tmp_path: Path
) -> None:
    """The monitor reads only through the Provider protocol: with an SSH transport, as on the
    VMs, the lines a stopped member makes the balancer write arrive once each."""
    if sshd.user != "root":
        pytest.skip("the VMs' reads use sudo: over SSH to this machine that needs root (CI)")
    opened = control.open_lab(StateDir(lab / ".labctl"))
    over_ssh = OverSSH(opened.provider, sshd, tmp_path / "known_hosts")
    monitor = Monitor(
        control.OpenLab(opened.state_dir, opened.state, over_ssh), opened.credentials()
    )
    balancer = Probe(*opened.provider.endpoint(opened.lab.loadbalancer))
    try:
        monitor.read_once()  # the mark: what was logged before is not news
        assert monitor.drain() == [] and monitor.seen.log_error is None
        opened.provider.service("server1", "stop")
        assert {balancer.get().server for _ in range(4)} == {2}
        monitor.read_once()
        lines = monitor.drain()
        assert any("AH00957" in line for line in lines), lines
        assert [m.state for m in monitor.seen.members] == ["error", "ok"]
        monitor.read_once()
        assert monitor.drain() == []  # each line once
    finally:
        opened.provider.service("server1", "start")
        opened.provider.service("loadbalancer", "restart")
        monitor.stop()


@pytest.mark.parametrize(
    "args",
    [["--rate", "0"], ["--rate", "51"], ["--duration", "-1"], ["--window", "1"]],
)
def test_bad_options_are_one_line(tmp_path: Path, args: list[str]) -> None:
    done = run_cli("watch", *args, cwd=tmp_path)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"labctl: error: {args[0]}"), done.stderr


def test_watch_without_a_lab_is_one_line(tmp_path: Path) -> None:
    done = run_cli("watch", "--json", cwd=tmp_path)
    assert done.returncode == 2 and done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "no lab here yet" in lines[0], done.stderr
