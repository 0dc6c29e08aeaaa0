"""labctl/faults.py on the embedded lab: real Apache, every fault observed through HTTP, then
cleared and observed healthy again; the record on disk; bad input refused with nothing left."""

from __future__ import annotations

import json
import os
import stat
import time
from typing import Any

import pytest

from labctl import faults
from labctl.control import OpenLab
from labctl.errors import FaultError, ProbeError
from labctl.net import holds_within
from labctl.probe import Probe, Reply


def server_probe(opened: OpenLab, name: str, timeout: float = 5.0) -> Probe:
    address, port = opened.provider.endpoint(opened.lab.host(name))
    return Probe(address, port, timeout=timeout)


def healthy(opened: OpenLab, name: str) -> Reply:
    reply = server_probe(opened, name).get("/")
    number = opened.lab.host(name).number
    assert (reply.status, reply.server) == (200, number)
    return reply


def test_hang_accepts_and_never_answers_until_cleared(lab_factory: Any) -> None:
    opened = lab_factory()
    fault = faults.apply(opened, "server1", "hang", None)
    assert (fault.host, fault.kind, fault.arg) == ("server1", "hang", None)
    with pytest.raises(ProbeError, match="no complete answer within"):
        server_probe(opened, "server1", timeout=0.5).get("/")
    healthy(opened, "server2")
    assert [f.kind for f in faults.active(opened.state_dir)] == ["hang"]
    assert [f.kind for f in faults.clear(opened)] == ["hang"]
    healthy(opened, "server1")
    assert faults.active(opened.state_dir) == []


@pytest.mark.parametrize("code", ["500", "503", "404"])
def test_error_answers_the_code_and_the_server_stays_up(lab_factory: Any, code: str) -> None:
    opened = lab_factory()
    faults.apply(opened, "server2", "error", code)
    assert server_probe(opened, "server2").get("/").status == int(code)
    assert server_probe(opened, "server2").get("/labctl/").status == int(code)
    assert [h.running for h in opened.provider.status()] == [True, True, True]
    snippet = opened.provider.fault_means().snippet(opened.lab.host("server2"))
    assert "server2" in snippet and snippet.endswith("zz-labctl-fault.conf")
    faults.clear(opened, "server2")
    healthy(opened, "server2")
    assert not os.path.exists(snippet)


def test_stop_then_clear_starts_it(lab_factory: Any) -> None:
    opened = lab_factory()
    faults.apply(opened, "server1", "stop", None)
    assert [h.running for h in opened.provider.status()] == [True, False, True]
    faults.clear(opened)
    healthy(opened, "server1")


def test_the_record_is_owner_only_and_written_first(lab_factory: Any) -> None:
    opened = lab_factory()
    faults.apply(opened, "server1", "error", "500")
    path = opened.state_dir.root / faults.FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    (recorded,) = faults.active(opened.state_dir)
    assert (recorded.kind, recorded.arg, recorded.applying) == ("error", "500", False)
    faults.clear(opened)
    assert not path.exists()


def test_a_second_fault_on_a_host_replaces_the_first(lab_factory: Any) -> None:
    opened = lab_factory()
    faults.apply(opened, "server1", "hang", None)
    faults.apply(opened, "server1", "error", "502")
    assert server_probe(opened, "server1", timeout=2).get("/").status == 502
    assert [(f.host, f.kind) for f in faults.active(opened.state_dir)] == [("server1", "error")]
    faults.clear(opened)
    healthy(opened, "server1")


@pytest.mark.parametrize(
    ("host", "kind", "arg", "message"),
    [
        ("server1", "explode", None, "unknown fault 'explode'"),
        ("server1", "error", "99", "400 to 599"),
        ("server1", "error", "abc", "400 to 599"),
        ("server1", "error", None, "needs CODE"),
        ("server1", "slow", "-1", "SECONDS must be a number"),
        ("server1", "slow", "nan", "SECONDS must be a number"),
        ("server1", "flap", "0.2", "from 1 to 3600"),
        ("server1", "hang", "5", "takes no argument"),
        ("loadbalancer", "hang", None, "is the load balancer"),
        ("server9", "hang", None, "unknown host 'server9'"),
        ("server1", "drop", None, "drop is for the VMs"),
    ],
)
def test_bad_input_is_refused_and_leaves_nothing(
    lab_factory: Any, host: str, kind: str, arg: str | None, message: str
) -> None:
    opened = lab_factory()
    with pytest.raises(FaultError, match=message) as caught:
        faults.apply(opened, host, kind, arg)
    assert "\n" not in str(caught.value)
    assert faults.active(opened.state_dir) == []
    assert not (opened.state_dir.root / faults.FILE).exists()
    healthy(opened, "server1")
    snippet = opened.provider.fault_means().snippet(opened.lab.host("server1"))
    assert not os.path.exists(snippet)


