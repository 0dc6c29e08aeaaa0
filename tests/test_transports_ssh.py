"""SSHTransport against a real OpenSSH server on 127.0.0.1 (see tests/sshd.py); no mocks."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from labctl.errors import TransportError
from labctl.transports.ssh import SSHTransport

from sshd import LOOPBACK, SshdFactory, SSHServer, free_port

STAMP = r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} "


def transport(
    server: SSHServer, known_hosts: Path, *, key: Path | None = None, **options: object
) -> SSHTransport:
    return SSHTransport(
        "server1",
        server.hostname,
        server.port,
        server.user,
        str(key or server.key_path),
        known_hosts,
        **options,  # type: ignore[arg-type]
    )


@pytest.fixture
def known_hosts(tmp_path: Path) -> Path:
    return tmp_path / "state" / "known_hosts"


@pytest.fixture
def ssh(sshd: SSHServer, known_hosts: Path, tmp_path: Path) -> Iterator[SSHTransport]:
    with transport(sshd, known_hosts, log_path=tmp_path / "logs" / "server1.log") as t:
        yield t


@pytest.fixture
def sudo_ssh(sshd_sudo_user: SSHServer, known_hosts: Path) -> Iterator[SSHTransport]:
    with transport(sshd_sudo_user, known_hosts) as t:
        yield t


# -- run ------------------------------------------------------------------------------------


def test_run_returns_exit_status_and_output(ssh: SSHTransport) -> None:
    ok = ssh.run("echo hello; echo oops >&2")
    assert (ok.exit_status, ok.stdout, ok.stderr) == (0, "hello\n", "oops\n")
    assert ok.ok
    failed = ssh.run("echo partial; exit 3")
    assert (failed.exit_status, failed.stdout, failed.ok) == (3, "partial\n", False)
    assert failed.command == "echo partial; exit 3"


def test_run_uses_posix_sh_and_keeps_quotes(ssh: SSHTransport) -> None:
    result = ssh.run("""x='it'"'"'s'; printf '%s|%s\\n' "$x" "$((1 + 2))" """)
    assert result.stdout == "it's|3\n"


def test_one_connection_is_reused(ssh: SSHTransport) -> None:
    first = ssh.run("echo $SSH_CONNECTION").stdout
    second = ssh.run("echo $SSH_CONNECTION").stdout
    assert first == second  # same client port: no reconnect between commands


def test_lines_stream_in_order_to_on_line_and_log(ssh: SSHTransport, tmp_path: Path) -> None:
    arrivals: list[tuple[float, str]] = []
    start = time.monotonic()
    command = "for i in 1 2 3; do echo out$i; echo err$i >&2; sleep 0.2; done; printf tail"
    result = ssh.run(command, on_line=lambda line: arrivals.append((time.monotonic(), line)))
    elapsed = time.monotonic() - start
    lines = [line for _, line in arrivals]
    assert [x for x in lines if x.startswith("out")] == ["out1", "out2", "out3"]
    assert [x for x in lines if x.startswith("err")] == ["err1", "err2", "err3"]
    assert lines[-1] == "tail"  # an unterminated last line is still delivered
    assert lines.index("out1") < lines.index("out2") and lines.index("err1") < lines.index("err2")
    # streamed: the first line came while the command was still sleeping
    assert arrivals[0][0] - start < elapsed - 0.3
    assert result.stdout == "out1\nout2\nout3\ntail"
    assert result.stderr == "err1\nerr2\nerr3\n"

    log = (tmp_path / "logs" / "server1.log").read_text().splitlines()
    assert any(re.fullmatch(STAMP + re.escape(f"$ {command}"), line) for line in log)
    logged = [line for line in log if re.match(STAMP + r"(out|err)\d$", line)]
    assert [line[-4:] for line in logged if "out" in line] == ["out1", "out2", "out3"]
    assert all(re.match(STAMP, line) for line in log)
    assert log[-1].endswith("# exit status 0")


def test_large_output_on_both_streams_does_not_deadlock(ssh: SSHTransport) -> None:
    # More than the SSH channel window (2 MiB) on stderr, then stdout: a reader that drained
    # only stdout until EOF would wait forever for the server, which waits for window space.
    lines: list[str] = []
    result = ssh.run("seq 1 400000 >&2; echo done", timeout=30, on_line=lines.append)
    assert (result.exit_status, result.stdout) == (0, "done\n")
    assert len(result.stderr) > 2 * 1024 * 1024
    assert result.stderr.splitlines()[-1] == "400000"
    assert len(lines) == 400001


def test_stdin_is_fed_and_closed(ssh: SSHTransport) -> None:
    assert ssh.run("cat", stdin="hello\nworld\n").stdout == "hello\nworld\n"
    big = "x" * 999_999 + "\n"
    assert ssh.run("wc -c", stdin=big, timeout=30).stdout.strip() == "1000000"
    # without stdin the command sees EOF at once instead of hanging
    assert ssh.run("cat; echo done", timeout=5).stdout == "done\n"


def test_non_utf8_output_does_not_break_decoding(ssh: SSHTransport) -> None:
    result = ssh.run(r"printf 'caf\351\n\303\251t\303\251\n'")
    assert result.stdout == "caf\ufffd\nété\n"


def test_timeout_closes_the_channel_and_raises(ssh: SSHTransport, tmp_path: Path) -> None:
    ssh.connect()
    start = time.monotonic()
    with pytest.raises(TransportError) as caught:
        ssh.run("sleep 5", timeout=0.5)
    assert time.monotonic() - start < 2
    assert str(caught.value) == "server1: 'sleep 5' timed out after 0.5 s"
    assert ssh.run("echo still usable").stdout == "still usable\n"


def test_lost_connection_raises_and_the_next_run_reconnects(ssh: SSHTransport) -> None:
    # kill this session's own sshd process, like a VM that reboots under a running command
    kill_own_session = (
        'p=$PPID; while [ "$(cat /proc/$p/comm)" != sshd ]; do'
        " p=$(cut -d' ' -f4 /proc/$p/stat); done; kill -9 $p; sleep 5"
    )
    with pytest.raises(TransportError, match=r"connection to .* was lost while running"):
        ssh.run(kill_own_session, timeout=10)
    assert ssh.run("echo back").stdout == "back\n"


def test_root_runs_sudo_commands_without_sudo(ssh: SSHTransport, sshd: SSHServer) -> None:
    if sshd.user != "root":
        pytest.fail("the test sshd should run as root (CI runs the tests as root)")
    assert ssh.run("id -u", sudo=True).stdout == "0\n"


# -- sudo, as a non-root user ---------------------------------------------------------------


def test_sudo_runs_as_root(sudo_ssh: SSHTransport) -> None:
    assert sudo_ssh.run("id -u").stdout.strip() != "0"
    assert sudo_ssh.run("id -u", sudo=True).stdout == "0\n"
    quoted = sudo_ssh.run("""echo "it's $(id -un)"; exit 4""", sudo=True)
    assert (quoted.stdout, quoted.exit_status) == ("it's root\n", 4)


def test_sudo_that_wants_a_password_fails_clearly(
    sshd_nosudo_user: SSHServer, known_hosts: Path
) -> None:
    with transport(sshd_nosudo_user, known_hosts) as t:
        assert t.run("id -u").ok
        with pytest.raises(TransportError, match="password") as caught:
            t.run("id -u", sudo=True)
    assert "passwordless sudo" in str(caught.value)
    assert "\n" not in str(caught.value)


# -- host keys ------------------------------------------------------------------------------


def test_first_connection_records_host_key_and_second_trusts_it(
    sshd: SSHServer, known_hosts: Path
) -> None:
    assert not known_hosts.exists()
    with transport(sshd, known_hosts) as t:
        t.connect()
    recorded = known_hosts.read_text()
    # non-22 ports are recorded as [host]:port, like OpenSSH does
    assert recorded == f"[{LOOPBACK}]:{sshd.port} {sshd.host_public_key}\n"
    with transport(sshd, known_hosts) as t:
        assert t.run("true").ok
    assert known_hosts.read_text() == recorded


def test_changed_host_key_is_refused(sshd_factory: SshdFactory, known_hosts: Path) -> None:
    first = sshd_factory.start()
    try:
        with transport(first, known_hosts) as t:
            t.connect()
    finally:
        sshd_factory.stop(first)
    # the "VM" was recreated: same address and port, new host key
    second = sshd_factory.start(port=first.port)
    try:
        with pytest.raises(TransportError) as caught, transport(second, known_hosts) as t:
            t.run("true")
    finally:
        sshd_factory.stop(second)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith("server1: ")
    assert "CHANGED" in message and str(known_hosts) in message
    assert f"[{LOOPBACK}]:{first.port}" in message and "labctl destroy" in message
    assert known_hosts.read_text().count("\n") == 1  # the recorded key was kept


def test_parallel_hosts_share_one_known_hosts_file(
    sshd_factory: SshdFactory, known_hosts: Path
) -> None:
    servers = [sshd_factory.start() for _ in range(3)]
    results: dict[int, str] = {}

    def provision(server: SSHServer) -> None:
        with transport(server, known_hosts) as t:
            results[server.port] = t.run("echo ok").stdout

    try:
        threads = [threading.Thread(target=provision, args=(s,)) for s in servers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        for server in servers:
            sshd_factory.stop(server)
    assert results == {s.port: "ok\n" for s in servers}
    recorded = sorted(known_hosts.read_text().splitlines())
    assert recorded == sorted(f"[{LOOPBACK}]:{s.port} {s.host_public_key}" for s in servers)


def test_corrupt_known_hosts_is_reported(sshd: SSHServer, known_hosts: Path) -> None:
    known_hosts.parent.mkdir(parents=True)
    known_hosts.write_text(f"[{LOOPBACK}]:{sshd.port} ssh-ed25519 !!!notbase64\n")
    message = one_line_error(sshd, known_hosts)
    assert f"cannot read {known_hosts}" in message and "fix or delete" in message


def test_users_known_hosts_is_not_touched(sshd: SSHServer, known_hosts: Path) -> None:
    user_file = Path("~/.ssh/known_hosts").expanduser()
    before = user_file.read_bytes() if user_file.exists() else None
    with transport(sshd, known_hosts) as t:
        t.connect()
    assert (user_file.read_bytes() if user_file.exists() else None) == before


# -- connection failures: one line, no traceback --------------------------------------------


def one_line_error(server: SSHServer, known_hosts: Path, **options: object) -> str:
    with pytest.raises(TransportError) as caught, transport(server, known_hosts, **options) as t:
        t.run("true")
    message = str(caught.value)
    assert "\n" not in message and message.startswith("server1: ")
    return message


def test_wrong_key_is_rejected(
    sshd: SSHServer, sshd_factory: SshdFactory, known_hosts: Path
) -> None:
    stranger = sshd_factory.make_key(f"stranger{time.monotonic_ns()}")
    message = one_line_error(sshd, known_hosts, key=stranger)
    assert "rejected" in message and str(stranger) in message


def test_missing_key_file(sshd: SSHServer, known_hosts: Path, tmp_path: Path) -> None:
    message = one_line_error(sshd, known_hosts, key=tmp_path / "no_such_key")
    assert f"SSH key file {tmp_path / 'no_such_key'} does not exist" in message


def test_unusable_key_file(sshd: SSHServer, known_hosts: Path, tmp_path: Path) -> None:
    garbage = tmp_path / "garbage_key"
    garbage.write_text("not a key\n")
    assert "not a usable private key" in one_line_error(sshd, known_hosts, key=garbage)


def test_closed_port_is_refused(sshd: SSHServer, known_hosts: Path) -> None:
    closed = SSHServer(LOOPBACK, free_port(), sshd.user, sshd.key_path, sshd.host_key_path, 0)
    message = one_line_error(closed, known_hosts)
    assert message == (
        f"server1: SSH to {LOOPBACK}:{closed.port} refused (is the VM running? try `labctl status`)"
    )


class FakeServer:
    """A TCP listener on 127.0.0.1 that is not an SSH server (a VM whose sshd is not up yet)."""

    def __init__(self, reply: bytes | None) -> None:
        self.sock = socket.create_server((LOOPBACK, 0))
        self.port = int(self.sock.getsockname()[1])
        self.reply = reply
        self.stop = threading.Event()
        self.conns: list[socket.socket] = []
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self) -> None:
        self.sock.settimeout(0.1)
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            if self.reply is None:
                self.conns.append(conn)  # accept, then stay silent
            else:
                conn.sendall(self.reply)
                conn.close()

    def close(self) -> None:
        self.stop.set()
        self.thread.join()
        for conn in self.conns:
            conn.close()
        self.sock.close()


@pytest.mark.parametrize("reply", [b"HTTP/1.1 400 Bad Request\r\n\r\n", None])
def test_not_an_ssh_server(
    reply: bytes | None, sshd: SSHServer, known_hosts: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    fake = FakeServer(reply)
    try:
        server = SSHServer(LOOPBACK, fake.port, sshd.user, sshd.key_path, sshd.host_key_path, 0)
        start = time.monotonic()
        message = one_line_error(server, known_hosts, connect_timeout=0.5)
        elapsed = time.monotonic() - start
    finally:
        fake.close()
    assert "no SSH server answered" in message and "the VM may still be booting" in message
    assert elapsed < 3
    # paramiko's transport thread logs a traceback; it must not reach the user's terminal
    assert "Traceback" not in capfd.readouterr().err


def test_retries_until_waits_for_a_late_server(
    sshd_factory: SshdFactory, sshd: SSHServer, known_hosts: Path
) -> None:
    port = free_port()
    started: list[SSHServer] = []
    timer = threading.Timer(1.0, lambda: started.append(sshd_factory.start(port=port)))
    late = SSHServer(LOOPBACK, port, sshd.user, sshd.key_path, sshd.host_key_path, 0)
    start = time.monotonic()
    timer.start()
    try:
        with transport(late, known_hosts, retries_until=15) as t:
            assert t.run("echo up").stdout == "up\n"
        elapsed = time.monotonic() - start
    finally:
        timer.join()
        for server in started:
            sshd_factory.stop(server)
    assert 1.0 <= elapsed < 10


def test_retries_give_up_with_the_last_error(sshd: SSHServer, known_hosts: Path) -> None:
    closed = SSHServer(LOOPBACK, free_port(), sshd.user, sshd.key_path, sshd.host_key_path, 0)
    start = time.monotonic()
    message = one_line_error(closed, known_hosts, retries_until=1)
    assert 0.8 <= time.monotonic() - start < 4
    assert "refused" in message and "kept trying for 1 s" in message


# -- vagrant ssh-config ---------------------------------------------------------------------

VAGRANT_SSH_CONFIG = """\
Host {machine}
  HostName 127.0.0.1
  User {user}
  Port {port}
  UserKnownHostsFile /dev/null
  StrictHostKeyChecking no
  PasswordAuthentication no
  IdentityFile "{missing}"
  IdentityFile "{key}"
  IdentitiesOnly yes
  LogLevel FATAL
  PubkeyAcceptedKeyTypes +ssh-rsa
  HostKeyAlgorithms +ssh-rsa

