"""What an exercise is made of, and what every exercise shares.

An exercise is one module of this package holding one `Exercise`: its task, written like a
section of the tutorial (English and Indonesian), the Apache it needs, its checks (a plan run
on `ExerciseChecks`: verify's checks plus the helpers below) and its hints (pure functions of
what the checks saw, in the module). Its reference solution is
provision/templates/exercise-NAME.conf: the cluster block that replaces the tutorial's in
lbsisjarkom.conf.

Grading runs on verify's framework (labctl/verify): the balancer restarted on the files on disk
first (config-valid, httpd-running), then the exercise's checks, judged by what Apache does over
HTTP and on the balancer-manager page; the lab is left as it was found.
"""

from __future__ import annotations

import itertools
import posixpath
import shlex
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from labctl import faults, templates
from labctl.errors import Message, ProbeError, ProviderError, StateError
from labctl.i18n import Lang, t
from labctl.lab import Stage
from labctl.probe import ManagerPage, Member, parse_manager
from labctl.scenarios.base import Check
from labctl.verify.checks import Checks, Outcome
from labctl.verify.evidence import Seen
from labctl.verify.observed import describe, unreachable
from labctl.verify.run import VerifyResult, opening, verify

if TYPE_CHECKING:
    from labctl.control import OpenLab
    from labctl.providers.base import Provider

OPENING = ("config-valid", "httpd-running")


@dataclass(frozen=True)
class Exercise:
    name: str
    title: tuple[str, str]  # (English, Indonesian)
    task: tuple[str, str]  # what to do, where and how to check it: a section of the tutorial
    apache: str  # the httpd versions (and modules) it needs, in English (README, `list`)
    checks: tuple[str, ...]  # its own check ids, in the order they run
    plan: Callable[[ExerciseChecks], Iterator[Check]]
    start: Stage = "full"  # the starting point: the tutorial solved (`exercise start`)
    # False: grades what runs now (state set on the manager page), so the balancer is not
    # restarted first and config-valid is not asked.
    restart: bool = True
    # The operator's part of the solution, after its file is installed (drain: the form).
    after_solution: Callable[[OpenLab], None] | None = None

    @property
    def check_ids(self) -> tuple[str, ...]:
        return (OPENING if self.restart else OPENING[1:]) + self.checks

    def title_in(self, lang: Lang) -> str:
        return self.title[1] if lang == "id" else self.title[0]

    def task_in(self, lang: Lang) -> str:
        return self.task[1] if lang == "id" else self.task[0]


class ExerciseChecks(Checks):
    """verify's checks of one run, with what exercises ask of the balancer-manager."""

    site: faults.Site | None = None  # the lab with its state (faults), when graded in it

    @classmethod
    def joining(cls, c: Checks, site: faults.Site | None) -> ExerciseChecks:
        """The same run's checks: one session, one evidence, one table of causes."""
        x = cls(c.s, c.ev, c.lang)
        x.causes = c.causes
        x.site = site
        return x

    def page(self) -> ManagerPage | str:
        """The manager page with the lab's credentials; a string says why it is not there."""
        page = self.s.manager(self.s.credentials)
        if isinstance(page, str):
            return unreachable(page, self.lang)
        if page.status != 200:
            return t(self.lang, "obs.manager-answered", status=page.status)
        return page

    def html_page(self) -> ManagerPage | str:
        """The manager's HTML page: the only one with mod_proxy_hcheck's columns."""
        try:
            reply = self.s.probe.get("/balancer-manager", auth=self.s.credentials)
        except ProbeError as exc:
            return unreachable(str(exc), self.lang)
        if reply.status != 200:
            return t(self.lang, "obs.manager-answered", status=reply.status)
        return parse_manager(reply.body, reply.status)

    def member(self, page: ManagerPage, name: str) -> Member | None:
        server = self.ev.server(name)
        return page.member_at(server.address, server.port)

    def statuses(self, page: ManagerPage) -> str:
        """'server1: Init Ok, server2: Init Stby Ok' - Apache's own words per member."""
        words = []
        for server in self.ev.servers:
            member = self.member(page, server.name)
            words.append(f"{server.name}: {member.status if member else t(self.lang, 'none')}")
        return ", ".join(words)

    def watch(self, name: str, want: Callable[[Member], bool], seconds: float) -> Outcome:
        """Polls the manager page only (no client request) until ``name`` is as wanted."""
        deadline = time.monotonic() + seconds
        observed = t(self.lang, "obs.not-listed")
        while True:
            page = self.page()
            if isinstance(page, str):
                return Outcome(False, page)
            member = self.member(page, name)
            if member is not None:
                observed = f"{name}: {member.status}"
                if want(member):
                    return Outcome(True, observed)
            if time.monotonic() > deadline:
                return Outcome(False, observed)
            time.sleep(0.05)

    def requests_from(self, number: int, count: int = 4, **headers: str) -> tuple[bool, Seen]:
        """``count`` requests, every one answered 200 by Server ``number``."""
        return self.sample(
            count,
            lambda seen: (
                seen.error is None
                and all(r.status == 200 and r.server == number for r in seen.replies)
            ),
            headers or None,
        )

    def back_within(self, number: int, seconds: float) -> tuple[bool, Seen, float]:
        """One request every half second (each one a client would send) until Server
        ``number`` answers one: (answered, the last reply, seconds it took)."""
        started = time.monotonic()
        seen = Seen()
        while time.monotonic() < started + seconds:
            seen = self.s.requests(1)
            if seen.replies and seen.replies[0].server == number:
                return True, seen, time.monotonic() - started
            time.sleep(0.5)
        return False, seen, time.monotonic() - started

    @contextmanager
    def fault(self, host: str, kind: str, arg: str | None = None) -> Iterator[None]:
        """``host`` broken with labctl's fault for the block (labctl/faults.py: recorded before
        it is made, so a killed verify leaves it for the next command to clear)."""
        if self.site is None:
            raise StateError(Message("exercise.needs-lab-dir"))
        faults.apply(self.site, host, kind, arg, by="verify")
        try:
            yield
        finally:
            faults.clear(self.site, host)

    def spread(self, count: int = 4) -> tuple[bool, Seen]:
        """``count`` requests answered 200 by the servers in turn."""
        return self.sample(count, lambda seen: alternates(seen, len(self.ev.servers)))