def test_hang_on_a_stopped_server_is_refused(lab_factory: Any) -> None:
    opened = lab_factory()
    opened.provider.service("server1", "stop")
    with pytest.raises(FaultError, match="httpd is not running"):
        faults.apply(opened, "server1", "hang", None)
    assert faults.active(opened.state_dir) == []
    assert [h.running for h in opened.provider.status()] == [True, False, True]


def test_slow_delays_every_reply_by_at_least_the_seconds(lab_factory: Any) -> None:
    opened = lab_factory()
    faults.apply(opened, "server1", "slow", "1.5")
    start = time.monotonic()
    reply = server_probe(opened, "server1").get("/")
    took = time.monotonic() - start
    assert (reply.status, reply.server) == (200, 1)
    assert took >= 1.5  # a lower bound only: the fault's promise
    faults.clear(opened)
    healthy(opened, "server1")


def test_flap_is_seen_down_and_up_then_cleared_leaves_it_serving(lab_factory: Any) -> None:
    opened = lab_factory()
    fault = faults.apply(opened, "server2", "flap", "1")
    assert fault.pid is not None
    assert faults.is_flapper(fault.pid, str(opened.state_dir.root), "server2")

    def answers() -> bool:
        try:
            return server_probe(opened, "server2", timeout=1).get("/").status == 200
        except ProbeError:
            return False

    assert holds_within(lambda: not answers(), 20)
    assert holds_within(answers, 20)
    faults.clear(opened)
    assert not faults.is_flapper(fault.pid, str(opened.state_dir.root), "server2")
    healthy(opened, "server2")
    assert faults.active(opened.state_dir) == []


def test_a_flapper_ends_by_itself_once_its_record_is_gone(lab_factory: Any) -> None:
    opened = lab_factory()
    fault = faults.apply(opened, "server1", "flap", "1")
    assert fault.pid is not None
    (opened.state_dir.root / faults.FILE).unlink()
    root = str(opened.state_dir.root)
    assert holds_within(lambda: not faults.is_flapper(fault.pid or 0, root, "server1"), 30)
    healthy(opened, "server1")


def test_a_pid_that_is_not_the_flapper_is_never_signalled(lab_factory: Any) -> None:
    import subprocess

    opened = lab_factory()
    other = subprocess.Popen(["sleep", "30"])
    try:
        forged = {"host": "server1", "kind": "flap", "arg": "1", "since": 0, "pid": other.pid}
        (opened.state_dir.root / faults.FILE).write_text(json.dumps([forged]))
        faults.clear(opened)
        assert other.poll() is None  # still running: not this lab's flapper
        healthy(opened, "server1")
    finally:
        other.kill()
        other.wait()


# --- what clears faults: down, reset, a scenario's restore, the next command after a crash ---


def _snippet_of(opened: OpenLab, name: str) -> str:
    return opened.provider.fault_means().snippet(opened.lab.host(name))


def test_down_clears_faults_and_stops_fast(lab_factory: Any) -> None:
    from labctl import control

    opened = lab_factory()
    faults.apply(opened, "server1", "hang", None)
    faults.apply(opened, "server2", "error", "500")
    control.down(opened)
    assert faults.active(opened.state_dir) == []
    assert not os.path.exists(_snippet_of(opened, "server2"))
    assert [h.running for h in opened.provider.status()] == [False, False, False]


def test_reset_clears_faults(lab_factory: Any) -> None:
    from labctl import control

    opened = lab_factory()
    faults.apply(opened, "server2", "slow", "5")
    control.reset(opened, "full", lambda line: None)
    assert faults.active(opened.state_dir) == []
    healthy(opened, "server2")  # at once: no 5 s delay is left


