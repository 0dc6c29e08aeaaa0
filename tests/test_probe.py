"""Parsing balancer-manager pages: XML of 2.4.71 (captured from a real httpd by labctl's own
embedded lab, server1 stopped), 2.4.6-style values, and the HTML table fallback."""

from __future__ import annotations

from pathlib import Path

import pytest

from labctl.errors import ProbeError
from labctl.probe import Probe, budget, member_state, parse_manager, server_of

from embedded import LabFactory
from hostile import hostile_server

DATA = Path(__file__).parent / "data"


def test_xml_of_2_4_71() -> None:
    page = parse_manager((DATA / "manager-2.4.71.xml").read_text())
    assert page.source == "xml"
    assert page.balancer == "balancer://mycluster" and page.lbmethod == "byrequests"
    assert [(m.host, m.port, m.state) for m in page.members] == [
        ("127.0.43.92", 80, "error"),
        ("127.0.43.65", 80, "ok"),
    ]
    assert page.members[0].status == "Init Err"
    assert [(m.elected, m.busy) for m in page.members] == [(1, 0), (2, 0)]


def test_html_of_2_4_71_when_xml_is_refused() -> None:
    """Without a same-origin Referer, 2.4.71 serves HTML even for ?xml=1 (AH10187)."""
    page = parse_manager((DATA / "manager-2.4.71.html").read_text())
    assert page.source == "html"
    assert [(m.url, m.state) for m in page.members] == [
        ("http://127.0.43.92", "error"),
        ("http://127.0.43.65", "ok"),
    ]
    assert page.balancer == "balancer://mycluster"
    assert page.lbmethod == "byrequests"
    assert page.member_at("127.0.43.65", 80) is page.members[1]
    assert [(m.elected, m.busy) for m in page.members] == [(1, 0), (2, 0)]


def test_html_of_2_4_6_style() -> None:
    page = parse_manager((DATA / "manager-2.4.6-style.html").read_text())
    assert [(m.host, m.port, m.status, m.state) for m in page.members] == [
        ("192.168.43.92", 80, "Err", "error"),
        ("192.168.43.65", 80, "Ok", "ok"),
    ]
    assert (page.members[0].elected, page.members[0].busy) == (3, None)  # no Busy column


def test_xml_of_2_4_6_style() -> None:
    page = parse_manager((DATA / "manager-2.4.6-style.xml").read_text())
    assert [m.state for m in page.members] == ["error", "disabled"]


@pytest.mark.parametrize(
    ("status", "state"),
    [
        ("Init Ok ", "ok"),
        ("Init Err ", "error"),
        ("Init Dis ", "disabled"),
        ("Init Stop ", "disabled"),
        ("Ok", "ok"),
        ("Err", "error"),
        ("Error", "error"),
        ("Init Ign Ok", "ok"),
        ("", "unknown"),
    ],
)
def test_member_states(status: str, state: str) -> None:
    assert member_state(status) == state


def test_server_of_pages() -> None:
    assert server_of("<h1> Selamat Datang di Server 2</h1>") == 2
    assert server_of("<title>server 1</title>") == 1
    assert server_of("<h1>It works!</h1>") is None


def test_page_that_is_not_a_manager() -> None:
    page = parse_manager("<html><body><h1>Selamat Datang di Server 1</h1></body></html>")
    assert page.members == () and page.source == "none"


# --- a grader that cannot be stalled (issue 10, item 8) -----------------------------------
# Real HTTP over loopback from tests/hostile.py. Each hostile server gives up by itself after
# a while with a complete answer, so without the deadline and the cap these tests fail on their
# assertions instead of hanging.


def test_an_endless_body_is_cut_at_the_size_cap() -> None:
    with hostile_server("endless", give_up=30) as server:
        probe = Probe("127.0.0.1", server.port, max_bytes=256 << 10)
        with pytest.raises(ProbeError, match="larger than 262144 bytes"):
            probe.get("/")


@pytest.mark.parametrize("mode", ["drip", "drip-body"])
def test_a_dripping_server_meets_the_total_deadline(mode: str) -> None:
    """A byte every 0.2 s never trips a per-read timeout; the total deadline ends it."""
    with hostile_server(mode, interval=0.2, give_up=10) as server:
        probe = Probe("127.0.0.1", server.port, timeout=1.0)
        with pytest.raises(ProbeError, match=r"no complete answer within 1\.0 s"):
            probe.get("/")
        with pytest.raises(ProbeError, match="no complete answer"):
            probe.manager(("admin", "x"))


def test_a_budget_cuts_every_probe_of_the_block() -> None:
    with hostile_server("silent", give_up=10) as server:
        probe = Probe("127.0.0.1", server.port, timeout=30.0)
        with budget(0.5), pytest.raises(ProbeError, match=r"within 0\.5 s"):
            probe.get("/")
        asked = server.connections
        with budget(0), pytest.raises(ProbeError, match="time for this lab is used up"):
            probe.get("/")
        assert server.connections == asked  # not even connected


@pytest.mark.parametrize(("mode", "why"), [("drip", "a few bytes at a time"), ("endless", "more")])
def test_a_stalling_server_ends_the_budget_at_once(mode: str, why: str) -> None:
    """Bytes that trickle past the deadline, or too many of them: the lab stalls on purpose,
    so the rest of its probes are not asked (each would cost a deadline for nothing)."""
    with hostile_server(mode, interval=0.2, give_up=10) as server:
        probe = Probe("127.0.0.1", server.port, timeout=1.0, max_bytes=64 << 10)
        with budget(300):
            with pytest.raises(ProbeError):
                probe.get("/")
            asked = server.connections
            with pytest.raises(ProbeError, match=f"not asked, .*{why}"):
                probe.manager(None)
            assert server.connections == asked
        with pytest.raises(ProbeError, match=r"no complete answer|larger than"):
            probe.get("/")  # outside the block the next probe is asked again


def test_a_silent_server_does_not_end_the_budget() -> None:
    """A balancer waiting for a member behind a firewall that drops packets sends nothing
    until Apache's own timeout: that is a finding for this check, not a stalling lab."""
    with hostile_server("silent", give_up=10) as server:
        probe = Probe("127.0.0.1", server.port, timeout=0.3)
        with budget(300):
            for _ in range(2):
                with pytest.raises(ProbeError, match=r"no complete answer within 0\.3 s"):
                    probe.get("/")
        assert server.connections == 2


def test_a_well_behaved_answer_still_reads() -> None:
    with hostile_server("drip-body", interval=0.01, give_up=10) as server:
        reply = Probe("127.0.0.1", server.port, timeout=10.0).get("/")
    assert (reply.status, reply.server) == (200, 1)
    assert reply.headers["Content-Type"] == "text/html"


def test_manager_page_is_not_proxied(lab_factory: LabFactory) -> None:
    opened = lab_factory()
    address, port = opened.provider.endpoint(opened.lab.loadbalancer)
    probe = Probe(address, port)
    page = probe.manager(opened.credentials())
    probe.close()
    assert page.status == 200 and page.source == "xml" and len(page.members) == 2
    assert page.balancer == "balancer://mycluster" and page.lbmethod == "byrequests"
