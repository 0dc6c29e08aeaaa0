"""One contract for running commands on a lab host, whatever carries them.

Like pytest-testinfra's backends: a small module per transport behind one ``run()``.
Provisioning, diagnosis and the providers talk to hosts only through this protocol, so the same
code drives a local process and a VM reached over SSH.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

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
        # Both streams end in a newline: joined as they are, a blank line would take the place
        # of one worth showing.
        text = "\n".join(part.strip("\n") for part in (self.stdout, self.stderr) if part.strip())
        return "\n".join(text.strip().splitlines()[-lines:])


class Transport(Protocol):
    """Runs shell commands on one host."""

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

    def close(self) -> None: ...


def shell_argv(command: str, *, sudo: bool) -> list[str]:
    """``command`` for a POSIX shell, as root when ``sudo`` (-n: fail at once rather than wait
    at a password prompt nobody can see). Every transport wraps commands this one way."""
    argv = ["sh", "-c", command]
    return ["sudo", "-n", *argv] if sudo else argv
