"""Exercise `sticky`: a client stays on the server that answered it first (sticky sessions).

Measured on Apache 2.4.71: with stickysession=ROUTEID, route= on each member and mod_headers'
`Header add Set-Cookie "ROUTEID=.%{BALANCER_WORKER_ROUTE}e; path=/" env=BALANCER_ROUTE_CHANGED`,
a request without the cookie gets one (ROUTEID=.server1), one with it goes to that member and
gets none. The route is what follows the first "." of the cookie: "ROUTEID=server1" is not
sticky. When that server stops the request goes to the other member, with a new cookie (the
exercise asks for this failover; nofailover=On answers 503 instead).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from labctl.exercises.base import Exercise, ExerciseChecks, tally
from labctl.probe import ManagerPage, Reply
from labctl.scenarios.base import Check
from labctl.verify.checks import Outcome
from labctl.verify.evidence import Seen
from labctl.verify.hints import Hint

_COOKIE = re.compile(r"^\s*([^=;\s]+)=([^;]*)")
HEADER = (
    'Header add Set-Cookie "ROUTEID=.%{BALANCER_WORKER_ROUTE}e; path=/" env=BALANCER_ROUTE_CHANGED'
)


@dataclass
class NewClients:
    """What two clients without a cookie got: the evidence of every later hint."""

    seen: Seen = field(default_factory=Seen)
    cookies: dict[int, str] = field(default_factory=dict)  # server number -> "ROUTEID=.server1"


def plan(x: ExerciseChecks) -> Iterator[Check]:
    new = NewClients()
    yield x.check("sticky-cookie", lambda: _cookie(x, new))
    yield x.check("sticky-new-clients-spread", lambda: _spread(x))
    yield x.check("sticky-stays", lambda: _stays(x, new))
    server1, server2 = x.ev.servers
    with x.s.driver.stopped(server1.name):
        yield x.check("sticky-failover", lambda: _failover(x, new, server2.number))


def set_cookie(reply: Reply) -> tuple[str, str] | None:
    """(name, value) of the Set-Cookie a reply carries."""
    found = _COOKIE.match(reply.headers.get("Set-Cookie", ""))
    return (found.group(1), found.group(2)) if found else None


def _cookie(x: ExerciseChecks, new: NewClients) -> Outcome:
    """Two new clients (no cookie): each reply sets a cookie naming the server's route."""
    seen = new.seen = x.s.requests(2)
    for reply in seen.replies:
        got = set_cookie(reply)
        if got is not None and reply.server is not None:
            new.cookies[reply.server] = f"{got[0]}={got[1]}"
    page = x.page()
    shown = [reply.headers.get("Set-Cookie", "-") for reply in seen.replies]
    observed = f"{tally(seen, x.lang)}; Set-Cookie: {', '.join(shown) or '-'}"
    passed = seen.error is None and len(new.cookies) == 2 and _routes_match(page, seen)
    return Outcome(passed, observed, lambda: cause(page, seen))


def _routes_match(page: ManagerPage | str, seen: Seen) -> bool:
    """Every cookie is the stickysession's name with ".<route of the server that answered>"."""
    if isinstance(page, str):
        return False
    sticky = page.info.get("stickysession", "")
    for reply in seen.replies:
        got = set_cookie(reply)
        if got is None or got[0] != sticky or not re.match(r"[^.]*\.\S", got[1]):
            return False
    return True


def _spread(x: ExerciseChecks) -> Outcome:
    passed, seen = x.spread(4)
    return Outcome(passed, tally(seen, x.lang), lambda: Hint("sticky-not-spread"))


def _stays(x: ExerciseChecks, new: NewClients) -> Outcome:
    """A client holding each server's cookie: four requests, all from that server."""
    page = x.page()
    if len(new.cookies) < 2:
        return Outcome(False, "Set-Cookie: -", lambda: cause(page, new.seen))
    words = []
    passed = True
    for number, cookie in sorted(new.cookies.items()):
        ok, seen = x.requests_from(number, Cookie=cookie)
        passed &= ok
        words.append(f"{cookie}: {tally(seen, x.lang)}")
    return Outcome(passed, " / ".join(words), lambda: cause(page, new.seen))


def _failover(x: ExerciseChecks, new: NewClients, other: int) -> Outcome:
    """server1 stopped: a client holding its cookie is served by server2."""
    cookie = new.cookies.get(1, "")
    if not cookie:
        page = x.page()
        return Outcome(False, "Set-Cookie: -", lambda: cause(page, new.seen))
    ok, seen = x.requests_from(other, 3, Cookie=cookie)
    page = x.page()
    observed = f"{cookie}: {tally(seen, x.lang)}"
    return Outcome(ok, observed, lambda: cause(page, seen, failover=True))


