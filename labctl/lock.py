"""One command that changes a lab at a time: a lock file in .labctl/, held by the kernel.

The lock is an advisory lock on an open file (flock on POSIX, msvcrt on Windows): the kernel
releases it when the process ends, however it ends (SIGKILL included), so a crashed labctl
never leaves a lab locked. The file also says who holds it, for the one line a second
command prints when it gives up waiting.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from labctl.errors import Message, StateError

WAIT = 5.0  # seconds a second command waits for the first before saying who holds the lab


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


@contextmanager
def hold(state_root: Path, command: str, *, wait: float = WAIT) -> Iterator[None]:
    """The lab in ``state_root`` for ``command`` alone, until the block ends."""
    path = state_root / "lock"
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags, 0o600)
    except OSError as exc:
        raise StateError(Message("err.cannot-lock", path=path, why=exc.strerror)) from exc
    try:
        deadline = time.monotonic() + wait
        while not _try_lock(fd):
            if time.monotonic() > deadline:
                os.lseek(fd, 0, os.SEEK_SET)
                holder = os.read(fd, 200).decode(errors="replace").strip() or "? ?"
                pid, _, command = holder.partition(" ")
                raise StateError(Message("state.busy", command=command, pid=pid))
            time.sleep(0.05)
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, f"{os.getpid()} {command}\n".encode())
        yield
    finally:
        os.close(fd)  # releases the lock
