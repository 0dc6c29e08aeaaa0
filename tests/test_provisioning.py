"""labctl.provisioning: the real Debian-family scripts, run over real SSH, on throwaway "hosts".

What is real: the SSH connection (tests/sshd.py's OpenSSH server on 127.0.0.1, logged in as a
throwaway non-root user with passwordless sudo, like Vagrant's ``vagrant`` user), sudo, the
upload (SFTP), provision/server.sh and loadbalancer.sh, and everything they call - dpkg-query,
a2query, a2enmod, a2enconf, htpasswd, apache2ctl and the Apache 2.4 installed on this machine,
which is started and then answers real HTTP through the balancer.

Why namespaces: running the scripts on this machine's own /etc would rewrite the CI machine's
Apache configuration, and three hosts need three different ones. Each lab host is therefore a
private mount namespace (``unshare --mount``) with overlays on /etc/apache2, /var/www,
/var/lib/apache2, /var/log/apache2 and /var/cache/apache2 (the lower layer is the real,
untouched Debian install; writes land in a temp dir) and tmpfs on /run. The three hosts share
one private network namespace (``unshare --net``) with only a loopback interface, so Apache can
bind port 80 there without meeting any Apache of this machine, and no packet can leave it. The
only setup done behind the scripts' back is the line "Listen 80" -> "Listen <host address>:80"
in each host's ports.conf, standing in for each VM having its own address. Commands reach a
host through the SSH session as ``nsenter -t HOLDER -m -n -- sh -c COMMAND`` (the
``NamespacedTransport`` below; without sudo it drops back to the login user with nsenter's
--setuid/--setgid); files are uploaded over SFTP into the host's private /tmp, which is a
bind mount of a temp dir. When a test ends, Apache is stopped in each namespace, any process
still in one is killed, the namespaces vanish with their last process and the temp dirs are
removed; the tests assert that no process (apache2 or other) is left in any of them.

This machine has no systemd, so the scripts take their no-systemd path (apache2ctl start /
restart instead of systemctl); the systemd path is covered with stand-ins in
test_provision_scripts.py.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from labctl.errors import LabctlError, ProvisionError
from labctl.lab import Lab, default_lab
from labctl.provisioning import (
    STAGING_DIR,
    HostReport,
    detect_family,
    host_paths,
    parse_os_release,
    provision,
    service_command,
)
from labctl.transports import CommandResult, LineSink
from labctl.transports.ssh import SSHTransport

from sshd import SSHServer

PASSWORD = "kata sandi rahasia"
LOOPBACK_SUBNET = "127.0.43.0/24"
OVERLAID = (
    "/etc/apache2",
    "/var/www",
    "/var/lib/apache2",
    "/var/log/apache2",
    "/var/cache/apache2",
)

HOST_SETUP = r"""
set -eu
base=$1 address=$2
for dir in {overlaid}; do
    name=$(echo "$dir" | tr / _)
    mkdir -p "$base/upper/$name" "$base/work/$name"
    mount -t overlay overlay \
        -o "lowerdir=$dir,upperdir=$base/upper/$name,workdir=$base/work/$name" "$dir"
done
mount -t tmpfs -o mode=0755 tmpfs /run
mkdir -m 1777 /run/lock  # as on a booted system (/var/lock points here)
mkdir -p -m 1777 "$base/tmp"
mount --bind "$base/tmp" /tmp
sed -i "s/^Listen 80$/Listen $address:80/" /etc/apache2/ports.conf
echo ready
exec sleep infinity
""".replace("{overlaid}", " ".join(OVERLAID))


def _ns_id(pid: int, kind: str) -> str:
    return os.readlink(f"/proc/{pid}/ns/{kind}")


def _pids_in_ns(ns: str, kind: str = "mnt") -> list[int]:
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if os.readlink(f"/proc/{entry}/ns/{kind}") == ns:
                    pids.append(int(entry))
            except OSError:
                continue
    return pids


def _comm(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return "?"


@dataclass
class NamespacedHost:
    name: str
    address: str
    base: Path  # upper dirs, private /tmp
    holder: subprocess.Popen[str]  # `sleep infinity` holding the mount namespace
    mnt_ns: str

    def exec(self, command: str, *, check: bool = True) -> subprocess.CompletedProcess[str]:
        """A command inside this host, straight from the test (setup and inspection)."""
        argv = ["nsenter", "-t", str(self.holder.pid), "-m", "-n", "--", "sh", "-c", command]
        return subprocess.run(argv, capture_output=True, text=True, timeout=60, check=check)

    def host_path(self, path: str) -> str:
        """Where a path of this host's private /tmp is on this machine."""
        if not path.startswith("/tmp/"):
            raise AssertionError(f"only /tmp is shared with the test's SFTP uploads, not {path}")
        return str(self.base / "tmp" / path.removeprefix("/tmp/"))


class NamespacedTransport:
    """An SSHTransport whose commands and files land in one NamespacedHost."""

    def __init__(self, inner: SSHTransport, host: NamespacedHost, login: str) -> None:
        self.inner = inner
        self.ns = host
        self.host = host.name
        entry = pwd.getpwnam(login)
        self._drop = f"-S {entry.pw_uid} -G {entry.pw_gid}"

    def run(
        self,
        command: str,
        *,
        sudo: bool = False,
        timeout: float | None = 60.0,
        stdin: str | None = None,
        on_line: LineSink | None = None,
    ) -> CommandResult:
        # nsenter needs root; without sudo the command itself runs as the login user again.
        user = "" if sudo else f"{self._drop} "
        wrapped = f"nsenter -t {self.ns.holder.pid} -m -n {user}-- sh -c {shlex.quote(command)}"
        result = self.inner.run(wrapped, sudo=True, timeout=timeout, stdin=stdin, on_line=on_line)
        return CommandResult(command, result.exit_status, result.stdout, result.stderr)

    def close(self) -> None:
        self.inner.close()


class Network:
    """Three throwaway hosts in one private network namespace (see the module docstring)."""

    def __init__(self, lab: Lab) -> None:
        self.lab = lab
        self.base = Path(tempfile.mkdtemp(prefix="labctl-provision-test-"))
        self.net = subprocess.Popen(["unshare", "--net", "sleep", "infinity"], text=True)
        self.hosts: dict[str, NamespacedHost] = {}
        try:
            self._wait_for_ns(self.net.pid, "net")
            subprocess.run(
                ["nsenter", "-t", str(self.net.pid), "-n", "ip", "link", "set", "lo", "up"],
                check=True,
            )
            for host in lab.hosts:
                self.hosts[host.name] = self._start_host(host.name, host.address)
        except BaseException:
            self.close()
            raise

    def _wait_for_ns(self, pid: int, kind: str) -> None:
        mine = _ns_id(os.getpid(), kind)
        deadline = time.monotonic() + 5
        while _ns_id(pid, kind) == mine:
            if time.monotonic() > deadline:
                raise AssertionError(f"unshare did not create a {kind} namespace")
            time.sleep(0.01)

    def _start_host(self, name: str, address: str) -> NamespacedHost:
        base = self.base / name
        base.mkdir()
        holder = subprocess.Popen(
            [
                "nsenter", f"--net=/proc/{self.net.pid}/ns/net",
                "unshare", "--mount", "--propagation", "private",
                "bash", "-c", HOST_SETUP, "setup", str(base), address,
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        assert holder.stdout is not None
        if holder.stdout.readline().strip() != "ready":
            holder.kill()
            _, err = holder.communicate()
            raise AssertionError(f"{name}: namespace setup failed: {err}")
        return NamespacedHost(name, address, base, holder, _ns_id(holder.pid, "mnt"))

    def http(self, url: str, *, auth: tuple[str, str] | None = None) -> tuple[int, str]:
        """GET ``url`` from inside the private network (status, body)."""
        code = (
            "import base64, sys, urllib.request, urllib.error\n"
            "req = urllib.request.Request(sys.argv[1])\n"
            "if len(sys.argv) > 2:\n"
            "    token = base64.b64encode(sys.argv[2].encode()).decode()\n"
            "    req.add_header('Authorization', 'Basic ' + token)\n"
            "try:\n"
            "    resp = urllib.request.urlopen(req, timeout=5)\n"
            "    print(resp.status); print(resp.read().decode())\n"
            "except urllib.error.HTTPError as exc:\n"
            "    print(exc.code); print(exc.read().decode(errors='replace'))\n"
        )
        argv = ["nsenter", "-t", str(self.net.pid), "-n", sys.executable, "-c", code, url]
        if auth is not None:
            argv.append(f"{auth[0]}:{auth[1]}")
        proc = subprocess.run(argv, capture_output=True, text=True, timeout=30, check=True)
        status, _, body = proc.stdout.partition("\n")
        return int(status), body

    def leftovers(self) -> list[str]:
        """Processes still inside any of the lab's namespaces, holders excepted."""
        holders = {h.holder.pid for h in self.hosts.values()} | {self.net.pid}
        found = []
        for host in self.hosts.values():
            found += [f"{p} {_comm(p)}" for p in _pids_in_ns(host.mnt_ns) if p not in holders]
        return found

    def close(self) -> None:
        for host in self.hosts.values():
            if host.holder.poll() is None:
                # Apache's own stop first (children get to exit), then whatever is left.
                host.exec("apache2ctl stop", check=False)
                deadline = time.monotonic() + 10
                while time.monotonic() < deadline and any(
                    p != host.holder.pid for p in _pids_in_ns(host.mnt_ns)
                ):
                    time.sleep(0.05)
                for pid in _pids_in_ns(host.mnt_ns):
                    if pid != host.holder.pid:
                        with contextlib.suppress(ProcessLookupError):
                            os.kill(pid, signal.SIGKILL)
                host.holder.kill()
            host.holder.wait()
            for stream in (host.holder.stdout, host.holder.stderr):
                if stream is not None:
                    stream.close()
        if self.net.poll() is None:
            self.net.kill()
        self.net.wait()
        shutil.rmtree(self.base, ignore_errors=True)


@pytest.fixture
def lab() -> Lab:
    # The tutorial's octets (.71, .92, .65) on loopback: the balancer's members are reachable
    # inside the private network only - nothing is ever sent to 192.168.x.x.
    return default_lab().with_subnet(LOOPBACK_SUBNET)


@pytest.fixture
def network(lab: Lab) -> Iterator[Network]:
    if os.geteuid() != 0:
        pytest.fail("these tests need root (namespaces, mounts); CI runs them as root")
    if shutil.which("apache2") is None and not Path("/usr/sbin/apache2").exists():
        pytest.fail("Apache is not installed: apt-get install apache2 apache2-utils")
    net = Network(lab)
    mnt_namespaces = [h.mnt_ns for h in net.hosts.values()]
    try:
        yield net
    finally:
        net.close()
    # Nothing left behind: no process in the namespaces (so no apache2), no temp dir.
    for ns in mnt_namespaces:
        assert _pids_in_ns(ns) == [], f"processes left in {ns}"
    assert not net.base.exists()


@pytest.fixture
def transports(
    network: Network, sshd_sudo_user: SSHServer, tmp_path: Path
) -> Iterator[dict[str, NamespacedTransport]]:
    made = {}
    for name, host in network.hosts.items():
        inner = SSHTransport(
            name,
            sshd_sudo_user.hostname,
            sshd_sudo_user.port,
            sshd_sudo_user.user,
            str(sshd_sudo_user.key_path),
            tmp_path / "known_hosts",
            log_path=tmp_path / "ssh" / f"{name}.log",
        )
        made[name] = NamespacedTransport(inner, host, sshd_sudo_user.user)
    try:
        yield made
    finally:
        for t in made.values():
            t.close()


def _by_host(run: list[HostReport], name: str) -> HostReport:
    return next(r for r in run if r.host == name)


def test_full_lab_over_ssh_then_second_run_changes_nothing(
    lab: Lab, network: Network, transports: dict[str, NamespacedTransport], tmp_path: Path
) -> None:
    lines: list[str] = []
    first = provision(
        lab, transports, stage="full", password=PASSWORD, say=lines.append, log_dir=tmp_path
    )
    print("\n".join(lines))  # shown with -s, and by pytest when the test fails
    assert [r.host for r in first] == ["loadbalancer", "server1", "server2"]
    for report in first:
        assert report.family == "debian"
        assert all(step.ok for step in report.steps), report
    lb = _by_host(first, "loadbalancer")
    assert [s.name for s in lb.steps] == [
        "install-packages",
        "start-apache",
        "open-firewall",
        "proxy-modules",
        "balancer-conf",
        "htpasswd",
        "restart-apache",
    ]
    assert lb.changed > 0
    assert any(
        line.startswith("server1: Write /var/www/html/index.html ... changed") for line in lines
    )
    assert any(
        line.startswith(
            "loadbalancer: Check the configuration and restart apache2 ... changed"
            " (restarted apache2) ["
        )
        for line in lines
    )
    assert lines[-1].startswith("provisioned 3 host(s) to stage full in ")
    assert first.wall_seconds < first.host_seconds  # the hosts ran side by side
    assert (tmp_path / "loadbalancer-provision.log").read_text().count("::step ") == 7

    # The password went over stdin only: not in any command labctl ran (SSH logs every one).
    for log in (tmp_path / "ssh").iterdir():
        assert PASSWORD not in log.read_text()

    # The tutorial's result, for real: strict alternation, and a locked balancer-manager.
    pages = [network.http("http://127.0.43.71/")[1] for _ in range(4)]
    servers = [
        "Server 1" if "Server 1" in p else "Server 2" if "Server 2" in p else p for p in pages
    ]
    assert servers in (["Server 1", "Server 2"] * 2, ["Server 2", "Server 1"] * 2), pages
    assert network.http("http://127.0.43.71/balancer-manager")[0] == 401
    assert network.http("http://127.0.43.71/balancer-manager", auth=("admin", "wrong"))[0] == 401
    status, body = network.http("http://127.0.43.71/balancer-manager", auth=("admin", PASSWORD))
    assert status == 200 and "balancer://mycluster" in body
    htpasswd = network.hosts["loadbalancer"].exec("stat -c '%a %G' /etc/apache2/htpasswd")
    assert htpasswd.stdout.strip() == "640 www-data"

    lines.clear()
    second = provision(lab, transports, stage="full", password=PASSWORD, say=lines.append)
    assert [r.changed for r in second] == [0, 0, 0]
    assert all(not step.changed for r in second for step in r.steps)
    assert lines[-1].endswith(": nothing to change")
    print(
        f"\nfirst run: {first.wall_seconds:.2f} s wall, {first.host_seconds:.2f} s summed over"
        f" hosts, {first.changed} changes; second run: {second.wall_seconds:.2f} s wall,"
        f" {second.host_seconds:.2f} s summed, {second.changed} changes"
    )


def test_base_stage_leaves_the_balancer_to_the_student(
    lab: Lab, network: Network, transports: dict[str, NamespacedTransport]
) -> None:
    lines: list[str] = []
    run = provision(
        lab,
        transports,
        stage="base",
        password=PASSWORD,
        say=lines.append,
        hosts=["loadbalancer"],
    )
    assert [r.host for r in run] == ["loadbalancer"]
    lb = network.hosts["loadbalancer"]

    def succeeds(command: str) -> bool:
        return lb.exec(command, check=False).returncode == 0

    assert succeeds("a2query -q -m proxy_balancer && a2query -q -m lbmethod_byrequests")
    assert not succeeds("test -e /etc/apache2/conf-available/lbsisjarkom.conf")
    assert not succeeds("test -e /etc/apache2/htpasswd")
    status, body = network.http("http://127.0.43.71/")
    assert status == 200 and "Apache2 Debian Default Page" in body  # a plain Apache


def test_failing_step_names_host_and_step(
    lab: Lab, network: Network, transports: dict[str, NamespacedTransport], tmp_path: Path
) -> None:
    # A student's broken file: Apache's configuration no longer loads.
    network.hosts["loadbalancer"].exec(
        "echo 'Nonsense here' > /etc/apache2/conf-enabled/zz-student.conf"
    )
    with pytest.raises(ProvisionError) as caught:
        provision(
            lab,
            transports,
            stage="full",
            password=PASSWORD,
            say=lambda line: None,
            hosts=["loadbalancer", "server1"],
            log_dir=tmp_path,
        )
    error = caught.value
    assert error.log_path == tmp_path / "loadbalancer-provision.log"
    assert "::fail start-apache" in error.log_path.read_text()
    assert error.host == "loadbalancer"
    assert str(error).startswith("loadbalancer: step 'start-apache' failed:")
    assert "\n" not in str(error)
    assert any("Invalid command 'Nonsense'" in line for line in error.output_tail)
    # the other host finished; the failed one is left as it is, for inspection
    assert network.hosts["server1"].exec("cat /var/www/html/index.html").stdout.count("Server 1")
    assert network.hosts["loadbalancer"].exec(f"test -d {STAGING_DIR}", check=False).returncode == 0


def test_detect_family_and_paths_over_ssh(
    network: Network, transports: dict[str, NamespacedTransport]
) -> None:
    family = detect_family(transports["server1"])
    assert family == "debian"
    paths = host_paths(family)
    assert paths.htpasswd == "/etc/apache2/htpasswd"
    assert paths.conf_d == "/etc/apache2/conf-available"
    assert paths.error_log == "/var/log/apache2/error.log"
    assert host_paths("centos7").conf_d == "/etc/httpd/conf.d"
    assert host_paths("el").htpasswd == "/etc/httpd/htpasswd"
    assert service_command("centos7", "restart") == "systemctl restart httpd"
    assert service_command("debian", "stop") == "systemctl stop apache2"
    assert service_command("debian", "configtest") == "apache2ctl configtest"
    with pytest.raises(LabctlError):
        host_paths("gentoo")


def test_parse_os_release_quoting() -> None:
    fields = parse_os_release("# comment\nNAME=\"Rocky Linux\"\nID=rocky\nVERSION_ID='9.4'\n\n")
    assert fields == {"NAME": "Rocky Linux", "ID": "rocky", "VERSION_ID": "9.4"}
