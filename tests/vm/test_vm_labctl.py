"""What a student's `labctl up --provider vagrant` does, on three real VMs, end to end.

Debian 12 guests (the box tests/vm/build_box.sh makes offline) under QEMU/TCG + libvirt +
vagrant-libvirt, at the tutorial's addresses 192.168.43.71/.92/.65. Every command that touches
a VM - vagrant, libvirt, labctl itself with its paramiko SSH and its HTTP probes, curl - runs
inside a network namespace this test creates (tests/vm/netns.py): the addresses exist only
there. labctl's own guard (LABCTL_NETWORK_ALLOW) is widened to the lab and management subnets
inside that namespace only.

Root-only and slow (about 5 minutes with a cached box): marked `vm`; CI runs it.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from test_vm_smoke import vm_ready  # noqa: F401

pytestmark = pytest.mark.vm
HERE = Path(__file__).resolve().parent
LAB_TOML = """\
[lab]
provider = "vagrant"

[vagrant]
provider = "libvirt"
box = "labctl/debian12"
memory = 512
cpus = 1
"""


def _vagrant_home() -> str:
    subprocess.run(["bash", str(HERE / "build_box.sh")], check=True, capture_output=True)
    out = subprocess.run(
        ["bash", str(HERE / "build_box.sh"), "--vagrant-home"],
        check=True,
        capture_output=True,
        text=True,
    )
    return out.stdout.strip()


def _inventory_for(workdir: Path, password: str) -> Path:
    """class.toml naming this lab's VMs by address, reached with Vagrant's ssh-config."""
    import paramiko

    facts = json.loads((workdir / ".labctl" / "lab.json").read_text())["facts"]["ssh_config"]
    hosts, key, user = {}, "", ""
    for name, text in facts.items():
        options = paramiko.SSHConfig.from_text(text).lookup(name)
        hosts[name] = f"{options['hostname']}:{options.get('port', 22)}"
        key, user = options["identityfile"][0], options["user"]
    path = workdir / "class.toml"
    path.write_text(
        "[[lab]]\n"
        'label = "vms"\n'
        'url = "http://192.168.43.71/"\n'
        'servers = { server1 = "192.168.43.92", server2 = "192.168.43.65" }\n'
        f'password = "{password}"\n'
        'service = "systemctl {action} apache2"\n'
        'configtest = "apache2ctl configtest"\n'
        'conf_d = "/etc/apache2/conf-available"\n'
        'htpasswd = "/etc/apache2/htpasswd"\n'
        'error_log = "/var/log/apache2/error.log"\n'
        f'ssh = {{ user = "{user}", key = "{key}", hosts = {{ '
        + ", ".join(f'{n} = "{a}"' for n, a in hosts.items())
        + " } }\n"
    )
    return path


def labctl_in(ns: Any, workdir: Path, home: str) -> Callable[..., subprocess.CompletedProcess[str]]:
    """`labctl ARGS` run inside the namespace ``ns``, in ``workdir``; keyword arguments are
    extra environment variables for that one command (e.g. another VAGRANT_HOME)."""
    env = ns.env(
        VAGRANT_HOME=home,
        LABCTL_LIBVIRT_DRIVER="qemu",
        # inside this namespace only: the lab network and vagrant-libvirt's management one
        LABCTL_NETWORK_ALLOW="127.0.0.0/8,192.168.43.0/24,192.168.121.0/24",
        COLUMNS="200",
    )

    def labctl(*args: str, timeout: float = 1500, **extra: str) -> subprocess.CompletedProcess[str]:
        return ns.run(
            [sys.executable, "-m", "labctl", *args],
            cwd=workdir,
            env={**env, **extra},
            timeout=timeout,
            check=False,
        )

    return labctl


def _faults_on_vms(labctl: Callable[..., Any], ns: Any) -> dict[str, float]:
    """`labctl fault` on the Debian VMs (issue 13): hang, error 500, slow, flap and drop
    applied, seen with curl inside the namespace (through the balancer, or the server itself),
    cleared and seen healthy again.
    Returns how long each apply and clear took."""

    def through_balancer(count: int, max_time: float = 8) -> list[str]:
        seen = []
        for _ in range(count):
            got = ns.run(["curl", "-sS", "--max-time", str(max_time), "-w", "\n%{http_code}",
                          "http://192.168.43.71/"], check=False, timeout=max_time + 30)  # fmt: skip
            code = got.stdout.strip().splitlines()[-1] if got.stdout.strip() else "000"
            server = re.search(r"Server (\d)", got.stdout)
            seen.append("no reply" if code == "000" else f"Server {server.group(1)}"
                        if code == "200" and server else code)  # fmt: skip
        return seen

    def direct(address: str) -> tuple[str, float]:
        """(status code, seconds) of a request to a server itself, from the namespace."""
        got = ns.run(["curl", "-s", "-o", "/dev/null", "--max-time", "10", "-w",
                      "%{http_code} %{time_total}", f"http://{address}/"], check=False)  # fmt: skip
        code, seconds = [*got.stdout.split(), "000", "0"][:2]
        return code, float(seconds)

    def timed(*args: str) -> float:
        start = time.monotonic()
        done = labctl("fault", *args, timeout=300)
        assert done.returncode == 0, done.stdout + done.stderr
        return round(time.monotonic() - start, 1)

    def healthy_again() -> None:
        # The balancer may hold the broken member out for `retry` (60 s): a bounded wait.
        deadline = time.monotonic() + 120
        while set(through_balancer(2)) != {"Server 1", "Server 2"}:
            assert time.monotonic() < deadline, "the lab did not come back after the fault"
            time.sleep(1)

    figures: dict[str, float] = {}
    figures["hang_apply"] = timed("server1", "hang")
    status = json.loads(labctl("status", "--json").stdout)
    assert [(f["host"], f["kind"]) for f in status["faults"]] == [("server1", "hang")]
    assert sorted(through_balancer(2)) == ["Server 2", "no reply"]
    figures["hang_clear"] = timed("clear")
    healthy_again()

    figures["error_apply"] = timed("server2", "error", "500")
    assert sorted(through_balancer(4)) == ["500", "500", "Server 1", "Server 1"]
    figures["error_clear"] = timed("clear", "server2")
    healthy_again()

    figures["slow_apply"] = timed("server1", "slow", "2")
    code, seconds = direct("192.168.43.92")
    assert code == "200" and seconds >= 2.0, (code, seconds)
    figures["slow_reply"] = round(seconds, 2)
    figures["slow_clear"] = timed("clear")
    healthy_again()

    figures["flap_apply"] = timed("server2", "flap", "5")
    for wanted in (False, True):  # seen down, then up again, each within a bounded wait
        deadline = time.monotonic() + 90
        while (direct("192.168.43.65")[0] == "200") != wanted:
            assert time.monotonic() < deadline, f"server2 never seen {'up' if wanted else 'down'}"
            time.sleep(0.5)
    figures["flap_clear"] = timed("clear")
    healthy_again()

    figures["drop_apply"] = timed("server2", "drop")
    assert sorted(through_balancer(2, max_time=5)) == ["Server 1", "no reply"]
    figures["drop_clear"] = timed("clear")
    healthy_again()
    assert json.loads(labctl("status", "--json").stdout)["faults"] == []
    return figures


def _exercises_on_vms(labctl: Callable[..., Any]) -> dict[str, float]:
    """Exercises (issue 14) end to end on the Debian VMs: each reference solution installed
    (`reset --stage full --exercise X`, mod_headers and mod_proxy_hcheck enabled by the
    provisioning), then graded by `verify --exercise X`; the tutorial's file back after.
    Returns the seconds each took."""
    figures: dict[str, float] = {}
    for name in ("weights", "sticky", "health-check"):
        start = time.monotonic()
        solved = labctl("reset", "--stage", "full", "--exercise", name)
        assert solved.returncode == 0, solved.stdout + solved.stderr
        graded = labctl("verify", "--exercise", name, "--json", "--lang", "en")
        assert graded.returncode == 0, graded.stdout + graded.stderr
        verdict = json.loads(graded.stdout)
        assert verdict["score"]["passed"] == verdict["score"]["total"], graded.stdout
        figures[name] = round(time.monotonic() - start, 1)
    assert labctl("reset", "--stage", "full").returncode == 0
    return figures


def test_labctl_up_scenarios_provision_stop_destroy(vm_ready: None, tmp_path: Path) -> None:  # noqa: F811
    from netns import vm_namespace

    home = _vagrant_home()
    workdir = tmp_path / "lab"
    workdir.mkdir()
    (workdir / "lab.toml").write_text(LAB_TOML)
    figures: dict[str, object] = {}
    with vm_namespace(tb_cache_mib=128) as ns:
        labctl = labctl_in(ns, workdir, home)
        try:
            start = time.monotonic()
            up = labctl("up")
            figures["up_s"] = round(time.monotonic() - start, 1)
            assert up.returncode == 0, up.stdout + up.stderr
            print("\n".join(ln for ln in up.stderr.splitlines() if " s]" in ln))
            walls = re.search(r"in ([\d.]+) s \(hosts one after another: ([\d.]+) s\)", up.stderr)
            assert walls, up.stderr
            figures["provision_wall_s"], figures["provision_sum_s"] = map(float, walls.groups())

            status = json.loads(labctl("status", "--json").stdout)
            assert [h["address"] for h in status["hosts"]] == [
                "192.168.43.71",
                "192.168.43.92",
                "192.168.43.65",
            ]
            assert all(h["running"] for h in status["hosts"])
            assert [m["state"] for m in status["members"]] == ["ok", "ok"]

            start = time.monotonic()
            scenarios = labctl("scenario", "all", "--json")
            figures["scenario_all_s"] = round(time.monotonic() - start, 1)
            report = json.loads(scenarios.stdout)
            assert scenarios.returncode == 0 and report["passed"], scenarios.stdout
            figures["scenario_durations_s"] = {
                s["name"]: s["duration_s"] for s in report["scenarios"]
            }
            figures["failover_check_durations_s"] = {
                c["id"]: c["duration_s"] for c in report["scenarios"][1]["checks"]
            }

            figures["faults_s"] = _faults_on_vms(labctl, ns)

            again = labctl("provision")
            assert again.returncode == 0, again.stderr
            assert "nothing to change" in again.stderr, again.stderr

            # The classroom on VMs: verify grades the full lab, then the student's stage.
            start = time.monotonic()
            graded = labctl("verify", "--json", "--lang", "en")
            figures["verify_s"] = round(time.monotonic() - start, 1)
            verdict = json.loads(graded.stdout)
            assert graded.returncode == 0, graded.stdout + graded.stderr
            assert verdict["score"]["passed"] == verdict["score"]["total"]
            reset = labctl("reset", "--stage", "base")
            assert reset.returncode == 0, reset.stdout + reset.stderr
            assert ".labctl/backups/" in reset.stdout + reset.stderr
            base = json.loads(labctl("verify", "--json", "--lang", "en").stdout)
            failed = {c["id"] for c in base["scenarios"][0]["checks"] if not c["passed"]}
            assert {"balancer-answers", "alternation", "manager-admits"} <= failed
            assert labctl("reset", "--stage", "full").returncode == 0
            assert labctl("verify").returncode == 0
            figures["exercises_s"] = _exercises_on_vms(labctl)

            # The instructor's view: the same VMs graded as an inventory entry over SSH, as a
            # class of students' own VMs would be (Debian's unit and paths, not CentOS's).
            inventory = _inventory_for(workdir, labctl("credentials").stdout.split()[1])
            start = time.monotonic()
            graded = labctl("verify", "--inventory", str(inventory), "--lang", "en")
            figures["inventory_grading_s"] = round(time.monotonic() - start, 1)
            assert graded.returncode == 0, graded.stdout + graded.stderr
            rows = (workdir / "class-results.csv").read_text().splitlines()
            assert len(rows) == 2 and rows[1].startswith("vms,")
            assert ",0," not in rows[1] + ","

            assert labctl("stop", "server1").returncode == 0
            page = ns.run(["curl", "-sS", "--max-time", "10", "http://192.168.43.71/"])
            assert "Selamat Datang di Server 2" in page.stdout
            assert labctl("start", "server1").returncode == 0
            figures["qemu_peak_rss_mb"] = sorted(
                round(int(p["hwm_kb"]) / 1024) for p in ns.qemu_processes()
            )
        finally:
            destroy = labctl("destroy", timeout=600)
            print(json.dumps(figures, indent=2))
        assert destroy.returncode == 0, destroy.stderr
        assert ns.virsh("list", "--all", "--name").strip() == ""
        assert not (workdir / ".labctl").exists()
    assert shutil.which("vagrant")
