"""Exercise `health-check`: the balancer finds a stopped server by itself (mod_proxy_hcheck).

Measured on Apache 2.4.71 (mod_proxy_hcheck needs httpd >= 2.4.21 and mod_watchdog, compiled
into Debian's httpd): with `hcmethod=GET hcuri=/ hcinterval=1` on each member a stopped server
shows "Init HcFl" within about a second without any client request, and "Init Ok" again within
about a second of its start (no `retry` wait). Defaults: hcmethod NONE (no checks),
hcinterval 30 s. GET or HEAD without hcuri asks for no path at all ("HEAD  HTTP/1.0"): the
servers answer 400 and every member is marked HcFl, so the proxy answers 503. The HC columns
are on the manager's HTML page only (not in its XML).
"""

from __future__ import annotations

from collections.abc import Iterator

from labctl.exercises.base import Exercise, ExerciseChecks, alternates, flag, tally
from labctl.probe import ManagerPage, Member
from labctl.scenarios.base import Check
from labctl.verify.checks import Outcome
from labctl.verify.hints import Hint

WITHIN = 5.0  # seconds for a health check to mark a member: hcinterval of a few seconds
STEADY = 2.5  # seconds the running servers must stay healthy (two rounds of hcinterval=1)
BOXES = "Rocky Linux 9 (bento/rockylinux-9) or Debian 12 (debian/bookworm64)"


def plan(x: ExerciseChecks) -> Iterator[Check]:
    yield x.check("hc-module", lambda: _module(x))
    yield x.check("hc-enabled", lambda: _enabled(x))
    yield x.check("hc-serves", lambda: _serves(x))
    server1 = x.ev.servers[0]
    with x.s.driver.stopped(server1.name):
        yield x.check("hc-detects", lambda: _watch(x, failed=True))
    yield x.check("hc-recovers", lambda: _watch(x, failed=False))


def _module(x: ExerciseChecks) -> Outcome:
    page = x.html_page()
    if isinstance(page, str):
        return Outcome(False, page)
    loaded = all("hc method" in m.info for m in page.members) and bool(page.members)
    server = _server(x)
    return Outcome(loaded, server, lambda: cause(page, server))


def _server(x: ExerciseChecks) -> str:
    """Apache's version as its replies say (Server header)."""
    seen = x.s.requests(1)
    return seen.replies[0].headers.get("Server", "?") if seen.replies else "?"


def _enabled(x: ExerciseChecks) -> Outcome:
    page = x.html_page()
    if isinstance(page, str):
        return Outcome(False, page)
    found = [x.member(page, s.name) for s in x.ev.servers]
    passed = all(m is not None and _method(m) != "NONE" for m in found)
    return Outcome(passed, _shown(x, page), lambda: cause(page, _server(x)))


def _method(member: Member) -> str:
    return member.info.get("hc method", "NONE").upper() or "NONE"


def _shown(x: ExerciseChecks, page: ManagerPage) -> str:
    words = []
    for server in x.ev.servers:
        m = x.member(page, server.name)
        if m is None:
            words.append(f"{server.name}: -")
            continue
        info = m.info
        words.append(
            f"{server.name}: {m.status.strip()}, {info.get('hc method', '-')} "
            f"{info.get('hc uri', '')} {info.get('hc interval', '')}".rstrip()
        )
    return "; ".join(words)


def _serves(x: ExerciseChecks) -> Outcome:
    """The running servers stay healthy for two rounds of checks, and serve in turn."""
    healthy = x.watch("server1", lambda m: flag(m, "hcfl"), STEADY)
    page = x.html_page()
    if isinstance(page, str):
        return Outcome(False, page)
    passed, seen = x.spread(4)
    in_error = any(flag(m, "hcfl") for m in page.members) or healthy.passed
    observed = f"{_shown(x, page)} / {tally(seen, x.lang)}"
    ok = passed and alternates(seen, len(x.ev.servers)) and not in_error
    return Outcome(ok, observed, lambda: cause(page, ""))


def _watch(x: ExerciseChecks, *, failed: bool) -> Outcome:
    """Only the manager page is read while waiting: no client request may reveal the state."""
    outcome = x.watch("server1", lambda m: flag(m, "hcfl") == failed, WITHIN)
    if outcome.passed and not failed:
        passed, seen = x.spread(4)
        outcome = Outcome(passed, f"{outcome.observed} / {tally(seen, x.lang)}")
    page = x.html_page()
    if isinstance(page, str):
        return Outcome(False, page)
    return Outcome(outcome.passed, outcome.observed, lambda: cause(page, "", waited=True))


