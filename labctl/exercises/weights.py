"""Exercise `weights`: server1 takes three requests for every one of server2's (loadfactor).

Measured on Apache 2.4.71: byrequests with loadfactor 3 and 1 answers 1 1 2 1, 1 1 2 1... from
the restart on, so any 12 requests in a row are exactly 9 and 3: no tolerance is needed.
"""

from __future__ import annotations

from collections.abc import Iterator

from labctl.exercises.base import Exercise, ExerciseChecks, tally
from labctl.probe import ManagerPage
from labctl.scenarios.base import Check
from labctl.verify.checks import Outcome
from labctl.verify.evidence import Seen
from labctl.verify.hints import Hint

REQUESTS = 12  # three rounds of byrequests' fixed order
WANTED = (9, 3)  # Server 1, Server 2


def plan(x: ExerciseChecks) -> Iterator[Check]:
    yield x.check("weights-factors", lambda: _factors(x))
    yield x.check("weights-shares", lambda: _shares(x))


def factors(x: ExerciseChecks, page: ManagerPage) -> tuple[float | None, ...]:
    """Each server's loadfactor as the manager shows it (None: not a member)."""
    found = (x.member(page, s.name) for s in x.ev.servers)
    return tuple(float(m.info.get("loadfactor", "1")) if m else None for m in found)


def _factors(x: ExerciseChecks) -> Outcome:
    page = x.page()
    if isinstance(page, str):
        return Outcome(False, page)
    got = factors(x, page)
    shown = zip(x.ev.servers, got, strict=True)
    observed = ", ".join(
        f"{s.name}: loadfactor {f:g}" if f is not None else s.name for s, f in shown
    )
    one, two = got
    passed = one is not None and two is not None and one == 3 * two
    return Outcome(passed, observed, lambda: cause(got, page.lbmethod, None))


def _shares(x: ExerciseChecks) -> Outcome:
    passed, seen = x.sample(REQUESTS, lambda seen: counts(seen) == WANTED)
    page = x.page()
    got = factors(x, page) if not isinstance(page, str) else (None, None)
    lbmethod = page.lbmethod if not isinstance(page, str) else None
    return Outcome(passed, tally(seen, x.lang), lambda: cause(got, lbmethod, seen))


def counts(seen: Seen) -> tuple[int, int]:
    """(replies 200 from Server 1, from Server 2)."""
    ok = [r.server for r in seen.replies if r.status == 200]
    return ok.count(1), ok.count(2)


def cause(got: tuple[float | None, ...], lbmethod: str | None, seen: Seen | None) -> Hint:
    """Why the shares are not 3:1, from the loadfactors and the method the manager shows."""
    one, two = got if len(got) == 2 else (None, None)
    if one is None or two is None:
        return Hint("weights-member-missing")
    if one == two:
        return Hint("weights-equal", {"factor": f"{one:g}"})
    if two == 3 * one:
        return Hint("weights-swapped")
    if one != 3 * two:
        return Hint("weights-ratio", {"one": f"{one:g}", "two": f"{two:g}"})
    if lbmethod and lbmethod != "byrequests":
        return Hint("weights-lbmethod", {"lbmethod": lbmethod})
    if seen is not None and any(r.status != 200 for r in seen.replies):
        return Hint("weights-errors")
    return Hint("weights-other")


EXERCISE = Exercise(
    name="weights",
    title=(
        "Weights: server1 takes three times the load",
        "Bobot: server1 menerima tiga kali beban",
    ),
    apache="any httpd 2.4 (CentOS 7's 2.4.6 too): mod_lbmethod_byrequests",
    checks=("weights-factors", "weights-shares"),
    plan=plan,
    task=(
        """\
Suppose server1 is a machine three times as strong as server2. The balancer should then send
it three requests for every one it sends to server2.

File: conf.d/lbsisjarkom.conf on the load balancer (`labctl path loadbalancer conf.d`; on the
VM /etc/httpd/conf.d/lbsisjarkom.conf).

1. In the <Proxy balancer://mycluster> block give each BalancerMember a weight with the
   parameter loadfactor: 3 for server1, 1 for server2, e.g.
       BalancerMember http://192.168.43.92:80 loadfactor=3
2. Keep ProxySet lbmethod=byrequests: it counts requests, weighted by loadfactor.
3. Restart the balancer: `labctl restart loadbalancer` (on the VM `systemctl restart httpd`).

Check: reload the page 12 times: 9 times "Server 1", 3 times "Server 2" (byrequests follows a
fixed order: 1 1 2 1). The balancer-manager page shows the weights in the column "Factor".
Then: `labctl verify --exercise weights`.""",
        """\
Misalkan server1 adalah mesin yang tiga kali lebih kuat daripada server2. Maka balancer
sebaiknya mengirim tiga permintaan ke server1 untuk setiap satu permintaan ke server2.

Berkas: conf.d/lbsisjarkom.conf di load balancer (`labctl path loadbalancer conf.d`; di VM
/etc/httpd/conf.d/lbsisjarkom.conf).

1. Di blok <Proxy balancer://mycluster> beri setiap BalancerMember bobot dengan parameter
   loadfactor: 3 untuk server1, 1 untuk server2, misalnya
       BalancerMember http://192.168.43.92:80 loadfactor=3
2. Biarkan ProxySet lbmethod=byrequests: metode ini menghitung permintaan, dibobot loadfactor.
3. Restart balancer: `labctl restart loadbalancer` (di VM `systemctl restart httpd`).

Periksa: muat ulang halaman 12 kali: 9 kali "Server 1", 3 kali "Server 2" (byrequests
mengikuti urutan tetap: 1 1 2 1). Halaman balancer-manager menampilkan bobot di kolom
"Factor". Lalu: `labctl verify --exercise weights`.""",
    ),
)
