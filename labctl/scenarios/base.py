"""What a scenario is made of: checks with deadlines, and a lab that is always put back.

A scenario is a generator that yields Checks, written once against `LabDriver` and run unchanged
on every provider. `LabDriver.stopped()` is a context manager, so "the server is started again"
cannot be forgotten, also after a failed check or Ctrl-C.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from labctl import diagnose, faults
from labctl.errors import LabctlError, ProbeError
from labctl.hostreader import HostReader, Unread
from labctl.lab import Host, Lab
from labctl.probe import ManagerPage, Member, MemberState, Probe, Reply
from labctl.providers.base import Provider
from labctl.shield import uninterruptible
from labctl.state import StateDir


@dataclass
class Check:
    id: str
    title: str
    passed: bool
    expected: str
    observed: str
    diagnosis: str | None = None
    hint: str | None = None  # for students (verify); scenarios leave it empty
    # Wall time since the previous check, what it took to break the lab included: where a
    # slow lab (VMs under emulation) spends its time.
    duration_s: float = 0.0

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Check:
        """A check as ``to_dict`` wrote it (another labctl process's JSON)."""
        return cls(
            str(data["id"]),
            str(data["title"]),
            bool(data["passed"]),
            str(data["expected"]),
            str(data["observed"]),
            data.get("diagnosis"),
            data.get("hint"),
            float(data.get("duration_s", 0.0)),
        )

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "title": self.title,
            "passed": self.passed,
            "expected": self.expected,
            "observed": self.observed,
            "diagnosis": self.diagnosis,
            "duration_s": round(self.duration_s, 3),
        }
        if self.hint is not None:
            data["hint"] = self.hint
        return data


@dataclass
class ScenarioResult:
    name: str
    title: str
    checks: list[Check] = field(default_factory=list)
    duration_s: float = 0.0
    error: str | None = None  # the scenario could not run to its end

    @property
    def passed(self) -> bool:
        return self.error is None and all(c.passed for c in self.checks)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ScenarioResult:
        checks = [Check.from_dict(c) for c in data["checks"]]
        duration = float(data.get("duration_s", 0.0))
        return cls(str(data["name"]), str(data["title"]), checks, duration, data.get("error"))

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "title": self.title,
            "passed": self.passed,
            "duration_s": round(self.duration_s, 3),
            "error": self.error,
            "checks": [c.to_dict() for c in self.checks],
        }


ScenarioFn = Callable[["LabDriver"], Iterator[Check]]


@dataclass(frozen=True)
class Scenario:
    name: str
    title: str
    run: ScenarioFn
    # `labctl scenario GROUP` runs a group: "all" is the tutorial's claims, "faults" what
    # Apache does under labctl's faults (labctl/scenarios/faults.py)
    group: str = "all"


REGISTRY: dict[str, Scenario] = {}
GROUPS = ("all", "faults")


def scenario(name: str, title: str, *, group: str = "all") -> Callable[[ScenarioFn], ScenarioFn]:
    def register(fn: ScenarioFn) -> ScenarioFn:
        REGISTRY[name] = Scenario(name, title, fn, group)
        return fn

    return register


def _pages(replies: list[Reply]) -> str:
    return ", ".join(
        f"Server {r.server}" if r.status == 200 and r.server else r.reason_line.strip()
        for r in replies
    )


