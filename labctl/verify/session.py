"""The lab as verify touches it: requests that say whose they are, log windows, members.

Every request verify sends through the balancer carries ``?labctl-verify=<token>``, so the
balancer's access log tells verify's requests from a browser reload or a classmate's curl.
"""

from __future__ import annotations

import ipaddress
import posixpath
import secrets
import time
from dataclasses import dataclass

from labctl.errors import ProbeError
from labctl.hostreader import HostReader, Unread
from labctl.lab import Host
from labctl.probe import ManagerPage, Probe, Reply
from labctl.providers.base import Provider
from labctl.scenarios.base import LabDriver
from labctl.verify.evidence import MemberSeen, Seen, Server

TOKEN_PARAM = "labctl-verify"


def access_log(error_log: str) -> str:
    """The access log next to the error log: error_log -> access_log, error.log -> access.log."""
    directory, name = posixpath.split(error_log)
    return posixpath.join(directory, name.replace("error", "access"))


@dataclass(frozen=True)
class Mark:
    error: int | Unread
    access: int | Unread


class Session:
    def __init__(self, provider: Provider, credentials: tuple[str, str], deadline: float) -> None:
        self.provider = provider
        self.lab = provider.lab
        self.lb: Host = self.lab.loadbalancer
        self.paths = provider.paths(self.lb)
        self.credentials = credentials
        self.deadline = deadline
        self.driver = LabDriver(provider, credentials, deadline=deadline)
        self.probe: Probe = self.driver.probe
        self.reader = HostReader(provider.transport(self.lb))
        self.token = secrets.token_hex(4)
        self._sent = 0
        self._resolved: dict[str, tuple[str, ...]] = {}

    def close(self) -> None:
        self.driver.close()

    def servers(self) -> tuple[Server, ...]:
        out = []
        for host in self.lab.servers:
            address, port = self.provider.endpoint(host)
            out.append(Server(host.name, host.number or 0, address, port))
        return tuple(out)

    # --- HTTP -----------------------------------------------------------------------------

    def get(
        self,
        path: str,
        *,
        auth: tuple[str, str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> Reply:
        """``path`` through the balancer, marked as verify's own."""
        self._sent += 1
        sep = "&" if "?" in path else "?"
        marked = f"{path}{sep}{TOKEN_PARAM}={self.token}-{self._sent}"
        return self.probe.get(marked, auth=auth, headers=headers)

    def requests(self, count: int, path: str = "/", headers: dict[str, str] | None = None) -> Seen:
        try:
            return Seen(tuple(self.get(path, headers=headers) for _ in range(count)))
        except ProbeError as exc:
            return Seen(error=str(exc))

    def direct(self, host: Host, path: str) -> Reply | str:
        """``path`` from a server itself, around the balancer."""
        address, port = self.provider.endpoint(host)
        probe = Probe(address, port)
        try:
            return probe.get(path)
        except ProbeError as exc:
            return str(exc)
        finally:
            probe.close()

    def manager(self, auth: tuple[str, str] | None) -> ManagerPage | str:
        try:
            return self.probe.manager(auth)
        except ProbeError as exc:
            return str(exc)

    # --- logs -------------------------------------------------------------------------------

    def mark(self) -> Mark:
        return Mark(
            self.reader.size(self.paths.error_log),
            self.reader.size(access_log(self.paths.error_log)),
        )

    def errors_since(self, mark: Mark) -> str | Unread:
        if isinstance(mark.error, Unread):
            return mark.error
        return self.reader.since(self.paths.error_log, mark.error)

    def foreign_since(self, mark: Mark) -> int:
        """Requests in the balancer's access log since ``mark`` that verify did not send.

        Apache logs a request once it is answered: wait (briefly) until verify's own are there.
        """
        if isinstance(mark.access, Unread):
            return 0
        deadline = time.monotonic() + 1.0
        while True:
            text = self.reader.since(access_log(self.paths.error_log), mark.access)
            if isinstance(text, Unread):
                return 0
            lines = [line for line in text.splitlines() if '"' in line]
            ours = [line for line in lines if f"{TOKEN_PARAM}={self.token}-" in line]
            if ours or time.monotonic() > deadline:
                return len(lines) - len(ours)
            time.sleep(0.02)

    # --- members ----------------------------------------------------------------------------

    def resolve(self, urls: list[tuple[str, str, str, str | None]]) -> list[MemberSeen]:
        """(url, status, state, where) -> members with what their host names resolve to on
        the balancer (asked over its transport: its /etc/hosts, its DNS)."""
        members = [MemberSeen(url, (), state, status, where) for url, status, state, where in urls]
        names = sorted({m.host for m in members if m.host and not _is_address(m.host)})
        wanted = [n for n in names if n not in self._resolved]
        if wanted:
            self._resolved.update(self.reader.resolve(wanted))
        resolved = self._resolved
        return [
            MemberSeen(
                m.url,
                (m.host,) if _is_address(m.host) else resolved.get(m.host, ()),
                m.state,
                m.status,
                m.where,
            )
            for m in members
        ]


def _is_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True