"""


def test_from_vagrant_ssh_config(sshd: SSHServer, known_hosts: Path, tmp_path: Path) -> None:
    # Vagrant quotes IdentityFile paths; a project directory with a space exercises that.
    machine_dir = tmp_path / "my lab" / ".vagrant" / "machines" / "server1" / "libvirt"
    machine_dir.mkdir(parents=True)
    key = machine_dir / "private_key"
    shutil.copy(sshd.key_path, key)
    missing = tmp_path / "my lab" / "insecure_private_key"
    text = VAGRANT_SSH_CONFIG.format(
        machine="server1", user=sshd.user, port=sshd.port, missing=missing, key=key
    )
    t = SSHTransport.from_ssh_config("server1", text, known_hosts, tmp_path / "server1.log")
    with t:
        assert (t.hostname, t.port, t.username) == (LOOPBACK, sshd.port, sshd.user)
        assert t.target.key_files == (str(missing), str(key))
        assert t.log_path == tmp_path / "server1.log"
        # the first key does not exist, the second one logs in
        assert t.run("echo $((6 * 7))").stdout == "42\n"
    # /dev/null from the ssh-config is ignored: the lab's own file records the key
    assert known_hosts.read_text().startswith(f"[{LOOPBACK}]:{sshd.port} ")


def test_ssh_config_with_several_machines() -> None:
    text = "".join(
        VAGRANT_SSH_CONFIG.format(machine=m, user="vagrant", port=p, missing="/k0", key=f"/k{p}")
        for m, p in [("lb", 2200), ("server1", 2201), ("server2", 2202)]
    )
    known_hosts = Path("/nonexistent/known_hosts")
    assert SSHTransport.from_ssh_config("server2", text, known_hosts).port == 2202
    picked = SSHTransport.from_ssh_config("web", text, known_hosts, machine="server1")
    assert (picked.port, picked.username, picked.target.key_files) == (
        2201,
        "vagrant",
        ("/k0", "/k2201"),
    )
    with pytest.raises(TransportError, match="no single Host entry"):
        SSHTransport.from_ssh_config("web", text, known_hosts)
    with pytest.raises(TransportError, match="no 'Host db'"):
        SSHTransport.from_ssh_config("web", text, known_hosts, machine="db")


def test_ssh_config_defaults_port_22_and_requires_a_key() -> None:
    known_hosts = Path("/nonexistent/known_hosts")
    text = "Host default\n  HostName 10.0.0.5\n  User vagrant\n  IdentityFile ~/.ssh/key\n"
    parsed = SSHTransport.from_ssh_config("lb", text, known_hosts)
    assert (parsed.hostname, parsed.port) == ("10.0.0.5", 22)
    assert parsed.target.key_files == (str(Path("~/.ssh/key").expanduser()),)
    with pytest.raises(TransportError, match="lacks User or IdentityFile"):
        SSHTransport.from_ssh_config("lb", "Host default\n  HostName 10.0.0.5\n", known_hosts)


# -- packaging ------------------------------------------------------------------------------


def test_importing_labctl_ssh_does_not_import_paramiko() -> None:
    code = "import sys, labctl.transports.ssh; print('paramiko' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr
