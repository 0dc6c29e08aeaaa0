"""The checks: what verify asks of Apache, in order, each judged by what Apache does.

A check is a question to the running lab; its `Outcome` says pass or fail, what was seen, and
(on failure) which hint rule names the cause, given the evidence gathered up to then plus the
error log written during that check only.
"""

from __future__ import annotations

import itertools
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from labctl.errors import ProbeError
from labctl.i18n import Lang, t
from labctl.probe import ManagerPage, Reply
from labctl.scenarios.base import Check
from labctl.verify import hints
from labctl.verify.evidence import Evidence, MemberSeen, Seen
from labctl.verify.hints import Hint
from labctl.verify.observed import (
    describe,
    header,
    members_line,
    replies_line,
    unreachable,
    www_authenticate,
)
from labctl.verify.session import Session

# Stable ids, in the order they run and print. README lists what each one means.
CHECK_IDS: tuple[str, ...] = (
    "config-valid",
    "httpd-running",
    "balancer-answers",
    "both-members",
    "pages-differ",
    "alternation",
    "one-down-survivor",
    "one-down-member-error",
    "both-down-503",
    "manager-not-proxied",
    "both-back",
    "manager-admits",
    "manager-refuses-anonymous",
    "manager-refuses-wrong-password",
    "manager-realm",
    "proxypassreverse",
)
REALM = "balancer-manager"
MISSING_PAGE = "/labctl-verify-no-such-page"
REDIRECT_DIR = "/labctl"  # provisioned on every server: a request without the slash -> 301
TRAFFIC_ATTEMPTS = 3


@dataclass
class Outcome:
    passed: bool
    observed: str
    hint: Callable[[], Hint | None] = lambda: None
    accepted: bool = False  # config-valid only: failed, yet Apache accepted the files


