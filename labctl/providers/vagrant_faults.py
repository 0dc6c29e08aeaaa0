"""The VMs' means to break a server on purpose (labctl/faults.py), over the host's transport
with sudo: signals to Apache's processes, a file among the *.conf Apache includes, the
firewall the VM has (firewalld on CentOS/Rocky, nftables or iptables on Debian; a host with
none of them - a minimal Debian such as the test box - gets a blackhole route to the balancer,
so its replies are dropped instead: to the balancer the two look the same, no answer)."""

from __future__ import annotations

import shlex
from collections.abc import Callable

from labctl.errors import FaultError, Message
from labctl.lab import Host
from labctl.provisioning import daemon
from labctl.transports import Transport

SNIPPET = "zz-labctl-fault.conf"  # after the tutorial's files in Apache's alphabetical order

# Runtime rules only (no --permanent, no saved ruleset): a reboot forgets them too.
_DROP = """src={src}
if command -v firewall-cmd >/dev/null 2>&1 && firewall-cmd --state >/dev/null 2>&1; then
  firewall-cmd --direct --add-rule ipv4 filter INPUT 0 -s "$src" -j DROP
elif command -v nft >/dev/null 2>&1; then
  nft add table inet labctl_fault &&
  nft add chain inet labctl_fault input '{{ type filter hook input priority -10 ; }}' &&
  nft add rule inet labctl_fault input ip saddr "$src" drop
elif command -v iptables >/dev/null 2>&1; then
  iptables -I INPUT -s "$src" -j DROP -m comment --comment labctl-fault
elif command -v ip >/dev/null 2>&1; then
  ip route replace blackhole "$src/32"
else
  echo "no firewall tool on this host (firewall-cmd, nft, iptables or ip)" >&2; exit 3
fi"""
_ACCEPT = """src={src}
if command -v firewall-cmd >/dev/null 2>&1 && firewall-cmd --state >/dev/null 2>&1; then
  firewall-cmd --direct --remove-rule ipv4 filter INPUT 0 -s "$src" -j DROP >/dev/null
fi
if command -v nft >/dev/null 2>&1 && nft list table inet labctl_fault >/dev/null 2>&1; then
  nft delete table inet labctl_fault || exit 1
fi
if command -v iptables >/dev/null 2>&1; then
  while iptables -D INPUT -s "$src" -j DROP -m comment --comment labctl-fault 2>/dev/null
  do :; done
fi
if command -v ip >/dev/null 2>&1 && ip route show type blackhole | grep -qw "$src"; then
  ip route del blackhole "$src/32" || exit 1
fi
exit 0"""


class VagrantFaultMeans:
    def __init__(
        self, transport: Callable[[Host], Transport], family: Callable[[Host], str]
    ) -> None:
        self.transport = transport
        self.family = family

    def freeze(self, host: Host, frozen: bool) -> None:
        name = daemon(self.family(host))
        sig = "STOP" if frozen else "CONT"
        command = f"pkill -{sig} -x {name}"
        done = self.transport(host).run(command, sudo=True, timeout=30)
        if frozen and done.exit_status == 1:  # pkill: no process matched
            raise FaultError(Message("fault.not-running", host=host.name))
        if done.exit_status > 1:
            why = done.tail(1)
            raise FaultError(
                Message("err.command-failed", host=host.name, command=command, why=why)
            )

    def snippet(self, host: Host) -> str:
        if self.family(host) == "debian":
            return f"/etc/apache2/conf-enabled/{SNIPPET}"
        return f"/etc/httpd/conf.d/{SNIPPET}"

    def module(self, host: Host, name: str) -> str:
        if self.family(host) == "debian":
            return f"/usr/lib/apache2/modules/mod_{name}.so"
        return f"modules/mod_{name}.so"  # relative to ServerRoot /etc/httpd

    def drop(self, host: Host, source: str, on: bool) -> None:
        script = (_DROP if on else _ACCEPT).format(src=shlex.quote(source))
        done = self.transport(host).run(script, sudo=True, timeout=60)
        if not done.ok:
            key = "fault.firewall-drop" if on else "fault.firewall-accept"
            raise FaultError(Message(key, host=host.name, source=source, why=done.tail(1)))
