"""What verify observed: values only, no I/O. Hints are computed from these and nothing else.

A check fills what it saw (replies, the manager page, members as Apache resolves them, the log
lines written while it ran); the files as Apache parses them are read once, after the restart.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from labctl.apacheconf import StudentConfig
from labctl.hostreader import Unread
from labctl.probe import Reply
from labctl.providers.base import HostPaths


@dataclass(frozen=True)
class Server:
    name: str
    number: int
    address: str  # where the balancer reaches it
    port: int

    @property
    def url(self) -> str:
        return f"http://{self.address}:{self.port}"


@dataclass(frozen=True)
class MemberSeen:
    """A BalancerMember, with the addresses its host name resolves to on the balancer."""

    url: str
    addresses: tuple[str, ...]
    state: str = "unknown"  # ok / error / disabled / unknown (from the manager page)
    status: str = ""  # Apache's own words, e.g. "Init Err"
    where: str | None = None  # its line in the files, when known

    @property
    def host(self) -> str:
        return urlsplit(self.url if "://" in self.url else f"http://{self.url}").hostname or ""

    @property
    def port(self) -> int:
        return urlsplit(self.url if "://" in self.url else f"http://{self.url}").port or 80

    @property
    def path(self) -> str:
        return urlsplit(self.url if "://" in self.url else f"http://{self.url}").path

    def is_(self, server: Server) -> bool:
        return server.address in self.addresses and self.port == server.port


@dataclass
class Evidence:
    """Everything a hint may use. Facts of the lab first, then what the checks saw."""

    servers: tuple[Server, ...]
    user: str
    balancer: str  # the lab's name for it, "mycluster"
    paths: HostPaths  # on the load balancer
    lb_address: str = ""
    lb_port: int = 80
    config: StudentConfig = field(default_factory=StudentConfig)
    unread: list[Unread] = field(default_factory=list)
    refusal: str | None = None  # Apache's words when it refused the files on disk
    pages: dict[str, int | None] = field(default_factory=dict)  # each server's own page
    members: list[MemberSeen] = field(default_factory=list)
    members_from: str = "manager"  # "manager" or "file"
    users: tuple[str, ...] | Unread | None = None  # names in the AuthUserFile
    user_file: str = ""
    user_file_dir: bool = True  # the AuthUserFile's directory exists
    log: str | Unread = ""  # the error log written during the check being judged
    foreign: int = 0  # requests of someone else seen during that check

    def server(self, name: str) -> Server:
        return next(s for s in self.servers if s.name == name)

    def member_of(self, server: Server) -> MemberSeen | None:
        return next((m for m in self.members if m.is_(server)), None)

    def missing(self) -> list[Server]:
        return [s for s in self.servers if self.member_of(s) is None]


@dataclass(frozen=True)
class Seen:
    """What one check saw over HTTP: the replies in order, or why there was none."""

    replies: tuple[Reply, ...] = ()
    error: str | None = None  # the balancer did not answer at all

    @property
    def statuses(self) -> set[int]:
        return {r.status for r in self.replies}
