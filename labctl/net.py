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
from labctl.i18n import tr
from labctl.lab import LOCAL_SUBNET, Host, Lab
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
        return tr("net.by-other")
    for line in lines:
        fields = line.split()
        if len(fields) > 7 and fields[1] in wanted and fields[3] == "0A":  # 0A: LISTEN
            import pwd

            uid = int(fields[7])
            if uid == os.getuid():
                return tr("net.by-you")
            try:
                return tr("net.by-user", user=pwd.getpwuid(uid).pw_name)
            except KeyError:
                return tr("net.by-user", user=f"uid {uid}")
    return tr("net.by-other")


def accepts(address: str, port: int, timeout: float = 0.5) -> bool:
    """A TCP connection to address:port succeeds (LABCTL_NETWORK_ALLOW checked first)."""
    check_target(address)
    try:
        with socket.create_connection((address, port), timeout=timeout):
            return True
    except OSError:
        return False


def answers_http(address: str, port: int, timeout: float = 2.0) -> bool:
    """httpd is up: it sends the first byte of an answer to a HEAD request. Any status counts
    (a 403 or a 503 still means httpd runs), and so does an answer that trickles or never ends:
    whether the answer is good is the checks' business, not the service's."""
    check_target(address)
    try:
        with socket.create_connection((address, port), timeout=timeout) as conn:
            conn.sendall(b"HEAD / HTTP/1.0\r\nHost: labctl\r\n\r\n")
            return conn.recv(1) != b""
    except OSError:
        return False


def wait_until(ready: Callable[[], bool], failure: str, timeout: float = 10.0) -> None:
    """Poll ``ready`` until it holds; ProviderError(``failure``) after ``timeout`` seconds."""
    if not holds_within(ready, timeout):
        raise ProviderError(failure)


def holds_within(ready: Callable[[], bool], timeout: float) -> bool:
    """Polls ``ready`` until it holds or ``timeout`` seconds passed: whether it held."""
    deadline = time.monotonic() + timeout
    while not ready():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.003)
    return True


def choose_place(lab: Lab, hosts: list[Host], say: Callable[[str], None]) -> tuple[str, int]:
    """The subnet and port of an embedded lab at its first `up`: the default, else - on a shared
    lab server, where a classmate's lab holds it - a place of this user's own, the same at
    every `up`, said once."""
    port = lab.local.port
    default = lab.local.subnet or LOCAL_SUBNET
    lb = lab.loadbalancer
    if bind_problem(lab.local_address(lb, default), port) == errno.EACCES and port < 1024:
        port = lab.local.fallback_port
        say(tr("cmd.port-fallback", port=lab.local.port, fallback=port))
    places = [(default, port)]
    if lab.local.subnet is None:
        places += list(own_places(port))
    for subnet, candidate in places:
        if not any(bind_problem(lab.local_address(h, subnet), candidate) for h in hosts):
            break
    else:
        subnet, candidate = default, port  # none free: check_free says why for the default
    if (subnet, candidate) != (default, port):
        taken = lab.local_address(lb, default)
        say(
            tr(
                "cmd.place-taken",
                taken=taken,
                port=port,
                holder=holder(taken, port),
                subnet=subnet,
                candidate=candidate,
            )
        )
    check_free([lab.local_address(h, subnet) for h in hosts], candidate)
    return subnet, candidate


def check_free(addresses: list[str], port: int) -> None:
    """Each address:port can be listened on, or one line saying why not and what to do."""
    for address in addresses:
        problem = bind_problem(address, port)
        # Workers of a crashed httpd exit by themselves at a moment of their own; one that is
        # exiting holds the port a few milliseconds more.
        deadline = time.monotonic() + 1.0
        while problem == errno.EADDRINUSE and time.monotonic() < deadline:
            time.sleep(0.01)
            problem = bind_problem(address, port)
        if problem == errno.EADDRINUSE:
            who = holder(address, port)
            raise ProviderError(tr("net.in-use", address=address, port=port, holder=who))
        if problem == errno.EADDRNOTAVAIL:
            raise ProviderError(tr("net.not-local", address=address))
        if problem:
            why = os.strerror(problem)
            raise ProviderError(tr("net.cannot-listen", address=address, port=port, why=why))
