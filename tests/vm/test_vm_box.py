"""The classroom's own box, end to end on real VMs: `labctl box build`, then `labctl up --box`.

The instructor's `labctl box build` boots one VM of the lab's box (Debian 12 here, the box
tests/vm/build_box.sh makes), runs provision/box.sh on it over SSH, packages it with
`vagrant package` and destroys it. A student's `labctl up --box FILE`, with a Vagrant home that
holds no box at all, adds that file and brings the three VMs up from it; provisioning then
installs nothing. Everything runs in a network namespace with no uplink (tests/vm/netns.py):
no package mirror is reachable, so a step that needed one would fail.

Root-only and slow (about 6 minutes): marked `vm`.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from test_vm_labctl import LAB_TOML, _vagrant_home, labctl_in
from test_vm_smoke import vm_ready  # noqa: F401

pytestmark = pytest.mark.vm


def test_box_build_then_up_box_without_a_mirror(vm_ready: None, tmp_path: Path) -> None:  # noqa: F811
    from netns import vm_namespace

    home = _vagrant_home()  # the base box, labctl/debian12
    students_home = tmp_path / "vagrant.d-student"  # no box at all: only what --box brings
    workdir = tmp_path / "lab"
    workdir.mkdir()
    (workdir / "lab.toml").write_text(LAB_TOML)
    figures: dict[str, object] = {}
    with vm_namespace(tb_cache_mib=128) as ns:
        labctl = labctl_in(ns, workdir, home)

        # no package mirror: the namespace has no default route at all
        assert "default" not in ns.run(["ip", "-4", "route"]).stdout
        try:
            start = time.monotonic()
            build = labctl("box", "build", "--output", "kelas.box")
            figures["box_build_s"] = round(time.monotonic() - start, 1)
            print(build.stderr[-3000:])
            assert build.returncode == 0, build.stdout + build.stderr
            box = workdir / "kelas.box"
            assert build.stdout.strip() == str(box)
            figures["box_mb"] = round(box.stat().st_size / 2**20)
            assert "labctl-box: Install the tutorial's packages" in build.stderr
            # the builder is gone
            assert ns.virsh("list", "--all", "--name").strip() == ""
            assert not (workdir / ".labctl-box").exists()

            start = time.monotonic()
            up = labctl("up", "--box", "kelas.box", VAGRANT_HOME=str(students_home))
            figures["up_box_s"] = round(time.monotonic() - start, 1)
            print("\n".join(ln for ln in up.stderr.splitlines() if " s]" in ln))
            assert up.returncode == 0, up.stdout + up.stderr
            assert "as box labctl/kelas (libvirt)" in up.stderr
            lab = json.loads((workdir / ".labctl" / "lab.json").read_text())
            assert lab["lab"]["vagrant"]["box"] == "labctl/kelas"
            for host in ("loadbalancer", "server1", "server2"):
                log = (workdir / ".labctl" / "logs" / f"{host}-provision.log").read_text()
                assert "already installed: apache2 apache2-utils" in log, log
                assert "::changed install-packages" not in log
                # the VM was made from the built box: box.sh's stamp is there
                facts = lab["facts"]["ssh_config"][host]
                config = tmp_path / f"{host}.ssh_config"
                config.write_text(facts)
                stamp = ns.run(
                    [
                        "ssh", "-F", str(config), "-o", "StrictHostKeyChecking=no",
                        "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
                        host, "cat /etc/labctl-box",
                    ],
                    timeout=60,
                )  # fmt: skip
                assert stamp.stdout.startswith("built by labctl box build on "), stamp
            alternation = labctl("scenario", "alternation", VAGRANT_HOME=str(students_home))
            assert alternation.returncode == 0, alternation.stdout + alternation.stderr
        finally:
            destroy = labctl("destroy", timeout=600, VAGRANT_HOME=str(students_home))
            print(json.dumps(figures, indent=2))
        assert destroy.returncode == 0, destroy.stderr
        assert ns.virsh("list", "--all", "--name").strip() == ""
