"""The VMs' fault means (labctl/providers/vagrant_faults.py) run for real where it is safe: the
firewall scripts in a network namespace of their own (root only), with the tools this machine
has, and with none of them (the blackhole route of a minimal Debian). Packets are sent to
prove the drop: loopback, inside that namespace only."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from labctl.errors import FaultError
from labctl.lab import Host
from labctl.providers.vagrant_faults import VagrantFaultMeans
from labctl.transports.base import CommandResult

pytestmark = pytest.mark.skipif(
    os.geteuid() != 0 or not shutil.which("unshare") or not shutil.which("nsenter"),
    reason="needs root, unshare and nsenter for a network namespace",
)
NSENTER = shutil.which("nsenter") or "nsenter"
SERVER = Host("server2", "server", "127.0.0.65", 2)
SOURCE = "127.0.0.1"  # the "balancer": what loopback connections come from


class NamespaceTransport:
    """Commands inside the network namespace of ``pid``, with ``path`` as PATH."""

    host = "server2"

    def __init__(self, pid: int, path: str) -> None:
        self.pid, self.path = pid, path

    def run(self, command: str, *, sudo: bool = False, timeout: float | None = 60.0,
            stdin: str | None = None, on_line: object = None) -> CommandResult:  # fmt: skip
        done = subprocess.run(
            [NSENTER, "-t", str(self.pid), "-n", "sh", "-c", command],
            input=stdin, capture_output=True, text=True, timeout=timeout, check=False,
            env={"PATH": self.path},
        )  # fmt: skip
        return CommandResult(command, done.returncode, done.stdout, done.stderr)

    def close(self) -> None:
        return None


@pytest.fixture
def namespace() -> Iterator[int]:
    holder = subprocess.Popen(["unshare", "-n", "sleep", "120"])
    ours = os.readlink("/proc/self/ns/net")
    try:
        deadline = time.monotonic() + 10
        while os.readlink(f"/proc/{holder.pid}/ns/net") == ours:  # unshare not done yet
            assert time.monotonic() < deadline
            time.sleep(0.005)
        subprocess.run(["nsenter", "-t", str(holder.pid), "-n", "ip", "link", "set", "lo", "up"],
                       check=True, timeout=10)  # fmt: skip
        yield holder.pid
    finally:
        holder.kill()
        holder.wait()


def connects(pid: int) -> bool:
    """A TCP connection from 127.0.0.1 to a listener on 127.0.0.1, inside the namespace."""
    script = (
        "import socket\n"
        "s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen()\n"
        "c = socket.socket(); c.settimeout(0.5)\n"
        "try:\n    c.connect(s.getsockname()); print('yes')\n"
        "except OSError:\n    print('no')\n"
    )
    out = subprocess.run(["nsenter", "-t", str(pid), "-n", sys.executable, "-c", script],
                         capture_output=True, text=True, timeout=10, check=True)  # fmt: skip
    return out.stdout.strip() == "yes"


def means(pid: int, path: str) -> VagrantFaultMeans:
    transport = NamespaceTransport(pid, path)
    return VagrantFaultMeans(lambda host: transport, lambda host: "debian")


@pytest.mark.skipif(not shutil.which("iptables"), reason="no iptables here")
def test_drop_with_iptables_drops_then_accepts_again(namespace: int) -> None:
    vm = means(namespace, os.environ.get("PATH", "/usr/sbin:/usr/bin:/sbin:/bin"))
    assert connects(namespace)
    vm.drop(SERVER, SOURCE, True)
    assert not connects(namespace)
    vm.drop(SERVER, SOURCE, False)
    assert connects(namespace)
    vm.drop(SERVER, SOURCE, False)  # clearing twice is harmless


def test_drop_without_a_firewall_tool_uses_a_blackhole_route(
    namespace: int, tmp_path: Path
) -> None:
    bare = tmp_path / "bin"
    bare.mkdir()
    for tool in ("sh", "ip", "grep"):
        found = shutil.which(tool)
        assert found is not None
        (bare / tool).symlink_to(found)
    vm = means(namespace, str(bare))

    def blackholes() -> str:
        return vm.transport(SERVER).run("ip route show type blackhole").stdout

    vm.drop(SERVER, "192.0.2.71", True)
    assert "192.0.2.71" in blackholes()
    vm.drop(SERVER, "192.0.2.71", False)
    assert "192.0.2.71" not in blackholes()


def test_drop_with_no_tool_at_all_is_one_line(namespace: int, tmp_path: Path) -> None:
    bare = tmp_path / "bin"
    bare.mkdir()
    (bare / "sh").symlink_to(shutil.which("sh") or "/bin/sh")
    with pytest.raises(FaultError, match="no firewall tool on this host"):
        means(namespace, str(bare)).drop(SERVER, SOURCE, True)


@pytest.mark.parametrize(
    ("family", "snippet", "module"),
    [
        ("debian", "/etc/apache2/conf-enabled/", "/usr/lib/apache2/modules/mod_ext_filter.so"),
        ("centos7", "/etc/httpd/conf.d/", "modules/mod_ext_filter.so"),
    ],
)
def test_debian_and_centos_places(family: str, snippet: str, module: str) -> None:
    vm = VagrantFaultMeans(lambda host: NamespaceTransport(0, ""), lambda host: family)
    assert vm.snippet(SERVER) == snippet + "zz-labctl-fault.conf"
    assert vm.module(SERVER, "ext_filter") == module
