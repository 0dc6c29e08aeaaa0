"""One contract for running commands on a lab host, whatever carries them.

Like pytest-testinfra's backends: a small class per transport behind one ``run()``. Provisioning,
diagnosis and the providers talk to hosts only through this protocol, so the same code drives a
local process and a VM reached over SSH.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from labctl.errors import TransportError

LineSink = Callable[[str], None]


@dataclass(frozen=True)
class CommandResult:
    command: str
    exit_status: int
    stdout: str
    stderr: str

    @property
    def ok(self) -> bool:
        return self.exit_status == 0

    def tail(self, lines: int = 10) -> str:
        """The last lines of combined output: what a user needs to see when a step fails."""
        text = (self.stdout + ("\n" if self.stdout and self.stderr else "") + self.stderr).strip()
        return "\n".join(text.splitlines()[-lines:])


class Transport(Protocol):
    """Runs shell commands and writes files on one host."""

    host: str

    def run(
        self,
        command: str,
        *,
        sudo: bool = False,
        timeout: float | None = 60.0,
        stdin: str | None = None,
        on_line: LineSink | None = None,
    ) -> CommandResult:
        """Run ``command`` with a POSIX shell; never raises for a non-zero exit status.

        ``on_line`` receives each output line as it arrives (stdout and stderr). Raises
        TransportError when the command could not be run at all or ``timeout`` expired.
        """
        ...

    def put(self, content: bytes, path: str, *, mode: int = 0o644, sudo: bool = False) -> None:
        """Write ``content`` to ``path`` on the host (atomically where the transport can)."""
        ...

    def close(self) -> None: ...


class LocalTransport:
    """This machine, through subprocess: the embedded lab's hosts and the tests."""

    def __init__(self, host: str = "localhost", *, elevate: bool = True) -> None:
        self.host = host
        # False where every file is the running user's own (the embedded lab): ``sudo=True``
        # then runs as that user, and a student without sudo is never refused a read.
        self.elevate = elevate

    def run(
        self,
        command: str,
        *,
        sudo: bool = False,
        timeout: float | None = 60.0,
        stdin: str | None = None,
        on_line: LineSink | None = None,
    ) -> CommandResult:
        elevated = sudo and self.elevate
        argv = ["sudo", "-n", "sh", "-c", command] if elevated else ["sh", "-c", command]
        try:
            proc = subprocess.run(
                argv, input=stdin, capture_output=True, text=True, timeout=timeout, check=False
            )
        except subprocess.TimeoutExpired as exc:
            raise TransportError(f"{self.host}: '{command}' timed out after {timeout} s") from exc
        except OSError as exc:
            raise TransportError(f"{self.host}: cannot run '{command}': {exc.strerror}") from exc
        if on_line is not None:
            for line in (proc.stdout + proc.stderr).splitlines():
                on_line(line)
        return CommandResult(command, proc.returncode, proc.stdout, proc.stderr)

    def put(self, content: bytes, path: str, *, mode: int = 0o644, sudo: bool = False) -> None:
        import os
        import tempfile

        directory = os.path.dirname(path) or "."
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=".labctl-")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(content)
            os.chmod(tmp, mode)
            os.replace(tmp, path)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise

    def close(self) -> None:
        return None
