"""Exercise `hot-standby`: server2 only serves when server1 cannot (status=+H).

Measured on Apache 2.4.71: the manager shows the standby as "Init Stby Ok"; every request goes
to server1; with server1 stopped the first request marks it in error and server2 answers it;
with server1 started again traffic comes back to it only when its `retry` has passed since it
failed (default 60 s: measured 60.4 s; the exercise sets retry=3).
"""

from __future__ import annotations

from collections.abc import Iterator

from labctl.exercises.base import Exercise, ExerciseChecks, flag, tally
from labctl.probe import ManagerPage
from labctl.scenarios.base import Check
from labctl.verify.checks import Outcome
from labctl.verify.evidence import Seen
from labctl.verify.hints import Hint

RETURN_WITHIN = 8.0  # seconds for traffic to come back to server1: retry=3 and some margin


def plan(x: ExerciseChecks) -> Iterator[Check]:
    server1, server2 = x.ev.servers
    yield x.check("standby-flag", lambda: _flag(x))
    yield x.check("standby-idle", lambda: _all_from(x, server1.number))
    with x.s.driver.stopped(server1.name):
        yield x.check("standby-takes-over", lambda: _all_from(x, server2.number))
    yield x.check("standby-returns", lambda: _returns(x, server1.number))


def _flag(x: ExerciseChecks) -> Outcome:
    page = x.page()
    if isinstance(page, str):
        return Outcome(False, page)
    passed = flag(x.member(page, "server2"), "stby") and not flag(x.member(page, "server1"), "stby")
    return Outcome(passed, x.statuses(page), lambda: cause(x, page))


def _all_from(x: ExerciseChecks, number: int) -> Outcome:
    passed, seen = x.requests_from(number)
    page = x.page()
    return Outcome(passed, tally(seen, x.lang), lambda: cause(x, page, seen))


def _returns(x: ExerciseChecks, number: int) -> Outcome:
    """server1 started again: within RETURN_WITHIN s a request is answered by it."""
    passed, seen, waited = x.back_within(number, RETURN_WITHIN)
    observed = f"{tally(seen, x.lang)} (+{waited:.1f} s)"
    page = x.page()
    return Outcome(passed, observed, lambda: cause(x, page, seen, returning=True))


def cause(
    x: ExerciseChecks, page: ManagerPage | str, seen: Seen | None = None, *, returning: bool = False
) -> Hint:
    if isinstance(page, str):
        return Hint("standby-manager", {"why": page})
    return standby_cause(
        flag(x.member(page, "server1"), "stby"),
        flag(x.member(page, "server2"), "stby"),
        seen,
        returning=returning,
    )


def standby_cause(first: bool, second: bool, seen: Seen | None, *, returning: bool = False) -> Hint:
    """From the standby flags the manager shows (server1's, server2's) and the replies."""
    if first and not second:
        return Hint("standby-wrong-member")
    if first and second:
        return Hint("standby-both")
    if not second:
        return Hint("standby-missing")
    if seen is not None and any(r.status == 503 for r in seen.replies):
        return Hint("standby-503")
    if returning:
        return Hint("standby-retry", {"seconds": RETURN_WITHIN})
    return Hint("standby-other")


EXERCISE = Exercise(
    name="hot-standby",
    title=(
        "Hot standby: server2 waits until server1 fails",
        "Hot standby: server2 menunggu server1 gagal",
    ),
    apache="any httpd 2.4 (status=+H: CentOS 7's 2.4.6 too)",
    checks=("standby-flag", "standby-idle", "standby-takes-over", "standby-returns"),
    plan=plan,
    task=(
        """\
Sometimes the second server is a spare: it should take no traffic at all while the first one
works, and take everything when it fails (a hot standby).

File: conf.d/lbsisjarkom.conf on the load balancer (`labctl path loadbalancer conf.d`).

1. Mark server2 as the hot standby: add status=+H at the end of its BalancerMember line.
2. Let the balancer try server1 again 3 seconds after it failed: add retry=3 at the end of
   server1's line (Apache's default retry is 60 seconds).
       BalancerMember http://192.168.43.92:80 retry=3
       BalancerMember http://192.168.43.65:80 status=+H
3. `labctl restart loadbalancer`.

Check: reload the page: always "Server 1"; the balancer-manager shows server2 as "Init Stby Ok".
`labctl stop server1`: reload: "Server 2". `labctl start server1`: within about 3 seconds the
page is "Server 1" again. Then: `labctl verify --exercise hot-standby`.""",
        """\
Kadang server kedua adalah cadangan: server itu tidak boleh menerima lalu lintas sama sekali
selama server pertama bekerja, dan mengambil semuanya ketika server pertama gagal (hot standby).

Berkas: conf.d/lbsisjarkom.conf di load balancer (`labctl path loadbalancer conf.d`).

1. Tandai server2 sebagai hot standby: tambahkan status=+H di ujung baris BalancerMember-nya.
2. Biarkan balancer mencoba server1 lagi 3 detik sesudah gagal: tambahkan retry=3 di ujung
   baris server1 (retry bawaan Apache adalah 60 detik).
       BalancerMember http://192.168.43.92:80 retry=3
       BalancerMember http://192.168.43.65:80 status=+H
3. `labctl restart loadbalancer`.

Periksa: muat ulang halaman: selalu "Server 1"; balancer-manager menampilkan server2 sebagai
"Init Stby Ok". `labctl stop server1`: muat ulang: "Server 2". `labctl start server1`: dalam
sekitar 3 detik halaman kembali "Server 1". Lalu: `labctl verify --exercise hot-standby`.""",
    ),
)
