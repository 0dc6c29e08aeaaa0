"""Real-VM smoke test: three Debian 12 VMs under QEMU/TCG + libvirt + Vagrant, in a namespace.

    python3 tests/vm/smoke.py [--tb-cache-mib N] [--no-halt] [--keep]

Steps (all inside a fresh network + mount namespace, see netns.py):
build/reuse the box (build_box.sh) -> start libvirtd -> `vagrant up --provider libvirt` of
loadbalancer/server1/server2 (private_network 192.168.43.71/.92/.65) -> `vagrant ssh-config` ->
plain `ssh` into server1 -> `curl http://192.168.43.92/` from the loadbalancer VM and from the
namespace -> `vagrant halt` -> `vagrant destroy -f`. Prints the figures as JSON at the end.
Used by test_vm_smoke.py; also runnable by hand (root).
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from netns import VmNamespace, vm_namespace  # noqa: E402

HOSTS = {"loadbalancer": "192.168.43.71", "server1": "192.168.43.92", "server2": "192.168.43.65"}
BOX_NAME = "labctl/debian12"

VAGRANTFILE = """\
# Plain 3-machine lab for tests/vm/smoke.py (box: tests/vm/build_box.sh).
HOSTS = {hosts}
Vagrant.configure("2") do |config|
  config.vm.box = "{box}"
  HOSTS.each do |name, ip|
    config.vm.define name do |m|
      m.vm.network :private_network, ip: ip
      m.vm.provider :libvirt do |lv|
        lv.driver = "qemu"
        lv.memory = 512
        lv.cpus = 1
        lv.serial :type => "file", :source => {{:path => "{logdir}/#{{name}}-console.log"}}
      end
    end
  end
end
"""


def log(msg: str) -> None:
    print(f"[smoke {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def ensure_box() -> tuple[Path, Path, float]:
    """Build (or reuse) the box; return (box file, VAGRANT_HOME, seconds spent)."""
    t0 = time.monotonic()
    out = subprocess.run(
        [str(HERE / "build_box.sh")], check=True, stdout=subprocess.PIPE, text=True
    ).stdout
    box = Path(out.strip().splitlines()[-1])
    home = Path(
        subprocess.run(
            [str(HERE / "build_box.sh"), "--vagrant-home"],
            check=True,
            stdout=subprocess.PIPE,
            text=True,
        ).stdout.strip()
    )
    return box, home, time.monotonic() - t0


class RssSampler(threading.Thread):
    """Samples the namespace's QEMU processes every second; keeps peak RSS per guest."""

    def __init__(self, ns: VmNamespace) -> None:
        super().__init__(daemon=True)
        self.ns = ns
        self.peak_kb: dict[str, int] = {}
        self.peak_total_kb = 0
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.wait(1.0):
            procs = self.ns.qemu_processes()
            for p in procs:
                guest = str(p["guest"])
                self.peak_kb[guest] = max(self.peak_kb.get(guest, 0), int(p["hwm_kb"]))
            self.peak_total_kb = max(self.peak_total_kb, sum(int(p["rss_kb"]) for p in procs))

    def stop(self) -> None:
        self._stop_event.set()
        self.join(5)


def vagrant(
    ns: VmNamespace, workdir: Path, env: dict[str, str], *args: str, timeout: float = 900
) -> tuple[float, list[tuple[float, str]]]:
    """Run `vagrant ARGS` inside the namespace, streaming its output; return (seconds, lines)."""
    t0 = time.monotonic()
    lines: list[tuple[float, str]] = []
    with open(workdir / "vagrant.log", "a") as transcript:
        transcript.write(f"\n$ vagrant {' '.join(args)}\n")
        proc = ns.popen(
            ["vagrant", *args],
            env=env,
            cwd=workdir,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            text=True,
        )
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        try:
            assert proc.stdout is not None
            for line in proc.stdout:
                if "Progress:" in line:  # box upload progress bar, one line per tick
                    continue
                now = time.monotonic() - t0
                lines.append((now, line.rstrip("\n")))
                transcript.write(f"{now:7.1f} {line}")
                transcript.flush()
        finally:
            timer.cancel()
            proc.wait()
    elapsed = time.monotonic() - t0
    if proc.returncode != 0:
        tail = "\n".join(text for _, text in lines[-30:])
        raise RuntimeError(f"vagrant {' '.join(args)} failed ({proc.returncode}):\n{tail}")
    return elapsed, lines


def boot_to_ssh(lines: list[tuple[float, str]]) -> dict[str, float]:
    """Per machine: from 'Starting domain.' to 'Machine booted and ready!' in `vagrant up`."""
    start: dict[str, float] = {}
    ready: dict[str, float] = {}
    for t, text in lines:
        m = re.match(r"==> (\S+): (.*)", text)
        if not m:
            continue
        machine, msg = m.groups()
        if msg.startswith("Starting domain"):
            start.setdefault(machine, t)
        elif msg.startswith("Machine booted and ready"):
            ready.setdefault(machine, t)
    return {m: round(ready[m] - start[m], 1) for m in ready if m in start}


def check_python_vagrant(ns: VmNamespace, workdir: Path, env: dict[str, str]) -> None:
    """The route labctl's provider takes: python-vagrant, its `vagrant` run inside the netns."""
    try:
        import vagrant as python_vagrant
    except ImportError:
        log("python-vagrant not installed: skipping its check")
        return
    v = python_vagrant.Vagrant(str(workdir), env=env)
    v._vagrant_exe = str(ns.write_wrapper("vagrant"))  # no public hook for the executable
    states = {s.name: s.state for s in v.status()}
    assert states == dict.fromkeys(HOSTS, "running"), states
    conf = v.conf(vm_name="server2")
    assert conf["User"] == "vagrant" and conf["HostName"].startswith("192.168.121."), conf
    log(f"python-vagrant: status {states}, server2 at {conf['HostName']}")


