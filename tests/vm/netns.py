"""A private network + mount namespace with its own libvirtd, for real-VM tests.

    from tests.vm.netns import vm_namespace

    with vm_namespace() as ns:
        ns.run(["virsh", "list", "--all"])                 # runs inside the namespace
        ns.run(["vagrant", "up", "--provider", "libvirt"], cwd=tmp, env=ns.env(VAGRANT_HOME=...))

Isolation (why both a network and a mount namespace):

* Network: ``ip netns add labctl-vm-<pid>-<rand>`` with only ``lo`` up, no veth, no uplink. The
  libvirt bridges (vagrant-libvirt's 192.168.121.0/24 management network and the lab's
  192.168.43.0/24), their dnsmasq, the iptables NAT rules and ip_forward all live in that netns,
  so the tutorial's addresses exist only there and nothing can leave the machine.
* Mount: libvirtd's paths are compiled in (/etc/libvirt, /run/libvirt/libvirt-sock,
  /var/lib/libvirt, ...). A holder process, ``ip netns exec NS sleep infinity``, owns a mount
  namespace (``ip netns exec`` makes it a *slave* of the host's and remounts /sys for the netns)
  in which we mount a tmpfs over /run and bind private per-run directories over /etc/libvirt,
  /var/lib/libvirt, /var/cache/libvirt, /var/log/libvirt, plus copies of /etc/passwd and
  /etc/group that add the ``libvirt-qemu`` / ``libvirt-dnsmasq`` accounts Debian's libvirtd
  insists on. So the daemons get their own sockets, pid files, config (qemu.conf with user/group
  root), state, storage pool and logs; the host's /etc/libvirt/qemu.conf is never edited, no
  account is added to the host, and a host libvirtd, if any, is neither seen nor disturbed.
  Nothing propagates back to the host (slave mounts); the mount namespace disappears with its
  last process. Host-side traces: empty mount points /var/lib/libvirt, /var/cache/libvirt,
  /var/log/libvirt (created if missing, left behind) and the per-run state directory
  $LABCTL_VM_RUNS/<ns> (default /var/tmp/labctl-vm-runs/<ns>, removed on exit).
* Everything else runs via ``nsenter --target <holder> --mount --net``; ``run()`` does that.

Exit (normal or exception): destroy + undefine every domain, delete every volume, destroy +
undefine every pool and network, stop libvirtd and virtlogd by PID, kill whatever else is still in
the netns (qemu, dnsmasq, vagrant/ssh leftovers, the holder), ``ip netns del``, remove the state
directory. Namespaces left by a process that died (SIGKILL) are reaped by the next
``vm_namespace()`` (``cleanup_stale()``).

TCG translation-block cache: vagrant-libvirt 0.11.2 cannot emit libvirt's
``<features><tcg><tb-cache/>``, and ``qemuargs`` cannot override it (libvirt passes ``-accel tcg``
first and QEMU uses the first accelerator that works). With ``tb_cache_mib=N``, libvirtd runs with
a wrapper directory first in its PATH: its ``qemu-system-x86_64`` turns ``-accel tcg`` into
``-accel tcg,tb-size=N`` and execs /usr/bin/qemu-system-x86_64 (domains get that wrapper as
their <emulator>).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

PREFIX = "labctl-vm-"
STATE_ROOT = Path(os.environ.get("LABCTL_VM_RUNS", "/var/tmp/labctl-vm-runs"))
QEMU = "/usr/bin/qemu-system-x86_64"

LIBVIRTD_CONF = """\
# labctl tests/vm: private libvirtd, reachable only inside its mount namespace.
unix_sock_group = "root"
unix_sock_ro_perms = "0770"
unix_sock_rw_perms = "0770"
auth_unix_ro = "none"
auth_unix_rw = "none"
log_outputs = "3:file:/var/log/libvirt/libvirtd.log"
"""

QEMU_CONF = """\
# labctl tests/vm: QEMU as root (else libvirtd re-probes QEMU forever here and vagrant up hangs),
# no cgroups / private /dev per domain / security driver: all moot in a throwaway namespace.
user = "root"
group = "root"
dynamic_ownership = 1
remember_owner = 0
security_driver = "none"
cgroup_controllers = [ ]
namespaces = [ ]
stdio_handler = "logd"
"""

VIRTLOGD_CONF = """\
log_outputs = "3:file:/var/log/libvirt/virtlogd.log"
"""

QEMU_WRAPPER = """\
#!/bin/sh
# labctl tests/vm: first qemu-system-x86_64 in the PATH of the namespace's libvirtd only.
# Sets TCG's translation-block cache: -accel tcg -> -accel tcg,tb-size={mib}
prev=
for arg do
    shift
    if [ "$prev" = "-accel" ] && [ "$arg" = "tcg" ]; then
        arg="tcg,tb-size={mib}"
    fi
    set -- "$@" "$arg"
    prev=$arg
