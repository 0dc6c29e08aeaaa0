"""The embedded lab's means to break a server on purpose (labctl/faults.py): signals to the
host's own httpd processes, proven this lab's (labctl/procs.py), and its conf.d/."""

from __future__ import annotations

import signal
from collections.abc import Callable
from pathlib import Path

from labctl import procs
from labctl.errors import FaultError
from labctl.i18n import tr
from labctl.lab import Host

SNIPPET = "zz-labctl-fault.conf"  # after the tutorial's files in Apache's alphabetical order


class LocalFaultMeans:
    def __init__(
        self,
        processes: Callable[[Host], list[procs.Proc]],
        server_root: Callable[[Host], Path],
        modules_dir: Callable[[], Path],
    ) -> None:
        self.processes = processes
        self.server_root = server_root
        self.modules_dir = modules_dir

    def freeze(self, host: Host, frozen: bool) -> None:
        found = self.processes(host)
        if not frozen:
            procs.signal_each(found, signal.SIGCONT)
            return
        parent = procs.parent_of(found)
        if parent is None:
            raise FaultError(tr("fault.not-running", host=host.name))
        # The parent first: frozen, it forks no new worker that the second look would miss.
        procs.signal_each([parent], signal.SIGSTOP)
        procs.signal_each(self.processes(host), signal.SIGSTOP)

    def snippet(self, host: Host) -> str:
        return str(self.server_root(host) / "conf.d" / SNIPPET)

    def module(self, host: Host, name: str) -> str:
        return str(self.modules_dir() / f"mod_{name}.so")

    def drop(self, host: Host, source: str, on: bool) -> None:
        if on:
            raise FaultError(tr("fault.drop-local"))