class LabDriver:
    """The lab as a scenario sees it: HTTP through the balancer, the manager, start/stop."""

    def __init__(
        self,
        provider: Provider,
        credentials: tuple[str, str],
        *,
        deadline: float = 3.0,
        state_dir: StateDir | None = None,  # where faults are recorded (fault scenarios)
    ) -> None:
        self.provider = provider
        self.place = faults.Place(provider, state_dir) if state_dir is not None else None
        self.lab: Lab = provider.lab
        self.credentials = credentials
        self.deadline = deadline
        address, port = provider.endpoint(self.lab.loadbalancer)
        self.probe = Probe(address, port)
        self._stopped: set[str] = set()
        self._log_mark: int | Unread | None = None

    def close(self) -> None:
        self.probe.close()

    # --- the lab's parts ------------------------------------------------------------------

    def server(self, name: str) -> Host:
        return self.lab.host(name)

    def member_for(self, page: ManagerPage, host: Host) -> Member | None:
        address, port = self.provider.endpoint(host)
        return page.member_at(address, port)

    @property
    def _reader(self) -> HostReader:
        # On first use only: a VM's transport is an SSH connection.
        return HostReader(self.provider.transport(self.lab.loadbalancer))

    def begin_check(self) -> None:
        """Marks the balancer's error log: a diagnosis reads only what this check wrote."""
        lb = self.lab.loadbalancer
        self._log_mark = self._reader.size(self.provider.paths(lb).error_log)

    def error_log(self) -> str:
        """The error log written since the check began (older lines name older causes)."""
        if not isinstance(self._log_mark, int):
            return ""
        path = self.provider.paths(self.lab.loadbalancer).error_log
        text = self._reader.since(path, self._log_mark)
        return text if isinstance(text, str) else ""

    def diagnosis(self, host: Host | None = None) -> str | None:
        target = None
        if host is not None:
            address, port = self.provider.endpoint(host)
            target = f"{address}:{port}"
        return diagnose.explain(self.error_log(), target=target)

    def requests(self, count: int, path: str = "/") -> list[Reply]:
        return [self.probe.get(path) for _ in range(count)]

    # --- breaking and mending -------------------------------------------------------------

    @contextmanager
    def stopped(self, name: str) -> Iterator[None]:
        """`systemctl stop httpd` on ``name`` for the block; started again however it ends."""
        with uninterruptible():  # a Ctrl-C now still finds the server on the restore list
            self._stopped.add(name)
            self.provider.service(name, "stop")
        try:
            yield
        finally:
            with uninterruptible():
                self.provider.service(name, "start")
                self._stopped.discard(name)

    def restore(self) -> None:
        """Members back in rotation: a member that failed is not retried for `retry` (60 s)
        unless every member failed, so restart the balancer (as `systemctl restart httpd`
        would) when one is still marked in error. Faults are cleared first (a frozen httpd
        cannot be stopped or started)."""
        if self.place is not None:
            faults.clear(self.place)
        for name in list(self._stopped):
            self.provider.service(name, "start")
            self._stopped.discard(name)
        try:
            page = self.probe.manager(self.credentials)
        except ProbeError:
            return
        if any(m.state == "error" for m in page.members):
            self.provider.service(self.lab.loadbalancer.name, "restart")

    # --- expectations ---------------------------------------------------------------------

    def expect_alternation(self, check_id: str, requests: int = 4) -> Check:
        self.begin_check()
        expected = f"{requests} x 200, Server 1 and Server 2 in turn, equal shares"
        title = "requests alternate between the servers"
        try:
            replies = self.requests(requests)
        except ProbeError as exc:
            return Check(check_id, title, False, expected, str(exc), self.diagnosis())
        observed = _pages(replies)
        numbers = [r.server for r in replies]
        all_ok = all(r.status == 200 for r in replies)
        alternates = all(a != b for a, b in itertools.pairwise(numbers))
        counts = {n: numbers.count(n) for n in set(numbers)}
        fair = len(counts) == len(self.lab.servers) and max(counts.values()) - min(
            counts.values()
        ) <= (requests % 2)
        passed = all_ok and alternates and fair and None not in counts
        diagnosis = None if passed else self._why_no_alternation(replies)
        return Check(check_id, title, passed, expected, observed, diagnosis)

    def _why_no_alternation(self, replies: list[Reply]) -> str | None:
        if any(r.status != 200 for r in replies):
            return self.diagnosis()
        if any(r.server is None for r in replies):
            return "a reply is not a 'Server N' page: is the proxy passing / to the balancer?"
        try:
            page = self.probe.manager(self.credentials)
        except ProbeError:
            page = None
        if page is not None and page.members:
            if len(page.members) < len(self.lab.servers):
                urls = ", ".join(m.url for m in page.members)
                return f"the balancer has {len(page.members)} member(s) only: {urls}"
            if any(m.state == "error" for m in page.members):
                return self.diagnosis() or "a member is in error: it is skipped for `retry`"
        seen = {r.server for r in replies}
        if len(seen) == 1:
            return f"every reply is the 'Server {seen.pop()}' page: do both servers serve it?"
        return None

    def expect_all_from(self, check_id: str, name: str, requests: int = 4) -> Check:
        self.begin_check()
        host = self.server(name)
        expected = f"{requests} x 200, all from Server {host.number}"
        title = f"Server {host.number} takes all the traffic"
        try:
            replies = self.requests(requests)
        except ProbeError as exc:
            return Check(check_id, title, False, expected, str(exc), self.diagnosis())
        passed = all(r.status == 200 and r.server == host.number for r in replies)
        diag = None if passed else self.diagnosis(host) or self.diagnosis()
        return Check(check_id, title, passed, expected, _pages(replies), diag)

    def expect_status(self, check_id: str, status: int, requests: int = 3) -> Check:
        self.begin_check()
        reason = Reply(status, None, "", {}).reason_line
        expected = f"{requests} x {reason}"
        title = f"the proxy answers {reason}"
        try:
            replies = self.requests(requests)
        except ProbeError as exc:
            return Check(check_id, title, False, expected, str(exc))
        passed = all(r.status == status for r in replies)
        return Check(check_id, title, passed, expected, _pages(replies))

    def expect_member(self, check_id: str, name: str, state: MemberState) -> Check:
        """Waits (deadline, no fixed sleep) for the manager to show ``name`` in ``state``."""
        self.begin_check()
        host = self.server(name)
        title = f"balancer-manager shows {name} {state}"
        expected = f"member of {name}: {state}"
        observed = "not listed"
        deadline = time.monotonic() + self.deadline
        while True:
            try:
                page = self.probe.manager(self.credentials)
            except ProbeError as exc:
                return Check(check_id, title, False, expected, str(exc))
            if page.status != 200:
                observed = f"/balancer-manager answered {page.status}"
                break
            member = self.member_for(page, host)
            if member is not None:
                observed = f"{member.url}: {member.status} ({member.state})"
                if member.state == state:
                    return Check(check_id, title, True, expected, observed)
            if time.monotonic() > deadline:
                break
            time.sleep(0.01)
        return Check(check_id, title, False, expected, observed, self.diagnosis(host))

    def expect_service_back(self, check_id: str) -> Check:
        self.begin_check()
        title = "service is back"
        expected = "200 from a server within a few seconds"
        deadline = time.monotonic() + self.deadline
        last = "no reply"
        while time.monotonic() < deadline:
            try:
                reply = self.probe.get("/")
            except ProbeError as exc:
                last = str(exc)
            else:
                last = _pages([reply])
                if reply.status == 200 and reply.server is not None:
                    return Check(check_id, title, True, expected, last)
            time.sleep(0.01)
        return Check(check_id, title, False, expected, last, self.diagnosis())

    def expect_manager(
        self,
        check_id: str,
        title: str,
        *,
        auth: tuple[str, str] | None,
        status: int,
        realm: str | None = None,
        members: bool = False,
    ) -> Check:
        """/balancer-manager with ``auth``: the status, the Basic realm, the members listed."""
        self.begin_check()
        want = [f"{status}"]
        if realm is not None:
            want.append(f'WWW-Authenticate: Basic realm="{realm}"')
        if members:
            want.append("both servers listed as members")
        try:
            page = self.probe.manager(auth)
        except ProbeError as exc:
            return Check(check_id, title, False, ", ".join(want), str(exc))
        seen = [f"{page.status}"]
        passed = page.status == status
        if realm is not None:
            seen.append(f'WWW-Authenticate: {page.auth_scheme} realm="{page.realm}"')
            passed &= page.auth_scheme == "Basic" and page.realm == realm
        if members:
            listed = [self.member_for(page, s) for s in self.lab.servers]
            seen.append("members: " + (", ".join(m.url for m in page.members) or "none"))
            passed &= all(m is not None for m in listed)
        return Check(check_id, title, passed, ", ".join(want), ", ".join(seen))


def run_scenario(
    scn: Scenario,
    driver: LabDriver,
    on_check: Callable[[str, Check], None] | None = None,
    *,
    restore: Callable[[], None] | None = None,
) -> ScenarioResult:
    """Runs one scenario to its end; the lab is restored whatever happens (Ctrl-C included),
    by ``restore`` when given, else by ``driver.restore()``."""
    result = ScenarioResult(scn.name, scn.title)
    start = time.monotonic()
    checks = scn.run(driver)
    try:
        mark = start
        for check in checks:
            now = time.monotonic()
            check.duration_s, mark = now - mark, now
            result.checks.append(check)
            if on_check is not None:
                on_check(scn.name, check)
    except (LabctlError, OSError) as exc:
        result.error = str(exc)
    finally:
        try:
            with uninterruptible():
                # A generator's close() runs the scenario's own `finally`/`with` exits first.
                close = getattr(checks, "close", None)
                if close is not None:
                    close()
                (restore or driver.restore)()
        finally:
            result.duration_s = time.monotonic() - start
    return result
