"""What the tutorial's configuration does when a server breaks the way production breaks
(`labctl scenario faults`): hung, answering errors, slow, flapping. Each check's title says
what a student must understand; what real Apache does was measured first (README, "Faults").

These are not in `scenario all` (the tutorial's own claims, the newcomer's first command, half
a second): a hung member costs its client deadline, a slow one its delay - about 12 s together.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from labctl import faults
from labctl.errors import LabctlError, ProbeError
from labctl.i18n import tr
from labctl.net import accepts, holds_within
from labctl.probe import Probe
from labctl.scenarios.base import Check, LabDriver, scenario
from labctl.shield import uninterruptible

CLIENT_DEADLINE = 2.0  # what the scenario waits for a reply: far below Apache's Timeout (60 s)
SLOW = 1.0  # seconds `fault-slow` delays server1's replies


@contextmanager
def faulted(lab: LabDriver, host: str, kind: str, arg: str | None = None) -> Iterator[None]:
    """``kind`` on ``host`` for the block, recorded as the scenario's own, cleared however the
    block ends (the scenario's restore and a crash's recovery clear it too)."""
    if lab.place is None:
        raise LabctlError("the fault scenarios need the lab's .labctl/ to record their faults")
    with uninterruptible():
        faults.apply(lab.place, host, kind, arg, by="scenario")
    try:
        yield
    finally:
        with uninterruptible():
            faults.clear(lab.place, host)


def _timed(lab: LabDriver, count: int, deadline: float) -> list[tuple[str, float]]:
    """``count`` requests through the balancer with a client ``deadline``: what each got
    ("Server N", a status line, or "no reply") and after how long."""
    probe = Probe(lab.probe.address, lab.probe.port, timeout=deadline)
    seen = []
    for _ in range(count):
        start = time.monotonic()
        try:
            reply = probe.get("/")
            what = f"Server {reply.server}" if reply.status == 200 else reply.reason_line.strip()
        except ProbeError:
            what = "no reply"
        seen.append((what, time.monotonic() - start))
    return seen


def _shown(seen: list[tuple[str, float]]) -> str:
    return ", ".join(f"{what} ({took:.2f} s)" for what, took in seen)


def _titled(check: Check) -> Check:
    check.title = tr(f"title.{check.id}")
    return check


@scenario(
    "fault-hang",
    "A hung server: its clients wait, the balancer still calls it Ok",
    group="faults",
)
def fault_hang(lab: LabDriver) -> Iterator[Check]:
    with faulted(lab, "server1", "hang"):
        for check_id in ("hang-client-waits", "hang-again-next-round"):
            lab.begin_check()
            seen = _timed(lab, 2, CLIENT_DEADLINE)
            stuck = [s for s in seen if s[0] == "no reply"]
            served = [s for s in seen if s[0] == "Server 2"]
            yield _titled(
                Check(
                    check_id,
                    "",
                    len(stuck) == 1 and len(served) == 1,
                    f"of 2 requests: 1 with no reply within {CLIENT_DEADLINE:g} s (routed to "
                    "the hung server1), 1 from Server 2",
                    _shown(seen),
                    lab.diagnosis(),
                )
            )
        yield _titled(lab.expect_member("hang-member-still-ok", "server1", "ok"))


@scenario(
    "fault-error",
    "A server answering 500: the errors reach the clients, no failover",
    group="faults",
)
def fault_error(lab: LabDriver) -> Iterator[Check]:
    with faulted(lab, "server2", "error", "500"):
        lab.begin_check()
        seen = _timed(lab, 4, CLIENT_DEADLINE)
        answers = [what for what, _ in seen]
        yield _titled(
            Check(
                "error-reaches-clients",
                "",
                answers in (["Server 1", "500 Internal Server Error"] * 2,
                            ["500 Internal Server Error", "Server 1"] * 2),
                "4 requests: Server 1 and 500 Internal Server Error in turn",
                _shown(seen),
            )
        )  # fmt: skip
        yield _titled(lab.expect_member("error-member-stays-ok", "server2", "ok"))


@scenario("fault-slow", "A slow server: byrequests still sends it half the traffic", group="faults")
def fault_slow(lab: LabDriver) -> Iterator[Check]:
    with faulted(lab, "server1", "slow", f"{SLOW:g}"):
        lab.begin_check()
        seen = _timed(lab, 4, SLOW + 5.0)
        answers = [what for what, _ in seen]
        yield _titled(
            Check(
                "slow-half-the-traffic",
                "",
                sorted(answers) == ["Server 1"] * 2 + ["Server 2"] * 2 and answers[0] != answers[1],
                "4 requests: Server 1 and Server 2 in turn (byrequests counts requests, not time)",
                _shown(seen),
            )
        )
        slow = [took for what, took in seen if what == "Server 1"]
        yield _titled(
            Check(
                "slow-replies-late",
                "",
                bool(slow) and min(slow) >= SLOW,
                f"every reply from Server 1 after >= {SLOW:g} s",
                _shown(seen),
            )
        )


@scenario(
    "fault-flap",
    "A flapping server: after one failure it is left out for `retry`",
    group="faults",
)
def fault_flap(lab: LabDriver) -> Iterator[Check]:
    server1 = lab.provider.endpoint(lab.server("server1"))
    with faulted(lab, "server1", "flap", "1"):
        holds_within(lambda: not accepts(*server1), 10.0)
        yield _titled(lab.expect_all_from("flap-down-survivor-serves", "server2", requests=4))
        yield _titled(lab.expect_member("flap-member-error", "server1", "error"))
        lab.begin_check()
        back = holds_within(lambda: accepts(*server1), 10.0)
        seen = _timed(lab, 4, CLIENT_DEADLINE)
        yield _titled(
            Check(
                "flap-back-but-left-out",
                "",
                back and all(what == "Server 2" for what, _ in seen),
                "server1 answers again, yet 4 requests all from Server 2 (retry: 60 s)",
                ("server1 answers again: " if back else "server1 did not come back: ")
                + _shown(seen),
            )
        )
