"""Ctrl-C must not cut the code that puts the lab back together.

Inside ``uninterruptible()`` SIGINT is blocked: a Ctrl-C that arrives meanwhile is delivered,
as a KeyboardInterrupt, right after the block - once the servers are started again.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def uninterruptible() -> Iterator[None]:
    usable = (
        hasattr(signal, "pthread_sigmask") and threading.current_thread() is threading.main_thread()
    )
    if not usable:  # Windows, or a worker thread (signals only reach the main thread anyway)
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