done
exec {real} "$@"
"""


class NamespaceError(RuntimeError):
    pass


def _sh(argv: Sequence[str], *, check: bool = True, timeout: float = 60) -> str:
    proc = subprocess.run(
        list(argv), capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL
    )
    if check and proc.returncode != 0:
        raise NamespaceError(f"{' '.join(argv)} -> {proc.returncode}: {proc.stderr.strip()}")
    return proc.stdout


def _pid_alive(pid: int) -> bool:
    """True if ``pid`` exists and is not a zombie."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] not in ("Z", "X")


def _netns_pids(name: str) -> list[int]:
    out = _sh(["ip", "netns", "pids", name], check=False)
    return [int(p) for p in out.split() if p.isdigit()]


def _kill_pids(pids: Sequence[int], grace: float = 10.0) -> None:
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline and any(_pid_alive(p) for p in pids):
        time.sleep(0.2)
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def _reap_netns(name: str) -> None:
    """Kill everything in netns ``name`` and delete it (the mount namespace goes with it)."""
    for _ in range(3):
        pids = [p for p in _netns_pids(name) if p != os.getpid()]
        if not pids:
            break
        _kill_pids(pids)
        time.sleep(0.3)
    _sh(["ip", "netns", "del", name], check=False)
    shutil.rmtree(STATE_ROOT / name, ignore_errors=True)


def cleanup_stale() -> list[str]:
    """Remove namespaces (and state dirs) of earlier runs whose creating process is gone."""
    reaped = []
    names = {line.split()[0] for line in _sh(["ip", "netns", "list"], check=False).splitlines()}
    if STATE_ROOT.is_dir():
        names |= {p.name for p in STATE_ROOT.iterdir()}
    for name in sorted(names):
        if not name.startswith(PREFIX):
            continue
        try:
            owner = int(name[len(PREFIX) :].split("-")[0])
        except ValueError:
            continue
        if owner != os.getpid() and not _pid_alive(owner):
            _reap_netns(name)
            reaped.append(name)
    return reaped


