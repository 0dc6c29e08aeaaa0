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


# Windows 10 `route print` (the IPv4 part): the layout of the sample on
# http://www.bqtyf.cn/windows/what-does-the-route-print-command-display-on-a-windows-syste-1766104940.html
# and https://ccna.ilkom.unsri.ac.id/5/course/module6/6.2.1.2/6.2.1.2.html (Destination, Netmask,
# Gateway "On-link" or an address, Interface = the interface's own address, Metric), with the
# addresses of a laptop on an Android hotspot (.25) that also has VirtualBox's default host-only
# adapter (192.168.56.1).
ROUTE_PRINT_HOTSPOT = """\
===========================================================================
Interface List
 12...0a 00 27 00 00 0c ......VirtualBox Host-Only Ethernet Adapter
  9...c8 e2 65 4a 11 02 ......Intel(R) Wi-Fi 6 AX201 160MHz
  1...........................Software Loopback Interface 1
===========================================================================

IPv4 Route Table
===========================================================================
Active Routes:
Network Destination        Netmask          Gateway       Interface  Metric
          0.0.0.0          0.0.0.0     192.168.43.1    192.168.43.25     35
        127.0.0.0        255.0.0.0         On-link         127.0.0.1    331
        127.0.0.1  255.255.255.255         On-link         127.0.0.1    331
     192.168.43.0    255.255.255.0         On-link     192.168.43.25    291
    192.168.43.25  255.255.255.255         On-link     192.168.43.25    291
   192.168.43.255  255.255.255.255         On-link     192.168.43.25    291
     192.168.56.0    255.255.255.0         On-link      192.168.56.1    281
     192.168.56.1  255.255.255.255         On-link      192.168.56.1    281
        224.0.0.0        240.0.0.0         On-link         127.0.0.1    331
  255.255.255.255  255.255.255.255         On-link         127.0.0.1    331
===========================================================================
Persistent Routes:
  None
"""
# The old layout (Windows XP, http://windowsitpro.com/networking/q-when-i-add-static-ip-route-
# what-value-do-i-use-interface): a gateway address instead of "On-link", verbatim.
ROUTE_PRINT_XP = """\
Active Routes:
Network Destination     Netmask       Gateway     Interface Metric
        0.0.0.0         0.0.0.0   192.168.1.1 192.168.1.100     30
      127.0.0.0       255.0.0.0     127.0.0.1     127.0.0.1     1
    192.168.1.0   255.255.255.0 192.168.1.100 192.168.1.100     30
  192.168.1.100 255.255.255.255     127.0.0.1     127.0.0.1     30
  192.168.1.255 255.255.255.255 192.168.1.100 192.168.1.100     30
      224.0.0.0       240.0.0.0 192.168.1.100 192.168.1.100     30
255.255.255.255 255.255.255.255 192.168.1.100             2     1
Default Gateway:       192.168.1.1
"""


def test_windows_route_print() -> None:
    routes = {(str(r.network), r.interface) for r in d.parse_routes(ROUTE_PRINT_HOTSPOT)}
    assert ("192.168.43.0/24", "192.168.43.25") in routes
    assert ("192.168.43.25/32", "192.168.43.25") in routes  # not a /32 of 192.168.43.0
    assert ("192.168.56.0/24", "192.168.56.1") in routes
    assert ("224.0.0.0/4", "127.0.0.1") in routes
    assert ("0.0.0.0/0", "192.168.43.25") not in routes  # the default route is skipped
    xp = {(str(r.network), r.interface) for r in d.parse_routes(ROUTE_PRINT_XP)}
    assert ("192.168.1.0/24", "192.168.1.100") in xp
    assert ("127.0.0.0/8", "127.0.0.1") in xp
    # the BSD reading of these lines made 192.168.1.0 a /32 on interface "192.168.1.100"
    assert ("192.168.1.0/32", "255.255.255.0") not in xp


def test_windows_host_only_adapter_is_the_labs_not_a_clash() -> None:
    # VirtualBox's host-only adapter holds the subnet's .1: the lab's own network (it exists
    # once the lab has been up); the hotspot's network is a clash.
    assert d.check_routes(ROUTE_PRINT_HOTSPOT, "192.168.56.0/24").level == "ok"
    clash = d.check_routes(ROUTE_PRINT_HOTSPOT, LAB.subnet)
    assert clash.level == "fail"
    assert "192.168.43.0/24 via 192.168.43.25" in clash.what
    # 192.168.56.0/24 is the host-only adapter's: the first free /24 is offered
    assert "`labctl up --provider vagrant --subnet 192.168.56.0/24`" in clash.fix


