"""Reads the balancer's error log and names the cause of a failed check.

mod_proxy logs every failed connection to a member with the operating system's errno, e.g.
``(111)Connection refused: AH00957: http: attempt to connect to 127.0.43.92:80 (...) failed``.
The errno tells a stopped server from SELinux or a firewall, which all look alike to a client:
the member shows an error and, when every member fails, the client gets 503.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from labctl.errors import Message

_LINE = re.compile(
    r"\((?P<errno>\d+)\)(?P<text>[^:]+): AH\d+: .*?connect to (?P<target>[\w.:\[\]-]+)"
)

# The errnos whose cause and fix are known (hint.errno-N); any other is named by its number.
KNOWN = (111, 13, 113, 110, 101)


@dataclass(frozen=True)
class Diagnosis:
    errno: int
    target: str
    cause: Message  # hint.errno-N: in the student's language, for scenarios and verify alike


def findings(log: str) -> list[Diagnosis]:
    """Each distinct (errno, member) in ``log``, last occurrence last."""
    seen: dict[tuple[int, str], Diagnosis] = {}
    for line in log.splitlines():
        m = _LINE.search(line)
        if not m:
            continue
        number, target = int(m.group("errno")), m.group("target")
        key = f"hint.errno-{number}" if number in KNOWN else "hint.errno"
        seen.pop((number, target), None)
        seen[(number, target)] = Diagnosis(
            number, target, Message(key, target=target, errno=number)
        )
    return list(seen.values())


def explain(log: str, *, target: str | None = None) -> str | None:
    """One line naming the cause, for ``target`` ('127.0.43.92:80') or any member."""
    found = [f for f in findings(log) if target is None or f.target == target]
    if not found:
        return None
    causes = list(dict.fromkeys(str(f.cause) for f in found))
    return str(Message("diag.explained", causes="; ".join(causes[-2:])))