@dataclass
class VmNamespace:
    name: str
    state_dir: Path
    holder: subprocess.Popen[bytes] | None = None
    daemons: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    base_env: dict[str, str] = field(default_factory=dict)

    # -- running things inside --------------------------------------------------------------------

    @property
    def holder_pid(self) -> int:
        assert self.holder is not None
        return self.holder.pid

    def prefix(self, cwd: str | os.PathLike[str] | None = None) -> list[str]:
        """argv prefix that runs a command inside the namespace (network + mount)."""
        wd = os.fspath(cwd) if cwd is not None else os.getcwd()
        return ["nsenter", f"--target={self.holder_pid}", "--mount", "--net", f"--wd={wd}", "--"]

    def env(self, **extra: str) -> dict[str, str]:
        """Environment for commands inside: os.environ + libvirt/vagrant settings + ``extra``."""
        env = dict(os.environ)
        env.update(self.base_env)
        env.update(extra)
        return env

    def popen(
        self,
        argv: Sequence[str],
        *,
        env: Mapping[str, str] | None = None,
        cwd: str | os.PathLike[str] | None = None,
        **kwargs,
    ) -> subprocess.Popen:
        return subprocess.Popen(
            [*self.prefix(cwd), *argv],
            env=dict(env) if env is not None else self.env(),
            cwd=cwd,
            start_new_session=True,
            **kwargs,
        )

    def run(
        self,
        argv: Sequence[str],
        *,
        env: Mapping[str, str] | None = None,
        timeout: float | None = 300,
        cwd: str | os.PathLike[str] | None = None,
        check: bool = True,
        input: str | None = None,
        capture: bool = True,
    ) -> subprocess.CompletedProcess[str]:
        """Run ``argv`` inside the namespace; on timeout kill its whole process group.

        ``env`` defaults to ``self.env()``. Raises CalledProcessError if ``check`` and it fails.
        """
        out = subprocess.PIPE if capture else None
        proc = self.popen(
            argv,
            env=env,
            cwd=cwd,
            stdin=subprocess.PIPE if input is not None else subprocess.DEVNULL,
            stdout=out,
            stderr=out,
            text=True,
        )
        try:
            stdout, stderr = proc.communicate(input, timeout=timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            stdout, stderr = proc.communicate()
            raise subprocess.TimeoutExpired(argv, timeout, stdout, stderr) from None
        result = subprocess.CompletedProcess(list(argv), proc.returncode, stdout, stderr)
        if check and proc.returncode != 0:
            raise subprocess.CalledProcessError(proc.returncode, argv, stdout, stderr)
        return result

    def virsh(self, *args: str, check: bool = True, timeout: float = 60) -> str:
        return self.run(["virsh", "-q", *args], check=check, timeout=timeout).stdout

    def write_wrapper(self, tool: str) -> Path:
        """A script ``<state>/bin/<tool>`` that runs ``tool`` inside the namespace.

        For code that insists on an executable path, e.g. python-vagrant::

            v = vagrant.Vagrant(root, env=ns.env(VAGRANT_HOME=...))
            v._vagrant_exe = str(ns.write_wrapper("vagrant"))
        """
        real = shutil.which(tool) or tool
        path = self.state_dir / "bin" / tool
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            "#!/bin/sh\n"
            f'exec nsenter --target={self.holder_pid} --mount --net --wd="$PWD" -- {real} "$@"\n'
        )
        path.chmod(0o755)
        return path

    # -- observation ------------------------------------------------------------------------------

    def qemu_processes(self) -> list[dict[str, object]]:
        """QEMU processes in this namespace: pid, guest name, RSS and peak RSS (kB)."""
        procs = []
        for pid in _netns_pids(self.name):
            try:
                comm = Path(f"/proc/{pid}/comm").read_text().strip()
                if not comm.startswith("qemu-system"):
                    continue
                status = Path(f"/proc/{pid}/status").read_text()
                cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
            guest = ""
            for i, arg in enumerate(cmdline[:-1]):
                if arg == b"-name":
                    guest = cmdline[i + 1].decode().split(",")[0].removeprefix("guest=")
            procs.append(
                {
                    "pid": pid,
                    "guest": guest,
                    "rss_kb": int(fields["VmRSS"].split()[0]),
                    "hwm_kb": int(fields["VmHWM"].split()[0]),
                }
            )
        return procs

    def log_tail(self, name: str = "libvirtd.log", lines: int = 40) -> str:
        path = self.state_dir / "log" / name
        try:
            return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    # -- teardown ---------------------------------------------------------------------------------

    def purge_libvirt(self) -> None:
        """Destroy/undefine every domain, volume, pool and network libvirtd knows."""
        v = self.run(["virsh", "-q", "list", "--all", "--name"], check=False, timeout=60)
        for dom in v.stdout.split():
            self.virsh("destroy", dom, check=False)
            self.virsh("undefine", dom, "--managed-save", "--snapshots-metadata", check=False)
        for net in self.virsh("net-list", "--all", "--name", check=False).split():
            self.virsh("net-destroy", net, check=False)
            self.virsh("net-undefine", net, check=False)
        for pool in self.virsh("pool-list", "--all", "--name", check=False).split():
            self.virsh("pool-start", pool, check=False)
            for line in self.virsh("vol-list", pool, check=False).splitlines():
                if line.split():
                    self.virsh("vol-delete", line.split()[0], "--pool", pool, check=False)
            self.virsh("pool-destroy", pool, check=False)
            self.virsh("pool-undefine", pool, check=False)


