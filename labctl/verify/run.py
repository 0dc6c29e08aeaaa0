"""`labctl verify`: the order of the checks, and a lab left exactly as it was found.

The load balancer is restarted first (configtest, then restart), so what is graded is the
configuration on disk now. If Apache refuses that file, nothing else runs: grading the
configuration still running would grade something else, and stopping servers under it would
leave members in error.
"""

from __future__ import annotations

import contextlib
import posixpath
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from labctl import report
from labctl.errors import ConfigRefused, ProviderError
from labctl.i18n import Lang, t
from labctl.providers.base import Provider
from labctl.scenarios.base import Check, Scenario, ScenarioResult, run_scenario
from labctl.verify import hints
from labctl.verify.checks import CHECK_IDS, REDIRECT_DIR, Checks, Outcome
from labctl.verify.evidence import Evidence
from labctl.verify.hints import Hint
from labctl.verify.observed import describe, replies_line
from labctl.verify.session import Session


@dataclass
class VerifyResult:
    result: ScenarioResult
    lang: Lang
    running: dict[str, bool]  # as found, and as left
    causes: dict[str, str] = field(default_factory=dict)  # failed check id -> hint key

    @property
    def checks_passed(self) -> int:
        return sum(c.passed for c in self.result.checks)

    @property
    def total(self) -> int:
        return len(self.result.checks)

    @property
    def ok(self) -> bool:
        return self.result.passed

    def score_line(self) -> str:
        return t(self.lang, "score", passed=self.checks_passed, total=self.total)

    def to_json(self) -> dict[str, Any]:
        score = {"passed": self.checks_passed, "total": self.total}
        data = report.to_json([self.result], score=score)
        for check in data["scenarios"][0]["checks"]:
            check.setdefault("hint", None)  # every check has the key, null when it passed
            check["cause"] = self.causes.get(check["id"])
        return data


def verify(
    provider: Provider,
    credentials: tuple[str, str],
    *,
    lang: Lang = "en",
    on_check: Callable[[Check], None] | None = None,
    deadline: float = 3.0,
    plan: Plan | None = None,
) -> VerifyResult:
    """Every check of ``plan`` (default: the tutorial's) against the lab's configuration now;
    the lab is left as it was found."""
    session = Session(provider, credentials, deadline)
    found = {h.name: h.running for h in provider.status()}
    lb_address, lb_port = provider.endpoint(session.lb)
    ev = Evidence(
        servers=session.servers(),
        user=credentials[0],
        balancer=provider.lab.balancer,
        paths=session.paths,
        lb_address=lb_address,
        lb_port=lb_port,
    )
    checks = Checks(session, ev, lang)
    steps = plan or sequence
    scn = Scenario("verify", "labctl verify", lambda _driver: steps(checks, found))
    report_check = None if on_check is None else (lambda _name, check: on_check(check))
    try:
        # Its own restore: the default one may restart the balancer, which raises when the
        # student's file on disk is broken; here that is a finding, not an error.
        result = run_scenario(
            scn, session.driver, report_check, restore=lambda: _leave_as_found(session, found)
        )
    finally:
        session.close()
    return VerifyResult(result, lang, found, checks.causes)


# The checks a verify runs, in order: the tutorial's (`sequence`) or an exercise's.
Plan = Callable[[Checks, dict[str, bool]], Iterator[Check]]


def opening(
    c: Checks, found: dict[str, bool], later: Sequence[str], *, restart: bool = True
) -> Generator[Check, None, bool]:
    """config-valid (the balancer restarted on the files on disk) and httpd-running, then the
    files read as evidence. False when Apache refused the files: ``later`` are then not run.
    Without ``restart`` (an exercise that grades runtime state) config-valid is not asked."""
    if restart:
        refusal = _restart(c)
        yield c.check("config-valid", lambda: refusal)
        if not refusal.passed and not refusal.accepted:
            for check_id in later:
                yield c.not_run(check_id)
            return False
    yield c.check("httpd-running", lambda: _httpd_running(c, found, started=restart))
    c.ev.config, c.ev.unread = c.s.reader.config(c.s.paths.conf_d)
    c.members_from_files()  # until the manager page shows them
    _read_user_file(c)
    return True


def sequence(c: Checks, found: dict[str, bool]) -> Iterator[Check]:
    s, ev = c.s, c.ev
    if not (yield from opening(c, found, CHECK_IDS[1:])):
        return
    yield c.check("balancer-answers", c.balancer_answers)
    yield c.check("both-members", c.both_members)
    yield c.check("pages-differ", lambda: _pages_differ(c))
    yield c.check("alternation", c.alternation)
    server1, server2 = ev.servers
    with s.driver.stopped(server1.name):
        yield c.check("one-down-survivor", lambda: c.all_from(server2.number))
        yield c.check("one-down-member-error", lambda: c.member_error(server1.name))
        with s.driver.stopped(server2.name):
            yield c.check("both-down-503", lambda: c.all_status(503))
            yield c.check("manager-not-proxied", c.manager_not_proxied)
    yield c.check("both-back", c.service_back)
    yield c.check("manager-admits", c.manager_admits)
    yield c.check("manager-refuses-anonymous", lambda: c.manager_refuses(None))
    wrong = (s.credentials[0], s.credentials[1] + "-salah")
    yield c.check("manager-refuses-wrong-password", lambda: c.manager_refuses(wrong))
    yield c.check("manager-realm", c.manager_realm)
    yield c.check("proxypassreverse", lambda: _reverse(c))


