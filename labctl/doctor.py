"""`labctl doctor`: can this machine run the lab, and if not, the one thing to do about it.

Every check is a small pure function over text in its real format (`VBoxManage --version`,
/etc/vbox/networks.conf, `ip -4 route`, `vagrant box list --machine-readable`...), so the tests
feed it outputs captured from real machines. `HostProbe.gather()` is the only part that runs
commands, and none of them sends a packet: routes are read, not tested.
"""

from __future__ import annotations

import ipaddress
import os
import platform
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from labctl.lab import Lab

Level = Literal["ok", "warn", "fail"]

VBOX_NETWORKS_CONF = Path("/etc/vbox/networks.conf")
# VirtualBox >= 6.1.28 on Linux, macOS and Solaris: host-only addresses only from this range
# unless /etc/vbox/networks.conf lists others (and then only those).
VBOX_DEFAULT_RANGE = ipaddress.IPv4Network("192.168.56.0/21")
VBOX_RANGE_CHECK_SINCE = (6, 1, 28)
SAFE_SUBNET = "192.168.56.0/24"
LIBVIRT_URI = "qemu:///system"
LIBVIRT_SOCKETS = ("/var/run/libvirt/libvirt-sock", "/run/libvirt/virtqemud-sock")
MIN_VAGRANT = (2, 2, 0)
# Interfaces a hypervisor creates for its own networks: a route through one is a lab network.
HYPERVISOR_IFACES = re.compile(r"^(vboxnet\d+|virbr\d+|vnet\d+|bridge\d+|vmnet\d+)$")
# Roughly what the first `vagrant up` downloads (centos/7 2004.01 boxes are 0.4-0.5 GB).
BOX_SIZES = {"centos/7": "about 0.5 GB"}


@dataclass(frozen=True)
class Finding:
    level: Level
    what: str
    fix: str = ""


@dataclass(frozen=True)
class HostProbe:
    """Raw observations of this machine; None where a tool or file is absent."""

    system: str  # platform.system(): Linux, Darwin, Windows
    machine: str  # platform.machine(): x86_64, arm64, aarch64
    vagrant_version: str | None  # `vagrant --version`
    vagrant_plugins: str | None  # `vagrant plugin list --machine-readable`
    vagrant_boxes: str | None  # `vagrant box list --machine-readable`
    vboxmanage: str | None  # `VBoxManage --version`, stdout + stderr
    vbox_networks_conf: str | None  # /etc/vbox/networks.conf
    virsh: tuple[int, str] | None  # (exit status, output) of `virsh -c qemu:///system version`
    libvirt_socket: bool
    kvm: bool  # /dev/kvm exists
    routes: str  # `ip -4 route` (Linux) or `netstat -rn` output

    @classmethod
    def gather(
        cls,
        run: Callable[[list[str]], tuple[int, str] | None] | None = None,
        *,
        quick: bool = False,
    ) -> HostProbe:
        """Observe this machine; ``quick`` skips what only the report needs (boxes, routes)."""
        run = run or _run
        vagrant = run(["vagrant", "--version"])
        have_vagrant = vagrant is not None and vagrant[0] == 0
        vbox = run(["VBoxManage", "--version"])
        virsh = run(["virsh", "-c", LIBVIRT_URI, "version"])
        plugins = (
            _ok(run(["vagrant", "plugin", "list", "--machine-readable"]))
            if (have_vagrant and (virsh is not None or not quick))
            else None
        )
        boxes = routes = None
        if not quick:
            boxes = (
                _ok(run(["vagrant", "box", "list", "--machine-readable"])) if have_vagrant else None
            )
            routes = run(["ip", "-4", "route"]) or run(["netstat", "-rn"])
        return cls(
            system=platform.system(),
            machine=platform.machine(),
            vagrant_version=vagrant[1] if have_vagrant and vagrant else None,
            vagrant_plugins=plugins,
            vagrant_boxes=boxes,
            vboxmanage=vbox[1] if vbox is not None else None,
            vbox_networks_conf=_read(VBOX_NETWORKS_CONF),
            virsh=virsh,
            libvirt_socket=any(Path(s).exists() for s in LIBVIRT_SOCKETS),
            kvm=Path("/dev/kvm").exists(),
            routes=routes[1] if routes else "",
        )