def _write_private_accounts(directory: Path) -> None:
    """Copies of /etc/passwd and /etc/group with the accounts libvirt's Debian build expects.

    libvirtd resolves its compiled-in QEMU user ``libvirt-qemu`` (and the dnsmasq one) before it
    reads qemu.conf's ``user = "root"``; libvirt-daemon-system's postinst would create them on the
    host. We add them only in the namespace's view instead (bound over /etc/passwd, /etc/group).
    """
    directory.mkdir(parents=True, exist_ok=True)
    passwd = Path("/etc/passwd").read_text()
    group = Path("/etc/group").read_text()
    used_uids = {int(line.split(":")[2]) for line in passwd.splitlines() if line.count(":") >= 6}
    used_gids = {int(line.split(":")[2]) for line in group.splitlines() if line.count(":") >= 3}
    for account in ("libvirt-qemu", "libvirt-dnsmasq"):
        uid = next(i for i in range(64055, 65000) if i not in used_uids and i not in used_gids)
        if not any(line.startswith(account + ":") for line in group.splitlines()):
            group += f"{account}:x:{uid}:\n"
            used_gids.add(uid)
        if not any(line.startswith(account + ":") for line in passwd.splitlines()):
            gid = next(
                int(line.split(":")[2])
                for line in group.splitlines()
                if line.startswith(account + ":")
            )
            passwd += f"{account}:x:{uid}:{gid}:{account}:/var/lib/libvirt:/usr/sbin/nologin\n"
            used_uids.add(uid)
    (directory / "passwd").write_text(passwd)
    (directory / "group").write_text(group)
    (directory / "passwd").chmod(0o644)
    (directory / "group").chmod(0o644)


def _mount_in(holder_pid: int, *args: str) -> None:
    _sh(["nsenter", f"--target={holder_pid}", "--mount", "--", "mount", *args])