def alternates(seen: Seen, servers: int) -> bool:
    got = [r.server for r in seen.replies]
    return (
        seen.error is None
        and all(r.status == 200 and r.server is not None for r in seen.replies)
        and all(a != b for a, b in itertools.pairwise(got))
        and len(set(got)) == servers
    )


def tally(seen: Seen, lang: Lang) -> str:
    """'9 x the Server 1 page, 3 x the Server 2 page': who answered, counted."""
    if seen.error is not None:
        return unreachable(seen.error, lang)
    counts = Counter(describe(r, lang) for r in seen.replies)
    return "; ".join(f"{n} x {word}" for word, n in counts.items()) or t(lang, "none")


def flag(member: Member | None, word: str) -> bool:
    """Whether Apache's status of ``member`` has ``word`` (Stby, Drn, Dis, HcFl...)."""
    return member is not None and word.lower() in member.status.lower().split()


def run(
    provider: Provider,
    credentials: tuple[str, str],
    exercise: Exercise,
    *,
    lang: Lang = "en",
    on_check: Callable[[Check], None] | None = None,
    site: faults.Site | None = None,
) -> VerifyResult:
    """`labctl verify --exercise NAME`: its checks after verify's opening; the lab left as
    it was found (faults it applied cleared). ``site``: the lab's state, for faults."""

    def steps(c: Checks, found: dict[str, bool]) -> Iterator[Check]:
        x = ExerciseChecks.joining(c, site)
        later = exercise.check_ids[1:]
        if (yield from opening(x, found, later, restart=exercise.restart)):
            yield from exercise.plan(x)

    return verify(provider, credentials, lang=lang, on_check=on_check, plan=steps)


def install_solution(opened: OpenLab, exercise: Exercise) -> None:
    """The exercise's reference lbsisjarkom.conf on the balancer, which is then restarted."""
    provider, lab = opened.provider, opened.lab
    lb = lab.loadbalancer
    paths = provider.paths(lb)
    (first, port), (second, _) = (provider.endpoint(s) for s in lab.servers)
    conf = templates.balancer_conf(
        lab,
        member_addresses=(first, second),
        port=port,
        htpasswd=paths.htpasswd,
        exercise=exercise.name,
    )
    target = posixpath.join(paths.conf_d, templates.BALANCER_CONF)
    wrote = provider.transport(lb).run(
        f"cat > {shlex.quote(target)}", sudo=True, timeout=20, stdin=conf
    )
    if not wrote.ok:
        raise ProviderError(
            Message("exercise.cannot-write", host=lb.name, path=target, why=wrote.tail(1))
        )
    provider.service(lb.name, "restart")
    if exercise.after_solution is not None:
        exercise.after_solution(opened)
