"""Real VMs: three Debian 12 guests under QEMU/TCG + libvirt + Vagrant, in a network namespace.

Slow (~3-4 min with a cached box, +2 min to build the box once) and root-only. Select with
``pytest -m vm tests/vm``; deselect with ``-m "not vm"``. Needs tests/vm/install.sh to have run.
Set LABCTL_VM_HALT=1 to also measure `vagrant halt` (sequential, ~30 s per VM).
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

pytestmark = pytest.mark.vm

REQUIRED = (
    "vagrant",
    "libvirtd",
    "virtlogd",
    "virsh",
    "qemu-system-x86_64",
    "qemu-img",
    "debootstrap",
    "dnsmasq",
    "iptables",
    "nsenter",
)


def _missing() -> list[str]:
    return [tool for tool in REQUIRED if shutil.which(tool) is None]


@pytest.fixture(scope="module")
def vm_ready() -> None:
    if os.geteuid() != 0:
        pytest.skip("real-VM tests need root")
    if missing := _missing():
        pytest.skip(f"missing {', '.join(missing)}: run tests/vm/install.sh")


def test_namespace_is_isolated(vm_ready: None) -> None:
    from netns import vm_namespace

    with vm_namespace() as ns:
        links = ns.run(["ip", "-o", "link"]).stdout
        assert [line.split(":")[1].strip() for line in links.splitlines()] == ["lo"]
        assert ns.run(["ip", "-4", "route"]).stdout.strip() == ""
        assert "default" in ns.virsh("pool-list", "--name")
        name = ns.name
        assert Path(f"/run/netns/{name}").exists()
    assert not Path(f"/run/netns/{name}").exists()


def test_three_vms_up_ssh_curl_destroy(vm_ready: None) -> None:
    from smoke import run_smoke

    figures = run_smoke(
        tb_cache_mib=int(os.environ.get("LABCTL_VM_TB_CACHE_MIB", "128")) or None,
        halt=os.environ.get("LABCTL_VM_HALT") == "1",
    )
    print(json.dumps(figures, indent=2))
    assert set(figures["boot_to_ssh_s"]) == {"loadbalancer", "server1", "server2"}