@contextlib.contextmanager
def vm_namespace(
    *,
    tb_cache_mib: int | None = None,
    keep_state: bool = False,
    ready_timeout: float = 120,
) -> Iterator[VmNamespace]:
    """A netns + mount namespace running its own virtlogd + libvirtd (see module docstring).

    ``tb_cache_mib``: TCG translation-block cache per QEMU (default QEMU's own: 1 GiB here).
    ``keep_state``: leave the state directory (logs, images) for debugging.
    """
    if os.geteuid() != 0:
        raise NamespaceError("vm_namespace() needs root")
    for tool in ("ip", "nsenter", "libvirtd", "virtlogd", "virsh", QEMU):
        if not shutil.which(tool):
            raise NamespaceError(f"{tool} not found: run tests/vm/install.sh")
    cleanup_stale()

    name = f"{PREFIX}{os.getpid()}-{secrets.token_hex(3)}"
    state = STATE_ROOT / name
    ns = VmNamespace(
        name=name,
        state_dir=state,
        base_env={
            "LIBVIRT_DEFAULT_URI": "qemu:///system",
            "VAGRANT_DEFAULT_PROVIDER": "libvirt",
            "VAGRANT_CHECKPOINT_DISABLE": "1",
            "VAGRANT_BOX_UPDATE_CHECK_DISABLE": "1",
        },
    )
    body_failed = False
    try:
        # -- private directories ------------------------------------------------------------------
        for sub in (
            "etc/qemu/networks/autostart",
            "etc/storage",
            "lib/images",
            "cache",
            "log",
            "run",
            "bin",
            "qemu-bin",
        ):
            (state / sub).mkdir(parents=True, exist_ok=True)
        (state / "etc" / "libvirtd.conf").write_text(LIBVIRTD_CONF)
        (state / "etc" / "qemu.conf").write_text(QEMU_CONF)
        (state / "etc" / "virtlogd.conf").write_text(VIRTLOGD_CONF)
        for conf in ("libvirt.conf", "libvirt-admin.conf"):
            if Path("/etc/libvirt", conf).is_file():
                shutil.copy(Path("/etc/libvirt", conf), state / "etc" / conf)
        _write_private_accounts(state / "etc-accounts")
        for mountpoint in (
            "/etc/libvirt",
            "/var/lib/libvirt",
            "/var/cache/libvirt",
            "/var/log/libvirt",
        ):
            Path(mountpoint).mkdir(parents=True, exist_ok=True)

        # -- namespaces ---------------------------------------------------------------------------
        _sh(["ip", "netns", "add", name])
        _sh(["ip", "-n", name, "link", "set", "lo", "up"])
        ns.holder = subprocess.Popen(
            ["ip", "netns", "exec", name, "sleep", "infinity"],
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + 10
        while os.readlink(f"/proc/{ns.holder.pid}/ns/mnt") == os.readlink("/proc/self/ns/mnt"):
            if ns.holder.poll() is not None or time.monotonic() > deadline:
                raise NamespaceError("holder process did not enter its namespaces")
            time.sleep(0.05)
        hp = ns.holder.pid
        _mount_in(hp, "-t", "tmpfs", "-o", "mode=0755,size=64m", "tmpfs", "/run")
        _mount_in(hp, "--bind", str(state / "etc"), "/etc/libvirt")
        _mount_in(hp, "--bind", str(state / "etc-accounts" / "passwd"), "/etc/passwd")
        _mount_in(hp, "--bind", str(state / "etc-accounts" / "group"), "/etc/group")
        _mount_in(hp, "--bind", str(state / "lib"), "/var/lib/libvirt")
        _mount_in(hp, "--bind", str(state / "cache"), "/var/cache/libvirt")
        _mount_in(hp, "--bind", str(state / "log"), "/var/log/libvirt")
        daemon_env = ns.env()
        if tb_cache_mib:
            # libvirtd looks qemu-system-x86_64 up in its PATH. The wrapper must exec the real
            # binary from /usr/bin: QEMU finds its accel modules relative to its own path.
            wrapper = state / "qemu-bin" / "qemu-system-x86_64"
            wrapper.write_text(QEMU_WRAPPER.format(mib=int(tb_cache_mib), real=QEMU))
            wrapper.chmod(0o755)
            daemon_env["PATH"] = f"{wrapper.parent}:{daemon_env.get('PATH', os.defpath)}"

        # -- daemons (foreground children, so we hold their PIDs) ---------------------------------
        for daemon in ("virtlogd", "libvirtd"):
            log = open(state / "log" / f"{daemon}.stderr", "wb")  # noqa: SIM115
            ns.daemons[daemon] = ns.popen(
                [daemon],
                cwd="/",
                env=daemon_env,
                stdout=log,
                stderr=log,
                stdin=subprocess.DEVNULL,
            )
            log.close()
            if daemon == "virtlogd":
                time.sleep(0.3)
        deadline = time.monotonic() + ready_timeout
        while True:
            if ns.daemons["libvirtd"].poll() is not None:
                raise NamespaceError(
                    "libvirtd exited:\n" + ns.log_tail("libvirtd.stderr") + ns.log_tail()
                )
            probe = ns.run(["virsh", "version"], check=False, timeout=ready_timeout)
            if probe.returncode == 0:
                break
            if time.monotonic() > deadline:
                raise NamespaceError(f"libvirtd not ready: {probe.stderr}\n{ns.log_tail()}")
            time.sleep(0.5)
        # vagrant-libvirt's storage pool "default", in the private /var/lib/libvirt/images.
        ns.virsh("pool-define-as", "default", "dir", "--target", "/var/lib/libvirt/images")
        ns.virsh("pool-start", "default")
        yield ns
    except BaseException:
        body_failed = True
        raise
    finally:
        errors = []
        libvirtd = ns.daemons.get("libvirtd")
        if libvirtd is not None and libvirtd.poll() is None:
            try:
                ns.purge_libvirt()
            except Exception as exc:  # keep tearing down
                errors.append(f"purge: {exc!r}")
        for daemon in ("libvirtd", "virtlogd"):
            proc = ns.daemons.get(daemon)
            if proc is not None and proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(15)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait(5)
        for _ in range(3):
            pids = [p for p in _netns_pids(name) if p != os.getpid()]
            if not pids:
                break
            _kill_pids(pids)
        if ns.holder is not None:
            with contextlib.suppress(ProcessLookupError):
                ns.holder.kill()
            ns.holder.wait(10)
        _sh(["ip", "netns", "del", name], check=False)
        if not (keep_state or (body_failed and os.environ.get("LABCTL_VM_KEEP"))):
            shutil.rmtree(state, ignore_errors=True)
        if errors and not body_failed:
            raise NamespaceError("; ".join(errors))


if __name__ == "__main__":  # manual check: python3 tests/vm/netns.py
    with vm_namespace() as ns:
        print(ns.name, ns.run(["ip", "-br", "addr"]).stdout)
        print(ns.virsh("version"))
        print(ns.virsh("pool-list", "--all"))
