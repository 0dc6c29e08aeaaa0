"""Throwaway OpenSSH servers on 127.0.0.1 for tests that need a real SSH peer.

``tests/conftest.py`` imports the fixtures from here, so any test module can ask for:

- ``sshd`` (session): one server; its ``user`` is the user running the tests (root on CI) and
  ``key_path`` logs in as that user.
- ``sshd_sudo_user`` (session): the same server seen as a throwaway non-root user with
  passwordless sudo (needs root; the user and its sudoers drop-in are removed afterwards).
- ``sshd_nosudo_user`` (session): the same, for a user sudo refuses (asks for a password).
- ``sshd_factory`` (session): starts more servers (a given port, a fresh host key, later...).

Servers listen on 127.0.0.1 only. A missing sshd fails the tests instead of skipping them: CI
installs openssh-server, and a silently skipped transport is worse than a red build.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from accounts import account_tool

LOOPBACK = "127.0.0.1"
# Per test session (pid suffix): two pytest runs on one machine must not delete each other's
# user halfway through.
SUDO_USER = f"labctl-test-{os.getpid()}"
NOSUDO_USER = f"labctl-nosudo-{os.getpid()}"
_THROWAWAY_USER = re.compile(r"labctl-(?:test|nosudo)-(\d+)")
_SBIN = "/usr/sbin:/usr/local/sbin:/sbin"


@dataclass(frozen=True)
class SSHServer:
    """How to reach one running test sshd (the fields SSHTransport's constructor wants)."""

    hostname: str
    port: int
    user: str
    key_path: Path  # private key authorized for ``user``
    host_key_path: Path  # private host key; the public half is beside it with ".pub"
    pid: int

    @property
    def host_public_key(self) -> str:
        """The host key as "type base64" (the known_hosts form, without the host name)."""
        public = self.host_key_path.with_name(self.host_key_path.name + ".pub")
        return " ".join(public.read_text().split()[:2])

    def as_user(self, user: str) -> SSHServer:
        return dataclasses.replace(self, user=user)


def find_sshd() -> str:
    path = shutil.which("sshd", path=_SBIN + os.pathsep + os.environ.get("PATH", ""))
    if path is None:
        pytest.fail("sshd not found: install openssh-server (apt-get install openssh-server)")
    return path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((LOOPBACK, 0))
        return int(sock.getsockname()[1])


class SshdFactory:
    """Starts sshd processes sharing one temp dir and one client key; stops them all at the end."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.sshd = find_sshd()
        self.key_path = self.make_key("client")
        self.authorized_dir = workdir / "authorized_keys"
        self.authorized_dir.mkdir()
        self.authorize(_current_user(), self.key_path)
        self._procs: dict[int, subprocess.Popen[bytes]] = {}
        self._lock = threading.Lock()
        self._count = 0

    def make_key(self, name: str) -> Path:
        """A fresh passphrase-less ed25519 key pair in the temp dir."""
        path = self.workdir / f"{name}_ed25519"
        subprocess.run(
            ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(path)],
            check=True,
        )
        return path

    def authorize(self, user: str, key_path: Path) -> None:
        """Let ``key_path`` log in as ``user`` (on every server of this factory)."""
        public = key_path.with_name(key_path.name + ".pub").read_text()
        target = self.authorized_dir / user
        with target.open("a") as fh:
            fh.write(public)
        # sshd reads it as the target user
        target.chmod(0o644)

    def start(self, *, port: int | None = None, host_key: Path | None = None) -> SSHServer:
        """Start one sshd (a new host key unless given) and wait until it speaks SSH."""
        with self._lock:
            self._count += 1
            number = self._count
        port = port or free_port()
        host_key = host_key or self.make_key(f"host{number}")
        config = self.workdir / f"sshd{number}.conf"
        config.write_text(
            "\n".join(
                [
                    f"ListenAddress {LOOPBACK}:{port}",
                    f"HostKey {host_key}",
                    f"PidFile {self.workdir}/sshd{number}.pid",
                    f"AuthorizedKeysFile {self.authorized_dir}/%u",
                    "PermitRootLogin prohibit-password",
                    "StrictModes no",
                    "UsePAM no",
                    "PasswordAuthentication no",
                    "KbdInteractiveAuthentication no",
                    "PubkeyAuthentication yes",
                    "Subsystem sftp internal-sftp",
                    "PrintMotd no",
                    "LogLevel VERBOSE",
                    "",
                ]
            )
        )
        if os.geteuid() == 0:
            # privilege separation directory, normally created by the openssh-server package
            Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)
        log = self.workdir / f"sshd{number}.log"
        with log.open("wb") as log_fh:
            proc = subprocess.Popen(
                [self.sshd, "-D", "-e", "-f", str(config)],
                stdin=subprocess.DEVNULL,
                stdout=log_fh,
                stderr=subprocess.STDOUT,
            )
        with self._lock:
            self._procs[proc.pid] = proc
        _wait_for_banner(proc, port, log)
        return SSHServer(LOOPBACK, port, _current_user(), self.key_path, host_key, proc.pid)

    def stop(self, server: SSHServer) -> None:
        """Stop the listener and every session process it forked."""
        with self._lock:
            proc = self._procs.pop(server.pid, None)
        if proc is not None:
            _terminate_tree(proc)

    def stop_all(self) -> None:
        with self._lock:
            procs = list(self._procs.values())
            self._procs.clear()
        for proc in procs:
            _terminate_tree(proc)


def _current_user() -> str:
    return pwd.getpwuid(os.geteuid()).pw_name


def _wait_for_banner(proc: subprocess.Popen[bytes], port: int, log: Path) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"sshd exited with {proc.returncode}:\n{log.read_text()}")
        try:
            with socket.create_connection((LOOPBACK, port), timeout=1) as sock:
                if sock.recv(64).startswith(b"SSH-"):
                    return
        except OSError:
            time.sleep(0.02)
    _terminate_tree(proc)
    pytest.fail(f"sshd did not answer on {LOOPBACK}:{port} within 10 s:\n{log.read_text()}")


def _descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        # the command name (field 2) may contain spaces; the parent pid follows its ")"
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry))
    found: list[int] = []
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _terminate_tree(proc: subprocess.Popen[bytes]) -> None:
    # Session processes outlive a killed listener (that is how sshd restarts keep sessions).
    sessions = _descendants(proc.pid)
    proc.terminate()
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    for pid in sessions:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


@dataclass(frozen=True)
class _SystemUser:
    name: str
    sudoers: Path | None


def _create_user(name: str, *, sudo: bool) -> _SystemUser:
    _delete_stale_users()
    account_tool("useradd", "--create-home", "--shell", "/bin/sh", name)
    # "*": no password, but not locked; without PAM sshd refuses locked ("!") accounts
    account_tool("usermod", "-p", "*", name)
    sudoers = None
    if sudo:
        if shutil.which("sudo") is None:
            pytest.fail("sudo not found: install it (apt-get install sudo)")
        sudoers = Path(f"/etc/sudoers.d/{name}")
        # sudo skips names with a dot, so it never reads a half-written drop-in (a syntax
        # error there would break sudo for the whole machine)
        partial = sudoers.with_name(f"{name}.tmp")
        partial.write_text(f"{name} ALL=(ALL) NOPASSWD: ALL\n")
        partial.chmod(0o440)
        partial.replace(sudoers)
    return _SystemUser(name, sudoers)


def _delete_stale_users() -> None:
    """Remove throwaway users left by a test session that was killed before its teardown."""
    for entry in pwd.getpwall():
        match = _THROWAWAY_USER.fullmatch(entry.pw_name)
        if match and not Path(f"/proc/{match.group(1)}").exists():
            _delete_user(_SystemUser(entry.pw_name, Path(f"/etc/sudoers.d/{entry.pw_name}")))


def _delete_user(user: _SystemUser) -> None:
    if user.sudoers is not None:
        user.sudoers.unlink(missing_ok=True)
    try:
        pwd.getpwnam(user.name)
    except KeyError:
        return
    account_tool("userdel", "--force", "--remove", user.name, check=False)


@pytest.fixture(scope="session")
def sshd_factory() -> Iterator[SshdFactory]:
    # Not under pytest's basetemp: that is private to root, and sshd reads a non-root user's
    # authorized_keys as that user.
    workdir = Path(tempfile.mkdtemp(prefix="labctl-sshd-"))
    workdir.chmod(0o755)
    factory = SshdFactory(workdir)
    try:
        yield factory
    finally:
        factory.stop_all()
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope="session")
def sshd(sshd_factory: SshdFactory) -> SSHServer:
    """One running sshd on 127.0.0.1 for the whole session, as the current user."""
    return sshd_factory.start()


@pytest.fixture(scope="session")
def sshd_sudo_user(sshd_factory: SshdFactory, sshd: SSHServer) -> Iterator[SSHServer]:
    """The session's sshd as a throwaway non-root user with passwordless sudo."""
    yield from _user_on(sshd_factory, sshd, SUDO_USER, sudo=True)


@pytest.fixture(scope="session")
def sshd_nosudo_user(sshd_factory: SshdFactory, sshd: SSHServer) -> Iterator[SSHServer]:
    """The session's sshd as a throwaway non-root user that is not allowed to use sudo."""
    yield from _user_on(sshd_factory, sshd, NOSUDO_USER, sudo=False)


def _user_on(
    factory: SshdFactory, server: SSHServer, name: str, *, sudo: bool
) -> Iterator[SSHServer]:
    if os.geteuid() != 0:
        pytest.fail("creating a throwaway test user needs root (CI runs the tests as root)")
    user = _create_user(name, sudo=sudo)
    try:
        factory.authorize(name, factory.key_path)
        yield server.as_user(name)
    finally:
        # end the user's sessions first, or userdel refuses to remove a logged-in user
        for pid in _descendants(server.pid):
            try:
                if Path(f"/proc/{pid}").stat().st_uid == pwd.getpwnam(name).pw_uid:
                    os.kill(pid, signal.SIGKILL)
            except (OSError, KeyError):
                pass
        _delete_user(user)
