"""The Transport for a lab host reached over SSH (a Vagrant VM, a student's own VM), built on
paramiko: one lazily opened connection per host, commands streamed line by line to the caller
and to a per-host log.

paramiko is imported inside the functions that need it: it takes a noticeable fraction of a
second to import, and commands such as ``labctl --help`` or the embedded lab never need it.
"""

from __future__ import annotations

import logging
import shlex
import threading
import time
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from labctl.errors import Message, TransportError
from labctl.transports.base import CommandResult, LineSink, shell_argv
from labctl.transports.sshconfig import SSHTarget, parse_ssh_config
from labctl.transports.sshconnect import Connecting, connect, first_line
from labctl.transports.sshio import LogFile, pump

if TYPE_CHECKING:
    import paramiko

# paramiko logs handshake failures (with tracebacks) from its own thread; without a handler
# Python's last-resort handler would print them on stderr next to our one-line error.
logging.getLogger("paramiko").addHandler(logging.NullHandler())


class SSHTransport:
    """Runs commands on one host over a single, lazily opened SSH connection.

    One instance serves one host; use one instance per thread. Host keys are trusted on first
    use and recorded in the lab's own ``known_hosts`` file, never in ``~/.ssh/known_hosts``.
    """

    def __init__(
        self,
        host: str,
        hostname: str,
        port: int,
        username: str,
        key_filename: str | Sequence[str],
        known_hosts: Path,
        *,
        connect_timeout: float = 10,
        retries_until: float = 0,
        log_path: Path | None = None,
    ) -> None:
        self.host = host
        keys = (key_filename,) if isinstance(key_filename, str) else tuple(key_filename)
        self.target = SSHTarget(hostname, int(port), username, keys)
        self.known_hosts = Path(known_hosts)
        self.connect_timeout = connect_timeout
        self.retries_until = retries_until
        self.log_path = log_path
        self._client: paramiko.SSHClient | None = None
        self._lock = threading.RLock()
        self._log_lock = threading.Lock()

    @classmethod
    def from_ssh_config(
        cls,
        host: str,
        text: str,
        known_hosts: Path,
        log_path: Path | None = None,
        *,
        machine: str | None = None,
        connect_timeout: float = 10,
        retries_until: float = 0,
    ) -> SSHTransport:
        """A transport for the output of ``vagrant ssh-config [machine]``."""
        target = parse_ssh_config(host, text, machine)
        return cls(
            host,
            target.hostname,
            target.port,
            target.user,
            target.key_files,
            known_hosts,
            connect_timeout=connect_timeout,
            retries_until=retries_until,
            log_path=log_path,
        )

    @property
    def hostname(self) -> str:
        return self.target.hostname

    @property
    def port(self) -> int:
        return self.target.port

    @property
    def username(self) -> str:
        return self.target.user

    @property
    def address(self) -> str:
        return f"{self.hostname}:{self.port}"

    def __repr__(self) -> str:
        return f"SSHTransport({self.host!r}, {self.username}@{self.address})"

    def __enter__(self) -> SSHTransport:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- connection ---------------------------------------------------------------------------

    def connect(self) -> None:
        """Open the connection now (otherwise the first ``run`` does); idempotent."""
        self._connection()

    def _connection(self) -> paramiko.Transport:
        with self._lock:
            if self._client is not None:
                transport = self._client.get_transport()
                if transport is not None and transport.is_active():
                    return transport
                # The VM rebooted or the link dropped: start over rather than fail forever.
                self._drop()
            how = Connecting(self.host, self.target, self.known_hosts, self.connect_timeout)
            try:
                self._client = connect(how, self.retries_until)
            except TransportError as exc:
                self._log(f"# {exc}")
                raise
            transport = self._client.get_transport()
            assert transport is not None
            # Long provisioning steps are silent for minutes; keep NAT mappings alive.
            transport.set_keepalive(30)
            self._log(f"# connected to {self.username}@{self.address}")
            return transport

    def close(self) -> None:
        with self._lock:
            self._drop()

    def _drop(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    # -- commands -----------------------------------------------------------------------------

    def run(
        self,
        command: str,
        *,
        sudo: bool = False,
        timeout: float | None = 60.0,
        stdin: str | None = None,
        on_line: LineSink | None = None,
    ) -> CommandResult:
        """Run ``command`` with ``sh``; see ``Transport.run``.

        On timeout the channel is closed; the remote process may keep running until it next
        writes output (there is no terminal to hang up).
        """
        import paramiko

        use_sudo = sudo and self.username != "root"
        wrapped = shlex.join(shell_argv(command, sudo=use_sudo))
        transport = self._connection()
        # counted from here: waiting for a booting VM is retries_until's business
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._open_log() as log:
            write = self._writer(log)
            write(f"$ {'sudo ' if sudo else ''}{command}")
            if stdin:
                write(f"# stdin: {len(stdin.encode())} bytes")

            def emit(lines: list[str]) -> None:
                write(*lines)
                if on_line is not None:
                    for line in lines:
                        on_line(line)

            try:
                channel = transport.open_session(timeout=self.connect_timeout)
                channel.exec_command(wrapped)
            except (paramiko.SSHException, OSError, EOFError) as exc:
                self._drop()
                raise TransportError(
                    Message("ssh.cannot-run", host=self.host, command=command, why=first_line(exc))
                ) from exc
            try:
                output = pump(channel, stdin, deadline, emit)
                if output is None:
                    write(f"# timed out after {timeout:g} s")
                    raise TransportError(
                        Message(
                            "ssh.timed-out", host=self.host, command=command, seconds=f"{timeout:g}"
                        )
                    )
                stdout, stderr = output
                # -1: the channel closed without a status (signal, or the connection dropped)
                status = channel.recv_exit_status()
            finally:
                channel.close()
            if status == -1 and not transport.is_active():
                raise TransportError(
                    Message("ssh.lost", host=self.host, address=self.address, command=command)
                )
            write(f"# exit status {status}")
        if use_sudo and status == 1 and "sudo: a password is required" in stderr:
            raise TransportError(
                Message(
                    "ssh.sudo-password",
                    host=self.host,
                    user=repr(self.username),
                    hostname=self.hostname,
                )
            )
        return CommandResult(command, status, stdout, stderr)

    def _open_log(self) -> LogFile:
        return LogFile(self.log_path)

    def _writer(self, log: TextIO | None) -> Callable[..., None]:
        def write(*lines: str) -> None:
            if log is None:
                return
            # lines that arrived in one chunk share a time stamp and a flush: cheap for
            # chatty commands, and the log is still current whenever we wait for output
            stamp = datetime.now().isoformat(sep=" ", timespec="milliseconds")
            with self._log_lock:
                log.writelines(f"{stamp} {line}\n" for line in lines)
                log.flush()

        return write

    def _log(self, line: str) -> None:
        with self._open_log() as log:
            self._writer(log)(line)
