"""The lab as three Vagrant VMs (VirtualBox or libvirt), provisioned by labctl over SSH.

Vagrant only creates, starts and stops the machines; the repository's Vagrantfile has no
provisioners. Everything on the guests goes through ``labctl.provisioning`` over SSH, the same
steps for every provider.

Vagrant runs in the directory that holds ``.labctl/`` with:
- ``VAGRANT_VAGRANTFILE`` = labctl's Vagrantfile (an absolute path works: Vagrant joins it to
  each directory it searches), so a Vagrantfile of the user's own is never picked up;
- ``VAGRANT_DOTFILE_PATH`` = ``.labctl/vagrant``, so a ``.vagrant/`` made by another project or a
  plain `vagrant up` here is never adopted (it is detected and reported instead);
- ``LABCTL_STATE_DIR`` = ``.labctl``, where the Vagrantfile reads lab.json.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import shutil
import subprocess
import threading
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from labctl import templates
from labctl.errors import (
    LabctlError,
    ProviderError,
    ProvisionError,
    ProvisioningFailed,
    StateError,
    VagrantError,
)
from labctl.lab import ARM64_BOX, Action, Host, Lab, Stage, is_arm64
from labctl.net import answers_http
from labctl.netguard import check_target
from labctl.providers.base import FaultMeans, HostPaths, HostStatus, Say
from labctl.state import LabState, StateDir, VagrantFacts
from labctl.transports import Transport

if TYPE_CHECKING:
    import vagrant

    from labctl.provisioning import HostReport

# python-vagrant warns through logging at import when vagrant is missing; we say it ourselves.
logging.getLogger("vagrant").addHandler(logging.NullHandler())

HTTP_PORT = 80
VAGRANTFILE_ENV = "LABCTL_VAGRANTFILE"  # a Vagrantfile of the instructor's instead of labctl's
_SSH_BOOT_GRACE = 120.0  # `vagrant up` waited for SSH already; a slow guest may still restart it
_NOT_CREATED = "not_created"


def find_vagrantfile() -> Path:
    override = os.environ.get(VAGRANTFILE_ENV)
    path = Path(override) if override else templates.VAGRANTFILE
    if not path.is_file():
        raise ProviderError(
            f"labctl's Vagrantfile is missing ({path}); set {VAGRANTFILE_ENV} to its path"
        )
    return path.resolve()


# --- running vagrant ----------------------------------------------------------------------


@contextlib.contextmanager
def _line_pipe(*sinks: Callable[[str], None]) -> Iterator[IO[str]]:
    """A file a subprocess writes to; each line reaches ``sinks`` as soon as it is written.

    python-vagrant hands out_cm/err_cm's file straight to subprocess, so it must be a real file
    descriptor, not a Python object.
    """
    read_fd, write_fd = os.pipe()
    reader = os.fdopen(read_fd, "r", encoding="utf-8", errors="replace")
    writer = os.fdopen(write_fd, "w", encoding="utf-8")

    def pump() -> None:
        for line in reader:
            for sink in sinks:
                sink(line.rstrip("\r\n"))

    thread = threading.Thread(target=pump, name="vagrant-output", daemon=True)
    thread.start()
    try:
        yield writer
    finally:
        writer.close()
        # A guest helper that inherited the pipe could keep it open; do not hang on it.
        thread.join(timeout=5)
        if not thread.is_alive():
            reader.close()


class VagrantCLI:
    """`vagrant` for one lab directory, through python-vagrant, with errors that say why.

    python-vagrant throws stderr away by default and raises a bare CalledProcessError; here
    stderr is kept (last lines) and logged, and failures become one VagrantError line.
    """

    def __init__(
        self,
        project: Path,
        state_root: Path,
        *,
        vagrantfile: Path | None = None,
        log_path: Path | None = None,
        executable: str | None = None,
        provider: str | None = None,
    ) -> None:
        self.executable = executable or shutil.which("vagrant")
        if self.executable is None:
            raise ProviderError(
                "Vagrant is not installed: install it (`sudo apt-get install vagrant` or "
                "https://developer.hashicorp.com/vagrant/install), or use --provider local"
            )
        self.project = project
        self.state_root = state_root
        self.vagrantfile = vagrantfile or find_vagrantfile()
        self.log_path = log_path
        self.env = {
            # env= replaces the whole environment: keep the user's (PATH, HOME, LIBVIRT_...).
            **os.environ,
            "VAGRANT_VAGRANTFILE": str(self.vagrantfile),
            "VAGRANT_DOTFILE_PATH": str(state_root / "vagrant"),
            "LABCTL_STATE_DIR": str(state_root),
            # no version check against HashiCorp's servers on every command
            "VAGRANT_CHECKPOINT_DISABLE": "1",
        }
        if provider:
            # `vagrant status` of machines not created yet would otherwise name the first
            # usable provider, not the lab's (and skip an unusable VirtualBox silently).
            self.env["VAGRANT_DEFAULT_PROVIDER"] = provider
        self.stderr: deque[str] = deque(maxlen=60)

    def _log(self, line: str) -> None:
        if self.log_path is None:
            return
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("a", encoding="utf-8") as fh:
            fh.write(line + "\n")

    def _instance(self, say: Say | None) -> vagrant.Vagrant:
        def out(line: str) -> None:
            self._log(line)
            # `vagrant package` and `box add` redraw a progress meter (ESC[K + "Progress: N%"):
            # kept in the log, not shown line by line.
            shown = line.replace("\x1b[K", "").strip()
            if say is not None and shown and not shown.startswith("Progress:"):
                say(shown)

        def err(line: str) -> None:
            self._log(line)
            self.stderr.append(line)

        instance = _utf8_vagrant()(
            root=str(self.project),
            env=self.env,
            out_cm=lambda: _line_pipe(out),
            err_cm=lambda: _line_pipe(err),
        )
        instance._vagrant_exe = self.executable  # the one we checked, not a second PATH lookup
        return instance

    def call(
        self, what: str, action: Callable[[vagrant.Vagrant], Any], say: Say | None = None
    ) -> Any:
        self.stderr.clear()
        self._log(f"# vagrant {what}")
        try:
            return action(self._instance(say))
        except subprocess.CalledProcessError as exc:
            # machine-readable commands print their error on stdout as an error-exit line
            text = "\n".join(self.stderr) or _machine_readable_error(_text(exc.output))
            raise VagrantError(explain_vagrant_error(what, text)) from None
        except OSError as exc:
            raise VagrantError(f"cannot run vagrant {what}: {exc.strerror or exc}") from None
        except (ValueError, IndexError, KeyError, TypeError, RuntimeError) as exc:
            # python-vagrant's parsers index and unpack lines as they expect them; a plugin's
            # warning or a translated message in the output makes them raise instead.
            raise VagrantError(
                f"vagrant {what}: labctl could not read Vagrant's output ({type(exc).__name__}: "
                f"{exc}); full output: .labctl/logs/vagrant.log"
            ) from None

    def version(self) -> str:
        return str(self.call("--version", lambda v: v.version()))

    def up(self, provider: str, say: Say) -> None:
        # No --parallel flag needed: `vagrant up` is parallel by default wherever the provider
        # supports it (libvirt) and serial where it does not (VirtualBox).
        self.call("up", lambda v: v.up(provider=provider, no_provision=True), say)

    def status(self) -> dict[str, tuple[str, str]]:
        statuses = self.call("status", lambda v: v.status())
        return {s.name: (s.state or "unknown", s.provider or "") for s in statuses}

    def ssh_config(self, machine: str) -> str:
        text = str(self.call(f"ssh-config {machine}", lambda v: v.ssh_config(machine)))
        if "HostName" not in text:
            raise VagrantError(f"{machine}: `vagrant ssh-config` gave no HostName: {text.strip()}")
        return text

    def box_add(self, name: str, path: Path, say: Say | None = None) -> None:
        argv = ["box", "add", "--name", name, "--force", str(path)]
        self.call("box add", lambda v: v._call_vagrant_command(argv), say)

    def package(
        self,
        machine: str,
        output: Path,
        *,
        vagrantfile: Path | None = None,
        include: Sequence[Path] = (),
        extra_path: Path | None = None,
        say: Say | None = None,
    ) -> None:
        argv = ["package", machine, "--output", str(output)]
        if vagrantfile is not None:
            argv += ["--vagrantfile", str(vagrantfile)]
        if include:
            argv += ["--include", ",".join(str(p) for p in include)]
        saved = self.env.get("PATH", "")
        if extra_path is not None:
            self.env["PATH"] = f"{extra_path}{os.pathsep}{saved}"
        try:
            self.call("package", lambda v: v._call_vagrant_command(argv), say)
        finally:
            self.env["PATH"] = saved

    def halt(self, say: Say | None = None) -> None:
        self.call("halt", lambda v: v.halt(), say)

    def destroy(self, say: Say | None = None) -> None:
        self.call("destroy", lambda v: v.destroy(), say)


@functools.cache
def _utf8_vagrant() -> type[vagrant.Vagrant]:
    """python-vagrant's Vagrant, reading Vagrant's output as the UTF-8 Vagrant writes.

    python-vagrant decodes with the locale's code page (cp1252 on most Windows laptops), so a
    user name or box path with a non-ASCII letter raises UnicodeDecodeError in the middle of
    `vagrant status`.
    """
    import vagrant

    class Utf8Vagrant(vagrant.Vagrant):
        def _run_vagrant_command(self, args: Sequence[str | None]) -> str:
            command = self._make_vagrant_command(args)
            with self.err_cm() as err_fh:
                out = subprocess.check_output(command, cwd=self.root, env=self.env, stderr=err_fh)
            return out.decode("utf-8", "replace")

    return Utf8Vagrant


def _text(data: bytes | str | None) -> str:
    if data is None:
        return ""
    return data.decode("utf-8", "replace") if isinstance(data, bytes) else data


def _machine_readable_error(output: str) -> str:
    for line in output.splitlines():
        parts = line.split(",", 4)
        if len(parts) >= 5 and parts[2] == "error-exit":
            return parts[4].replace("%!(VAGRANT_COMMA)", ",").replace("\\n", "\n")
    return output


_BOX_ADVICE = (
    "the box could not be downloaded: `labctl doctor` explains how to add a cached .box "
    "file (`vagrant box add --name BOX /path/to/file.box`), or `labctl up --box FILE`"
)
_KVM_ADVICE = (
    "KVM holds VT-x/AMD-V (Linux >= 6.12 takes it when kvm_intel/kvm_amd loads): "
    "`sudo modprobe -r kvm_intel kvm_amd kvm`, then `labctl up`; to keep it so, "
    "`echo 'options kvm enable_virt_at_load=0' | sudo tee /etc/modprobe.d/kvm-virtualbox.conf`"
)

# (substring of Vagrant's message, what to tell the user); the first match wins. Sources: the
# messages of hashicorp/vagrant (templates/locales/en.yml) and VirtualBox's VERR_* codes as
# users report them (vagrant issues 3868, 13501, 11853, 10396, 6059, 11431, 13404).
_KNOWN_ERRORS: tuple[tuple[str, str], ...] = (
    (
        "could not detect VirtualBox",
        "VirtualBox is not installed (Vagrant cannot find VBoxManage): install VirtualBox, "
        'or use --provider local, or libvirt (lab.toml: vagrant.provider = "libvirt")',
    ),
    (
        "not supported by this version of Vagrant",
        "this Vagrant is older than the installed VirtualBox: install the newest Vagrant from "
        "HashiCorp (https://developer.hashicorp.com/vagrant/install; `labctl doctor` names the "
        "version needed), or an older VirtualBox",
    ),
    (
        "vboxdrv kernel module is not loaded",
        "VirtualBox's kernel module is not loaded: `sudo /sbin/vboxconfig`, then `labctl up`",
    ),
    ("VERR_VMX_IN_VMX_ROOT_MODE", _KVM_ADVICE),
    ("VERR_SVM_IN_USE", _KVM_ADVICE),
    (
        "VERR_SVM_DISABLED",
        'AMD-V is switched off in the firmware: enable "SVM Mode" in the BIOS/UEFI setup, '
        "then restart",
    ),
    (
        "VERR_VMX_MSR_ALL_VMX_DISABLED",
        'Intel VT-x is switched off in the firmware: enable "Intel Virtualization Technology" '
        "in the BIOS/UEFI setup, then restart",
    ),
    (
        "Failed to create the host-only adapter",
        "VirtualBox could not create its host-only network adapter (Windows): run the "
        "VirtualBox installer as administrator, choose Repair, restart Windows, then "
        "`labctl up` again",
    ),
    (
        "not within the allowed ranges",
        "VirtualBox refuses the lab's host-only addresses: `labctl doctor` prints the line for "
        "/etc/vbox/networks.conf, or use --subnet 192.168.56.0/24",
    ),
    (
        "Timed out while waiting for the machine to boot",
        "the VM did not boot within boot_timeout: on Windows turn Hyper-V/WSL2/Memory Integrity "
        "off (`labctl doctor`); on a slow laptop raise [vagrant] boot_timeout in lab.toml; then "
        "`labctl up` again (the VMs made so far are kept)",
    ),
    (
        "UndefinedConversionError",
        "Vagrant cannot handle a non-ASCII user folder on Windows: `setx VAGRANT_HOME "
        "C:\\vagrant.d`, open a new terminal, then `labctl up`",
    ),
    (
        "vbguest",
        "the vagrant-vbguest plugin failed (it breaks on Ruby >= 3.2 and on CentOS 7's dead "
        "mirrors): `vagrant plugin uninstall vagrant-vbguest` - the lab needs no Guest Additions",
    ),
    (
        "could not be found, but was requested",
        "Vagrant has no such provider plugin (for libvirt: `sudo apt-get install vagrant-libvirt`"
        " or `vagrant plugin install vagrant-libvirt`), or use --provider local",
    ),
    (
        "Error while connecting to Libvirt",
        "libvirt is not reachable (is libvirtd running, are you in the libvirt group?): "
        "`labctl doctor` says more, or use --provider local",
    ),
    (
        "KVM kernel module",
        "KVM is not available here: `export LABCTL_LIBVIRT_DRIVER=qemu` (slow emulation) and "
        "`labctl up` again",
    ),
    (
        "VT-x is not available",
        "hardware virtualization is off or held by another hypervisor (enable VT-x/AMD-V in "
        "the firmware, stop Hyper-V/KVM), or use --provider local",
    ),
    ("could not be found or could not be accessed in the remote catalog", _BOX_ADVICE),
    ("error occurred while downloading the remote file", _BOX_ADVICE),
    (
        "not yet ready for SSH",
        "the VM is not running: `labctl up` starts it",
    ),
)
_REASON_LIMIT = 600


def explain_vagrant_error(what: str, text: str) -> str:
    """One line: the fix we know for Vagrant's message, then Vagrant's own reason (whole, not
    its first sentence: the reason is often in the second, e.g. "isn't usable ... The reason is
    shown below: ..."), capped so that one line stays readable."""
    flat = " ".join(text.split())
    reason = flat.split("The reason is shown below:", 1)[-1].strip()
    if len(reason) > _REASON_LIMIT:
        reason = reason[: _REASON_LIMIT - 3] + "..."
    for needle, advice in _KNOWN_ERRORS:
        if needle in flat:
            return f"vagrant {what}: {advice} (Vagrant: {reason})"
    if not reason:
        return f"vagrant {what}: failed without a message (full output: .labctl/logs/vagrant.log)"
    return f"vagrant {what}: {reason} (full output: .labctl/logs/vagrant.log)"


def preflight(lab: Lab, *, ignore: Sequence[str] = ()) -> None:
    """`labctl doctor`'s verdict before anything is created: fail early, with the fix.

    ``ignore``: kinds of findings that do not apply (`box build`'s VM has no lab network).
    """
    from labctl.doctor import doctor

    for finding in doctor(lab, provider_hint="vagrant"):
        if finding.level == "fail" and finding.about not in ignore:
            fix = f": {finding.fix}" if finding.fix else ""
            raise VagrantError(f"{finding.what}{fix} (`labctl doctor` shows every check)")


def created_machines(dotfile: Path) -> dict[str, str]:
    """{machine: provider} of the machines a Vagrant data directory says exist.

    Vagrant records a created machine as machines/<name>/<provider>/id; reading it needs no
    provider, so it works even where the hypervisor is gone.
    """
    return {p.parent.parent.name: p.parent.name for p in sorted(dotfile.glob("machines/*/*/id"))}


# --- the provider -------------------------------------------------------------------------


class VagrantProvider:
    name = "vagrant"

    def __init__(self, state: LabState, state_dir: StateDir, remember: Callable[[], None]) -> None:
        self.state = state
        # Writes what this provider learned (facts) to lab.json: control's writer, the only one.
        self.remember = remember
        if not isinstance(state.facts, VagrantFacts):
            state.facts = VagrantFacts()
        self.facts: VagrantFacts = state.facts
        self.state_dir = state_dir
        self.lab = state.lab
        self.project = state_dir.root.parent
        self._transports: dict[str, Transport] = {}
        self._cli: VagrantCLI | None = None

    # --- where things are -----------------------------------------------------------------

    @property
    def hypervisor(self) -> str:
        return self.lab.vagrant.provider

    @property
    def known_hosts(self) -> Path:
        return self.state_dir.root / "known_hosts"

    @property
    def dotfile(self) -> Path:
        return self.state_dir.root / "vagrant"

    def cli(self) -> VagrantCLI:
        if self._cli is None:
            self._cli = VagrantCLI(
                self.project,
                self.state_dir.root,
                log_path=self.state_dir.logs / "vagrant.log",
                provider=self.hypervisor,
            )
        return self._cli

    def endpoint(self, host: Host) -> tuple[str, int]:
        return host.address, HTTP_PORT

    def transport(self, host: Host) -> Transport:
        if host.name not in self._transports:
            self._transports[host.name] = self._connect(host, retries_until=0)
        return self._transports[host.name]

    def paths(self, host: Host) -> HostPaths:
        from labctl.provisioning import host_paths

        return host_paths(self.family(host))

    def fault_means(self) -> FaultMeans:
        from labctl.providers.vagrant_faults import VagrantFaultMeans

        return VagrantFaultMeans(self.transport, self.family)

    def family(self, host: Host) -> str:
        """centos7, el or debian: detected once over SSH, then kept in lab.json's facts."""
        families = self.facts.family
        if host.name not in families:
            from labctl.provisioning import detect_family

            families[host.name] = detect_family(self.transport(host))
            self.remember()
        return families[host.name]

    # --- lifecycle ------------------------------------------------------------------------

    def up(self, *, stage: Stage, say: Say) -> None:
        check_foreign_dotfile(self.project)
        preflight(self.lab)
        cli = self.cli()
        # The Vagrantfile reads lab.json, so it must be there before vagrant runs.
        self.remember()
        names = ", ".join(h.name for h in self.lab.hosts)
        say(f"vagrant up ({self.hypervisor}, box {self.lab.vagrant.box}): {names}")
        if self.lab.vagrant.box == ARM64_BOX and is_arm64():
            say(
                f"{ARM64_BOX}: this arm64 machine has no CentOS 7 (x86_64 only); Rocky Linux 9 "
                "has its layout (httpd, conf.d, firewalld, SELinux)"
            )
        cli.up(self.hypervisor, say)
        self._refresh_ssh()
        self.provision(None, say, retries_until=_SSH_BOOT_GRACE, stage=stage)

    def provision(
        self,
        hosts: Sequence[str] | None,
        say: Say,
        *,
        retries_until: float = 0,
        stage: Stage | None = None,
    ) -> list[HostReport]:
        """Run provisioning again on ``hosts`` (all by default) to ``stage`` (the lab's by
        default); reports changed/unchanged."""
        from labctl import provisioning

        chosen = [self.lab.host(n) for n in hosts] if hosts else list(self.lab.hosts)
        for h in chosen:
            if h.name not in self._transports:
                self._transports[h.name] = self._connect(h, retries_until=retries_until)
        transports = {h.name: self._transports[h.name] for h in chosen}
        try:
            reports = provisioning.provision(
                self.lab,
                transports,
                stage=stage or self.state.stage,
                password=self.state_dir.password(self.lab),
                say=say,
                hosts=[h.name for h in chosen],
                log_dir=self.state_dir.logs,
            )
        except ProvisionError as exc:
            tail = "".join(f"\n    {line}" for line in exc.output_tail)
            failed = ProvisioningFailed(
                f"{exc}; the VMs are left running for inspection (`labctl ssh {exc.host}`, "
                f"{exc.log_path or self.state_dir.logs}){tail}"
            )
            raise failed from None
        families = self.facts.family
        families.update({r.host: r.family for r in reports})
        self.remember()
        return reports

    def down(self) -> None:
        self._close()
        if created_machines(self.dotfile):
            self.cli().halt()

    def destroy(self) -> None:
        self._close()
        if created_machines(self.dotfile):
            self.cli().destroy()
        # A new VM reuses the forwarded port or the address but not the host key: forget it.
        self.known_hosts.unlink(missing_ok=True)
        shutil.rmtree(self.dotfile, ignore_errors=True)
        self.facts.ssh_config.clear()
        self.facts.family.clear()

    def discard(self) -> bool:
        if created_machines(self.dotfile):
            return False  # left for `labctl ssh` and the logs; `labctl destroy` removes them
        self.destroy()
        return True

    def status(self) -> list[HostStatus]:
        created = created_machines(self.dotfile)
        states = self.cli().status() if created else {}
        out = []
        for h in self.lab.hosts:
            state, provider = states.get(h.name, (_NOT_CREATED, self.hypervisor))
            address, port = self.endpoint(h)
            running = state == "running" and answers_http(address, port)
            detail = f"VM {state.replace('_', ' ')} ({provider or self.hypervisor})"
            out.append(HostStatus(h.name, h.role, address, port, running, detail))
        return out

    def service(self, host: str, action: Action) -> None:
        from labctl import httpd
        from labctl.provisioning import service_command

        h = self.lab.host(host)
        family = self.family(h)
        command = service_command(family, action)
        httpd.service(
            host,
            self.transport(h),
            action,
            command=command,
            configtest=service_command(family, "configtest"),
            endpoint=self.endpoint(h),
            fix=f"firewall? `labctl ssh {host}`, then `sudo {command}`",
        )

    def ssh_argv(self, host: str) -> list[str]:
        """An `ssh` command line for `labctl ssh HOST`, trusting only this lab's known_hosts."""
        import paramiko

        h = self.lab.host(host)
        text = self._ssh_config(h)
        options = paramiko.SSHConfig.from_text(text).lookup(h.name)
        check_target(options["hostname"])
        argv = ["ssh", "-p", str(options.get("port", 22))]
        for key in options.get("identityfile", []):
            argv += ["-i", key]
        argv += [
            "-o", "IdentitiesOnly=yes",
            "-o", f"UserKnownHostsFile={self.known_hosts}",
            "-o", "StrictHostKeyChecking=accept-new",
            f"{options.get('user', 'vagrant')}@{options['hostname']}",
        ]  # fmt: skip
        return argv

    # --- the pieces -----------------------------------------------------------------------

    def _refresh_ssh(self) -> None:
        # Ports (VirtualBox NAT) and addresses (libvirt DHCP) may change across halt/up.
        configs = {h.name: self.cli().ssh_config(h.name) for h in self.lab.hosts}
        self.facts.ssh_config = configs
        self.remember()
        self._close()

    def _ssh_config(self, host: Host) -> str:
        configs = self.facts.ssh_config
        if host.name not in configs:
            configs[host.name] = self.cli().ssh_config(host.name)
            self.remember()
        return configs[host.name]

    def _connect(self, host: Host, *, retries_until: float) -> Transport:
        from labctl.transports.ssh import SSHTransport

        transport = SSHTransport.from_ssh_config(
            host.name,
            self._ssh_config(host),
            self.known_hosts,
            self.state_dir.logs / f"{host.name}.log",
            retries_until=retries_until,
        )
        check_target(transport.hostname)
        return transport

    def _close(self) -> None:
        for t in self._transports.values():
            with contextlib.suppress(LabctlError, OSError):
                t.close()
        self._transports.clear()


def check_foreign_dotfile(project: Path) -> None:
    """Refuse to start a second set of VMs next to machines a plain `vagrant up` made here."""
    machines = created_machines(project / ".vagrant")
    if not machines:
        return
    names = ", ".join(f"{m} ({p})" for m, p in machines.items())
    raise StateError(
        f"{project / '.vagrant'} holds machines from another Vagrant environment ({names}); "
        "labctl keeps its own in .labctl/vagrant and they would clash on the lab's addresses: "
        "run `vagrant destroy -f` there (or remove .vagrant/ if those VMs are gone), "
        "then `labctl up`"
    )