def test_a_scenarios_restore_clears_its_faults(lab_factory: Any) -> None:
    from labctl.scenarios import LabDriver

    opened = lab_factory()
    driver = LabDriver(opened.provider, opened.credentials(), state_dir=opened.state_dir)
    faults.apply(driver.place or opened, "server1", "hang", None, by="scenario")
    driver.restore()
    assert faults.active(opened.state_dir) == []
    healthy(opened, "server1")


def test_scenarios_refuse_a_lab_with_an_active_fault(lab_factory: Any) -> None:
    from labctl import control
    from labctl.errors import StateError

    opened = lab_factory()
    faults.apply(opened, "server2", "error", "500")
    with pytest.raises(StateError, match="the fault 'server2 error 500' is active"):
        control.run_scenarios(opened, ["alternation"])
    assert [f.kind for f in faults.active(opened.state_dir)] == ["error"]  # the user's: kept


def test_a_fault_half_made_by_a_killed_labctl_is_cleared_by_the_next_command(
    lab_factory: Any,
) -> None:
    """What a SIGKILL between "recorded" and "done" leaves: the record saying "applying" and
    the snippet in place, served by a restarted httpd. The next command clears it first."""
    from labctl import control

    opened = lab_factory()
    faults.apply(opened, "server1", "error", "500")
    assert len(faults.active(opened.state_dir)) == 1
    record = opened.state_dir.root / faults.FILE
    data = json.loads(record.read_text())
    data[0]["applying"] = True
    record.write_text(json.dumps(data))
    assert server_probe(opened, "server1").get("/").status == 500
    said: list[str] = []
    with control.session("stop", say=said.append, state_dir=opened.state_dir):
        pass
    assert faults.active(opened.state_dir) == []
    assert any("server1 error 500" in line for line in said)
    healthy(opened, "server1")


def test_a_killed_scenarios_faults_are_cleared_and_the_users_kept(lab_factory: Any) -> None:
    from labctl import control

    opened = lab_factory()
    faults.apply(opened, "server1", "hang", None, by="scenario")
    faults.apply(opened, "server2", "error", "503")  # the user's own, before
    running = {"loadbalancer": True, "server1": True, "server2": True}
    journal = opened.state_dir.root / control.JOURNAL
    journal.write_text(json.dumps({"command": "scenario", "running": running}))
    with control.session("status", say=lambda line: None, state_dir=opened.state_dir):
        pass
    assert [(f.host, f.kind) for f in faults.active(opened.state_dir)] == [("server2", "error")]
    healthy(opened, "server1")
    faults.clear(opened)


def test_status_lists_the_active_faults(lab_factory: Any) -> None:
    from labctl import control

    opened = lab_factory()
    faults.apply(opened, "server1", "error", "500")
    data = control.status(opened).to_dict()
    assert [(f["host"], f["kind"], f["arg"]) for f in data["faults"]] == [
        ("server1", "error", "500")
    ]
    assert isinstance(data["faults"][0]["since"], float)
    faults.clear(opened)
    assert control.status(opened).to_dict()["faults"] == []


def test_a_hung_server_stopped_without_clear_shuts_down_cleanly(lab_factory: Any) -> None:
    """`labctl stop` on a frozen httpd: continued after its SIGTERM, Apache shuts down by
    itself (its own log line) instead of waiting out the grace for a SIGKILL."""
    opened = lab_factory()
    log = opened.provider.paths(opened.lab.host("server1")).error_log
    before = os.path.getsize(log)
    faults.apply(opened, "server1", "hang", None)
    opened.provider.service("server1", "stop")
    with open(log, encoding="utf-8") as fh:
        fh.seek(before)
        assert "caught SIGTERM, shutting down" in fh.read()
    assert [h.running for h in opened.provider.status()] == [True, False, True]
    faults.clear(opened)
    healthy(opened, "server1")


def test_verify_refuses_a_lab_with_an_active_fault(lab_factory: Any) -> None:
    from labctl import control
    from labctl.errors import StateError

    opened = lab_factory()
    faults.apply(opened, "server1", "hang", None)
    with pytest.raises(StateError, match="the fault 'server1 hang' is active"):
        control.verify_lab(opened, opened.credentials(), lang="en")
    assert not (opened.state_dir.root / control.JOURNAL).exists()  # nothing was started
    faults.clear(opened)
