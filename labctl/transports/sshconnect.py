"""Opening an SSH connection to a lab host: the keys given and no others, the host key
trusted on first use into the lab's own known_hosts, retries while a VM boots, and every
failure turned into one line that says what to do."""

from __future__ import annotations

import errno
import os
import secrets
import socket
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from labctl.errors import Message, TransportError
from labctl.netguard import check_target
from labctl.transports.sshconfig import SSHTarget

if TYPE_CHECKING:
    import paramiko
    from paramiko.auth_strategy import AuthStrategy

STATUS_HINT = Message("ssh.status-hint")
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


@dataclass(frozen=True)
class Connecting:
    """What a connection attempt needs besides the target: for messages and host keys."""

    host: str  # the lab's name for the host
    target: SSHTarget
    known_hosts: Path
    timeout: float

    @property
    def address(self) -> str:
        return f"{self.target.hostname}:{self.target.port}"


def connect(how: Connecting, retries_until: float) -> paramiko.SSHClient:
    """A logged-in client, trying again for ``retries_until`` seconds while the failure is one
    a booting VM produces."""
    # the tests' seatbelt (LABCTL_NETWORK_ALLOW): no packet to an address outside the lab
    check_target(how.target.hostname)
    keys = _load_keys(how)
    deadline = time.monotonic() + retries_until
    delay = 0.2
    while True:
        try:
            return _connect_once(how, keys)
        except TransportError:
            raise
        except Exception as exc:
            retry, message = failure(how, exc)
            if not retry or time.monotonic() + delay > deadline:
                if retries_until > 0 and retry:
                    seconds = f"{retries_until:g}"
                    message = Message("ssh.kept-trying", message=message, seconds=seconds)
                raise TransportError(message) from exc
        time.sleep(delay)
        delay = min(delay * 1.5, 2.0)


def _connect_once(how: Connecting, keys: list[paramiko.PKey]) -> paramiko.SSHClient:
    import paramiko

    client = paramiko.SSHClient()
    if how.known_hosts.exists():
        try:
            client.get_host_keys().load(str(how.known_hosts))
        except Exception as exc:  # OSError, or paramiko's InvalidHostKey for a bad line
            raise TransportError(
                Message("ssh.known-hosts", host=how.host, path=how.known_hosts, why=reason(exc))
            ) from exc
    client.set_missing_host_key_policy(_trust_on_first_use(how.host, how.known_hosts))
    try:
        client.connect(
            how.target.hostname,
            port=how.target.port,
            username=how.target.user,
            timeout=how.timeout,
            banner_timeout=how.timeout,
            auth_timeout=how.timeout,
            allow_agent=False,
            look_for_keys=False,
            auth_strategy=_keys_strategy(how.target.user, keys),
        )
    except BaseException:
        client.close()
        raise
    return client


def _load_keys(how: Connecting) -> list[paramiko.PKey]:
    import paramiko

    if not how.target.key_files:
        raise TransportError(Message("ssh.no-key-file", host=how.host))
    keys: list[paramiko.PKey] = []
    problems: list[Message] = []
    for name in how.target.key_files:
        path = Path(name).expanduser()
        try:
            keys.append(paramiko.PKey.from_path(path))
        except FileNotFoundError:
            problems.append(Message("ssh.key-missing", path=path))
        except PermissionError:
            problems.append(Message("ssh.key-unreadable", path=path))
        except IsADirectoryError:
            problems.append(Message("ssh.key-directory", path=path))
        except TypeError:
            # cryptography's way of saying the key needs a passphrase
            problems.append(Message("ssh.key-encrypted", path=path))
        except Exception as exc:
            problems.append(Message("ssh.key-unusable", path=path, why=exc))
    if not keys:
        said = "; ".join(map(str, problems))
        raise TransportError(Message("ssh.no-key", host=how.host, problems=said, hint=STATUS_HINT))
    return keys


