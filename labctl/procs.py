"""The embedded lab's processes, found by what they are rather than by what a pid file says.

A pid file is only a hint: it may be stale (the pid reused by another program), or written by
hand. Before labctl signals a process it proves the process is one of this lab's httpd: the
Apache binary, started with ``-f`` and this host's own httpd.conf, owned by the user running
labctl (or, for root's labs, by root and Apache's run user). Nothing else is ever signalled.
"""

from __future__ import annotations

import itertools
import os
import signal
import subprocess
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Proc:
    pid: int
    ppid: int
    uid: int
    argv: tuple[str, ...]

    def runs(self, conf: Path) -> bool:
        """An httpd of the config file ``conf`` (``httpd -f CONF ...``)."""
        argv = self.argv
        if not argv or not any(n in os.path.basename(argv[0]) for n in ("httpd", "apache2")):
            return False
        return any(a == "-f" and b == str(conf) for a, b in itertools.pairwise(argv))


def _read(entry: Path) -> Proc | None:
    try:
        raw = (entry / "cmdline").read_bytes()
        stat = (entry / "stat").read_text()
        status = (entry / "status").read_text()
    except OSError:
        return None  # gone meanwhile
    fields = stat.rsplit(")", 1)[1].split()
    if fields[0] == "Z":
        return None  # a zombie holds nothing: it is gone for our purposes
    uid = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("Uid:"))
    argv = tuple(a.decode(errors="replace") for a in raw.split(b"\0") if a)
    return Proc(int(entry.name), int(fields[1]), uid, argv)


def _from_ps(*pids: int) -> list[Proc]:
    """macOS and the BSDs have no /proc."""
    which = ["-p", ",".join(map(str, pids))] if pids else ["-ax"]
    out = subprocess.run(
        ["ps", *which, "-o", "pid=,ppid=,uid=,command="],
        capture_output=True, text=True, check=False,
    ).stdout  # fmt: skip
    procs = []
    for line in out.splitlines():
        parts = line.split(None, 3)
        if len(parts) == 4:
            procs.append(Proc(int(parts[0]), int(parts[1]), int(parts[2]), tuple(parts[3].split())))
    return procs


_PROC = Path("/proc")


def processes() -> list[Proc]:
    if not (_PROC / "self").is_dir():
        return _from_ps()
    found = (_read(e) for e in _PROC.iterdir() if e.name.isdigit())
    return [p for p in found if p is not None]


def find(pid: int) -> Proc | None:
    """One process, cheaply: a pid file's pid is checked before anything is scanned."""
    if not (_PROC / "self").is_dir():
        return next(iter(_from_ps(pid)), None)
    return _read(_PROC / str(pid))


def of_config(conf: Path, uids: Iterable[int]) -> list[Proc]:
    """Every live process of the httpd that ``conf`` configures, owned by one of ``uids``."""
    allowed = set(uids)
    if not (_PROC / "self").is_dir():
        return [p for p in _from_ps() if p.uid in allowed and p.runs(conf)]
    # Only a command line naming this config file can be its httpd: one small read per
    # process instead of three keeps a scan cheap on a machine with a whole class's labs.
    wanted = str(conf).encode()
    found = []
    for entry in _PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if wanted not in (entry / "cmdline").read_bytes():
                continue
        except OSError:
            continue
        proc = _read(entry)
        if proc is not None and proc.uid in allowed and proc.runs(conf):
            found.append(proc)
    return found


def parent_of(procs: list[Proc]) -> Proc | None:
    """The httpd parent among ``procs``: the one whose children are among them. Workers left
    by a parent killed with SIGKILL have no parent here, and are no running server."""
    parents = {p.ppid for p in procs}
    return next((p for p in procs if p.pid in parents), None)


def alive(pids: Iterable[int]) -> list[int]:
    return [pid for pid in pids if find(pid) is not None]


def end(procs: list[Proc], *, grace: float = 10.0) -> bool:
    """SIGTERM the parent (Apache stops its workers), SIGKILL whatever is left after ``grace``
    (workers of a SIGKILLed parent ignore SIGTERM). True when all of them are gone."""
    if not procs:
        return True
    parent = parent_of(procs)
    signal_each([parent] if parent is not None else procs, signal.SIGTERM)
    # A frozen httpd (`labctl fault HOST hang`) acts on the SIGTERM only once continued.
    signal_each(procs, signal.SIGCONT)
    if wait_gone(procs, grace):
        return True
    signal_each(procs, signal.SIGKILL)
    return wait_gone(procs, 5.0)


def signal_each(procs: Iterable[Proc], sig: signal.Signals) -> None:
    for p in procs:
        try:
            os.kill(p.pid, sig)
        except (ProcessLookupError, PermissionError):
            continue


def wait_gone(procs: list[Proc], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while alive(p.pid for p in procs):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.005)
    return True
