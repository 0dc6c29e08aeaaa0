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
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from labctl.i18n import Lang, current, t, tr
from labctl.lab import ARM64_BOX, Lab, check_provider_flag, is_arm64

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
# The first Vagrant release whose VirtualBox provider accepts each VirtualBox series (Vagrant's
# CHANGELOG: 2.3.2 "Add support for VirtualBox 7.0", 2.4.2 7.1 (hashicorp/vagrant PR 13513,
# issue 13501), 2.4.9 7.2). An older Vagrant says "The provider 'virtualbox' ... isn't usable".
VAGRANT_FOR_VBOX: dict[tuple[int, int], tuple[int, int, int]] = {
    (7, 0): (2, 3, 2),
    (7, 1): (2, 4, 2),
    (7, 2): (2, 4, 9),
}
VAGRANT_DOWNLOAD = "https://developer.hashicorp.com/vagrant/install"
# VirtualBox runs arm64 guests on Apple silicon from 7.1 on (7.0 had only a developer preview).
VBOX_ARM64_SINCE = (7, 1, 0)
# Linux 6.12 made KVM take VT-x/AMD-V when its module loads (kvm.enable_virt_at_load=1), so a
# loaded kvm_intel/kvm_amd stops every VirtualBox VM: VERR_VMX_IN_VMX_ROOT_MODE / VERR_SVM_IN_USE.
KVM_GRABS_VT_SINCE = (6, 12)
WINDOWS_VBOX_DIRS = ("Program Files/Oracle/VirtualBox", "Program Files (x86)/Oracle/VirtualBox")
# Interfaces a hypervisor creates for its own networks: a route through one is a lab network.
HYPERVISOR_IFACES = re.compile(r"^(vboxnet\d+|virbr\d+|vnet\d+|bridge\d+|vmnet\d+)$")
# Roughly what the first `vagrant up` downloads (centos/7 2004.01 boxes are 0.4-0.5 GB).
BOX_SIZES = {"centos/7": "size-centos"}  # messages doctor.size-*


@dataclass(frozen=True)
class Msg:
    """A message of labctl/i18n.py with its values, rendered in either language; a value may
    itself be a Msg (a phrase that is translated too)."""

    key: str
    values: tuple[tuple[str, object], ...] = ()

    def render(self, lang: Lang) -> str:
        values = {k: v.render(lang) if isinstance(v, Msg) else v for k, v in self.values}
        return t(lang, self.key, **values)


@dataclass(frozen=True)
class Finding:
    level: Level
    what: str  # English: the form tests, logs and `labctl up`'s errors use
    fix: str = ""
    about: str = ""  # what the finding concerns when a caller may set it aside: "network"
    text: Msg | None = field(default=None, compare=False)  # what and fix, in any language
    fix_text: Msg | None = field(default=None, compare=False)

    def in_lang(self, lang: Lang) -> tuple[str, str]:
        """(what, fix) in ``lang``."""
        what = self.text.render(lang) if self.text else self.what
        fix = self.fix_text.render(lang) if self.fix_text else self.fix
        return what, fix


def _msg(key: str, **values: object) -> Msg:
    return Msg(f"doctor.{key}", tuple(values.items()))