@pytest.mark.parametrize(
    "routes", [IP_ROUTE_HOTSPOT, NETSTAT_LINUX, NETSTAT_MACOS, ROUTE_PRINT_HOTSPOT]
)
def test_hotspot_subnet_in_use_is_refused_with_the_command(routes: str) -> None:
    finding = d.check_routes(routes, LAB.subnet)
    assert finding.level == "fail"  # `up` refuses (preflight) before creating anything
    assert "Android hotspot" in finding.what
    assert finding.fix == (
        "`labctl up --provider vagrant --subnet 192.168.56.0/24` (the tutorial's host numbers "
        "stay: 192.168.56.71, 192.168.56.92, 192.168.56.65)"
    )


def test_the_offered_subnet_is_free_too() -> None:
    busy = IP_ROUTE_HOTSPOT + "192.168.56.0/24 dev wlan1 proto kernel scope link\n"
    assert d.free_subnet(busy) == "192.168.57.0/24"
    assert "--subnet 192.168.57.0/24" in d.check_routes(busy, LAB.subnet).fix


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
    # advice names only what labctl drives: its arm64 default box with VirtualBox >= 7.1
    assert "bento/rockylinux-9" in finding.fix and "VirtualBox >= 7.1" in finding.fix
    assert "vagrant-qemu" not in finding.fix and "Parallels" not in finding.fix
    assert d.check_architecture("Darwin", "x86_64", "centos/7", "virtualbox") is None
    default = d.check_architecture("Darwin", "arm64", "bento/rockylinux-9", "virtualbox")
    assert default is not None and default.level == "ok" and "Rocky Linux 9" in default.what


def test_arm64_host_gets_an_arm64_box_by_default(tmp_path: Path) -> None:
    from labctl.lab import load_lab

    arm = load_lab(tmp_path / "lab.toml", machine="arm64")
    assert (arm.vagrant.box, arm.vagrant.memory) == ("bento/rockylinux-9", 1024)
    assert load_lab(tmp_path / "lab.toml", machine="x86_64").vagrant.box == "centos/7"
    (tmp_path / "lab.toml").write_text('[vagrant]\nbox = "bento/almalinux-9"\n')
    chosen = load_lab(tmp_path / "lab.toml", machine="aarch64")
    # AlmaLinux 9's dnf needs what Rocky 9's does; memory = N in lab.toml still wins
    assert (chosen.vagrant.box, chosen.vagrant.memory) == ("bento/almalinux-9", 1024)
    (tmp_path / "lab.toml").write_text('[vagrant]\nbox = "bento/almalinux-9"\nmemory = 768\n')
    assert load_lab(tmp_path / "lab.toml", machine="aarch64").vagrant.memory == 768
    (tmp_path / "lab.toml").write_text('[vagrant]\nbox = "generic/centos7"\n')
    assert load_lab(tmp_path / "lab.toml", machine="x86_64").vagrant.memory == 512
    # VirtualBox before 7.1 runs no arm64 guest
    old = d.check_vbox_arm64("arm64", (7, 0, 20))
    assert old is not None and old.level == "fail" and "7.1.0 or newer" in old.fix
    assert d.check_vbox_arm64("arm64", (7, 1, 6)) is None
    assert d.check_vbox_arm64("x86_64", (7, 0, 20)) is None


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
    assert any("Android hotspot" in w for w in by_level["fail"])
    assert any("not downloaded yet" in w for w in by_level["warn"])


