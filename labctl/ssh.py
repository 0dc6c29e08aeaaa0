"""The Transport for a lab host reached over SSH (a Vagrant VM), built on paramiko.

paramiko is imported inside the methods that need it: it takes a noticeable fraction of a second
to import, and commands such as ``labctl --help`` or the embedded lab never need it.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import logging
import os
import posixpath
import secrets
import select
import shlex
import socket
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from labctl.errors import TransportError
from labctl.netguard import check_target
from labctl.transport import CommandResult, LineSink

if TYPE_CHECKING:
    import paramiko

# paramiko logs handshake failures (with tracebacks) from its own thread; without a handler
# Python's last-resort handler would print them on stderr next to our one-line error.
logging.getLogger("paramiko").addHandler(logging.NullHandler())

_CHUNK = 32768
_STATUS_HINT = "is the VM running? try `labctl status`"
_RETRYABLE_ERRNOS = {
    errno.ECONNREFUSED,
    errno.ECONNRESET,
    errno.ECONNABORTED,
    errno.EHOSTUNREACH,
    errno.ENETUNREACH,
    errno.EHOSTDOWN,
}
# Several transports (one per host, in parallel threads) may record host keys in one file.
_KNOWN_HOSTS_LOCK = threading.Lock()


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
        self.hostname = hostname
        self.port = int(port)
        self.username = username
        # Vagrant lists several IdentityFile candidates (machine key, insecure keys); try each.
        self.key_filenames: tuple[str, ...] = (
            (key_filename,) if isinstance(key_filename, str) else tuple(key_filename)
        )
        self.known_hosts = Path(known_hosts)
        self.connect_timeout = connect_timeout
        self.retries_until = retries_until
        self.log_path = log_path
        self._client: paramiko.SSHClient | None = None
        self._sftp: paramiko.SFTPClient | None = None
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
        """Build a transport from the output of ``vagrant ssh-config [machine]``.

        ``machine`` picks the ``Host`` entry; by default the one named like ``host``, or the
        only one. ``UserKnownHostsFile``/``StrictHostKeyChecking`` are ignored on purpose: host
        keys always go to ``known_hosts``.
        """
        import paramiko

        try:
            config = paramiko.SSHConfig.from_text(text)
        except paramiko.ssh_exception.ConfigParseError as exc:
            raise TransportError(
                f"{host}: cannot parse `vagrant ssh-config` output: {exc}"
            ) from exc
        names = sorted(n for n in config.get_hostnames() if not any(c in n for c in "*?!"))
        if machine is None:
            if host in names:
                machine = host
            elif len(names) == 1:
                machine = names[0]
            else:
                found = ", ".join(names) or "none"
                raise TransportError(
                    f"{host}: `vagrant ssh-config` output has no single Host entry to use"
                    f" (found: {found})"
                )
        elif machine not in names:
            raise TransportError(f"{host}: `vagrant ssh-config` output has no 'Host {machine}'")
        options = config.lookup(machine)
        if options.get("proxycommand") or options.get("proxyjump"):
            raise TransportError(f"{host}: ProxyCommand/ProxyJump in ssh-config is not supported")
        if "user" not in options or "identityfile" not in options:
            raise TransportError(
                f"{host}: `vagrant ssh-config` output for {machine} lacks User or IdentityFile"
            )
        try:
            port = int(options.get("port", 22))
        except ValueError:
            raise TransportError(
                f"{host}: bad Port {options['port']!r} in `vagrant ssh-config` output"
            ) from None
        return cls(
            host,
            options["hostname"],
            port,
            options["user"],
            options["identityfile"],
            known_hosts,
            connect_timeout=connect_timeout,
            retries_until=retries_until,
            log_path=log_path,
        )

    def __repr__(self) -> str:
        return f"SSHTransport({self.host!r}, {self.username}@{self.hostname}:{self.port})"

    def __enter__(self) -> SSHTransport:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def address(self) -> str:
        return f"{self.hostname}:{self.port}"

    # -- connection ---------------------------------------------------------------------------

    def connect(self) -> None:
        """Open the connection now (otherwise the first ``run``/``put`` does); idempotent."""
        self._connection()

    def _connection(self) -> paramiko.Transport:
        with self._lock:
            if self._client is not None:
                transport = self._client.get_transport()
                if transport is not None and transport.is_active():
                    return transport
                # The VM rebooted or the link dropped: start over rather than fail forever.
                self._drop()
            try:
                self._client = self._connect_with_retries()
            except TransportError as exc:
                self._log(f"# {exc}")
                raise
            transport = self._client.get_transport()
            assert transport is not None
            # Long provisioning steps are silent for minutes; keep NAT mappings alive.
            transport.set_keepalive(30)
            self._log(f"# connected to {self.username}@{self.address}")
            return transport

    def _connect_with_retries(self) -> paramiko.SSHClient:
        # the tests' seatbelt (LABCTL_NETWORK_ALLOW): no packet to an address outside the lab
        check_target(self.hostname)
        keys = self._load_keys()
        deadline = time.monotonic() + self.retries_until
        delay = 0.2
        while True:
            try:
                return self._connect_once(keys)
            except TransportError:
                raise
            except Exception as exc:
                if not _retryable(exc) or time.monotonic() + delay > deadline:
                    message = self._describe_connect_error(exc)
                    if self.retries_until > 0 and _retryable(exc):
                        message += f" (kept trying for {self.retries_until:g} s)"
                    raise TransportError(message) from exc
            time.sleep(delay)
            delay = min(delay * 1.5, 2.0)

    def _connect_once(self, keys: list[paramiko.PKey]) -> paramiko.SSHClient:
        import paramiko

        client = paramiko.SSHClient()
        if self.known_hosts.exists():
            try:
                client.get_host_keys().load(str(self.known_hosts))
            except Exception as exc:  # OSError, or paramiko's InvalidHostKey for a bad line
                raise TransportError(
                    f"{self.host}: cannot read {self.known_hosts} ({_reason(exc)});"
                    " fix or delete that file"
                ) from exc
        client.set_missing_host_key_policy(_trust_on_first_use(self.host, self.known_hosts))
        try:
            client.connect(
                self.hostname,
                port=self.port,
                username=self.username,
                timeout=self.connect_timeout,
                banner_timeout=self.connect_timeout,
                auth_timeout=self.connect_timeout,
                allow_agent=False,
                look_for_keys=False,
                auth_strategy=_keys_strategy(self.username, keys),
            )
        except BaseException:
            client.close()
            raise
        return client

    def _load_keys(self) -> list[paramiko.PKey]:
        import paramiko

        if not self.key_filenames:
            raise TransportError(f"{self.host}: no SSH key file given")
        keys: list[paramiko.PKey] = []
        problems: list[str] = []
        for name in self.key_filenames:
            path = Path(name).expanduser()
            try:
                keys.append(paramiko.PKey.from_path(path))
            except FileNotFoundError:
                problems.append(f"SSH key file {path} does not exist")
            except PermissionError:
                problems.append(f"SSH key file {path} is not readable")
            except IsADirectoryError:
                problems.append(f"SSH key file {path} is a directory")
            except TypeError:
                # cryptography's way of saying the key needs a passphrase
                problems.append(
                    f"SSH key file {path} is encrypted (a passphrase-less key is needed)"
                )
            except Exception as exc:
                problems.append(f"SSH key file {path} is not a usable private key ({exc})")
        if not keys:
            raise TransportError(f"{self.host}: {'; '.join(problems)} ({_STATUS_HINT})")
        return keys

    def _describe_connect_error(self, exc: BaseException) -> str:
        import paramiko

        where = f"{self.host}: SSH to {self.address}"
        if isinstance(exc, paramiko.BadHostKeyException):
            name = _known_hosts_name(self.hostname, self.port)
            return (
                f"{self.host}: the host key of {name} has CHANGED since it was recorded in"
                f" {self.known_hosts}; if the VM was recreated, delete the '{name}' line from"
                " that file (or run `labctl destroy`), otherwise someone may be intercepting"
                " the connection"
            )
        if isinstance(exc, paramiko.AuthenticationException):
            keys = ", ".join(self.key_filenames)
            return (
                f"{where}: key rejected for user {self.username!r} (tried {keys};"
                " was the VM recreated? compare with `vagrant ssh-config`)"
            )
        if isinstance(exc, socket.gaierror):
            return f"{self.host}: cannot resolve host name {self.hostname!r} ({exc.strerror})"
        if isinstance(exc, TimeoutError):
            return f"{where} timed out after {self.connect_timeout:g} s ({_STATUS_HINT})"
        if isinstance(exc, OSError):
            code = _errno_of(exc)
            if code == errno.ECONNREFUSED:
                return f"{where} refused ({_STATUS_HINT})"
            if code in (errno.EHOSTUNREACH, errno.ENETUNREACH, errno.EHOSTDOWN):
                return f"{where}: no route to host ({_STATUS_HINT})"
            reason = os.strerror(code) if code else str(exc)
            return f"{where} failed: {reason} ({_STATUS_HINT})"
        if isinstance(exc, paramiko.SSHException | EOFError):
            text = _first_line(exc) or type(exc).__name__
            detail = None
            if "banner" in text.lower():
                detail = "no SSH protocol banner"
            elif "no existing session" in text.lower():
                # what paramiko reports when the key exchange did not finish in time
                detail = f"no SSH handshake within {self.connect_timeout:g} s"
            if detail:
                return (
                    f"{where}: no SSH server answered on that port ({detail});"
                    f" the VM may still be booting ({_STATUS_HINT})"
                )
            return f"{where} failed: {text}"
        return f"{where} failed: {type(exc).__name__}: {_first_line(exc)}"

    def close(self) -> None:
        with self._lock:
            self._drop()

    def _drop(self) -> None:
        if self._sftp is not None:
            # closing over a dead connection may fail; there is nothing left to save
            with contextlib.suppress(Exception):
                self._sftp.close()
            self._sftp = None
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
        wrapped = f"sh -c {shlex.quote(command)}"
        if use_sudo:
            # -n: fail instead of waiting forever at a password prompt nobody can see
            wrapped = f"sudo -n {wrapped}"
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
                    f"{self.host}: cannot run '{command}' over SSH: {_first_line(exc)}"
                ) from exc
            try:
                output = _pump(channel, stdin, deadline, emit)
                if output is None:
                    write(f"# timed out after {timeout:g} s")
                    raise TransportError(f"{self.host}: '{command}' timed out after {timeout:g} s")
                stdout, stderr = output
                # -1: the channel closed without a status (signal, or the connection dropped)
                status = channel.recv_exit_status()
            finally:
                channel.close()
            if status == -1 and not transport.is_active():
                raise TransportError(
                    f"{self.host}: SSH connection to {self.address} was lost while running"
                    f" '{command}'"
                )
            write(f"# exit status {status}")
        if use_sudo and status == 1 and "sudo: a password is required" in stderr:
            raise TransportError(
                f"{self.host}: sudo asks {self.username!r} for a password; labctl needs"
                f" passwordless sudo (NOPASSWD) for {self.username!r} on {self.hostname}"
            )
        return CommandResult(command, status, stdout, stderr)

    # -- files --------------------------------------------------------------------------------

    def put(self, content: bytes, path: str, *, mode: int = 0o644, sudo: bool = False) -> None:
        """Write ``content`` to ``path`` atomically, creating parent directories.

        With ``sudo`` (and a non-root user) the file is staged in /tmp and installed by root,
        so it ends up owned by root.
        """
        directory = posixpath.dirname(path) or "."
        temp_name = f".labctl-{secrets.token_hex(8)}.tmp"
        self._log(f"$ put {path} ({len(content)} bytes, mode {mode:04o}{', sudo' if sudo else ''})")
        if sudo and self.username != "root":
            staged = f"/tmp/{temp_name}"
            self._upload(content, staged, 0o600, path)
            beside = posixpath.join(directory, temp_name)
            q = shlex.quote
            # install sets owner and mode in one step; mv makes the final swap atomic
            script = (
                f"mkdir -p -- {q(directory)} && install -m {mode:04o} {q(staged)} {q(beside)}"
                f" && mv -f -- {q(beside)} {q(path)}; rc=$?; rm -f -- {q(staged)} {q(beside)};"
                " exit $rc"
            )
            result = self.run(script, sudo=True)
            if not result.ok:
                raise TransportError(f"{self.host}: cannot write {path}: {result.tail(1)}")
            return
        with self._lock:
            sftp = self._sftp_client()
            try:
                sftp.stat(directory)
            except OSError:
                result = self.run(f"mkdir -p -- {shlex.quote(directory)}")
                if not result.ok:
                    raise TransportError(
                        f"{self.host}: cannot create {directory}: {result.tail(1)}"
                    ) from None
            temp = posixpath.join(directory, temp_name)
            self._upload(content, temp, mode, path)
            try:
                sftp.posix_rename(temp, path)
            except OSError as exc:
                _ignore_errors(sftp.remove, temp)
                raise TransportError(f"{self.host}: cannot write {path}: {_reason(exc)}") from exc

    def _upload(self, content: bytes, temp: str, mode: int, path: str) -> None:
        with self._lock:
            sftp = self._sftp_client()
            try:
                with sftp.open(temp, "wbx") as fh:
                    # before writing, so a secret is never readable by others, even briefly
                    fh.chmod(mode)
                    fh.set_pipelined(True)
                    fh.write(content)
            except OSError as exc:
                _ignore_errors(sftp.remove, temp)
                raise TransportError(f"{self.host}: cannot write {path}: {_reason(exc)}") from exc

    def _sftp_client(self) -> paramiko.SFTPClient:
        import paramiko

        transport = self._connection()
        if self._sftp is None or self._sftp.sock.closed:
            try:
                self._sftp = paramiko.SFTPClient.from_transport(transport)
            except (paramiko.SSHException, OSError, EOFError) as exc:
                raise TransportError(
                    f"{self.host}: cannot start SFTP on {self.address}: {_first_line(exc)}"
                ) from exc
            assert self._sftp is not None
        return self._sftp

    # -- log ----------------------------------------------------------------------------------

    def _open_log(self) -> _LogFile:
        return _LogFile(self.log_path)

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


class _LogFile:
    """Opens the per-host log for appending, creating its directory; a no-op without a path."""

    def __init__(self, path: Path | None) -> None:
        self._path = path
        self._file: TextIO | None = None

    def __enter__(self) -> TextIO | None:
        if self._path is not None:
            self._path.parent.mkdir(parents=True, exist_ok=True)
            self._file = self._path.open("a", encoding="utf-8")
        return self._file

    def __exit__(self, *exc_info: object) -> None:
        if self._file is not None:
            self._file.close()


class _Lines:
    """Decodes one output stream incrementally, handing out complete lines as they form."""

    def __init__(self, emit: Callable[[list[str]], None]) -> None:
        self._decoder = codecs.getincrementaldecoder("utf-8")("replace")
        self._emit = emit
        self._partial = ""
        self._chunks: list[str] = []

    def feed(self, data: bytes, final: bool = False) -> None:
        text = self._decoder.decode(data, final)
        self._chunks.append(text)
        *lines, self._partial = (self._partial + text).split("\n")
        if final and self._partial:
            lines.append(self._partial)
            self._partial = ""
        if lines:
            self._emit([line.removesuffix("\r") for line in lines])

    @property
    def text(self) -> str:
        return "".join(self._chunks)


def _pump(
    channel: paramiko.Channel,
    stdin: str | None,
    deadline: float | None,
    emit: Callable[[list[str]], None],
) -> tuple[str, str] | None:
    """Feed stdin and drain stdout/stderr together (so neither side can block the other).

    Returns (stdout, stderr) once the remote side sent EOF and its exit status (or the channel
    closed), or None if ``deadline`` passed first.
    """
    out, err = _Lines(emit), _Lines(emit)
    pending = memoryview(stdin.encode()) if stdin else memoryview(b"")
    if not pending:
        channel.shutdown_write()
    # The channel's fileno is a pipe paramiko sets whenever data or EOF arrives on it.
    readable = [channel]
    while True:
        while channel.recv_ready():
            out.feed(channel.recv(_CHUNK))
        while channel.recv_stderr_ready():
            err.feed(channel.recv_stderr(_CHUNK))
        while pending and channel.send_ready():
            pending = pending[channel.send(pending[:_CHUNK]) :]
            if not pending:
                channel.shutdown_write()
        if (channel.eof_received or channel.closed) and not (
            channel.recv_ready() or channel.recv_stderr_ready()
        ):
            break
        remaining = None if deadline is None else deadline - time.monotonic()
        if remaining is not None and remaining <= 0:
            return None
        # Sending has no wake-up pipe, so poll briefly while stdin is still going out.
        wait = 0.02 if pending else 1.0
        select.select(readable, [], [], wait if remaining is None else min(wait, remaining))
    out.feed(b"", final=True)
    err.feed(b"", final=True)
    # OpenSSH sends EOF before the exit status, so give the status a moment to arrive.
    remaining = None if deadline is None else max(deadline - time.monotonic(), 0)
    if not channel.status_event.wait(remaining):
        return None
    return out.text, err.text


def _keys_strategy(username: str, keys: Sequence[paramiko.PKey]) -> paramiko.AuthStrategy:
    """Try already-loaded keys in order and nothing else (like ssh with IdentitiesOnly)."""
    from paramiko.auth_strategy import AuthStrategy, InMemoryPrivateKey

    class KeysOnly(AuthStrategy):
        def get_sources(self) -> Iterator[InMemoryPrivateKey]:
            for key in keys:
                yield InMemoryPrivateKey(username, key)

    return KeysOnly(ssh_config=None)


def _trust_on_first_use(host: str, path: Path) -> paramiko.MissingHostKeyPolicy:
    """Record an unknown host's key in the lab's known_hosts file and accept it."""
    import paramiko

    class TrustOnFirstUse(paramiko.MissingHostKeyPolicy):
        def missing_host_key(
            self, client: paramiko.SSHClient, hostname: str, key: paramiko.PKey
        ) -> None:
            try:
                _record_host_key(path, hostname, key)
            except paramiko.BadHostKeyException:
                raise
            except Exception as exc:  # OSError, or paramiko's InvalidHostKey for a bad line
                raise TransportError(
                    f"{host}: cannot record the host key of {hostname} in {path}: {_reason(exc)}"
                ) from exc

    return TrustOnFirstUse()


def _record_host_key(path: Path, name: str, key: paramiko.PKey) -> None:
    import paramiko

    with _KNOWN_HOSTS_LOCK:
        # Re-read: a transport for another host may have written the file since we loaded it.
        keys = paramiko.HostKeys()
        if path.exists():
            keys.load(str(path))
        recorded = keys.lookup(name)
        if recorded is not None:
            if recorded.get(key.get_name()) == key:
                return
            raise paramiko.BadHostKeyException(name, key, next(iter(recorded.values())))
        keys.add(name, key.get_name(), key)
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
        try:
            keys.save(str(temp))
            os.replace(temp, path)
        finally:
            temp.unlink(missing_ok=True)


def _known_hosts_name(hostname: str, port: int) -> str:
    return hostname if port == 22 else f"[{hostname}]:{port}"


def _errno_of(exc: OSError) -> int | None:
    # paramiko folds per-address failures (IPv4 and IPv6) into one error without an errno
    errors = getattr(exc, "errors", None)
    if exc.errno is None and isinstance(errors, dict) and errors:
        return next(iter(errors.values())).errno
    return exc.errno


def _retryable(exc: BaseException) -> bool:
    """A failure a booting VM produces: worth trying again until ``retries_until``."""
    import paramiko

    if isinstance(exc, paramiko.AuthenticationException | paramiko.BadHostKeyException):
        return False
    if isinstance(exc, socket.gaierror):
        return False
    if isinstance(exc, TimeoutError | EOFError):
        return True
    if isinstance(exc, OSError):
        return _errno_of(exc) in _RETRYABLE_ERRNOS
    if isinstance(exc, paramiko.SSHException):
        text = str(exc).lower()
        return any(s in text for s in ("banner", "no existing session", "timed out", "reset"))
    return False


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else ""


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    line = getattr(exc, "line", None)  # paramiko's InvalidHostKey
    if isinstance(line, str):
        return f"bad line {line.strip()!r}"
    return _first_line(exc) or type(exc).__name__


def _ignore_errors(func: Callable[[str], object], arg: str) -> None:
    # best-effort cleanup of a temporary file: the caller raises the error that matters
    with contextlib.suppress(Exception):
        func(arg)
