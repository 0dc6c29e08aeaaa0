"""The provider of a lab labctl did not make: a student's own VMs, graded by the instructor.

The class inventory names the balancer's URL, the servers' addresses and how to reach each host
over SSH; HTTP goes from here, and httpd is stopped and started with the entry's service
command over SSH (`sudo systemctl ACTION httpd` by default, CentOS 7 as the tutorial). labctl
neither brings such a lab up nor takes it down: those are refused with the reason.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from labctl import httpd
from labctl.errors import Message, ProviderError
from labctl.inventory import Entry
from labctl.lab import Action, Host, Lab, Stage
from labctl.net import accepts, split_address
from labctl.providers.base import FaultMeans, HostPaths, HostStatus, Say
from labctl.transports import Transport


class RemoteLab:
    """The Provider protocol over a class inventory's URL entry."""

    name = "remote"

    def __init__(self, entry: Entry, known_hosts: Path) -> None:
        self.entry = entry
        self.known_hosts = known_hosts
        parts = urlsplit(entry.url or "")
        self._endpoints: dict[str, tuple[str, int]] = {
            "loadbalancer": (parts.hostname or "", parts.port or 80)
        }
        for name, value in entry.servers.items():
            self._endpoints[name] = split_address(value)
        self.lab = Lab(
            hosts=(
                Host("loadbalancer", "balancer", self._endpoints["loadbalancer"][0]),
                Host("server1", "server", self._endpoints["server1"][0], 1),
                Host("server2", "server", self._endpoints["server2"][0], 2),
            ),
            requested_provider="remote",
            manager_user=entry.user or "admin",
        )
        self._transports: dict[str, Transport] = {}

    def _unmanaged(self) -> ProviderError:
        return ProviderError(Message("inv.unmanaged", label=self.entry.label))

    def up(self, *, stage: Stage, say: Say) -> None:
        raise self._unmanaged()

    def down(self) -> None:
        raise self._unmanaged()

    def destroy(self) -> None:
        raise self._unmanaged()

    def discard(self) -> bool:
        raise self._unmanaged()

    def fault_means(self) -> FaultMeans:
        raise self._unmanaged()

    def status(self) -> list[HostStatus]:
        out = []
        for h in self.lab.hosts:
            address, port = self.endpoint(h)
            out.append(HostStatus(h.name, h.role, address, port, accepts(address, port)))
        return out

    def service(self, host: str, action: Action) -> None:
        h = self.lab.host(host)
        httpd.service(
            host,
            self.transport(h),
            action,
            command=self.entry.service.format(action=action, host=host),
            configtest=self.entry.configtest,
            endpoint=self.endpoint(h),
            # A student's balancer may answer in any way, even to stall a grader: the class
            # run sends it only the requests the checks make, and waits for the port alone.
            http=False,
        )

    def endpoint(self, host: Host) -> tuple[str, int]:
        return self._endpoints[host.name]

    def transport(self, host: Host) -> Transport:
        if host.name not in self._transports:
            # paramiko is imported only when a lab is reached over SSH.
            from labctl.transports.ssh import SSHTransport

            ssh = self.entry.ssh
            target = ssh.get("hosts", {}).get(host.name)
            port = ssh.get("port", 22)
            hostname, port = split_address(target, port) if target else (host.address, port)
            self._transports[host.name] = SSHTransport(
                host.name,
                hostname,
                port,
                ssh["user"],
                str(Path(ssh["key"]).expanduser()),
                self.known_hosts,
                connect_timeout=float(ssh.get("connect_timeout", 10)),
            )
        return self._transports[host.name]

    def paths(self, host: Host) -> HostPaths:
        return self.entry.paths

    def close(self) -> None:
        for transport in self._transports.values():
            transport.close()