def _guest(name: str) -> str:
    """libvirt domain name <project dir>_<machine> -> machine."""
    return name.rsplit("_", 1)[-1]


def run_smoke(
    *, tb_cache_mib: int | None = None, halt: bool = True, keep: bool = False
) -> dict[str, object]:
    figures: dict[str, object] = {"tb_cache_mib": tb_cache_mib}
    box, vagrant_home, build_s = ensure_box()
    figures["box_build_or_reuse_s"] = round(build_s, 1)
    log(f"box {box} ({build_s:.0f} s), VAGRANT_HOME={vagrant_home}")

    workdir = Path(tempfile.mkdtemp(prefix="labctl-vm-smoke-"))
    (workdir / "Vagrantfile").write_text(
        VAGRANTFILE.format(
            hosts=json.dumps(HOSTS).replace(":", " =>"), box=BOX_NAME, logdir=workdir
        )
    )
    t0 = time.monotonic()
    with vm_namespace(tb_cache_mib=tb_cache_mib, keep_state=keep) as ns:
        figures["namespace_setup_s"] = round(time.monotonic() - t0, 1)
        log(f"namespace {ns.name} ready in {figures['namespace_setup_s']} s")
        env = ns.env(VAGRANT_HOME=str(vagrant_home))
        sampler = RssSampler(ns)
        sampler.start()
        try:
            try:
                up_s, up_lines = vagrant(ns, workdir, env, "up", "--provider", "libvirt")
                figures["up_wall_s"] = round(up_s, 1)
                figures["boot_to_ssh_s"] = boot_to_ssh(up_lines)
                log(f"vagrant up: {up_s:.0f} s, boot-to-SSH {figures['boot_to_ssh_s']}")
                figures["qemu_rss_after_up_mb"] = {
                    _guest(str(p["guest"])): int(p["rss_kb"]) // 1024 for p in ns.qemu_processes()
                }

                check_python_vagrant(ns, workdir, env)
                ssh_config = ns.run(["vagrant", "ssh-config"], env=env, cwd=workdir).stdout
                assert all(f"Host {h}" in ssh_config for h in HOSTS), ssh_config
                (workdir / "ssh_config").write_text(ssh_config)
                addrs = ns.run(
                    ["ssh", "-F", str(workdir / "ssh_config"), "server1", "ip -4 -o addr"],
                    timeout=60,
                ).stdout
                assert "192.168.43.92/24" in addrs, addrs

                page_vm = ns.run(
                    [
                        "vagrant",
                        "ssh",
                        "loadbalancer",
                        "-c",
                        "curl -sS --max-time 10 http://192.168.43.92/",
                    ],
                    env=env,
                    cwd=workdir,
                    timeout=120,
                ).stdout
                assert "Apache2 Debian Default Page" in page_vm, page_vm[:500]
                page_ns = ns.run(
                    ["curl", "-sS", "--max-time", "10", "http://192.168.43.92/"], timeout=30
                ).stdout
                assert "Apache2 Debian Default Page" in page_ns, page_ns[:500]
                log("ssh + curl (VM -> server1, namespace -> server1) OK")

                if halt:
                    halt_s, _ = vagrant(ns, workdir, env, "halt", timeout=600)
                    figures["halt_s"] = round(halt_s, 1)
                    log(f"vagrant halt: {halt_s:.0f} s")
            finally:
                sampler.stop()
                figures["qemu_peak_rss_mb"] = {
                    _guest(g): kb // 1024 for g, kb in sorted(sampler.peak_kb.items())
                }
                figures["qemu_peak_rss_total_mb"] = sampler.peak_total_kb // 1024
                t_destroy = time.monotonic()
                try:
                    vagrant(ns, workdir, env, "destroy", "-f", timeout=300)
                finally:
                    figures["destroy_s"] = round(time.monotonic() - t_destroy, 1)
                left = ns.virsh("list", "--all", "--name").split()
                assert not left, f"domains left after destroy: {left}"
        except BaseException:
            log(f"FAILED; transcript and console logs kept in {workdir}")
            for name in HOSTS:
                console = workdir / f"{name}-console.log"
                if console.exists():
                    tail = console.read_text(errors="replace").splitlines()[-15:]
                    log(f"{name} console tail:\n" + "\n".join(tail))
            log("libvirtd log tail:\n" + ns.log_tail())
            raise
        t_teardown = time.monotonic()
    figures["namespace_teardown_s"] = round(time.monotonic() - t_teardown, 1)
    figures["total_s"] = round(time.monotonic() - t0 + build_s, 1)
    if not keep:
        subprocess.run(["rm", "-rf", str(workdir)], check=False)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--tb-cache-mib",
        type=int,
        default=None,
        help="TCG translation-block cache per VM (QEMU default: 1 GiB)",
    )
    parser.add_argument("--no-halt", action="store_true", help="destroy without halting first")
    parser.add_argument("--keep", action="store_true", help="keep work and state directories")
    args = parser.parse_args()
    figures = run_smoke(tb_cache_mib=args.tb_cache_mib, halt=not args.no_halt, keep=args.keep)
    print(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