def test_choose_provider() -> None:
    said: list[str] = []
    assert d.choose_provider(LAB, "vagrant", say=said.append, probe=_probe()) == "vagrant"
    assert (
        d.choose_provider(replace(LAB, requested_provider="vagrant"), None, probe=_probe())
        == "vagrant"
    )
    # auto: no VirtualBox here -> the embedded lab, said in one line
    assert d.choose_provider(LAB, None, say=said.append, probe=_probe()) == "local"
    assert said == [
        "provider: local, the embedded lab (VirtualBox is not installed (VBoxManage not found))"
    ]
    libvirt_lab = replace(LAB, vagrant=VagrantSettings(hypervisor="libvirt"))
    usable = _probe(virsh=(0, VIRSH_OK), libvirt_socket=True)
    assert d.choose_provider(libvirt_lab, None, probe=usable) == "vagrant"
    assert d.choose_provider(LAB, None, probe=usable) == "local"  # VirtualBox still missing


def test_the_provider_choice_is_said_in_the_students_language(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`up` says which provider it chose in the language of every other line it says."""
    from labctl import i18n

    monkeypatch.setattr(i18n, "_chosen", ["id"])
    said: list[str] = []
    d.choose_provider(LAB, None, say=said.append, probe=_probe())
    assert said == ["provider: local, lab embedded (VirtualBox belum terpasang (VBoxManage "
                    "tidak ditemukan))"]  # fmt: skip


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
    assert "fail VirtualBox is not installed (VBoxManage not found)" in proc.stdout
    # not eaten as rich markup:
    assert 'libvirt (lab.toml: vagrant.hypervisor = "libvirt")' in proc.stdout
    assert proc.returncode == 1  # a "fail" finding (no VirtualBox here)


# --- VirtualBox on the laptops students have --------------------------------------------------

# `VBoxManage --version` of each series, as printed in public build logs:
# 7.0.14r161095 and 7.1.6r167084: https://github.com/Q24/vagrant-box-ubuntu2204 CHANGELOG.md;
# 7.2.6r172322: dmesg "Successfully loaded version 7.2.6 r172322" in VirtualBox/virtualbox
# issue 609 (VBoxManage prints the same number without the space).
VBOX_70 = "7.0.14r161095\n"
VBOX_71 = "7.1.6r167084\n"
VBOX_72 = "7.2.6r172322\n"


@pytest.mark.parametrize(
    ("vagrant", "vbox", "level", "needed"),
    [
        ("Vagrant 2.3.4", VBOX_70, "ok", None),  # Debian 12's vagrant: 7.0 since 2.3.2
        ("Vagrant 2.3.4", VBOX_71, "fail", "2.4.2"),
        ("Vagrant 2.3.4", VBOX_72, "fail", "2.4.9"),
        ("Vagrant 2.4.1", VBOX_71, "fail", "2.4.2"),  # vagrant issue 13501
        ("Vagrant 2.4.3", VBOX_71, "ok", None),
        ("Vagrant 2.4.3", VBOX_72, "fail", "2.4.9"),
        ("Vagrant 2.4.9", VBOX_72, "ok", None),
        ("Vagrant 2.2.19", "6.1.50r161033\n", "ok", None),
    ],
)
def test_vagrant_virtualbox_matrix(vagrant: str, vbox: str, level: str, needed: str) -> None:
    version = d.vbox_version(vbox)
    assert version is not None
    finding = d.check_vagrant_supports_vbox(vagrant, version)
    assert finding is not None and finding.level == level
    if needed:
        assert f"needs Vagrant {needed} or newer" in finding.what
        assert finding.fix.startswith(f"install Vagrant >= {needed} from HashiCorp")
        assert "Debian's 2.3.4" in finding.fix


def test_a_virtualbox_newer_than_the_table_is_a_warning() -> None:
    finding = d.check_vagrant_supports_vbox("Vagrant 2.4.9", (7, 3, 0))
    assert finding is not None and finding.level == "warn"


def test_vagrant_too_old_blocks_the_auto_choice() -> None:
    probe = _probe(vboxmanage=VBOX_71, vagrant_version="Vagrant 2.3.4\n")
    said: list[str] = []
    assert d.choose_provider(LAB, None, say=said.append, probe=probe) == "local"
    assert "does not support VirtualBox 7.1.6" in said[0]


def test_windows_finds_vboxmanage_like_vagrant_does() -> None:
    # VirtualBox's installer sets VBOX_MSI_INSTALL_PATH and leaves PATH alone (vagrant 3868)
    present = {r"D:\Apps\Oracle\VirtualBox\VBoxManage.exe"}
    env = {"VBOX_MSI_INSTALL_PATH": "D:\\Apps\\Oracle\\VirtualBox\\", "SYSTEMDRIVE": "C:"}
    found = d.find_vboxmanage("Windows", env, which=lambda _: None, is_file=present.__contains__)
    assert found == r"D:\Apps\Oracle\VirtualBox\VBoxManage.exe"
    # no variable: the default directory on the system drive
    default = {"C:/Program Files/Oracle/VirtualBox\\VBoxManage.exe"}
    found = d.find_vboxmanage("Windows", {}, which=lambda _: None, is_file=default.__contains__)
    assert found == "C:/Program Files/Oracle/VirtualBox\\VBoxManage.exe"
    assert d.find_vboxmanage("Windows", env, which=lambda _: None, is_file=lambda _: False) is None
    # PATH first, everywhere; no Windows directories elsewhere
    assert d.find_vboxmanage("Windows", env, which=lambda _: "X", is_file=lambda _: True) == "X"
    assert d.find_vboxmanage("Linux", env, which=lambda _: None, is_file=lambda _: True) is None


# `lsmod` with KVM loaded: void-linux/void-packages issue 53855 (AMD, VERR_SVM_IN_USE on 6.12)
LSMOD_KVM_AMD = """\
Module                  Size  Used by
kvm_amd               237568  0
kvm                  1351680  1 kvm_amd
"""
LSMOD_KVM_INTEL = "Module                  Size  Used by\nkvm_intel             413696  0\n"
LSMOD_VBOX = "Module                  Size  Used by\nvboxnetadp 28672 0\nvboxdrv 663552 2\n"


def test_kvm_modules_on_linux_6_12() -> None:
    amd = d.check_kvm_modules("Linux", "6.12.7_1", LSMOD_KVM_AMD)
    assert amd is not None and amd.level == "fail" and "VERR_SVM_IN_USE" in amd.what
    assert "`sudo modprobe -r kvm_amd kvm`" in amd.fix and "enable_virt_at_load=0" in amd.fix
    intel = d.check_kvm_modules("Linux", "6.14.0-24-generic", LSMOD_KVM_INTEL)
    assert intel is not None and intel.level == "fail"
    assert "VERR_VMX_IN_VMX_ROOT_MODE" in intel.what
    # before 6.12 KVM took VT-x only while a KVM VM ran (NixOS/nixpkgs issue 363887)
    older = d.check_kvm_modules("Linux", "6.11.0-29-generic", LSMOD_KVM_INTEL)
    assert older is not None and older.level == "ok"
    clean = d.check_kvm_modules("Linux", "6.12.7", LSMOD_VBOX)
    assert clean is not None and clean.level == "ok"
    assert d.check_kvm_modules("Darwin", "23.4.0", LSMOD_KVM_INTEL) is None


def test_windows_hypervisor_and_user_name() -> None:
    # (Get-CimInstance Win32_ComputerSystem).HypervisorPresent prints True or False
    on = d.check_windows_hypervisor("Windows", "True\r\n")
    assert on is not None and on.level == "warn"
    assert "Memory integrity" in on.fix and "hypervisorlaunchtype off" in on.fix
    off = d.check_windows_hypervisor("Windows", "False\r\n")
    assert off is not None and off.level == "ok"
    assert d.check_windows_hypervisor("Linux", "True") is None
    # vagrant issue 11431: "U+017D to IBM437 in conversion from Windows-1252 to UTF-8"
    home = d.check_windows_home("Windows", "C:\\Users\\Žan", None)
    assert home is not None and home.level == "fail"
    assert "setx VAGRANT_HOME C:\\vagrant.d" in home.fix
    assert d.check_windows_home("Windows", "C:\\Users\\Žan", "C:\\vagrant.d") is None
    assert d.check_windows_home("Windows", "C:\\Users\\budi", None) is None


def test_macos_virtualbox_7_has_no_host_only_range() -> None:
    # Vagrant's action/network.rb skips validate_hostonly_ip! on darwin from VirtualBox 7.0
    mac = _probe(system="Darwin")
    assert d.check_vbox_networks((7, 0, 14), None, LAB.subnet, mac).level == "ok"
    assert d.check_vbox_networks((6, 1, 50), None, LAB.subnet, mac).level == "fail"
    assert d.check_vbox_networks((7, 0, 14), None, LAB.subnet, _probe()).level == "fail"


# `vagrant plugin list --machine-readable` with vagrant-vbguest (same shape as PLUGINS_HERE)
PLUGINS_VBGUEST = """\
1795572020,,ui,info,vagrant-vbguest (0.32.0%!(VAGRANT_COMMA) global)
1795572020,,plugin-name,vagrant-vbguest
1795572020,vagrant-vbguest,plugin-version,0.32.0%!(VAGRANT_COMMA) global
"""


def test_vbguest_is_reported_as_handled() -> None:
    finding = d.check_vbguest(PLUGINS_VBGUEST)
    assert finding is not None and finding.level == "ok" and "auto update off" in finding.what
    assert d.check_vbguest(PLUGINS_HERE) is None


# --- `labctl doctor` on this machine, with stand-ins for the tools it reads -------------------


def _stand_ins(tmp_path: Path, **outputs: str) -> dict[str, str]:
    """A PATH whose VBoxManage/lsmod/ip print ``outputs``; the real vagrant stays."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(parents=True, exist_ok=True)
    for tool, text in outputs.items():
        stub = bin_dir / tool
        stub.write_text(f"#!/bin/sh\ncat <<'EOF'\n{text}EOF\n")
        stub.chmod(0o755)
    return {
        **os.environ,
        "PATH": f"{bin_dir}:{os.environ['PATH']}",
        "PYTHONPATH": str(REPO),
        "COLUMNS": "400",
        # should anything try to fetch a box, it meets a closed port on loopback
        "VAGRANT_SERVER_URL": "http://127.0.0.1:9",
        "VAGRANT_CHECKPOINT_DISABLE": "1",
    }


def _labctl(tmp_path: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        [sys.executable, "-m", "labctl", *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


needs_vagrant = pytest.mark.skipif(shutil.which("vagrant") is None, reason="needs vagrant")


def _needs_debian_vagrant() -> None:
    if d.parse_version(subprocess.check_output(["vagrant", "--version"], text=True)) != (2, 3, 4):
        pytest.skip("the expected lines are Debian's vagrant 2.3.4's")


@needs_vagrant
@pytest.mark.parametrize(
    ("vbox", "expected"),
    [
        (VBOX_70, "ok   Vagrant 2.3.4 supports VirtualBox 7.0"),
        (VBOX_71, "fail Vagrant 2.3.4 does not support VirtualBox 7.1.6 (VirtualBox 7.1 needs "),
        (VBOX_72, "fail Vagrant 2.3.4 does not support VirtualBox 7.2.6 (VirtualBox 7.2 needs "),
    ],
)
def test_doctor_command_version_matrix(tmp_path: Path, vbox: str, expected: str) -> None:
    _needs_debian_vagrant()
    env = _stand_ins(tmp_path, VBoxManage=vbox, lsmod=LSMOD_VBOX)
    proc = _labctl(tmp_path, env, "doctor", "--provider", "vagrant", "--subnet", "192.168.56.0/24")
    assert expected in proc.stdout, proc.stdout
    if "fail" in expected:
        assert "-> install Vagrant >= 2.4." in proc.stdout
        assert proc.returncode == 1


@needs_vagrant
def test_doctor_command_kvm_loaded(tmp_path: Path) -> None:
    env = _stand_ins(tmp_path, VBoxManage=VBOX_70, lsmod=LSMOD_KVM_INTEL)
    proc = _labctl(tmp_path, env, "doctor", "--provider", "vagrant")
    if d.kernel_version(os.uname().release) < (6, 12):  # type: ignore[operator]
        assert "kvm_intel is loaded; on Linux" in proc.stdout
    else:
        assert "fail kvm_intel is loaded and Linux" in proc.stdout
        assert "VERR_VMX_IN_VMX_ROOT_MODE" in proc.stdout
        assert "-> `sudo modprobe -r kvm_intel kvm` now" in proc.stdout


@needs_vagrant
def test_up_refuses_a_routed_subnet_before_creating_anything(tmp_path: Path) -> None:
    # the laptop's Wi-Fi is on 192.168.56.0/24; VirtualBox 7.0 would accept the subnet
    routes = "default via 192.168.56.1 dev wlan0\n192.168.56.0/24 dev wlan0 proto kernel\n"
    env = _stand_ins(tmp_path, VBoxManage=VBOX_70, lsmod=LSMOD_VBOX, ip=routes)
    doctor = _labctl(
        tmp_path, env, "doctor", "--provider", "vagrant", "--subnet", "192.168.56.0/24"
    )
    assert "fail 192.168.56.0/24 is already a network of this machine" in doctor.stdout
    assert "-> `labctl up --provider vagrant --subnet 192.168.57.0/24`" in doctor.stdout
    up = _labctl(tmp_path, env, "up", "--provider", "vagrant", "--subnet", "192.168.56.0/24")
    assert up.returncode == 2
    errors = [ln for ln in up.stderr.splitlines() if ln.startswith("labctl: error:")]
    assert len(errors) == 1, up.stderr
    assert "--subnet 192.168.57.0/24" in errors[0]
    assert "192.168.57.71, 192.168.57.92, 192.168.57.65" in errors[0]
    assert not (tmp_path / ".labctl").exists() and not (tmp_path / ".vagrant").exists()


def test_windows_probe_and_auto_choice_use_the_found_vboxmanage(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """doctor's probe and `up`'s auto-detection on a Windows laptop whose VirtualBox is not on
    PATH: both run the VBoxManage.exe the installer's variable points at."""
    install = tmp_path / "VirtualBox"
    exe = tmp_path / "VirtualBox\\VBoxManage.exe"  # one file name here: Windows' separator
    exe.write_text("")
    monkeypatch.setattr(d.platform, "system", lambda: "Windows")
    monkeypatch.setenv("VBOX_MSI_INSTALL_PATH", f"{install}\\")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    ran: list[list[str]] = []

    def run(argv: list[str]) -> tuple[int, str] | None:
        ran.append(argv)
        return (0, "Vagrant 2.4.3\n") if argv[0] == "vagrant" else (0, VBOX_71)

    probe = d.HostProbe.gather(run, quick=True)
    assert [str(exe), "--version"] in ran
    assert d.vbox_version(probe.vboxmanage) == (7, 1, 6)
    assert d.hypervisor_tool_present("virtualbox")
    said: list[str] = []
    assert d.choose_provider(LAB, None, say=said.append, probe=probe) == "vagrant"
    monkeypatch.delenv("VBOX_MSI_INSTALL_PATH")
    monkeypatch.setenv("SYSTEMDRIVE", str(tmp_path / "nodrive"))
    assert not d.hypervisor_tool_present("virtualbox")


# --- `labctl doctor` as it runs on Windows and macOS laptops ----------------------------------
# The CLI runs here with `platform.system()`/`platform.machine()` answering "Windows"/"Darwin"
# (a sitecustomize.py on PYTHONPATH, nothing in labctl) and stand-ins for the tools doctor
# reads there: VBoxManage.exe where VirtualBox's installer puts it, powershell, netstat. The real
# vagrant answers everything else.

_FAKE_PLATFORM = """\
import os, platform
if os.environ.get("FAKE_SYSTEM"):
    platform.system = lambda: os.environ["FAKE_SYSTEM"]
    platform.machine = lambda: os.environ["FAKE_MACHINE"]
"""


def _laptop(tmp_path: Path, system: str, machine: str, **outputs: str) -> dict[str, str]:
    env = _stand_ins(tmp_path, **outputs)
    site = tmp_path / "site"
    site.mkdir(parents=True)
    (site / "sitecustomize.py").write_text(_FAKE_PLATFORM)
    env.update(FAKE_SYSTEM=system, FAKE_MACHINE=machine, PYTHONPATH=f"{site}:{env['PYTHONPATH']}")
    return env


def _windows_vbox(tmp_path: Path, env: dict[str, str], version: str) -> None:
    """VirtualBox's Windows installer: VBoxManage.exe in its directory, named by
    VBOX_MSI_INSTALL_PATH, not on PATH. (Here one file whose name holds the backslash.)"""
    install = tmp_path / "Oracle" / "VirtualBox"
    install.parent.mkdir()
    exe = Path(f"{install}\\VBoxManage.exe")
    exe.write_text(f"#!/bin/sh\necho '{version.strip()}'\n")
    exe.chmod(0o755)
    env["VBOX_MSI_INSTALL_PATH"] = f"{install}\\"
    env["SYSTEMDRIVE"] = str(tmp_path / "C")


@needs_vagrant
def test_doctor_command_on_a_windows_laptop(tmp_path: Path) -> None:
    env = _laptop(tmp_path, "Windows", "AMD64", powershell="True\n", netstat=ROUTE_PRINT_HOTSPOT)
    _windows_vbox(tmp_path, env, VBOX_70)
    out = _labctl(tmp_path, env, "doctor", "--provider", "vagrant").stdout
    # found without PATH, as Vagrant finds it
    assert "ok   VirtualBox 7.0.14\n" in out, out
    assert "not installed" not in out
    # no host-only range on Windows
    assert "ok   VirtualBox 7.0.14 accepts host-only network 192.168.43.0/24" in out
    assert "warn Windows runs a hypervisor (Hyper-V, WSL2" in out
    assert "-> turn them off for fast VMs: Windows Security > Device security" in out
    # route print read as Windows prints it: the hotspot clashes, the host-only adapter not
    assert "fail 192.168.43.0/24 is already a network of this machine (192.168.43.0/24 via " in out
    assert "-> `labctl up --provider vagrant --subnet 192.168.56.0/24`" in out


@needs_vagrant
def test_doctor_command_windows_user_name_and_old_vagrant(tmp_path: Path) -> None:
    _needs_debian_vagrant()
    env = _laptop(tmp_path, "Windows", "AMD64", powershell="False\n", netstat=ROUTE_PRINT_XP)
    _windows_vbox(tmp_path, env, VBOX_71)
    home = tmp_path / "Users" / "Łukasz"
    home.mkdir(parents=True)
    env["HOME"] = str(home)
    out = _labctl(tmp_path, env, "doctor", "--provider", "vagrant").stdout
    assert f"fail Vagrant cannot work under {home} (a non-ASCII name" in out, out
    assert "-> give Vagrant an ASCII-only home: `setx VAGRANT_HOME C:\\vagrant.d`" in out
    assert "ok   no Windows hypervisor" in out
    assert "fail Vagrant 2.3.4 does not support VirtualBox 7.1.6" in out
    assert "is not used by this machine's other networks" in out


def _mac_doctor(tmp_path: Path, machine: str, vbox: str) -> str:
    env = _laptop(tmp_path, "Darwin", machine, VBoxManage=vbox, netstat=NETSTAT_MACOS)
    args = ("doctor", "--provider", "vagrant", "--subnet", "10.9.8.0/24")
    return _labctl(tmp_path, env, *args).stdout


@needs_vagrant
def test_doctor_command_on_a_mac(tmp_path: Path) -> None:
    out = _mac_doctor(tmp_path, "x86_64", VBOX_70)
    # VirtualBox 7 on macOS: no host-only range (Vagrant skips the check there too)
    assert "ok   VirtualBox 7.0.14 accepts host-only network 10.9.8.0/24" in out, out
    assert "box centos/7 (virtualbox)" in out


@needs_vagrant
def test_doctor_command_on_apple_silicon(tmp_path: Path) -> None:
    out = _mac_doctor(tmp_path, "arm64", VBOX_70)
    assert "ok   Apple silicon: box bento/rockylinux-9 (Rocky Linux 9 for arm64" in out, out
    assert "fail VirtualBox 7.0.14 cannot run arm64 VMs (VirtualBox 7.1.0 or newer can)" in out
    assert "box bento/rockylinux-9 (virtualbox) is not downloaded yet" in out
    # with a VirtualBox that runs arm64 guests: nothing fails but the missing box's download
    assert "cannot run arm64 VMs" not in _mac_doctor(tmp_path / "71", "arm64", VBOX_71)


@needs_vagrant
def test_doctor_command_with_vagrant_vbguest(tmp_path: Path) -> None:
    vagrant = shutil.which("vagrant")
    plugins = tmp_path / "plugins.txt"
    plugins.write_text(PLUGINS_VBGUEST)
    env = _stand_ins(tmp_path, VBoxManage=VBOX_70, lsmod=LSMOD_VBOX)
    wrapper = tmp_path / "bin" / "vagrant"  # `vagrant plugin list` as with the plugin installed
    wrapper.write_text(
        f'#!/bin/sh\nif [ "$1 $2" = "plugin list" ]; then cat "{plugins}"; exit 0; fi\n'
        f'exec {vagrant} "$@"\n'
    )
    wrapper.chmod(0o755)
    out = _labctl(tmp_path, env, "doctor", "--provider", "vagrant").stdout
    assert (
        "ok   vagrant-vbguest is installed: labctl's Vagrantfile turns its auto update off" in out
    )


def test_findings_in_indonesian() -> None:
    clash = d.check_routes(IP_ROUTE_HOTSPOT, LAB.subnet)
    what, fix = clash.in_lang("id")
    assert what == (
        "192.168.43.0/24 sudah menjadi jaringan mesin ini (192.168.43.0/24 lewat wlp2s0 - "
        "192.168.43.0/24 adalah bawaan hotspot Android): VM lab akan bentrok dengannya"
    )
    assert fix.startswith("`labctl up --provider vagrant --subnet 192.168.56.0/24` (nomor host")
    assert clash.in_lang("en") == (clash.what, clash.fix)
    # a phrase inside a finding is translated too
    refused = d.check_vbox_networks((7, 0, 14), "#* 192.168.43.0/24\n", LAB.subnet, _probe())
    assert "(yang diizinkan: tidak ada)" in refused.in_lang("id")[0]
    assert "(allowed: none)" in refused.what
    box = d.check_box(NO_BOXES, "centos/7", "virtualbox")
    assert "mengunduh sekitar 0,5 GB" in box.in_lang("id")[0]


@needs_vagrant
def test_doctor_command_in_indonesian(tmp_path: Path) -> None:
    _needs_debian_vagrant()
    env = _stand_ins(tmp_path, VBoxManage=VBOX_72, lsmod=LSMOD_KVM_AMD, ip=IP_ROUTE_HOTSPOT)
    env["LANG"] = "id_ID.UTF-8"
    out = _labctl(tmp_path, env, "doctor", "--provider", "vagrant").stdout
    assert "fail Vagrant 2.3.4 tidak mendukung VirtualBox 7.2.6" in out, out
    assert "-> pasang Vagrant >= 2.4.9 dari HashiCorp" in out
    assert "bawaan hotspot Android" in out
    english = _labctl(tmp_path, env, "doctor", "--provider", "vagrant", "--lang", "en").stdout
    assert "fail Vagrant 2.3.4 does not support VirtualBox 7.2.6" in english
    bad = _labctl(tmp_path, env, "doctor", "--lang", "jv")
    # LANG is Indonesian here, and so is the refusal of an unknown --lang
    assert bad.returncode == 2 and "--lang harus id atau en, bukan 'jv'" in bad.stderr


def test_doctor_command_global_lang_and_an_unknown_provider(tmp_path: Path) -> None:
    """`labctl --lang id doctor` speaks Indonesian as `doctor --lang id` does; a provider that
    is neither local nor vagrant is a usage error, not an empty report that exits 0."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "COLUMNS": "400", "LANG": "C"}
    out = _labctl(tmp_path, env, "--lang", "id", "doctor", "--provider", "local").stdout
    assert "lab embedded: Apache di " in out, out
    bad = _labctl(tmp_path, env, "doctor", "--provider", "kvm")
    assert bad.returncode == 2 and "--provider must be local or vagrant, not 'kvm'" in bad.stderr
    assert bad.stdout == ""


@needs_vagrant
def test_up_refuses_in_the_students_language(tmp_path: Path) -> None:
    """`up` refuses on doctor's "fail" with the finding and its fix in Indonesian too."""
    env = _stand_ins(tmp_path, lsmod=LSMOD_VBOX)  # no VBoxManage anywhere on PATH
    env["PATH"] = f"{tmp_path / 'bin'}:{os.path.dirname(shutil.which('vagrant') or '')}:/bin"
    up = _labctl(tmp_path, env, "--lang", "id", "up", "--provider", "vagrant")
    assert up.returncode == 2, up.stderr
    assert "VirtualBox belum terpasang (VBoxManage tidak ditemukan): pasang VirtualBox" in up.stderr
    assert "(`labctl doctor` menunjukkan semua pemeriksaan)" in up.stderr
    assert not (tmp_path / ".labctl").exists()