def cause(page: ManagerPage | str, seen: Seen, *, failover: bool = False) -> Hint:
    """Why a client is not kept on its server (or not moved when it stops), from the manager's
    stickysession and routes and the cookies Apache sent."""
    if isinstance(page, str):
        return Hint("sticky-manager", {"why": page})
    sticky = page.info.get("stickysession", "")
    routes = [m.info.get("route", "") for m in page.members]
    if not sticky:
        return Hint("sticky-no-stickysession")
    if not all(routes):
        return Hint("sticky-no-route")
    cookies = [c for c in (set_cookie(r) for r in seen.replies) if c is not None]
    if failover:
        if any(r.status == 503 for r in seen.replies):
            return Hint("sticky-nofailover")
        return Hint("sticky-failover")
    if seen.replies and not cookies:
        return Hint("sticky-no-header", {"line": HEADER})
    for name, value in cookies:
        if name != sticky:
            return Hint("sticky-cookie-name", {"cookie": name, "sticky": sticky})
        if "." not in value:
            return Hint("sticky-no-dot", {"value": value, "line": HEADER})
        if not value.split(".", 1)[1]:
            return Hint("sticky-no-route")
    return Hint("sticky-other")


EXERCISE = Exercise(
    name="sticky",
    title=(
        "Sticky sessions: a client stays on its server",
        "Sticky session: klien tetap di servernya",
    ),
    apache="any httpd 2.4 (CentOS 7's 2.4.6 too): mod_headers (loaded by default on CentOS; "
    "`a2enmod headers` on Debian)",
    checks=("sticky-cookie", "sticky-new-clients-spread", "sticky-stays", "sticky-failover"),
    plan=plan,
    task=(
        """\
An application that keeps a session (a login, a cart) on one server breaks when the next
request lands on the other. Make the balancer keep each client on the server that answered it
first, with a cookie, while new clients are still spread over both.

File: conf.d/lbsisjarkom.conf on the load balancer (`labctl path loadbalancer conf.d`).

1. Give each member a route name:
       BalancerMember http://192.168.43.92:80 route=server1
       BalancerMember http://192.168.43.65:80 route=server2
2. Name the cookie the balancer reads: ProxySet lbmethod=byrequests stickysession=ROUTEID
3. Let Apache send that cookie when it picks a server (mod_headers), above the <Proxy> block:
       Header add Set-Cookie "ROUTEID=.%{BALANCER_WORKER_ROUTE}e; path=/" env=BALANCER_ROUTE_CHANGED
   (the dot matters: the route is what follows it).
4. `labctl restart loadbalancer`.

Check: in a browser, reload: you stay on one server. `curl -i` without a cookie: a Set-Cookie
header and the servers in turn; `curl -b ROUTEID=.server2` always gets Server 2. Stop server1
(`labctl stop server1`): a client with ROUTEID=.server1 moves to Server 2 and gets a new cookie
(failover: do not set nofailover=On). Then: `labctl verify --exercise sticky`.""",
        """\
Aplikasi yang menyimpan sesi (login, keranjang belanja) di satu server akan rusak bila
permintaan berikutnya jatuh ke server lain. Buat balancer menjaga setiap klien tetap di server
yang pertama kali menjawabnya, dengan cookie, sementara klien baru tetap dibagi ke keduanya.

Berkas: conf.d/lbsisjarkom.conf di load balancer (`labctl path loadbalancer conf.d`).

1. Beri setiap anggota nama rute:
       BalancerMember http://192.168.43.92:80 route=server1
       BalancerMember http://192.168.43.65:80 route=server2
2. Sebutkan cookie yang dibaca balancer: ProxySet lbmethod=byrequests stickysession=ROUTEID
3. Biarkan Apache mengirim cookie itu saat memilih server (mod_headers), di atas blok <Proxy>:
       Header add Set-Cookie "ROUTEID=.%{BALANCER_WORKER_ROUTE}e; path=/" env=BALANCER_ROUTE_CHANGED
   (titiknya penting: rute adalah bagian sesudah titik).
4. `labctl restart loadbalancer`.

Periksa: di browser, muat ulang: Anda tetap di satu server. `curl -i` tanpa cookie: ada header
Set-Cookie dan server bergantian; `curl -b ROUTEID=.server2` selalu mendapat Server 2. Hentikan
server1 (`labctl stop server1`): klien dengan ROUTEID=.server1 pindah ke Server 2 dan mendapat
cookie baru (failover: jangan pasang nofailover=On). Lalu: `labctl verify --exercise sticky`.""",
    ),
)
