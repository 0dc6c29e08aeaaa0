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
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from labctl.errors import (
    LabctlError,
    Message,
    ProvisionError,
    ProvisioningFailed,
    StateError,
    VagrantError,
)
from labctl.i18n import current
from labctl.lab import ARM64_BOX, Action, Host, Lab, Stage, is_arm64
from labctl.net import answers_http
from labctl.netguard import check_target
from labctl.providers.base import FaultMeans, HostPaths, HostStatus, Say
from labctl.state import LabState, StateDir, VagrantFacts
from labctl.transports import Transport
from labctl.vagrantcli import VagrantCLI, created_machines

if TYPE_CHECKING:
    from labctl.provisioning import HostReport

HTTP_PORT = 80
_SSH_BOOT_GRACE = 120.0  # `vagrant up` waited for SSH already; a slow guest may still restart it
_NOT_CREATED = "not_created"


def preflight(lab: Lab, *, ignore: Sequence[str] = ()) -> None:
    """`labctl doctor`'s verdict before anything is created: fail early, with the fix.

    ``ignore``: kinds of findings that do not apply (`box build`'s VM has no lab network).
    """
    from labctl.doctor import doctor

    for finding in doctor(lab, provider_hint="vagrant"):
        if finding.level == "fail" and finding.about not in ignore:
            what, fix = finding.in_lang(current())
            key = "vagrant.preflight-fix" if fix else "vagrant.preflight"
            raise VagrantError(Message(key, what=what, fix=fix))


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
        return self.lab.vagrant.hypervisor

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
                Message(
                    "vagrant.provisioning-failed",
                    error=exc,
                    host=exc.host,
                    log=exc.log_path or self.state_dir.logs,
                    tail=tail,
                )
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
            fix=Message("vagrant.fix-firewall", host=host, command=command),
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
    raise StateError(Message("vagrant.foreign", path=project / ".vagrant", machines=names))
