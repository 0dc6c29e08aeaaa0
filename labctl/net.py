"""Addresses and ports on this machine: can the lab listen there, who holds it, does it
answer. One home for the port probe every provider and the class grading use."""

from __future__ import annotations

import contextlib
import errno
import os
import socket
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from labctl.errors import Message, ProviderError, StateError
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


def _proc_hex(address: str) -> tuple[str, str] | None:
    """``address`` as /proc/net/tcp and /proc/net/tcp6 spell it (each 32-bit word in the host's
    byte order), the latter as the IPv4-mapped address; None for an address that is no IPv4."""
    try:
        packed = socket.inet_aton(address)
    except OSError:
        return None
    mapped = bytes(10) + b"\xff\xff" + packed

    def words(raw: bytes) -> str:
        chunks = [raw[i : i + 4] for i in range(0, len(raw), 4)]
        return "".join((c[::-1] if sys.byteorder == "little" else c).hex() for c in chunks)

    return words(packed).upper(), words(mapped).upper()


def listeners(address: str, port: int) -> set[int] | None:
    """The uids owning the sockets that a connection to address:port reaches: those listening
    on that address itself, else those on the wildcard (0.0.0.0, or :: taking IPv4 too), as the
    kernel chooses. Empty when nothing listens; None where the kernel does not say (no Linux
    /proc/net, an address that is no IPv4)."""
    spelled = _proc_hex(address)
    if spelled is None:
        return None
    exact = {f"{spelled[0]}:{port:04X}", f"{spelled[1]}:{port:04X}"}
    wildcard = {f"{'0' * 8}:{port:04X}", f"{'0' * 32}:{port:04X}"}
    found: dict[bool, set[int]] = {True: set(), False: set()}
    if not Path("/proc/net/tcp").exists():
        return None
    lines: list[str] = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):  # tcp6: absent on a kernel without IPv6
        with contextlib.suppress(OSError):
            lines += Path(table).read_text().splitlines()[1:]
    for line in lines:
        fields = line.split()
        if len(fields) > 7 and fields[3] == "0A" and fields[1] in exact | wildcard:  # LISTEN
            found[fields[1] in exact].add(int(fields[7]))
    return found[True] or found[False]


def holder(address: str, port: int) -> str:
    """Who listens on address:port, in words: on a lab server, usually a classmate's lab."""
    uids = listeners(address, port)
    if not uids:
        return tr("net.by-other")
    if os.getuid() in uids:
        return tr("net.by-you")
    return _user_words(min(uids))


def _user_words(uid: int) -> str:
    import pwd

    try:
        return tr("net.by-user", user=pwd.getpwuid(uid).pw_name)
    except KeyError:
        return tr("net.by-user", user=f"uid {uid}")


def prove_own(host: str, address: str, port: int) -> None:
    """What answers at address:port is the user's own, or nothing: the one proof, made wherever
    a lab's host is reached from what its lab.json says. That file is the student's to edit;
    pointed at a classmate's balancer it would have a lab graded (as its owner, by root's class
    run too) on the classmate's work. Where the kernel does not say (no /proc), nothing is
    proven and nothing refused."""
    uids = listeners(address, port)
    if not uids or uids == {os.geteuid()}:
        return
    other = min(uids - {os.geteuid()})
    raise StateError(
        tr("net.not-own", host=host, address=address, port=port, holder=_user_words(other))
    )


def split_address(value: str, default_port: int = 80) -> tuple[str, int]:
    """'ADDRESS[:PORT]' -> (address, port); ValueError for a port like '8O' or 70000."""
    host, _, port = value.rpartition(":") if ":" in value else (value, "", "")
    number = int(port) if port.isdigit() else -1 if port else default_port
    if not 1 <= number <= 65535:
        raise ValueError(f"bad port in {value!r}")
    return host, number


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


def wait_until(ready: Callable[[], bool], failure: Message, timeout: float = 10.0) -> None:
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


def keep_place(
    lab: Lab, hosts: list[Host], place: tuple[str, int], say: Callable[[str], None]
) -> tuple[str, int]:
    """The place a stopped lab had; or, when another lab took it meanwhile (on a shared lab
    server, a classmate's first `up` while this lab was down) and lab.toml names no subnet, a
    free place as at a first `up`, said with what the student must change."""
    subnet, port = place
    addresses = [lab.local_address(h, subnet) for h in hosts]
    try:
        check_free(addresses, port)
        return place
    except ProviderError:
        taken = [a for a in addresses if bind_problem(a, port) == errno.EADDRINUSE]
        if lab.local.subnet is not None or not taken:
            raise
    moved = choose_place(lab, hosts, lambda line: None)
    say(
        tr(
            "cmd.place-moved",
            taken=taken[0],
            port=port,
            holder=holder(taken[0], port),
            subnet=moved[0],
            candidate=moved[1],
        )
    )
    return moved


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
            raise ProviderError(Message("net.in-use", address=address, port=port, holder=who))
        if problem == errno.EADDRNOTAVAIL:
            raise ProviderError(Message("net.not-local", address=address))
        if problem:
            why = os.strerror(problem)
            raise ProviderError(Message("net.cannot-listen", address=address, port=port, why=why))
