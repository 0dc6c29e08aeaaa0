"""`labctl fault HOST flap SECONDS`'s own process: `python -m labctl.flapper ROOT HOST SECONDS`.

Detached from the terminal (its own session), it stops and starts HOST's httpd every SECONDS
through the lab's provider, while .labctl/faults.json still records this flap; SIGTERM (from
`labctl fault clear`, after proving the pid is this flapper) or a record gone ends it, and it
always leaves the server started. Its command line names the lab: how it is recognised.
"""

from __future__ import annotations

import signal
import sys
import threading
import time
from pathlib import Path

from labctl import control, faults
from labctl.state import StateDir


def still_wanted(state_dir: StateDir, host: str, pid: int) -> bool:
    """The flap of ``host`` is still recorded, for this process (or being applied)."""
    return any(
        f.host == host and f.kind == "flap" and f.pid in (None, pid)
        for f in faults.active(state_dir)
    )


def flap(root: Path, host: str, seconds: float) -> None:
    import os

    state_dir = StateDir(root)
    opened = control.open_lab(state_dir, settings=False)
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        while not done.is_set() and still_wanted(state_dir, host, os.getpid()):
            opened.provider.service(host, "stop")
            print(f"{time.time():.3f} stopped", flush=True)
            if done.wait(seconds):
                break
            opened.provider.service(host, "start")
            print(f"{time.time():.3f} started", flush=True)
            done.wait(seconds)
    finally:
        opened.provider.service(host, "start")
        print(f"{time.time():.3f} ended, started", flush=True)


if __name__ == "__main__":
    flap(Path(sys.argv[1]), sys.argv[2], float(sys.argv[3]))
