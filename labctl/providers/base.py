"""The contract every provider implements. Scenarios, verify and the CLI use nothing else."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from labctl.lab import Action, Host, Lab, Stage
from labctl.transports import Transport

Say = Callable[[str], None]  # one line of progress for the user


@dataclass(frozen=True)
class HostStatus:
    name: str
    role: str
    address: str  # where labctl reaches the host's HTTP from this machine
    port: int
    running: bool  # httpd answers
    detail: str = ""  # provider words: "pid 4242", "VM running", "not created"


@dataclass(frozen=True)
class HostPaths:
    """Where the tutorial's files are on a host, as the student would find them."""

    conf_d: str  # /etc/httpd/conf.d on CentOS; the host's conf.d/ in the embedded lab
    htpasswd: str  # /etc/httpd/htpasswd on CentOS
    document_root: str
    error_log: str


class Provider(Protocol):
    name: str
    lab: Lab

    def up(self, *, stage: Stage, say: Say) -> None:
        """Bring every host up and provisioned to ``stage``; idempotent."""
        ...

    def down(self) -> None:
        """Stop every host, keeping its files (vagrant: halt)."""
        ...

    def destroy(self) -> None:
        """Remove every host and what labctl made for it."""
        ...

    def discard(self) -> bool:
        """Undo a first `up` that failed, unless it made something worth inspecting (a VM
        whose provisioning failed); True when nothing of the lab is left."""
        ...

    def status(self) -> list[HostStatus]: ...

    def service(self, host: str, action: Action) -> None:
        """`systemctl ACTION httpd` on ``host``; returns once it is stopped or answers.

        `restart` checks the configuration first and raises with Apache's own message if it is
        broken, leaving the running server untouched.
        """
        ...

    def endpoint(self, host: Host) -> tuple[str, int]:
        """(address, port) where this machine reaches ``host``'s HTTP."""
        ...

    def transport(self, host: Host) -> Transport:
        """Runs commands on ``host`` (logs, configtest, the student's files)."""
        ...

    def paths(self, host: Host) -> HostPaths: ...

    def fault_means(self) -> FaultMeans:
        """How this provider breaks a server on purpose (labctl/faults.py)."""
        ...


class FaultMeans(Protocol):
    """A server's own means to break it on purpose, per provider (labctl/faults.py uses them;
    an Apache snippet is written through the host's transport, the same on every provider)."""

    def freeze(self, host: Host, frozen: bool) -> None:
        """SIGSTOP (``frozen``) or SIGCONT the host's httpd processes, the parent and workers:
        the kernel still accepts connections into the listen backlog, nobody answers them."""
        ...

    def snippet(self, host: Host) -> str:
        """The path of labctl's own file among the *.conf the host's Apache includes."""
        ...

    def module(self, host: Host, name: str) -> str:
        """The path of Apache module ``name`` (``ext_filter``) for a LoadModule on the host."""
        ...

    def drop(self, host: Host, source: str, on: bool) -> None:
        """The host's firewall drops (``on``) or again accepts every packet from ``source``;
        raises FaultError where the provider has no per-host firewall."""
        ...