def cause(page: ManagerPage, server: str, *, waited: bool = False) -> Hint:
    """Why health checks do not work, from the manager's HC columns."""
    members = page.members
    if not members or any("hc method" not in m.info for m in members):
        return Hint("hc-no-module", {"server": server or "?", "boxes": BOXES})
    off = [m.url for m in members if _method(m) == "NONE"]
    if off:
        return Hint("hc-not-enabled", {"member": ", ".join(off)})
    if all(flag(m, "hcfl") for m in members):
        uri = members[0].info.get("hc uri", "")
        if not uri and _method(members[0]) in ("GET", "HEAD"):
            return Hint("hc-uri-missing")
        return Hint("hc-uri-fails", {"uri": uri or "-"})
    slow = [m.info.get("hc interval", "") for m in members]
    if waited and any(_ms(v) > WITHIN * 1000 for v in slow):
        return Hint("hc-interval", {"interval": ", ".join(slow), "seconds": WITHIN})
    return Hint("hc-other")


def _ms(value: str) -> float:
    """'30000ms' -> 30000.0 (the manager's HC Interval column)."""
    try:
        return float(value.strip().removesuffix("ms"))
    except ValueError:
        return 0.0


EXERCISE = Exercise(
    name="health-check",
    title=(
        "Health checks: a stopped server is found without any client",
        "Health check: server mati ditemukan tanpa klien",
    ),
    apache="httpd >= 2.4.21 with mod_proxy_hcheck and mod_watchdog (not CentOS 7's 2.4.6: use "
    "Rocky Linux 9 or Debian 12; `a2enmod proxy_hcheck` on Debian)",
    checks=("hc-module", "hc-enabled", "hc-serves", "hc-detects", "hc-recovers"),
    plan=plan,
    task=(
        """\
In the tutorial the balancer only learns that a server is down when a client's request fails
on it, and tries it again only after `retry` (60 s). With mod_proxy_hcheck the balancer asks
every member itself, at an interval: a stopped server is taken out before any client meets it,
and put back as soon as it answers again.

Needs httpd >= 2.4.21 (mod_proxy_hcheck, mod_watchdog): CentOS 7's httpd 2.4.6 does not have it.
Do this exercise on the embedded lab, or on VMs with Rocky Linux 9 or Debian 12 (there:
`a2enmod proxy_hcheck`; labctl's provisioning does it).

File: conf.d/lbsisjarkom.conf on the load balancer (`labctl path loadbalancer conf.d`).

1. At the end of both BalancerMember lines add: hcmethod=GET hcuri=/ hcinterval=1
       BalancerMember http://192.168.43.92:80 hcmethod=GET hcuri=/ hcinterval=1
   (hcuri is needed: without it Apache asks for no page and every member fails its check).
2. `labctl restart loadbalancer`.

Check: the balancer-manager shows the columns "HC Method" (GET) and "HC Interval" (1000ms).
`labctl stop server1` and, WITHOUT reloading the page, refresh the manager: server1 is
"Init HcFl" within a second or two. `labctl start server1`: it is "Init Ok" again by itself.
Then: `labctl verify --exercise health-check`.""",
        """\
Di tutorial balancer baru tahu bahwa server mati ketika permintaan klien gagal di server itu,
dan mencobanya lagi hanya sesudah `retry` (60 detik). Dengan mod_proxy_hcheck balancer sendiri
yang menanyai setiap anggota, secara berkala: server yang mati dikeluarkan sebelum ada klien
yang mengalaminya, dan dimasukkan lagi begitu menjawab kembali.

Butuh httpd >= 2.4.21 (mod_proxy_hcheck, mod_watchdog): httpd 2.4.6 milik CentOS 7 tidak
memilikinya. Kerjakan latihan ini di lab tertanam, atau di VM Rocky Linux 9 atau Debian 12
(di sana: `a2enmod proxy_hcheck`; provisioning labctl sudah melakukannya).

Berkas: conf.d/lbsisjarkom.conf di load balancer (`labctl path loadbalancer conf.d`).

1. Di ujung kedua baris BalancerMember tambahkan: hcmethod=GET hcuri=/ hcinterval=1
       BalancerMember http://192.168.43.92:80 hcmethod=GET hcuri=/ hcinterval=1
   (hcuri wajib: tanpanya Apache tidak meminta halaman apa pun dan setiap anggota gagal).
2. `labctl restart loadbalancer`.

Periksa: balancer-manager menampilkan kolom "HC Method" (GET) dan "HC Interval" (1000ms).
`labctl stop server1` lalu, TANPA memuat ulang halaman situs, segarkan halaman manager: server1
menjadi "Init HcFl" dalam satu-dua detik. `labctl start server1`: server1 kembali "Init Ok"
dengan sendirinya. Lalu: `labctl verify --exercise health-check`.""",
    ),
)