def _finding(
    level: Level, key: str, *, fix: str | None = None, about: str = "", **values: object
) -> Finding:
    """A finding from doctor.KEY in labctl/i18n.py; its fix is doctor.KEY.fix (or
    doctor.FIX.fix) when that message exists. Both take ``values``."""
    from labctl.i18n import MESSAGES

    text = _msg(key, **values)
    fix_key = f"doctor.{fix or key}.fix"
    fix_text = Msg(fix_key, text.values) if fix_key in MESSAGES else None
    return Finding(
        level,
        text.render("en"),
        fix_text.render("en") if fix_text else "",
        about,
        text,
        fix_text,
    )


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
    routes: str  # `ip -4 route` (Linux) or `netstat -rn` output (BSD, macOS, Windows)
    kernel: str = ""  # platform.release(): "6.12.9-amd64", "10" (Windows), "23.4.0" (Darwin)
    lsmod: str | None = None  # Linux: `lsmod` (or /proc/modules)
    hypervisor_present: str | None = None  # Windows: Win32_ComputerSystem.HypervisorPresent
    home: str = ""  # the user's home directory (where Vagrant keeps its boxes by default)
    vagrant_home: str | None = None  # VAGRANT_HOME, when set

    @classmethod
    def gather(
        cls,
        run: Callable[[list[str]], tuple[int, str] | None] | None = None,
        *,
        quick: bool = False,
    ) -> HostProbe:
        """Observe this machine; ``quick`` skips what only the report needs (boxes, routes)."""
        run = run or _run
        system = platform.system()
        vagrant = run(["vagrant", "--version"])
        have_vagrant = vagrant is not None and vagrant[0] == 0
        vboxmanage = find_vboxmanage(system, os.environ)
        vbox = run([vboxmanage, "--version"]) if vboxmanage else None
        virsh = run(["virsh", "-c", LIBVIRT_URI, "version"])
        plugins = (
            _ok(run(["vagrant", "plugin", "list", "--machine-readable"]))
            if (have_vagrant and (virsh is not None or not quick))
            else None
        )
        boxes = routes = lsmod = hypervisor = None
        if not quick:
            boxes = (
                _ok(run(["vagrant", "box", "list", "--machine-readable"])) if have_vagrant else None
            )
            # Windows has no `ip`; its `netstat -rn` prints the same table as `route print`
            linux_routes = None if system == "Windows" else run(["ip", "-4", "route"])
            routes = linux_routes or run(["netstat", "-rn"])
        if system == "Linux":
            lsmod = _ok(run(["lsmod"])) or _read(Path("/proc/modules"))
        elif system == "Windows":
            hypervisor = _ok(run([*_POWERSHELL, _HYPERVISOR_PRESENT]))
        return cls(
            system=system,
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
            kernel=platform.release(),
            lsmod=lsmod,
            hypervisor_present=hypervisor,
            home=str(Path.home()),
            vagrant_home=os.environ.get("VAGRANT_HOME") or None,
        )


_POWERSHELL = ("powershell", "-NoProfile", "-NonInteractive", "-Command")
# True when Windows itself runs on a hypervisor: Hyper-V, WSL2, Windows Sandbox, Virtual Machine
# Platform or Memory Integrity (HVCI). Not translated, unlike `systeminfo`'s text.
_HYPERVISOR_PRESENT = "(Get-CimInstance Win32_ComputerSystem).HypervisorPresent"


def find_vboxmanage(
    system: str,
    env: Mapping[str, str],
    *,
    which: Callable[[str], str | None] = shutil.which,
    is_file: Callable[[str], bool] = os.path.isfile,
) -> str | None:
    """VBoxManage the way Vagrant finds it (plugins/providers/virtualbox/driver/base.rb).

    VirtualBox's Windows installer does not put VBoxManage on PATH (vagrant issue 3868): Vagrant
    then tries VBOX_INSTALL_PATH / VBOX_MSI_INSTALL_PATH (";"-separated directories), then
    the default install directories on the system drive.
    """
    found = which("VBoxManage")
    if found or system != "Windows":
        return found
    dirs = [
        d
        for var in ("VBOX_INSTALL_PATH", "VBOX_MSI_INSTALL_PATH")
        for d in env.get(var, "").split(";")
        if d.strip()
    ]
    drive = env.get("SYSTEMDRIVE") or "C:"
    dirs += [f"{drive}/{d}" for d in WINDOWS_VBOX_DIRS]
    if env.get("PROGRAMFILES"):
        dirs.append(f"{env['PROGRAMFILES']}/Oracle/VirtualBox")
    for d in dirs:
        candidate = d.rstrip("\\/") + "\\VBoxManage.exe"
        if is_file(candidate):
            return candidate
    return None


