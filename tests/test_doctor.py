"""`labctl doctor`'s checks, fed with command outputs in their real formats.

The samples are what the tools print (VBoxManage, ip, netstat on Linux and macOS, virsh,
vagrant's machine-readable mode); the ones marked "here" were captured on this Debian 12 test
machine. One test runs the real probe of this machine. Nothing here sends a packet.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from labctl import doctor as d
from labctl.lab import VagrantSettings, default_lab

REPO = Path(__file__).resolve().parents[1]
LAB = default_lab()  # 192.168.43.0/24, the tutorial's subnet

# --- VirtualBox ---------------------------------------------------------------------------

VBOX_7 = "7.0.14r161095\n"
VBOX_UBUNTU = "6.1.50_Ubuntur161033\n"
VBOX_OLD = "6.1.26r145957\n"
VBOX_NO_MODULE = """\
WARNING: The vboxdrv kernel module is not loaded. Either there is no module
         available for the current kernel (6.1.0-18-amd64) or it failed to
         load. Please recompile the kernel module and install it by

           sudo /sbin/vboxconfig

         You will not be able to start VMs until this problem is fixed.
7.0.14r161095
"""


def test_vboxmanage_versions() -> None:
    assert d.vbox_version(VBOX_7) == (7, 0, 14)
    assert d.vbox_version(VBOX_UBUNTU) == (6, 1, 50)
    assert d.vbox_version(VBOX_NO_MODULE) == (7, 0, 14)
    assert d.check_virtualbox(VBOX_7) == d.Finding("ok", "VirtualBox 7.0.14")
    module = d.check_virtualbox(VBOX_NO_MODULE)
    assert module.level == "fail" and "vboxconfig" in module.fix


def test_virtualbox_missing_says_what_to_use_instead() -> None:
    missing = d.check_virtualbox(None)
    assert missing.level == "fail"
    assert missing.what.startswith("VirtualBox is not installed")
    assert "use --provider local, or libvirt" in missing.fix


def test_host_only_range_default_refuses_the_tutorial_subnet() -> None:
    finding = d.check_vbox_networks((7, 0, 14), None, LAB.subnet, _probe())
    assert finding.level == "fail"
    assert "`* 192.168.43.0/24`" in finding.fix
    assert "/etc/vbox/networks.conf" in finding.fix
    assert "--subnet 192.168.56.0/24" in finding.fix
    # the default range is fine, and VirtualBox before 6.1.28 had no range check
    assert d.check_vbox_networks((7, 0, 14), None, "192.168.56.0/24", _probe()).level == "ok"
    assert d.check_vbox_networks((6, 1, 26), None, LAB.subnet, _probe()).level == "ok"
    assert d.vbox_version(VBOX_OLD) == (6, 1, 26)


def test_networks_conf_contents() -> None:
    # the manual's example: IPv4 and IPv6 ranges on "*" lines, "#" comments
    conf = "# allow the lab\n* 10.0.0.0/8 192.168.0.0/16\n* 2001::/64\n"
    assert [str(n) for n in d.parse_networks_conf(conf)] == ["10.0.0.0/8", "192.168.0.0/16"]
    assert d.check_vbox_networks((7, 0, 14), conf, LAB.subnet, _probe()).level == "ok"
    # a file that exists replaces the default range: 192.168.56.0/21 is then gone too
    only_lab = "* 192.168.43.0/24\n"
    assert d.check_vbox_networks((7, 0, 14), only_lab, "192.168.56.0/24", _probe()).level == "fail"
    everything = "* 0.0.0.0/0 ::/0\n"
    assert d.check_vbox_networks((7, 0, 14), everything, LAB.subnet, _probe()).level == "ok"
    commented = "#* 192.168.43.0/24\n"
    refused = d.check_vbox_networks((7, 0, 14), commented, LAB.subnet, _probe())
    assert refused.level == "fail" and "(allowed: none)" in refused.what


# --- routes ---------------------------------------------------------------------------------

# A laptop on an Android hotspot (`ip -4 route`).
IP_ROUTE_HOTSPOT = """\
default via 192.168.43.1 dev wlp2s0 proto dhcp src 192.168.43.25 metric 600
169.254.0.0/16 dev wlp2s0 scope link metric 1000
192.168.43.0/24 dev wlp2s0 proto kernel scope link src 192.168.43.25 metric 600
"""
# The same laptop with the lab up on VirtualBox, on a home network.
IP_ROUTE_LAB_UP = """\
default via 192.168.1.1 dev wlp2s0 proto dhcp src 192.168.1.34 metric 600
172.17.0.0/16 dev docker0 proto kernel scope link src 172.17.0.1 linkdown
192.168.1.0/24 dev wlp2s0 proto kernel scope link src 192.168.1.34 metric 600
192.168.43.0/24 dev vboxnet0 proto kernel scope link src 192.168.43.1
"""
# This test machine (captured here; `ip` ends these lines with a space).
IP_ROUTE_HERE = (
    "default via 192.0.2.1 dev eth0 \n"
    "192.0.2.0/24 dev eth0 proto kernel scope link src 192.0.2.2 \n"
)
NETSTAT_LINUX = """\
Kernel IP routing table
Destination     Gateway         Genmask         Flags   MSS Window  irtt Iface
0.0.0.0         192.168.43.1    0.0.0.0         UG        0 0          0 wlan0
192.168.43.0    0.0.0.0         255.255.255.0   U         0 0          0 wlan0
"""
NETSTAT_MACOS = """\
Routing tables