class Checks:
    def __init__(self, session: Session, ev: Evidence, lang: Lang) -> None:
        self.s = session
        self.ev = ev
        self.lang = lang
        self.causes: dict[str, str] = {}  # check id -> the hint key naming the cause

    def check(self, check_id: str, run: Callable[[], Outcome]) -> Check:
        """Runs one check; on failure the hint sees the error log written during it only."""
        mark = self.s.mark()
        outcome = run()
        hint = None
        if not outcome.passed:
            self.ev.log = self.s.errors_since(mark)
            found = outcome.hint() or Hint("compare", {"conf_d": self.s.paths.conf_d})
            self.causes[check_id] = found.key
            hint = found.render(self.lang)
        self.ev.foreign = 0
        return self.make(check_id, outcome.passed, outcome.observed, hint)

    def make(self, check_id: str, passed: bool, observed: str, hint: str | None) -> Check:
        expected = t(self.lang, f"expected.{check_id}", balancer=hints.balancer_name(self.ev))
        title = t(self.lang, f"title.{check_id}")
        return Check(check_id, title, passed, expected, observed, None, hint)

    def not_run(self, check_id: str) -> Check:
        self.causes[check_id] = "not-run"
        observed = t(self.lang, "obs.not-run")
        return self.make(check_id, False, observed, t(self.lang, "hint.not-run"))

    # --- requests through the balancer ------------------------------------------------------

    def traffic(self, count: int, judge: Callable[[Seen], bool]) -> Outcome:
        passed, seen = self.sample(count, judge)
        if passed:
            return Outcome(True, replies_line(seen, self.lang))
        return Outcome(False, replies_line(seen, self.lang), lambda: hints.traffic(self.ev, seen))

    def sample(
        self, count: int, judge: Callable[[Seen], bool], headers: dict[str, str] | None = None
    ) -> tuple[bool, Seen]:
        """``count`` requests to /; tried again when someone else's requests came in between."""
        for attempt in range(TRAFFIC_ATTEMPTS):
            mark = self.s.mark()
            seen = self.s.requests(count, headers=headers)
            if judge(seen):
                return True, seen
            foreign = self.s.foreign_since(mark)
            if not foreign or attempt == TRAFFIC_ATTEMPTS - 1:
                self.ev.foreign = foreign
                break
        return False, seen

    def alternation(self) -> Outcome:
        numbers = [s.number for s in self.ev.servers]

        def judge(seen: Seen) -> bool:
            got = [r.server for r in seen.replies]
            return (
                seen.error is None
                and all(r.status == 200 for r in seen.replies)
                and all(a != b for a, b in itertools.pairwise(got))
                and sorted(set(got), key=str) == sorted(set(numbers), key=str)
            )

        return self.traffic(4, judge)

    def all_from(self, number: int) -> Outcome:
        return self.traffic(
            4,
            lambda seen: (
                seen.error is None
                and all(r.status == 200 and r.server == number for r in seen.replies)
            ),
        )

    def all_status(self, status: int) -> Outcome:
        return self.traffic(
            3, lambda seen: seen.error is None and all(r.status == status for r in seen.replies)
        )

    def balancer_answers(self) -> Outcome:
        """/, a page that exists and one that does not: the server's 404, not the balancer's 500."""
        seen = Seen()
        try:
            seen = Seen(tuple(self.s.get(p) for p in ("/", "/index.html", MISSING_PAGE)))
        except ProbeError as exc:
            seen = Seen(error=str(exc))
        ok = seen.error is None and [(r.status, r.server is not None) for r in seen.replies] == [
            (200, True),
            (200, True),
            (404, False),
        ]
        return Outcome(ok, replies_line(seen, self.lang, paths=True), lambda: self._answers(seen))

    def _answers(self, seen: Seen) -> Hint | None:
        if seen.error is not None:
            return hints.silent(seen.error)
        root = seen.replies[0]
        if root.status == 200 and root.server is not None:  # / works, other pages do not
            return hints.no_slash(self.ev, seen) or hints.log(self.ev) or hints.proxy(self.ev)
        return hints.proxy(self.ev) or hints.no_slash(self.ev, seen) or hints.log(self.ev)

    def service_back(self) -> Outcome:
        deadline = time.monotonic() + self.s.deadline
        seen = Seen()
        while time.monotonic() < deadline:
            seen = self.s.requests(1)
            if seen.replies and seen.replies[0].status == 200 and seen.replies[0].server:
                return Outcome(True, replies_line(seen, self.lang))
            time.sleep(0.01)
        return Outcome(False, replies_line(seen, self.lang), lambda: hints.traffic(self.ev, seen))

    # --- members ----------------------------------------------------------------------------

    def member_error(self, name: str) -> Outcome:
        """Waits (deadline, no fixed sleep) for the manager to show ``name`` in error."""
        server = self.ev.server(name)
        deadline = time.monotonic() + self.s.deadline
        observed = t(self.lang, "obs.not-listed")
        while True:
            page = self.s.manager(self.s.credentials)
            if isinstance(page, str):
                return Outcome(False, unreachable(page, self.lang), partial(hints.silent, page))
            if page.status != 200:
                reply = Reply(page.status, None, page.body, {})
                return Outcome(
                    False,
                    t(self.lang, "obs.manager-answered", status=page.status),
                    partial(hints.admits, self.ev, reply),
                )
            self.ev.members = self.members_of(page)
            member = self.ev.member_of(server)
            if member is not None:
                observed = f"{member.url}: {member.status} ({member.state})"
                if member.state == "error":
                    return Outcome(True, observed)
            if time.monotonic() > deadline:
                return Outcome(False, observed, lambda: hints.members_in_error(self.ev))
            time.sleep(0.01)

    def members_of(self, page: ManagerPage) -> list[MemberSeen]:
        return self.s.resolve([(m.url, m.status, m.state, None) for m in page.members])

    def both_members(self) -> Outcome:
        page = self.s.manager(self.s.credentials)
        if isinstance(page, ManagerPage) and page.status == 200 and page.source == "xml":
            self.ev.members, self.ev.members_from = self.members_of(page), "manager"
        else:
            # The manager cannot be read (that has its own checks): the files say who is in.
            self.members_from_files()
        missing = self.ev.missing()
        observed = members_line(self.ev, self.lang)
        return Outcome(not missing, observed, lambda: hints.proxy(self.ev))

    def members_from_files(self) -> None:
        root = self.ev.config.root_pass()
        target = root.args[1] if root is not None and len(root.args) > 1 else ""
        lines = self.ev.config.members(target) if target else []
        self.ev.members = self.s.resolve([(u, "", "unknown", d.where) for u, d in lines])
        self.ev.members_from = "file"

    # --- the manager ------------------------------------------------------------------------

    def manager_get(self, auth: tuple[str, str] | None) -> Reply | str:
        try:
            return self.s.get("/balancer-manager", auth=auth)
        except ProbeError as exc:
            return str(exc)

    def manager_not_proxied(self) -> Outcome:
        """Both servers are down now: a 503 for /balancer-manager proves it went to them.

        With the right password: auth in <Location> applies before ProxyPass hands the request
        over, so an anonymous request gets its 401 even when the page itself is proxied.
        """
        reply = self.manager_get(self.s.credentials)
        if isinstance(reply, str):
            return Outcome(False, unreachable(reply, self.lang), lambda: hints.silent(reply))
        if reply.status in (401, 500):
            # The password was refused before any handler ran: HTTP cannot tell, the files can.
            passed = hints.routing(self.ev, handler=False) is None
        else:
            passed = reply.status == 200 and _is_manager(reply)
        return Outcome(passed, describe(reply, self.lang), lambda: hints.routing(self.ev))

    def manager_admits(self) -> Outcome:
        reply = self.manager_get(self.s.credentials)
        if isinstance(reply, str):
            return Outcome(False, unreachable(reply, self.lang), lambda: hints.silent(reply))
        passed = reply.status == 200 and _is_manager(reply)
        return Outcome(passed, describe(reply, self.lang), lambda: hints.admits(self.ev, reply))

    def manager_refuses(self, auth: tuple[str, str] | None) -> Outcome:
        reply = self.manager_get(auth)
        if isinstance(reply, str):
            return Outcome(False, unreachable(reply, self.lang), lambda: hints.silent(reply))
        observed = describe(reply, self.lang)
        return Outcome(reply.status == 401, observed, lambda: hints.refuses(self.ev, reply))

    def manager_realm(self) -> Outcome:
        reply = self.manager_get(None)
        if isinstance(reply, str):
            return Outcome(False, unreachable(reply, self.lang), lambda: hints.silent(reply))
        scheme, realm = www_authenticate(reply)
        value = header(reply, "WWW-Authenticate")
        observed = f"{reply.status}, " + (
            t(self.lang, "obs.www-authenticate", value=value)
            if value
            else t(self.lang, "obs.no-header")
        )
        passed = reply.status == 401 and (scheme or "").lower() == "basic" and realm == REALM
        return Outcome(passed, observed, lambda: hints.realm(self.ev, reply, scheme, realm))


def _is_manager(reply: Reply) -> bool:
    return bool(re.search(r"balancer manager|<httpd:manager", reply.body, re.IGNORECASE))