def _restart(c: Checks) -> Outcome:
    try:
        c.s.provider.service(c.s.lb.name, "restart")
    except ConfigRefused as exc:
        c.ev.refusal = exc.apache_says
        # The refused files, as Apache read them: the hint names the line and what is on it.
        c.ev.config, c.ev.unread = c.s.reader.config(c.s.paths.conf_d)
        # Apache's own words; the hint explains them in the student's language.
        error = exc.apache_says.split(": ", 1)[-1]
        return Outcome(False, error, lambda: hints.refused(c.ev))
    except ProviderError as exc:
        # Accepted, but it did not come back (or the service manager failed): not a refusal,
        # so the other checks run and show what the balancer does now.
        restart = str(exc)
        return Outcome(False, restart, lambda: Hint("restart-failed", {"error": restart}), True)
    return Outcome(True, "Syntax OK")


def _httpd_running(c: Checks, found: dict[str, bool], *, started: bool = True) -> Outcome:
    stopped = [name for name, running in found.items() if not running]
    if not stopped:
        return Outcome(True, ", ".join(found))
    causes: list[Hint] = []
    for name in stopped:
        causes.append(Hint("host-stopped", {"host": name}))
        if name == c.s.lb.name and started:
            continue  # the restart above started it
        try:
            c.s.provider.service(name, "start")
        except ProviderError as exc:
            causes[-1] = Hint("host-wont-start", {"host": name, "error": str(exc)})
    observed = t(c.lang, "obs.stopped", hosts=", ".join(stopped))
    first = causes[0]
    return Outcome(False, observed, lambda: Hint(first.key, {**first.values, "more": causes[1:]}))


def _pages_differ(c: Checks) -> Outcome:
    seen: list[str] = []
    for host in c.s.lab.servers:
        reply = c.s.direct(host, "/")
        if isinstance(reply, str):
            c.ev.pages[host.name] = None
            seen.append(f"{host.name}: {reply}")
        else:
            c.ev.pages[host.name] = reply.server if reply.status == 200 else None
            seen.append(f"{host.name}: {describe(reply, c.lang)}")
    passed = all(c.ev.pages[s.name] == s.number for s in c.ev.servers)

    def hint() -> Hint | None:
        same = hints.same_page(c.ev)
        if same is not None:
            return same
        for server, words in zip(c.ev.servers, seen, strict=True):
            if c.ev.pages[server.name] != server.number:
                observed = words.split(": ", 1)[1]
                return Hint(
                    "server-page", {"host": server.name, "number": server.number,
                                    "observed": observed},
                )  # fmt: skip
        return None

    return Outcome(passed, "; ".join(seen), hint)


def _reverse(c: Checks) -> Outcome:
    """A directory request without its slash: the server answers 301 with its own address in
    Location; ProxyPassReverse must rewrite it to the balancer's. Where the servers cannot
    produce that redirect, the files say whether the line is there."""
    direct = c.s.direct(c.s.lab.servers[0], REDIRECT_DIR)
    if isinstance(direct, str) or direct.status not in (301, 302):
        line = c.ev.config.reverse()
        target = hints.balancer_name(c.ev)
        passed = line is not None and line.args[-1].rstrip("/").lower().endswith(target.lower())
        observed = t(c.lang, "obs.reverse-file", line=line.where if line else t(c.lang, "none"))
        return Outcome(passed, observed, lambda: hints.reverse_line(c.ev, None))
    seen = c.s.requests(1, REDIRECT_DIR)
    reply = seen.replies[0] if seen.replies else None
    location = reply.headers.get("Location") if reply is not None else None
    location = location.split("?")[0] if location else None  # without verify's own mark
    passed = reply is not None and reply.status in (301, 302) and _at_balancer(c.ev, location)
    observed = describe(reply, c.lang) if reply is not None else replies_line(seen, c.lang)
    return Outcome(
        passed, f"{REDIRECT_DIR}: {observed}", lambda: hints.reverse(c.ev, seen, location)
    )


def _at_balancer(ev: Evidence, location: str | None) -> bool:
    from urllib.parse import urlsplit

    if not location:
        return False
    parts = urlsplit(location)
    if not parts.netloc:
        return location.startswith("/")
    return parts.hostname == ev.lb_address and (parts.port or 80) == ev.lb_port


def _read_user_file(c: Checks) -> None:
    """AuthUserFile as Apache resolves it (relative paths are under the server root)."""
    line = c.ev.config.manager_auth("authuserfile")
    path = line.args[0] if line is not None and line.args else c.s.paths.htpasswd
    if not posixpath.isabs(path):
        path = posixpath.join(posixpath.dirname(c.s.paths.conf_d.rstrip("/")), path)
    c.ev.user_file = path
    c.ev.users = c.s.reader.users(path)
    c.ev.user_file_dir = c.s.reader.is_dir(posixpath.dirname(path))


def _leave_as_found(session: Session, found: dict[str, bool]) -> None:
    # A refused file on disk: the balancer keeps running what it ran, nothing to restart.
    with contextlib.suppress(ProviderError):
        session.driver.restore()
    for name, running in found.items():
        now = any(h.running for h in session.provider.status() if h.name == name)
        if running and not now:
            session.provider.service(name, "start")
        elif not running and now:
            session.provider.service(name, "stop")