def _run(argv: list[str]) -> tuple[int, str] | None:
    """(status, stdout+stderr) of a local command; None when it is not installed."""
    if shutil.which(argv[0]) is None:
        return None
    try:
        proc = subprocess.run(
            argv,
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
            env={**os.environ, "LC_ALL": "C"},
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return proc.returncode, proc.stdout + proc.stderr


def _ok(result: tuple[int, str] | None) -> str | None:
    return result[1] if result is not None and result[0] == 0 else None


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None


# --- the entry points ---------------------------------------------------------------------


def doctor(lab: Lab, *, provider_hint: str | None, probe: HostProbe | None = None) -> list[Finding]:
    """Findings for running ``lab`` here; ``provider_hint`` narrows them to local or vagrant."""
    probe = probe if probe is not None else HostProbe.gather()
    findings: list[Finding] = []
    if provider_hint in (None, "local"):
        findings.append(check_local_apache())
    if provider_hint in (None, "vagrant"):
        findings.extend(vagrant_findings(lab, probe))
    return findings


def vagrant_findings(lab: Lab, probe: HostProbe) -> list[Finding]:
    hypervisor = lab.vagrant.provider
    out = [check_vagrant(probe.vagrant_version)]
    if hypervisor == "virtualbox":
        out.append(check_virtualbox(probe.vboxmanage))
        version = vbox_version(probe.vboxmanage)
        if version is not None:
            out.append(check_vbox_networks(version, probe.vbox_networks_conf, lab.subnet, probe))
    elif hypervisor == "libvirt":
        out.append(check_libvirt(probe.virsh, probe.libvirt_socket, probe.vagrant_plugins))
        if probe.system == "Linux" and not probe.kvm:
            out.append(
                Finding(
                    "warn",
                    "no /dev/kvm: libvirt can only emulate the VMs (TCG), several times slower",
                    "export LABCTL_LIBVIRT_DRIVER=qemu before `labctl up`",
                )
            )
    out.append(check_routes(probe.routes, lab.subnet))
    out.append(check_architecture(probe.system, probe.machine, lab.vagrant.box, hypervisor))
    if probe.vagrant_version is not None:
        out.append(check_box(probe.vagrant_boxes, lab.vagrant.box, hypervisor))
    return [f for f in out if f is not None]


def check_local_apache() -> Finding:
    from labctl.apache import find_apache
    from labctl.errors import LabctlError

    try:
        apache = find_apache()
    except LabctlError as exc:
        return Finding("fail", "embedded lab: Apache httpd not found", str(exc))
    return Finding("ok", f"embedded lab: Apache at {apache.binary}")


def choose_provider(
    lab: Lab,
    flag: str | None,
    *,
    say: Callable[[str], None] | None = None,
    probe: HostProbe | None = None,
) -> str:
    """The provider for `up`: --provider, else lab.toml's, else vagrant only if it can run."""
    if flag:
        return flag
    if lab.provider:
        return lab.provider
    tool = _HYPERVISOR_TOOLS.get(lab.vagrant.provider)
    if probe is None and tool is not None and shutil.which(tool) is None:
        # Cheap answer first: asking `vagrant --version` costs a Ruby start-up (about 1 s).
        if say:
            say(f"provider: local, the embedded lab ({lab.vagrant.provider} is not installed)")
        return "local"
    probe = probe if probe is not None else HostProbe.gather(quick=True)
    blocker = _vm_blocker(lab, probe)
    if blocker is None:
        if say:
            say(f"provider: vagrant ({lab.vagrant.provider} is usable here)")
        return "vagrant"
    if say:
        say(f"provider: local, the embedded lab ({blocker.what})")
    return "local"


_HYPERVISOR_TOOLS = {"virtualbox": "VBoxManage", "libvirt": "virsh"}


def usable_vm_provider(lab: Lab, probe: HostProbe | None = None) -> str | None:
    """The lab's Vagrant provider (virtualbox, libvirt) if Vagrant and it can run here."""
    probe = probe if probe is not None else HostProbe.gather(quick=True)
    return None if _vm_blocker(lab, probe) else lab.vagrant.provider


def _vm_blocker(lab: Lab, probe: HostProbe) -> Finding | None:
    findings = [check_vagrant(probe.vagrant_version)]
    if lab.vagrant.provider == "virtualbox":
        findings.append(check_virtualbox(probe.vboxmanage))
    elif lab.vagrant.provider == "libvirt":
        findings.append(check_libvirt(probe.virsh, probe.libvirt_socket, probe.vagrant_plugins))
    else:
        findings.append(Finding("fail", f"labctl does not drive Vagrant's {lab.vagrant.provider}"))
    return next((f for f in findings if f.level == "fail"), None)


# --- Vagrant and hypervisors --------------------------------------------------------------


def parse_version(text: str) -> tuple[int, int, int] | None:
    """The first x.y.z in ``text``: "Vagrant 2.3.4", "7.0.12r159484", "6.1.50_Ubuntur161033"."""
    for line in reversed(text.strip().splitlines()):
        m = re.search(r"(\d+)\.(\d+)\.(\d+)", line)
        if m:
            return int(m[1]), int(m[2]), int(m[3])
    return None


def _dotted(version: tuple[int, ...]) -> str:
    return ".".join(map(str, version))


def check_vagrant(version_text: str | None) -> Finding:
    if version_text is None:
        return Finding(
            "fail",
            "Vagrant is not installed",
            "install it (https://developer.hashicorp.com/vagrant/install or "
            "`sudo apt-get install vagrant`), or use --provider local",
        )
    version = parse_version(version_text)
    if version is None:
        return Finding("warn", f"cannot read the Vagrant version from {version_text.strip()!r}")
    if version < MIN_VAGRANT:
        return Finding(
            "fail",
            f"Vagrant {_dotted(version)} is too old (labctl needs {_dotted(MIN_VAGRANT)} or newer)",
            "upgrade Vagrant, or use --provider local",
        )
    return Finding("ok", f"Vagrant {_dotted(version)}")


def vbox_version(text: str | None) -> tuple[int, int, int] | None:
    # VBoxManage prints kernel-module warnings before the version; the version is the last line.
    return parse_version(text) if text else None


def check_virtualbox(text: str | None) -> Finding:
    if text is None:
        return Finding(
            "fail",
            "VirtualBox is not installed (no VBoxManage on PATH)",
            "install VirtualBox (https://www.virtualbox.org/wiki/Downloads), "
            'or use --provider local, or libvirt (lab.toml: vagrant.provider = "libvirt")',
        )
    version = vbox_version(text)
    if "vboxdrv kernel module is not loaded" in text:
        return Finding(
            "fail",
            "VirtualBox is installed but its kernel module (vboxdrv) is not loaded",
            "sudo /sbin/vboxconfig (and on Secure Boot machines, enrol the module's key)",
        )
    if version is None:
        return Finding("warn", f"cannot read the VirtualBox version from {text.strip()!r}")
    return Finding("ok", f"VirtualBox {_dotted(version)}")


def parse_networks_conf(text: str) -> list[ipaddress.IPv4Network]:
    """The IPv4 ranges of /etc/vbox/networks.conf: lines like `* 10.0.0.0/8 192.168.0.0/16`."""
    nets = []
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line.startswith("*"):
            continue
        for word in line[1:].split():
            try:
                net = ipaddress.ip_network(word, strict=False)
            except ValueError:
                continue
            if isinstance(net, ipaddress.IPv4Network):
                nets.append(net)
    return nets


def check_vbox_networks(
    version: tuple[int, int, int], conf: str | None, subnet: str, probe: HostProbe | None = None
) -> Finding:
    net = ipaddress.IPv4Network(subnet, strict=False)
    system = probe.system if probe else platform.system()
    if version < VBOX_RANGE_CHECK_SINCE or system == "Windows":
        return Finding("ok", f"VirtualBox {_dotted(version)} accepts host-only network {net}")
    allowed = parse_networks_conf(conf) if conf is not None else [VBOX_DEFAULT_RANGE]
    if any(net.subnet_of(r) for r in allowed):
        return Finding("ok", f"VirtualBox allows host-only network {net}")
    where = VBOX_NETWORKS_CONF
    keep = (
        "" if conf is not None else f" (and `* {VBOX_DEFAULT_RANGE}` to keep VirtualBox's default)"
    )
    return Finding(
        "fail",
        f"VirtualBox {_dotted(version)} refuses host-only addresses in {net} "
        f"(allowed: {', '.join(map(str, allowed)) or 'none'})",
        f"add the line `* {net}` to {where}{keep}, or use --subnet {SAFE_SUBNET}",
    )


def check_libvirt(
    virsh: tuple[int, str] | None, socket_present: bool, plugins: str | None
) -> Finding:
    if plugins is not None and "vagrant-libvirt" not in plugins:
        return Finding(
            "fail",
            "Vagrant has no libvirt provider (plugin vagrant-libvirt missing)",
            "`sudo apt-get install vagrant-libvirt` or `vagrant plugin install vagrant-libvirt`",
        )
    if virsh is None:
        if socket_present:
            return Finding("ok", "libvirt socket present (virsh not installed to check further)")
        return Finding(
            "fail",
            "libvirt is not installed (no virsh, no libvirtd socket)",
            "`sudo apt-get install libvirt-daemon-system vagrant-libvirt`, or use --provider local",
        )
    status, output = virsh
    if status == 0:
        m = re.search(r"Running hypervisor:\s*(.+)", output)
        return Finding("ok", f"libvirt at {LIBVIRT_URI}" + (f" ({m[1].strip()})" if m else ""))
    error = _first_error(output)
    if "Permission denied" in output:
        fix = "`sudo usermod -aG libvirt $USER`, then log in again"
    elif "No such file or directory" in output or "Connection refused" in output:
        fix = "start libvirtd: `sudo systemctl enable --now libvirtd`"
    else:
        fix = f"check `virsh -c {LIBVIRT_URI} version`"
    return Finding("fail", f"libvirt is not usable: {error}", fix)


def _first_error(output: str) -> str:
    lines = [ln.strip() for ln in output.splitlines() if ln.strip()]
    # virsh says "failed to connect to the hypervisor" first; the reason is on the next line.
    reasons = [ln.removeprefix("error: ") for ln in lines if ln.startswith("error:")]
    return reasons[-1] if reasons else (lines[-1] if lines else "no output")


# --- the host's network -------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    network: ipaddress.IPv4Network
    interface: str


def parse_routes(text: str) -> list[Route]:
    """Routes from `ip -4 route`, Linux `netstat -rn` or BSD/macOS `netstat -rn` output."""
    routes = []
    for line in text.splitlines():
        words = line.split()
        if not words or words[0] in ("default", "Destination", "Kernel", "Routing", "Internet:"):
            continue
        try:
            if len(words) >= 3 and _is_dotted_mask(words[2]):
                # Linux netstat: Destination Gateway Genmask Flags MSS Window irtt Iface
                net = ipaddress.IPv4Network(f"{words[0]}/{words[2]}", strict=False)
                iface = words[-1]
            elif "dev" in words:
                # ip route: "192.168.43.0/24 dev wlan0 proto kernel scope link src ..."
                net = ipaddress.IPv4Network(words[0], strict=False)
                iface = words[words.index("dev") + 1]
            elif len(words) >= 4:
                # BSD netstat: Destination Gateway Flags Netif [Expire]; "192.168.43" = a /24
                net = _bsd_destination(words[0])
                iface = words[3]
            else:
                continue
        except (ValueError, IndexError):
            continue
        if net.prefixlen == 0:
            continue  # 0.0.0.0 is the default route in netstat's notation
        routes.append(Route(net, iface))
    return routes


def _is_dotted_mask(word: str) -> bool:
    return (bool(re.fullmatch(r"\d+\.\d+\.\d+\.\d+", word)) and word.startswith("255.")) or (
        word == "0.0.0.0"
    )


def _bsd_destination(word: str) -> ipaddress.IPv4Network:
    if "/" in word:
        address, prefix = word.split("/", 1)
        parts = address.split(".")
        return ipaddress.IPv4Network(
            ".".join(parts + ["0"] * (4 - len(parts))) + f"/{prefix}", strict=False
        )
    parts = word.split(".")
    if not all(p.isdigit() for p in parts):
        raise ValueError(word)
    return ipaddress.IPv4Network(
        ".".join(parts + ["0"] * (4 - len(parts))) + f"/{8 * len(parts)}", strict=False
    )


def check_routes(text: str, subnet: str) -> Finding:
    net = ipaddress.IPv4Network(subnet, strict=False)
    clashes = [
        r
        for r in parse_routes(text)
        if r.network.overlaps(net) and not r.network.is_loopback and r.network.prefixlen >= 8
    ]
    foreign = [r for r in clashes if not HYPERVISOR_IFACES.match(r.interface)]
    if not foreign:
        if clashes:
            return Finding(
                "ok", f"{net} is routed only through {clashes[0].interface} (a VM network)"
            )
        return Finding("ok", f"{net} is not used by this machine's networks")
    first = foreign[0]
    hotspot = (
        " - 192.168.43.0/24 is the Android hotspot default"
        if net == ipaddress.IPv4Network("192.168.43.0/24")
        else ""
    )
    return Finding(
        "warn",
        f"{net} is already a network of this machine ({first.network} via {first.interface}"
        f"{hotspot}): the lab's VMs would hide it",
        f"use another subnet: `labctl up --subnet {SAFE_SUBNET}`",
    )


# --- boxes and architecture ---------------------------------------------------------------


def check_architecture(system: str, machine: str, box: str, hypervisor: str) -> Finding | None:
    arm = machine.lower() in ("arm64", "aarch64")
    if not arm:
        return None
    x86_box = box.startswith("centos/") and "arm" not in box and "aarch64" not in box
    if not x86_box:
        return Finding("ok", f"{machine} host; box {box} must have an {machine} build")
    where = "Apple silicon" if system == "Darwin" else f"this {machine} machine"
    return Finding(
        "fail",
        f"{where} cannot run the x86_64 box {box} ({hypervisor} runs arm64 guests only)",
        'in lab.toml set vagrant.box = "bento/debian-12" (arm64) with VMware Fusion, '
        "Parallels or QEMU (vagrant-qemu plugin), or use --provider local",
    )


def parse_box_list(text: str) -> list[tuple[str, str, str]]:
    """(name, provider, version) from `vagrant box list` (machine-readable or human)."""
    boxes: list[tuple[str, str, str]] = []
    name = provider = version = ""
    for line in text.splitlines():
        parts = line.split(",", 3)
        if len(parts) == 4 and parts[0].isdigit():
            kind, data = parts[2], parts[3]
            if kind == "box-name":
                if name:
                    boxes.append((name, provider, version))
                name, provider, version = data, "", ""
            elif kind == "box-provider":
                provider = data
            elif kind == "box-version":
                version = data
            continue
        m = re.match(r"^(\S+)\s+\(([^,]+),\s*([^,)]+)", line)  # "centos/7 (virtualbox, 2004.01)"
        if m:
            boxes.append((m[1], m[2], m[3]))
    if name:
        boxes.append((name, provider, version))
    return boxes


def check_box(box_list: str | None, box: str, hypervisor: str) -> Finding:
    have = [b for b in parse_box_list(box_list or "") if b[0] == box and b[1] == hypervisor]
    if have:
        return Finding("ok", f"box {box} ({hypervisor}, {have[0][2]}) is downloaded")
    size = BOX_SIZES.get(box, "several hundred MB")
    file = "CentOS-7.box" if box == "centos/7" else box.replace("/", "-") + ".box"
    return Finding(
        "warn",
        f"box {box} ({hypervisor}) is not downloaded yet: the first `labctl up` fetches {size}",
        f"without internet, copy the {hypervisor} .box file and "
        f"`vagrant box add --name {box} /path/to/{file}`",
    )