def _run(argv: list[str]) -> tuple[int, str] | None:
    """(status, stdout+stderr) of a local command; None when it is not installed."""
    if shutil.which(argv[0]) is None:
        return None
    try:
        proc = subprocess.run(
            argv,
            capture_output=True,
            # Vagrant and VBoxManage write UTF-8; Windows' code page would fail on a user name
            encoding="utf-8",
            errors="replace",
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
    check_provider_flag(provider_hint)
    probe = probe if probe is not None else HostProbe.gather()
    findings: list[Finding] = []
    if provider_hint in (None, "local"):
        findings.append(check_local_apache())
    if provider_hint in (None, "vagrant"):
        findings.extend(f for f in vagrant_findings(lab, probe) if f is not None)
    return findings


def vagrant_findings(lab: Lab, probe: HostProbe) -> list[Finding | None]:
    hypervisor = lab.vagrant.hypervisor
    out: list[Finding | None] = [check_vagrant(probe.vagrant_version)]
    out.append(check_windows_home(probe.system, probe.home, probe.vagrant_home))
    if hypervisor == "virtualbox":
        out.append(check_virtualbox(probe.vboxmanage))
        version = vbox_version(probe.vboxmanage)
        if version is not None:
            out.append(check_vagrant_supports_vbox(probe.vagrant_version, version))
            out.append(check_vbox_networks(version, probe.vbox_networks_conf, lab.subnet, probe))
            out.append(check_vbox_arm64(probe.machine, version))
        out.append(check_kvm_modules(probe.system, probe.kernel, probe.lsmod))
        out.append(check_windows_hypervisor(probe.system, probe.hypervisor_present))
        out.append(check_vbguest(probe.vagrant_plugins))
    elif hypervisor == "libvirt":
        out.append(check_libvirt(probe.virsh, probe.libvirt_socket, probe.vagrant_plugins))
        if probe.system == "Linux" and not probe.kvm:
            out.append(_finding("warn", "no-kvm-device"))
    out.append(check_routes(probe.routes, lab.subnet))
    out.append(check_architecture(probe.system, probe.machine, lab.vagrant.box, hypervisor))
    if probe.vagrant_version is not None:
        out.append(check_box(probe.vagrant_boxes, lab.vagrant.box, hypervisor))
    return out


def check_local_apache() -> Finding:
    from labctl.apache import find_apache
    from labctl.errors import LabctlError

    try:
        apache = find_apache()
    except LabctlError as exc:
        return _finding("fail", "apache-missing", reason=str(exc))
    return _finding("ok", "apache-ok", binary=apache.binary)


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
    if lab.requested_provider:
        return lab.requested_provider
    if probe is None and not hypervisor_tool_present(lab.vagrant.hypervisor):
        # Cheap answer first: asking `vagrant --version` costs a Ruby start-up (about 1 s).
        if say:
            why = tr("cmd.not-installed", what=lab.vagrant.hypervisor)
            say(tr("cmd.provider-local", why=why))
        return "local"
    probe = probe if probe is not None else HostProbe.gather(quick=True)
    blocker = _vm_blocker(lab, probe)
    if blocker is None:
        if say:
            say(tr("cmd.provider-vagrant", hypervisor=lab.vagrant.hypervisor))
        return "vagrant"
    if say:
        say(tr("cmd.provider-local", why=blocker.in_lang(current())[0]))
    return "local"


def hypervisor_tool_present(hypervisor: str) -> bool:
    if hypervisor == "virtualbox":
        return find_vboxmanage(platform.system(), os.environ) is not None
    if hypervisor == "libvirt":
        return shutil.which("virsh") is not None
    return True


def _vm_blocker(lab: Lab, probe: HostProbe) -> Finding | None:
    findings: list[Finding | None] = [check_vagrant(probe.vagrant_version)]
    if lab.vagrant.hypervisor == "virtualbox":
        findings.append(check_virtualbox(probe.vboxmanage))
        version = vbox_version(probe.vboxmanage)
        if version is not None:
            findings.append(check_vagrant_supports_vbox(probe.vagrant_version, version))
    elif lab.vagrant.hypervisor == "libvirt":
        findings.append(check_libvirt(probe.virsh, probe.libvirt_socket, probe.vagrant_plugins))
    else:
        findings.append(_finding("fail", "provider-unknown", provider=lab.vagrant.hypervisor))
    return next((f for f in findings if f is not None and f.level == "fail"), None)


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
        return _finding("fail", "vagrant-missing")
    version = parse_version(version_text)
    if version is None:
        return _finding("warn", "vagrant-unreadable", text=repr(version_text.strip()))
    if version < MIN_VAGRANT:
        return _finding(
            "fail", "vagrant-old", version=_dotted(version), minimum=_dotted(MIN_VAGRANT)
        )
    return _finding("ok", "vagrant-ok", version=_dotted(version))


def vbox_version(text: str | None) -> tuple[int, int, int] | None:
    # VBoxManage prints kernel-module warnings before the version; the version is the last line.
    return parse_version(text) if text else None


def check_virtualbox(text: str | None) -> Finding:
    if text is None:
        return _finding("fail", "vbox-missing")
    version = vbox_version(text)
    if "vboxdrv kernel module is not loaded" in text:
        return _finding("fail", "vbox-no-module")
    if version is None:
        return _finding("warn", "vbox-unreadable", text=repr(text.strip()))
    return _finding("ok", "vbox-ok", version=_dotted(version))


def check_vagrant_supports_vbox(
    vagrant_text: str | None, vbox: tuple[int, int, int]
) -> Finding | None:
    """Vagrant's VirtualBox provider knows each VirtualBox series by name (driver/meta.rb)."""
    vagrant = parse_version(vagrant_text) if vagrant_text else None
    if vagrant is None:
        return None
    series = vbox[:2]
    known = [s for s in VAGRANT_FOR_VBOX if s <= series]
    needed = VAGRANT_FOR_VBOX.get(series)
    if needed is None and known and series > max(known):
        # a VirtualBox newer than this table: say what we know, not that it fails
        return _finding(
            "warn", "vbox-newer", vbox=_dotted(vbox), vagrant=_dotted(vagrant), url=VAGRANT_DOWNLOAD
        )
    if needed is None or vagrant >= needed:
        return _finding("ok", "vbox-supported", vagrant=_dotted(vagrant), series=_dotted(series))
    return _finding(
        "fail",
        "vbox-unsupported",
        vagrant=_dotted(vagrant),
        vbox=_dotted(vbox),
        series=_dotted(series),
        needed=_dotted(needed),
        url=VAGRANT_DOWNLOAD,
        older=_newest_series_for(vagrant),
    )


def _newest_series_for(vagrant: tuple[int, int, int]) -> str:
    usable = [s for s, need in VAGRANT_FOR_VBOX.items() if vagrant >= need]
    return f"{_dotted(max(usable))}.x" if usable else "6.1.x"


def check_vbox_arm64(machine: str, vbox: tuple[int, int, int]) -> Finding | None:
    if not is_arm64(machine) or vbox >= VBOX_ARM64_SINCE:
        return None
    return _finding("fail", "vbox-arm64-old", vbox=_dotted(vbox), since=_dotted(VBOX_ARM64_SINCE))


def kernel_version(release: str) -> tuple[int, int] | None:
    m = re.match(r"(\d+)\.(\d+)", release)
    return (int(m[1]), int(m[2])) if m else None


def check_kvm_modules(system: str, kernel: str, lsmod: str | None) -> Finding | None:
    """Linux >= 6.12 with kvm_intel/kvm_amd loaded: VirtualBox cannot start a VM."""
    if system != "Linux" or lsmod is None:
        return None
    loaded = [
        line.split()[0]
        for line in lsmod.splitlines()
        if line.split()[:1] in (["kvm_intel"], ["kvm_amd"])
    ]
    if not loaded:
        return _finding("ok", "kvm-none")
    version = kernel_version(kernel)
    if version is not None and version < KVM_GRABS_VT_SINCE:
        return _finding("ok", "kvm-old-kernel", module=loaded[0], kernel=kernel)
    code = "VERR_SVM_IN_USE" if loaded[0] == "kvm_amd" else "VERR_VMX_IN_VMX_ROOT_MODE"
    return _finding("fail", "kvm-holds", module=loaded[0], kernel=kernel, code=code)


def check_windows_hypervisor(system: str, present: str | None) -> Finding | None:
    """Hyper-V, WSL2 or Memory Integrity on: VirtualBox runs on Windows' hypervisor, slowly."""
    if system != "Windows" or present is None:
        return None
    if present.strip().lower() != "true":
        return _finding("ok", "windows-hypervisor-none")
    return _finding("warn", "windows-hypervisor")


def check_windows_home(system: str, home: str, vagrant_home: str | None) -> Finding | None:
    """A non-ASCII user name breaks Vagrant on Windows (vagrant issues 11431, 2465)."""
    if system != "Windows":
        return None
    where = vagrant_home or home
    if where.isascii():
        return None
    return _finding("fail", "windows-home", where=where)


def check_vbguest(plugins: str | None) -> Finding | None:
    if plugins is None or "vagrant-vbguest" not in plugins:
        return None
    return _finding("ok", "vbguest")


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
    # Vagrant validates the range only where VirtualBox enforces it (action/network.rb,
    # validate_hostonly_ip!): not before 6.1.28, never on Windows, not on macOS from 7.0 on.
    if (
        version < VBOX_RANGE_CHECK_SINCE
        or system == "Windows"
        or (system == "Darwin" and version >= (7, 0, 0))
    ):
        return _finding("ok", "hostonly-any", version=_dotted(version), net=net)
    allowed = parse_networks_conf(conf) if conf is not None else [VBOX_DEFAULT_RANGE]
    if any(net.subnet_of(r) for r in allowed):
        return _finding("ok", "hostonly-allowed", net=net)
    return _finding(
        "fail",
        "hostonly-refused",
        fix="hostonly-refused" if conf is not None else "hostonly-no-conf",
        about="network",
        version=_dotted(version),
        net=net,
        allowed=", ".join(map(str, allowed)) or _msg("none"),
        conf=VBOX_NETWORKS_CONF,
        default=VBOX_DEFAULT_RANGE,
        safe=SAFE_SUBNET,
    )


def check_libvirt(
    virsh: tuple[int, str] | None, socket_present: bool, plugins: str | None
) -> Finding:
    if plugins is not None and "vagrant-libvirt" not in plugins:
        return _finding("fail", "libvirt-no-plugin")
    if virsh is None:
        if socket_present:
            return _finding("ok", "libvirt-socket")
        return _finding("fail", "libvirt-missing")
    status, output = virsh
    if status == 0:
        m = re.search(r"Running hypervisor:\s*(.+)", output)
        detail = f" ({m[1].strip()})" if m else ""
        return _finding("ok", "libvirt-ok", uri=LIBVIRT_URI, detail=detail)
    if "Permission denied" in output:
        fix = "libvirt-group"
    elif "No such file or directory" in output or "Connection refused" in output:
        fix = "libvirt-daemon"
    else:
        fix = "libvirt-other"
    return _finding(
        "fail", "libvirt-unusable", fix=fix, error=_first_error(output), uri=LIBVIRT_URI
    )


def _first_error(output: str) -> str:
    lines = [ln.strip() for ln in output.splitlines() if ln.strip()]
    # virsh says "failed to connect to the hypervisor" first; the reason is on the next line.
    reasons = [ln.removeprefix("error: ") for ln in lines if ln.startswith("error:")]
    return reasons[-1] if reasons else (lines[-1] if lines else "no output")


# --- the host's network -------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    network: ipaddress.IPv4Network
    interface: str  # a name (wlan0, en0, vboxnet0) or, on Windows, the interface's own address


def parse_routes(text: str) -> list[Route]:
    """Routes from `ip -4 route`, Linux `netstat -rn`, BSD/macOS `netstat -rn`, or Windows'
    `route print` / `netstat -rn` (whose headings are translated, so lines are read by shape)."""
    routes = []
    for line in text.splitlines():
        words = line.split()
        if not words or words[0] in ("default", "Destination", "Kernel", "Routing", "Internet:"):
            continue
        try:
            if _is_windows_route(words):
                # Windows: Destination Netmask Gateway Interface Metric; the gateway may be
                # "On-link" (translated, sometimes two words); the interface is an address.
                net = ipaddress.IPv4Network(f"{words[0]}/{words[1]}", strict=False)
                iface = words[-2]
            elif len(words) >= 3 and _is_dotted_mask(words[2]):
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


_IPV4 = re.compile(r"\d{1,3}(\.\d{1,3}){3}")


def _is_windows_route(words: list[str]) -> bool:
    return (
        len(words) >= 5
        and bool(_IPV4.fullmatch(words[0]))
        and _is_dotted_mask(words[1])
        and bool(_IPV4.fullmatch(words[-2]))
        and words[-1].isdigit()
    )


def _is_dotted_mask(word: str) -> bool:
    """A netmask such as 255.255.255.0 or 240.0.0.0 (0.0.0.0 too: the default route's)."""
    if not _IPV4.fullmatch(word):
        return False
    try:
        ipaddress.IPv4Network(f"0.0.0.0/{word}")
    except ValueError:
        return False  # not contiguous ones: an address, e.g. a gateway
    return True


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


def _is_vm_network(route: Route, net: ipaddress.IPv4Network) -> bool:
    """A hypervisor's own network for ``net``: its interface by name, or (Windows, where
    interfaces show as addresses) the host side of a host-only network, which VirtualBox and
    Vagrant give the subnet's first address."""
    if HYPERVISOR_IFACES.match(route.interface):
        return True
    return route.interface == str(net.network_address + 1)


def foreign_routes(text: str, subnet: str) -> list[Route]:
    """Routes of this machine's own networks (Wi-Fi, hotspot, VPN) that overlap ``subnet``."""
    net = ipaddress.IPv4Network(subnet, strict=False)
    return [
        r
        for r in parse_routes(text)
        if r.network.overlaps(net)
        and not r.network.is_loopback
        and 8 <= r.network.prefixlen < 32  # /32s are single hosts (Windows lists its own)
        and not _is_vm_network(r, net)
    ]


def free_subnet(text: str) -> str:
    """The first /24 of VirtualBox's default host-only range no network of this machine uses."""
    for candidate in VBOX_DEFAULT_RANGE.subnets(new_prefix=24):
        if not foreign_routes(text, str(candidate)):
            return str(candidate)
    return SAFE_SUBNET


def check_routes(text: str, subnet: str) -> Finding:
    """The lab's subnet already routed here (192.168.43.0/24 is the Android hotspot's): the VMs
    would hide that network, or be unreachable. `up` refuses before creating anything."""
    net = ipaddress.IPv4Network(subnet, strict=False)
    foreign = foreign_routes(text, subnet)
    if not foreign:
        return _finding("ok", "routes-free", net=net)
    first = foreign[0]
    hotspot = net == ipaddress.IPv4Network("192.168.43.0/24")
    other = free_subnet(text)
    base = ipaddress.IPv4Network(other)
    octets = ", ".join(str(base.network_address + o) for o in (71, 92, 65))
    return _finding(
        "fail",
        "routes-hotspot" if hotspot else "routes-clash",
        fix="routes-clash",
        about="network",
        net=net,
        route=first.network,
        iface=first.interface,
        other=other,
        octets=octets,
    )


# --- boxes and architecture ---------------------------------------------------------------


def check_architecture(system: str, machine: str, box: str, hypervisor: str) -> Finding | None:
    if not is_arm64(machine):
        return None
    where = _msg("where-mac") if system == "Darwin" else _msg("where-arm", machine=machine)
    x86_box = box.startswith("centos/") and "arm" not in box and "aarch64" not in box
    if x86_box:
        return _finding("fail", "arch-x86-box", where=where, box=box, arm_box=ARM64_BOX)
    if box == ARM64_BOX:
        return _finding("ok", "arch-arm-box", where=where, box=box)
    return _finding("ok", "arch-other", machine=machine, box=box)


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
        return _finding("ok", "box-ok", box=box, hypervisor=hypervisor, version=have[0][2])
    size = _msg(BOX_SIZES.get(box, "size-other"))
    file = "CentOS-7.box" if box == "centos/7" else box.replace("/", "-") + ".box"
    return _finding("warn", "box-missing", box=box, hypervisor=hypervisor, size=size, file=file)
