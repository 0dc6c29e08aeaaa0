"""Exercise `failonstatus`: a server answering 500 (`labctl fault server1 error 500`) is taken
out of rotation like a stopped one.

Measured on Apache 2.4.71 with server1 answering "500 Internal Server Error" to everything:
- the tutorial's file: the balancer passes the 500 on, every second request, for ever: a 500
  is an answer, the member stays "Init Ok";
- `ProxySet failonstatus=500`: the request that got the 500 still gets it (it is not resent),
  server1 is put in error ("Init Err") and the next requests go to server2; after `retry` one
  request tries server1 again.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from labctl.exercises.base import Exercise, ExerciseChecks, tally
from labctl.scenarios.base import Check
from labctl.verify.checks import Outcome
from labctl.verify.evidence import Evidence, Seen
from labctl.verify.hints import Hint

REQUESTS = 6
BACK_WITHIN = 8.0  # seconds for server1 to serve again once it answers 200: retry=3 and margin
_SETTING = re.compile(r"failonstatus\s*=\s*([\d,\s]*\d)", re.IGNORECASE)


def plan(x: ExerciseChecks) -> Iterator[Check]:
    server1 = x.ev.servers[0]
    with x.fault(server1.name, "error", "500"):
        yield x.check("failonstatus-out", lambda: _out(x))
        yield x.check("failonstatus-member-error", lambda: _member_error(x))
    yield x.check("failonstatus-back", lambda: _back(x, server1.number))


def taken_out(seen: Seen) -> bool:
    """At most the first request meeting server1 gets its 500; every other one is a 200 from
    Server 2."""
    statuses = [(r.status, r.server) for r in seen.replies]
    errors = [i for i, s in enumerate(statuses) if s[0] == 500]
    return (
        seen.error is None
        and len(errors) <= 1
        and all(i < 2 for i in errors)
        and all(s == (200, 2) for s in statuses if s[0] != 500)
    )


def _out(x: ExerciseChecks) -> Outcome:
    passed, seen = x.sample(REQUESTS, taken_out)
    return Outcome(passed, tally(seen, x.lang), lambda: cause(setting(x.ev), seen))


def _member_error(x: ExerciseChecks) -> Outcome:
    outcome = x.watch("server1", lambda m: m.state == "error", 1.0)
    return Outcome(outcome.passed, outcome.observed, lambda: cause(setting(x.ev), None))


def _back(x: ExerciseChecks, number: int) -> Outcome:
    passed, seen, waited = x.back_within(number, BACK_WITHIN)
    observed = f"{tally(seen, x.lang)} (+{waited:.1f} s)"
    return Outcome(passed, observed, lambda: Hint("failonstatus-retry", {"seconds": BACK_WITHIN}))


def cause(codes: str | None, seen: Seen | None) -> Hint:
    """From the failonstatus codes in the balancer's files (as Apache read them: the manager
    does not show them) and what the clients got."""
    if codes is None:
        return Hint("failonstatus-missing")
    if "500" not in codes:
        return Hint("failonstatus-code", {"codes": codes})
    if seen is not None and any(r.status == 503 for r in seen.replies):
        return Hint("failonstatus-503")
    return Hint("failonstatus-other")


def setting(ev: Evidence) -> str | None:
    """The failonstatus codes in the balancer's files, None when there is none."""
    for source in ev.config.files:
        found = _SETTING.search(source.text)
        if found:
            return re.sub(r"\s", "", found.group(1))
    return None


EXERCISE = Exercise(
    name="failonstatus",
    title=(
        "failonstatus: a server answering 500 is taken out",
        "failonstatus: server yang menjawab 500 dikeluarkan",
    ),
    apache="httpd >= 2.4 (failonstatus since 2.2.17; CentOS 7's 2.4.6 too)",
    checks=("failonstatus-out", "failonstatus-member-error", "failonstatus-back"),
    plan=plan,
    task=(
        """\
A server whose application is broken still answers - with "500 Internal Server Error". To the
balancer that is an answer like any other: with the tutorial's file every second client gets
the error page. Try it: `labctl fault server1 error 500`, reload, `labctl fault clear server1`.

File: conf.d/lbsisjarkom.conf on the load balancer (`labctl path loadbalancer conf.d`).

1. Tell the balancer which statuses mean "this member is broken":
       ProxySet lbmethod=byrequests failonstatus=500
2. Let it try the member again 3 seconds later: retry=3 at the end of both BalancerMember
   lines (60 s by default).
3. `labctl restart loadbalancer`.

Check: `labctl fault server1 error 500`; reload: at most one 500, then only "Server 2"; the
manager shows server1 "Init Err". `labctl fault clear server1`: within about 3 s "Server 1"
is back. Then: `labctl verify --exercise failonstatus` (it breaks server1 itself, and clears
it).""",
        """\
Server yang aplikasinya rusak tetap menjawab - dengan "500 Internal Server Error". Bagi
balancer itu jawaban biasa: dengan berkas tutorial setiap klien kedua mendapat halaman error.
Coba: `labctl fault server1 error 500`, muat ulang, `labctl fault clear server1`.

Berkas: conf.d/lbsisjarkom.conf di load balancer (`labctl path loadbalancer conf.d`).

1. Beri tahu balancer status mana yang berarti "anggota ini rusak":
       ProxySet lbmethod=byrequests failonstatus=500
2. Biarkan balancer mencoba anggota itu lagi 3 detik kemudian: retry=3 di ujung kedua baris
   BalancerMember (bawaannya 60 detik).
3. `labctl restart loadbalancer`.

Periksa: `labctl fault server1 error 500`; muat ulang: paling banyak satu 500, lalu hanya
"Server 2"; balancer-manager menampilkan server1 "Init Err". `labctl fault clear server1`:
dalam sekitar 3 detik "Server 1" kembali. Lalu: `labctl verify --exercise failonstatus`
(verify merusak server1 sendiri, lalu memulihkannya).""",
    ),
)
