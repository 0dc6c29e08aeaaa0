"""labctl/faults.py on the embedded lab: real Apache, every fault observed through HTTP, then
cleared and observed healthy again; the record on disk; bad input refused with nothing left."""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Callable
from typing import Any

import pytest

from labctl import faults
from labctl.control import OpenLab
from labctl.errors import FaultError, ProbeError
from labctl.probe import Probe, Reply


def server_probe(opened: OpenLab, name: str, timeout: float = 5.0) -> Probe:
    address, port = opened.provider.endpoint(opened.lab.host(name))
    return Probe(address, port, timeout=timeout)


def healthy(opened: OpenLab, name: str) -> Reply:
    reply = server_probe(opened, name).get("/")
    number = opened.lab.host(name).number
    assert (reply.status, reply.server) == (200, number)
    return reply


def until(seen: Callable[[], bool], timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while not seen():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


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
