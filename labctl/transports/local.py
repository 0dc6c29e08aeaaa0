"""This machine as a lab host, through subprocess: the embedded lab's hosts and the tests."""

from __future__ import annotations

import subprocess

from labctl.errors import Message, TransportError
from labctl.transports.base import CommandResult, LineSink, shell_argv


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
        argv = shell_argv(command, sudo=sudo and self.elevate)
        try:
            # A student's file may hold any bytes (Latin-1 from an editor): decoded as the
            # SSH transport does, never an exception.
            proc = subprocess.run(
                argv, input=stdin, capture_output=True, text=True, encoding="utf-8",
                errors="replace", timeout=timeout, check=False,
            )  # fmt: skip
        except subprocess.TimeoutExpired as exc:
            raise TransportError(
                Message("ssh.timed-out", host=self.host, command=command, seconds=timeout)
            ) from exc
        except OSError as exc:
            raise TransportError(
                Message("local.cannot-run", host=self.host, command=command, why=exc.strerror)
            ) from exc
        if on_line is not None:
            for line in (proc.stdout + proc.stderr).splitlines():
                on_line(line)
        return CommandResult(command, proc.returncode, proc.stdout, proc.stderr)

    def close(self) -> None:
        return None
