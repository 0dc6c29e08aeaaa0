"""Reads the balancer's error log and names the cause of a failed check.

mod_proxy logs every failed connection to a member with the operating system's errno, e.g.
``(111)Connection refused: AH00957: http: attempt to connect to 127.0.43.92:80 (...) failed``.
The errno tells a stopped server from SELinux or a firewall, which all look alike to a client:
the member shows an error and, when every member fails, the client gets 503.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_LINE = re.compile(
    r"\((?P<errno>\d+)\)(?P<text>[^:]+): AH\d+: .*?connect to (?P<target>[\w.:\[\]-]+)"
)

CAUSES: dict[int, str] = {
    111: "connection refused: httpd is not running on {target} (systemctl start httpd there)",
    13: "permission denied: SELinux stops httpd from connecting out "
    "(setsebool -P httpd_can_network_connect 1 on the load balancer)",
    113: "no route to host: a firewall on {target} blocks port 80 "
    "(firewall-cmd --permanent --add-service=http && firewall-cmd --reload) or the network is down",
    110: "connection timed out: {target} does not answer (VM down or traffic dropped)",
    101: "network unreachable: the load balancer has no route to {target}",
}


@dataclass(frozen=True)
class Diagnosis:
    errno: int
    target: str
    cause: str


def findings(log: str) -> list[Diagnosis]:
    """Each distinct (errno, member) in ``log``, last occurrence last."""
    seen: dict[tuple[int, str], Diagnosis] = {}
    for line in log.splitlines():
        m = _LINE.search(line)
        if not m:
            continue
        number, target = int(m.group("errno")), m.group("target")
        template = CAUSES.get(
            number, f"({number}) {m.group('text').strip()} connecting to {{target}}"
        )
        seen.pop((number, target), None)
        seen[(number, target)] = Diagnosis(number, target, template.format(target=target))
    return list(seen.values())


def explain(log: str, *, target: str | None = None) -> str | None:
    """One line naming the cause, for ``target`` ('127.0.43.92:80') or any member."""
    found = [f for f in findings(log) if target is None or f.target == target]
    if not found:
        return None
    causes = list(dict.fromkeys(f.cause for f in found))
    return "; ".join(causes[-2:]) + " (balancer error log)"
