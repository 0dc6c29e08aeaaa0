"""A seatbelt for the test suite: refuse traffic to addresses outside an allow-list.

When LABCTL_NETWORK_ALLOW is set (the tests set it to loopback; the real-VM test adds its
namespace's lab subnet), every HTTP probe and SSH connection labctl makes checks its target
first. A misconfigured test then fails with a clear line instead of sending a packet to a
192.168.x.x address that belongs to somebody's laptop. Unset, nothing is checked.
"""

from __future__ import annotations

import ipaddress
import os

from labctl.errors import NetworkNotAllowed

ENV = "LABCTL_NETWORK_ALLOW"


def check_target(address: str) -> None:
    allowed = os.environ.get(ENV)
    if not allowed:
        return
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        if address == "localhost":
            return
        raise NetworkNotAllowed(f"{ENV} is set: refusing to resolve '{address}'") from None
    nets = [ipaddress.ip_network(n.strip(), strict=False) for n in allowed.split(",") if n.strip()]
    if not any(ip in net for net in nets):
        raise NetworkNotAllowed(f"{ENV}={allowed}: refusing to contact {address}")