Internet:
Destination        Gateway            Flags               Netif Expire
default            192.168.43.1       UGScg                 en0
127                127.0.0.1          UCS                   lo0
127.0.0.1          127.0.0.1          UH                    lo0
169.254            link#6             UCS                   en0      !
192.168.43         link#6             UCS                   en0      !
192.168.43.1/32    link#6             UCS                   en0      !
192.168.43.1       c2:ee:fb:12:34:56  UHLWIir               en0   1187
192.168.43.25/32   link#6             UCS                   en0      !
"""


def test_parse_routes_in_three_formats() -> None:
    assert [(str(r.network), r.interface) for r in d.parse_routes(IP_ROUTE_HOTSPOT)] == [
        ("169.254.0.0/16", "wlp2s0"),
        ("192.168.43.0/24", "wlp2s0"),
    ]
    assert [(str(r.network), r.interface) for r in d.parse_routes(NETSTAT_LINUX)] == [
        ("192.168.43.0/24", "wlan0")
    ]
    macos = {(str(r.network), r.interface) for r in d.parse_routes(NETSTAT_MACOS)}
    assert ("192.168.43.0/24", "en0") in macos
    assert ("127.0.0.0/8", "lo0") in macos
    assert ("169.254.0.0/16", "en0") in macos


@pytest.mark.parametrize("routes", [IP_ROUTE_HOTSPOT, NETSTAT_LINUX, NETSTAT_MACOS])
def test_hotspot_subnet_in_use_offers_another(routes: str) -> None:
    finding = d.check_routes(routes, LAB.subnet)
    assert finding.level == "warn"
    assert "Android hotspot" in finding.what
    assert finding.fix == "use another subnet: `labctl up --subnet 192.168.56.0/24`"


def test_the_labs_own_network_and_unrelated_routes_are_fine() -> None:
    assert d.check_routes(IP_ROUTE_LAB_UP, LAB.subnet).level == "ok"  # vboxnet0: the lab's
    assert d.check_routes(IP_ROUTE_HERE, LAB.subnet).level == "ok"
    assert d.check_routes(IP_ROUTE_HOTSPOT, "192.168.56.0/24").level == "ok"


# --- libvirt --------------------------------------------------------------------------------

VIRSH_OK = """\
Compiled against library: libvirt 9.0.0
Using library: libvirt 9.0.0
Using API: QEMU 9.0.0
Running hypervisor: QEMU 7.2.0
"""
# captured here: virsh installed, libvirtd not running
VIRSH_NO_DAEMON = """\
error: failed to connect to the hypervisor
error: Failed to connect socket to '/var/run/libvirt/libvirt-sock': No such file or directory
"""
VIRSH_NO_GROUP = """\
error: failed to connect to the hypervisor
error: Failed to connect socket to '/var/run/libvirt/libvirt-sock': Permission denied
"""
# captured here: `vagrant plugin list --machine-readable`
PLUGINS_HERE = """\
1795572020,,ui,info,vagrant-libvirt (0.11.2%!(VAGRANT_COMMA) system)
1795572020,,plugin-name,vagrant-libvirt
1795572020,vagrant-libvirt,plugin-version,0.11.2%!(VAGRANT_COMMA) system
"""


def test_libvirt_checks() -> None:
    ok = d.check_libvirt((0, VIRSH_OK), True, PLUGINS_HERE)
    assert ok == d.Finding("ok", "libvirt at qemu:///system (QEMU 7.2.0)")
    down = d.check_libvirt((1, VIRSH_NO_DAEMON), False, PLUGINS_HERE)
    assert down.level == "fail"
    assert down.what.endswith("'/var/run/libvirt/libvirt-sock': No such file or directory")
    assert "systemctl enable --now libvirtd" in down.fix
    group = d.check_libvirt((1, VIRSH_NO_GROUP), True, PLUGINS_HERE)
    assert "usermod -aG libvirt" in group.fix
    no_plugin = d.check_libvirt((0, VIRSH_OK), True, "")
    assert no_plugin.level == "fail" and "vagrant-libvirt" in no_plugin.fix


# --- Vagrant, boxes, architecture ---------------------------------------------------------

# `vagrant box list --machine-readable`, Vagrant 2.3
BOXES = """\
1700000000,,ui,info,centos/7                  (libvirt%!(VAGRANT_COMMA) 2004.01)
1700000000,,box-name,centos/7
1700000000,,box-provider,libvirt
1700000000,,box-version,2004.01
1700000000,,ui,info,generic/debian12          (virtualbox%!(VAGRANT_COMMA) 4.3.12)
1700000000,,box-name,generic/debian12
1700000000,,box-provider,virtualbox
1700000000,,box-version,4.3.12
"""
# captured here
NO_BOXES = "1795572018,,ui,warn,There are no installed boxes! Use `vagrant box add` to add some.\n"
BOXES_HUMAN = "centos/7         (virtualbox, 2004.01)\nbento/debian-12  (libvirt, 202401.31.0)\n"


def test_box_list() -> None:
    assert d.parse_box_list(BOXES) == [
        ("centos/7", "libvirt", "2004.01"),
        ("generic/debian12", "virtualbox", "4.3.12"),
    ]
    assert d.parse_box_list(NO_BOXES) == []
    assert d.parse_box_list(BOXES_HUMAN)[0] == ("centos/7", "virtualbox", "2004.01")
    assert d.check_box(BOXES, "centos/7", "libvirt").level == "ok"
    missing = d.check_box(BOXES, "centos/7", "virtualbox")  # downloaded for libvirt only
    assert missing.level == "warn"
    assert "about 0.5 GB" in missing.what
    assert "`vagrant box add --name centos/7 /path/to/CentOS-7.box`" in missing.fix


def test_vagrant_version() -> None:
    assert d.check_vagrant("Vagrant 2.3.4\n") == d.Finding("ok", "Vagrant 2.3.4")
    assert d.check_vagrant("Vagrant 1.9.8\n").level == "fail"
    assert d.check_vagrant(None).fix.endswith("or use --provider local")


def test_apple_silicon_with_the_x86_box() -> None:
    finding = d.check_architecture("Darwin", "arm64", "centos/7", "virtualbox")
    assert finding is not None and finding.level == "fail"
    assert finding.what.startswith("Apple silicon cannot run the x86_64 box centos/7")
    assert "bento/debian-12" in finding.fix and "vagrant-qemu" in finding.fix
    assert d.check_architecture("Darwin", "x86_64", "centos/7", "virtualbox") is None
    arm_box = d.check_architecture("Darwin", "arm64", "bento/debian-12", "qemu")
    assert arm_box is not None and arm_box.level == "ok"


# --- the whole report, and the provider choice --------------------------------------------


def _probe(**changes: object) -> d.HostProbe:
    base = d.HostProbe(
        system="Linux",
        machine="x86_64",
        vagrant_version="Vagrant 2.3.4\n",
        vagrant_plugins=PLUGINS_HERE,
        vagrant_boxes=NO_BOXES,
        vboxmanage=None,
        vbox_networks_conf=None,
        virsh=(1, VIRSH_NO_DAEMON),
        libvirt_socket=False,
        kvm=True,
        routes=IP_ROUTE_HERE,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_report_for_a_classroom_laptop_on_a_hotspot() -> None:
    probe = _probe(vboxmanage=VBOX_7, routes=IP_ROUTE_HOTSPOT)
    findings = d.doctor(LAB, provider_hint="vagrant", probe=probe)
    by_level = {f.level: [] for f in findings}  # type: ignore[var-annotated]
    for f in findings:
        by_level[f.level].append(f.what)
    assert "Vagrant 2.3.4" in by_level["ok"]
    assert "VirtualBox 7.0.14" in by_level["ok"]
    assert any("refuses host-only addresses in 192.168.43.0/24" in w for w in by_level["fail"])
    assert any("Android hotspot" in w for w in by_level["warn"])
    assert any("not downloaded yet" in w for w in by_level["warn"])


def test_choose_provider() -> None:
    said: list[str] = []
    assert d.choose_provider(LAB, "vagrant", say=said.append, probe=_probe()) == "vagrant"
    assert d.choose_provider(replace(LAB, provider="vagrant"), None, probe=_probe()) == "vagrant"
    # auto: no VirtualBox here -> the embedded lab, said in one line
    assert d.choose_provider(LAB, None, say=said.append, probe=_probe()) == "local"
    assert said == [
        "provider: local, the embedded lab (VirtualBox is not installed (no VBoxManage on PATH))"
    ]
    libvirt_lab = replace(LAB, vagrant=VagrantSettings(provider="libvirt"))
    usable = _probe(virsh=(0, VIRSH_OK), libvirt_socket=True)
    assert d.choose_provider(libvirt_lab, None, probe=usable) == "vagrant"
    assert d.usable_vm_provider(libvirt_lab, usable) == "libvirt"
    assert d.usable_vm_provider(LAB, usable) is None


@pytest.mark.skipif(shutil.which("VBoxManage") is not None, reason="VirtualBox is installed")
def test_real_probe_of_this_machine() -> None:
    findings = d.doctor(LAB, provider_hint="vagrant")
    whats = [f.what for f in findings]
    assert any(w.startswith("VirtualBox is not installed") for w in whats)
    assert all(f.level in ("ok", "warn", "fail") for f in findings)


@pytest.mark.skipif(shutil.which("VBoxManage") is not None, reason="VirtualBox is installed")
def test_labctl_doctor_command(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "labctl", "doctor", "--provider", "vagrant"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(REPO), "COLUMNS": "400"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert "Traceback" not in proc.stderr
    assert "fail VirtualBox is not installed (no VBoxManage on PATH)" in proc.stdout
    assert 'libvirt (lab.toml: vagrant.provider = "libvirt")' in proc.stdout  # not eaten as markup
    # 1 once cli.main() passes on the exit code click returns with standalone_mode=False
    assert proc.returncode in (0, 1)