def failure(how: Connecting, exc: BaseException) -> tuple[bool, Message]:
    """(worth trying again while a VM boots, the one line for the user) - one reading of each
    error paramiko and the socket layer raise."""
    import paramiko

    where = Message("ssh.where", host=how.host, address=how.address)
    seconds = f"{how.timeout:g}"
    if isinstance(exc, paramiko.BadHostKeyException):
        name = known_hosts_name(how.target.hostname, how.target.port)
        return False, Message("ssh.key-changed", host=how.host, name=name, path=how.known_hosts)
    if isinstance(exc, paramiko.AuthenticationException):
        keys = ", ".join(how.target.key_files)
        return False, Message("ssh.rejected", where=where, user=repr(how.target.user), keys=keys)
    if isinstance(exc, socket.gaierror):
        name = repr(how.target.hostname)
        return False, Message("ssh.unresolved", host=how.host, name=name, why=exc.strerror)
    if isinstance(exc, TimeoutError):
        return True, Message("ssh.timeout", where=where, seconds=seconds, hint=STATUS_HINT)
    if isinstance(exc, OSError):
        code = _errno_of(exc)
        if code == errno.ECONNREFUSED:
            return True, Message("ssh.refused", where=where, hint=STATUS_HINT)
        if code in (errno.EHOSTUNREACH, errno.ENETUNREACH, errno.EHOSTDOWN):
            return True, Message("ssh.no-route", where=where, hint=STATUS_HINT)
        text = os.strerror(code) if code else str(exc)
        failed = Message("ssh.failed-hint", where=where, why=text, hint=STATUS_HINT)
        return code in _RETRYABLE_ERRNOS, failed
    if isinstance(exc, paramiko.SSHException | EOFError):
        text = first_line(exc) or type(exc).__name__
        lower = text.lower()
        detail = None
        if "banner" in lower:
            detail = Message("ssh.no-banner")
        elif "no existing session" in lower:
            # what paramiko reports when the key exchange did not finish in time
            detail = Message("ssh.no-handshake", seconds=seconds)
        retry = isinstance(exc, EOFError) or any(
            s in lower for s in ("banner", "no existing session", "timed out", "reset")
        )
        if detail:
            return retry, Message("ssh.no-server", where=where, detail=detail, hint=STATUS_HINT)
        return retry, Message("ssh.failed", where=where, why=text)
    return False, Message("ssh.failed", where=where, why=f"{type(exc).__name__}: {first_line(exc)}")


def _keys_strategy(username: str, keys: Sequence[paramiko.PKey]) -> AuthStrategy:
    """Try already-loaded keys in order and nothing else (like ssh with IdentitiesOnly)."""
    import paramiko
    from paramiko.auth_strategy import AuthStrategy, InMemoryPrivateKey

    class KeysOnly(AuthStrategy):
        def get_sources(self) -> Iterator[InMemoryPrivateKey]:
            for key in keys:
                yield InMemoryPrivateKey(username, key)

    return KeysOnly(ssh_config=paramiko.SSHConfig())


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
                    Message(
                        "ssh.cannot-record",
                        host=host,
                        hostname=hostname,
                        path=path,
                        why=reason(exc),
                    )
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


def known_hosts_name(hostname: str, port: int) -> str:
    return hostname if port == 22 else f"[{hostname}]:{port}"


def _errno_of(exc: OSError) -> int | None:
    # paramiko folds per-address failures (IPv4 and IPv6) into one error without an errno
    errors = getattr(exc, "errors", None)
    if exc.errno is None and isinstance(errors, dict) and errors:
        first: OSError = next(iter(errors.values()))
        return first.errno
    return exc.errno


def first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else ""


def reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    line = getattr(exc, "line", None)  # paramiko's InvalidHostKey
    if isinstance(line, str):
        return f"bad line {line.strip()!r}"
    return first_line(exc) or type(exc).__name__
