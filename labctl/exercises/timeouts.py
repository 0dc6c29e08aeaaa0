"""Exercise `timeouts`: a hung server1 (`labctl fault server1 hang`) costs one client a few
seconds, not every client a minute.

Measured on Apache 2.4.71 with server1 hung (it accepts connections and never answers):
- the tutorial's file: a request to server1 waits for Timeout (60 s by default), and so does
  every second request after it: the member is never marked in error;
- `timeout=2` on the member: that request gets 502 after 2.0 s (AH01102), but the member stays
  "Init Ok" and every second request waits 2 s for its 502;
- `timeout=2` and `ProxySet failontimeout=On`: the first request gets its 502 after 2.0 s and
  server1 is put in error: the next requests go to server2 at once; after `retry=3` one request
  tries server1 again (502 after 2 s while it still hangs, or served once it answers).
The request that met the timeout is not sent to the other member (it was already sent).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field

from labctl.exercises.base import Exercise, ExerciseChecks, tally
from labctl.probe import budget
from labctl.scenarios.base import Check
from labctl.verify.checks import Outcome
from labctl.verify.evidence import Seen
from labctl.verify.hints import Hint

ANSWER_WITHIN = 5.0  # seconds: the hung request must be answered (timeout of a few seconds)
BACK_WITHIN = 8.0  # seconds for server1 to serve again once it answers: retry=3 and margin


def plan(x: ExerciseChecks) -> Iterator[Check]:
    server1, server2 = x.ev.servers
    first = Timed()
    with x.fault(server1.name, "hang"):
        yield x.check("timeouts-bounded", lambda: _bounded(x, first))
        yield x.check("timeouts-failover", lambda: _failover(x, first, server2.number))
        yield x.check("timeouts-member-error", lambda: _member_error(x, first))
    yield x.check("timeouts-retried", lambda: _retried(x, server1.number))


@dataclass
class Timed:
    """The first request to meet the hung server: its reply and how long it took."""

    seen: Seen = field(default_factory=Seen)
    seconds: float = 0.0


def _bounded(x: ExerciseChecks, first: Timed) -> Outcome:
    """Requests until one meets server1 (two at most, byrequests alternates): answered within
    ANSWER_WITHIN s, whatever the answer."""
    for _ in range(2):
        started = time.monotonic()
        with budget(ANSWER_WITHIN + 1):
            first.seen = x.s.requests(1)
        first.seconds = time.monotonic() - started
        replies = first.seen.replies
        if first.seen.error is not None or (replies and replies[0].server != 2):
            break
    passed = first.seen.error is None and first.seconds <= ANSWER_WITHIN
    observed = f"{tally(first.seen, x.lang)} ({first.seconds:.1f} s)"
    return Outcome(passed, observed, lambda: cause(first, None, None))


def _failover(x: ExerciseChecks, first: Timed, other: int) -> Outcome:
    with budget(ANSWER_WITHIN + 1):
        passed, seen = x.requests_from(other)
    return Outcome(passed, tally(seen, x.lang), lambda: cause(first, seen, None))


def _member_error(x: ExerciseChecks, first: Timed) -> Outcome:
    outcome = x.watch("server1", lambda m: m.state == "error", 1.0)
    return Outcome(outcome.passed, outcome.observed, lambda: cause(first, None, outcome.passed))


def _retried(x: ExerciseChecks, number: int) -> Outcome:
    passed, seen, waited = x.back_within(number, BACK_WITHIN)
    observed = f"{tally(seen, x.lang)} (+{waited:.1f} s)"
    return Outcome(passed, observed, lambda: Hint("timeouts-retry", {"seconds": BACK_WITHIN}))


def cause(first: Timed, later: Seen | None, in_error: bool | None) -> Hint:
    """From how the first request to the hung server ended and what came after."""
    if first.seen.error is not None or first.seconds > ANSWER_WITHIN:
        return Hint("timeouts-no-timeout", {"seconds": ANSWER_WITHIN})
    if later is not None and any(r.status in (502, 504) for r in later.replies):
        return Hint("timeouts-failontimeout")
    if later is not None and later.error is not None:
        return Hint("timeouts-failontimeout")
    if in_error is False:
        return Hint("timeouts-failontimeout")
    return Hint("timeouts-other")


EXERCISE = Exercise(
    name="timeouts",
    title=(
        "Timeouts: a hung server costs seconds, not minutes",
        "Timeout: server macet hanya memakan beberapa detik",
    ),
    apache="httpd >= 2.4.5 (failontimeout; CentOS 7's 2.4.6 too)",
    checks=("timeouts-bounded", "timeouts-failover", "timeouts-member-error", "timeouts-retried"),
    plan=plan,
    task=(
        """\
A stopped server is easy: the connection is refused at once and the balancer moves on. A hung
server is worse: it accepts the connection and never answers, and with the tutorial's file
each request sent to it waits Apache's Timeout (60 s) - and the member is never taken out.
Try it: `labctl fault server1 hang`, reload a few times, `labctl fault clear server1`.

File: conf.d/lbsisjarkom.conf on the load balancer (`labctl path loadbalancer conf.d`).

1. On both BalancerMember lines add timeout=2 (seconds to wait for an answer) and retry=3
   (seconds before a failed member is tried again; 60 by default):
       BalancerMember http://192.168.43.92:80 timeout=2 retry=3
2. Make a timeout count as a failure, so the member is taken out:
       ProxySet lbmethod=byrequests failontimeout=On
3. `labctl restart loadbalancer`.

Check: `labctl fault server1 hang`; reload: one request gets "502 Proxy Error" after 2 s,
then every request is "Server 2" at once. `labctl fault clear server1`: within about 3 s
"Server 1" is back in turn. Then: `labctl verify --exercise timeouts` (it hangs server1
itself, and clears it).""",
        """\
Server yang berhenti itu mudah: koneksi langsung ditolak dan balancer pindah ke server lain.
Server yang macet lebih buruk: koneksi diterima tetapi tidak pernah dijawab, dan dengan berkas
tutorial setiap permintaan ke server itu menunggu Timeout Apache (60 detik) - dan anggota itu
tidak pernah dikeluarkan. Coba: `labctl fault server1 hang`, muat ulang beberapa kali,
`labctl fault clear server1`.

Berkas: conf.d/lbsisjarkom.conf di load balancer (`labctl path loadbalancer conf.d`).

1. Di kedua baris BalancerMember tambahkan timeout=2 (detik menunggu jawaban) dan retry=3
   (detik sebelum anggota yang gagal dicoba lagi; bawaannya 60):
       BalancerMember http://192.168.43.92:80 timeout=2 retry=3
2. Jadikan timeout sebagai kegagalan, supaya anggota itu dikeluarkan:
       ProxySet lbmethod=byrequests failontimeout=On
3. `labctl restart loadbalancer`.

Periksa: `labctl fault server1 hang`; muat ulang: satu permintaan mendapat "502 Proxy Error"
sesudah 2 detik, lalu setiap permintaan langsung "Server 2". `labctl fault clear server1`:
dalam sekitar 3 detik "Server 1" kembali bergantian. Lalu: `labctl verify --exercise timeouts`
(verify membuat server1 macet sendiri, lalu memulihkannya).""",
    ),
)
