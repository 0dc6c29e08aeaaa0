"""Addresses and ports on this machine: can the lab listen there, who holds it, does it
answer. One home for the port probe every provider and the class grading use."""

from __future__ import annotations

import errno
import os
import socket
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from labctl.errors import ProviderError
from labctl.lab import LOCAL_SUBNET
from labctl.netguard import check_target


def bind_problem(address: str, port: int) -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        # Apache sets SO_REUSEADDR too: a port in TIME_WAIT after `down` is free for it.
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((address, port))
        except OSError as exc:
            return exc.errno or errno.EINVAL
    return 0


def own_places(port: int) -> Iterator[tuple[str, int]]:
    """Where this user's lab goes when the default place is taken: subnets 127.X.Y.0/24 made
    from the uid (X >= 1: never the 127.0.x.x of the default and of the tests), the same at
    every `up`; then other ports, for a loopback with one address (macOS without aliases)."""
    uid = os.getuid() if hasattr(os, "getuid") else 0
    for attempt in range(8):
        n = (uid + attempt * 40503) % (254 * 256)
        yield f"127.{1 + n // 256}.{n % 256}.0/24", port
    for attempt in range(8):
        yield LOCAL_SUBNET, port + 1 + (uid * 7 + attempt) % 500


def holder(address: str, port: int) -> str:
    """Who listens on address:port, in words: on a lab server, usually a classmate's lab."""
    wanted = {f"{socket.inet_aton(a)[::-1].hex().upper()}:{port:04X}" for a in (address, "0.0.0.0")}
    try:
        lines = Path("/proc/net/tcp").read_text().splitlines()[1:]
    except OSError:
        return "by another program"
    for line in lines:
        fields = line.split()
        if len(fields) > 7 and fields[1] in wanted and fields[3] == "0A":  # 0A: LISTEN
            import pwd

            uid = int(fields[7])
            if uid == os.getuid():
                return "by another lab or program of yours"
            try:
                return f"by user {pwd.getpwuid(uid).pw_name}"
            except KeyError:
                return f"by uid {uid}"
    return "by another program"


def accepts(address: str, port: int, timeout: float = 0.5) -> bool:
    """A TCP connection to address:port succeeds (LABCTL_NETWORK_ALLOW checked first)."""
    check_target(address)
    try:
        with socket.create_connection((address, port), timeout=timeout):
            return True
    except OSError:
        return False


def wait_until(ready: Callable[[], bool], failure: str, timeout: float = 10.0) -> None:
    """Poll ``ready`` until it holds; ProviderError(``failure``) after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not ready():
        if time.monotonic() > deadline:
            raise ProviderError(failure)
        time.sleep(0.003)
