"""The Vagrantfile and the vagrant provider, against the real `vagrant` CLI where it matters.

No VM is ever booted here (tests/vm/ does that). What runs for real:
- `vagrant validate`, `vagrant status --machine-readable` and Vagrant's own Vagrantfile loader
  (the installed vagrant gem, through ruby) on the repository's Vagrantfile;
- `vagrant up` against a hypervisor that is not installed (VirtualBox here), through `labctl`;
- OpenSSH: a throwaway sshd on 127.0.0.1 (tests/sshd.py) stands in for a VM's sshd, reached
  from the `vagrant ssh-config` text a VM would produce.
Traffic goes to loopback only; LABCTL_NETWORK_ALLOW enforces it for every test here.
"""

from __future__ import annotations

import http.server
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from labctl.errors import LabctlError, NetworkNotAllowed, StateError
from labctl.lab import default_lab
from labctl.net import accepts, answers_http
from labctl.providers import vagrant as vp
from labctl.state import LabState, StateDir, facts_for
from labctl.transports import CommandResult

from vagrantlab import (
    HAVE_VAGRANT,
    REPO,
    loopback_only,  # noqa: F401 - an autouse fixture
    needs_vagrant,
    vagrant_env,
    write_lab_json,
)


def _ruby_has_vagrant() -> bool:
    if not HAVE_VAGRANT or shutil.which("ruby") is None:
        return False
    probe = subprocess.run(
        ["ruby", "-e", 'require "vagrant"'], capture_output=True, timeout=60, check=False
    )
    return probe.returncode == 0


# --- the Vagrantfile, read by the real Vagrant ----------------------------------------------


def _validate(tmp_path: Path, state_root: Path) -> subprocess.CompletedProcess[str]:
    """The real `vagrant validate` of the repository's Vagrantfile for ``state_root``."""
    return subprocess.run(
        ["vagrant", "validate", "--ignore-provider"],
        cwd=tmp_path,
        env=vagrant_env(tmp_path, state_root),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@needs_vagrant
def test_vagrantfile_validates_with_the_real_cli(tmp_path: Path) -> None:
    state_root = write_lab_json(tmp_path)
    proc = _validate(tmp_path, state_root)
    assert proc.returncode == 0, proc.stderr
    assert "Vagrantfile validated successfully." in proc.stdout
    # VAGRANT_DOTFILE_PATH is honoured: nothing lands in a .vagrant/ of the project
    assert not (tmp_path / ".vagrant").exists()


# Vagrant's own loader (the installed gem) evaluates the Vagrantfile exactly as `vagrant up`
# would, and reports the resulting machine configs. This reads the real config objects
# instead of mocking Vagrant.configure.
_DUMP_CONFIG = r"""
require "vagrant"
require "json"
require "tmpdir"
Dir.mktmpdir do |data|
  env = Vagrant::Environment.new(
    cwd: Dir.pwd, vagrantfile_name: [ENV["VAGRANT_VAGRANTFILE"]], local_data_path: data)
  machines = env.vagrantfile.machine_names.map do |name|
    cfg = env.vagrantfile.machine_config(name, nil, env.boxes, nil, false)[:config]
    lv = cfg.vm.get_provider_config(:libvirt)
    vb = cfg.vm.get_provider_config(:virtualbox)
    {
      name: name, hostname: cfg.vm.hostname, box: cfg.vm.box,
      networks: cfg.vm.networks.select { |t, _| t == :private_network }.map { |_, o| o[:ip] },
      synced: cfg.vm.synced_folders.transform_values { |o| o[:disabled] },
      provisioners: cfg.vm.provisioners.length,
      providers: cfg.vm.__providers,
      libvirt: lv.respond_to?(:memory) ? [lv.memory, lv.cpus, lv.driver] : nil,
      virtualbox: vb.respond_to?(:customizations) ? vb.customizations.map { |c| c[1] } : nil,
    }
  end
  puts JSON.generate(machines)
end
"""


def _loaded_config(
    project: Path, state_root: Path | None, script: str = _DUMP_CONFIG, **env: str
) -> list[dict[str, object]]:
    proc = subprocess.run(
        ["ruby", "-e", script],
        cwd=project,
        env={**vagrant_env(project, state_root), **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


needs_vagrant_gem = pytest.mark.skipif(
    not _ruby_has_vagrant(), reason="ruby cannot load the vagrant gem"
)


@needs_vagrant_gem
def test_machines_come_from_lab_json(tmp_path: Path) -> None:
    state_root = write_lab_json(
        tmp_path, "10.20.30.0/24", hypervisor="libvirt", box="generic/centos7", memory=768, cpus=2
    )
    machines = _loaded_config(tmp_path, state_root, LABCTL_LIBVIRT_DRIVER="qemu")
    by_name = {m["name"]: m for m in machines}
    assert list(by_name) == ["loadbalancer", "server1", "server2"]
    assert [by_name[n]["networks"] for n in by_name] == [
        ["10.20.30.71"],
        ["10.20.30.92"],
        ["10.20.30.65"],
    ]
    for name, m in by_name.items():
        assert m["hostname"] == name
        assert m["box"] == "generic/centos7"
        assert m["synced"] == {"/vagrant": True}  # disabled
        assert m["provisioners"] == 0  # labctl provisions
        assert m["providers"][0] == "libvirt"  # the lab's provider first: Vagrant's default
        assert m["libvirt"] == [768, 2, "qemu"]


@needs_vagrant_gem
def test_lab_json_of_an_older_labctl_keeps_its_hypervisor(tmp_path: Path) -> None:
    # labctl 0.1.0 wrote the hypervisor as Vagrant names it, "provider", and the lab.toml wish
    # as "provider" too: a lab made then is still read the same by labctl and the Vagrantfile.
    state_root = write_lab_json(tmp_path, hypervisor="libvirt")
    data = json.loads((state_root / "lab.json").read_text())
    data["lab"]["vagrant"]["provider"] = data["lab"]["vagrant"].pop("hypervisor")
    data["lab"]["provider"] = data["lab"].pop("requested_provider")
    (state_root / "lab.json").write_text(json.dumps(data))
    machines = _loaded_config(tmp_path, state_root, LABCTL_LIBVIRT_DRIVER="qemu")
    assert {m["providers"][0] for m in machines} == {"libvirt"}
    assert StateDir(state_root).load().lab.vagrant.hypervisor == "libvirt"


@needs_vagrant_gem
def test_tutorial_defaults_without_lab_json(tmp_path: Path) -> None:
    # an empty state dir: a .labctl/ next to the repo's Vagrantfile must not leak in
    machines = _loaded_config(tmp_path, tmp_path / ".labctl")
    assert [(m["name"], m["networks"]) for m in machines] == [
        ("loadbalancer", ["192.168.43.71"]),
        ("server1", ["192.168.43.92"]),
        ("server2", ["192.168.43.65"]),
    ]
    for m in machines:
        assert m["box"] == "centos/7"
        assert m["providers"][0] == "virtualbox"
        # vb.memory / vb.cpus are recorded as `VBoxManage modifyvm` customizations
        assert ["modifyvm", "id", "--memory", "512"] in m["virtualbox"]
        assert ["modifyvm", "id", "--cpus", 1] in m["virtualbox"]
        if m["libvirt"] is not None:
            assert m["libvirt"][:2] == [512, 1]
            assert m["libvirt"][2] in (None, "kvm")  # no LABCTL_LIBVIRT_DRIVER: the plugin's


@needs_vagrant
def test_damaged_lab_json_is_one_line(tmp_path: Path) -> None:
    state_root = tmp_path / ".labctl"
    state_root.mkdir()
    (state_root / "lab.json").write_text("{not json")
    proc = _validate(tmp_path, state_root)
    assert proc.returncode != 0
    assert "lab.json is damaged" in proc.stderr
    assert "labctl destroy" in proc.stderr


# --- failures of the real CLI, as the user sees them -----------------------------------------


@pytest.mark.skipif(
    not HAVE_VAGRANT or shutil.which("VBoxManage") is not None,
    reason="needs vagrant without VirtualBox (with VirtualBox this would create VMs)",
)
def test_labctl_up_without_virtualbox(tmp_path: Path) -> None:
    """The whole path: CLI -> control -> provider -> real `vagrant up` -> one line, exit 2."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "COLUMNS": "400"}
    up = subprocess.run(
        [sys.executable, "-m", "labctl", "up", "--provider", "vagrant"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert up.returncode == 2, up.stderr
    assert "Traceback" not in up.stderr
    errors = [ln for ln in up.stderr.splitlines() if ln.startswith("labctl: error:")]
    assert len(errors) == 1
    assert "VirtualBox is not installed" in errors[0]
    assert "--provider local, or libvirt" in errors[0]
    # doctor's preflight failed before anything was made: nothing is left behind
    assert not (tmp_path / ".labctl").exists()
    assert not (tmp_path / ".vagrant").exists()


def test_vagrant_driver_reports_the_missing_provider(tmp_path: Path) -> None:
    """Past the preflight: the real `vagrant up` without VirtualBox, its stderr read by the
    driver and turned into one line with the fix."""
    from labctl.errors import LabctlError
    from labctl.lab import default_lab
    from labctl.providers.vagrant import VagrantProvider
    from labctl.state import LabState, StateDir

    state_dir = StateDir(tmp_path / ".labctl")
    state = LabState(default_lab(), "vagrant")
    state_dir.save(state)
    provider = VagrantProvider(state, state_dir, lambda: state_dir.save(state))
    lines: list[str] = []
    with pytest.raises(LabctlError) as info:
        provider.cli().up("virtualbox", lines.append)
    message = str(info.value)
    assert "\n" not in message
    assert "VirtualBox is not installed" in message
    assert "--provider local, or libvirt" in message
    assert not (tmp_path / ".vagrant").exists()
    assert "VirtualBox" in (tmp_path / ".labctl" / "logs" / "vagrant.log").read_text()
    provider.destroy()  # nothing was created, so destroy needs no hypervisor


# --- state on disk --------------------------------------------------------------------------


def _provider(tmp_path: Path, **facts: Any) -> vp.VagrantProvider:
    sd = StateDir(tmp_path / ".labctl")
    lab = default_lab().with_subnet("127.0.57.0/24")
    state = LabState(lab, "vagrant", "full", facts_for("vagrant", facts))
    sd.save(state)
    return vp.VagrantProvider(state, sd, lambda: sd.save(state))


def test_foreign_dotvagrant_is_refused_before_vagrant_runs(tmp_path: Path) -> None:
    # Where Vagrant itself records a created machine: .vagrant/machines/<name>/<provider>/id
    machine = tmp_path / ".vagrant" / "machines" / "web" / "virtualbox"
    machine.mkdir(parents=True)
    (machine / "id").write_text("5b0c6c3e-0d7e-4a3c-9d40-1f3f1d0c2a11")
    provider = _provider(tmp_path)
    with pytest.raises(StateError) as caught:
        provider.up(stage="full", say=lambda line: None)
    assert "web (virtualbox)" in str(caught.value)
    assert "vagrant destroy -f" in str(caught.value)
    # An empty .vagrant/ (nothing created) is no obstacle.
    (machine / "id").unlink()
    vp.check_foreign_dotfile(tmp_path)


def test_status_and_destroy_without_machines_need_no_hypervisor(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    provider = _provider(tmp_path)
    monkeypatch.setattr(provider, "cli", lambda: pytest.fail("vagrant was run"))
    statuses = provider.status()
    assert [s.detail for s in statuses] == ["VM not created (virtualbox)"] * 3
    assert not any(s.running for s in statuses)
    provider.known_hosts.write_text("[127.0.0.1]:2222 ssh-ed25519 AAAA\n")
    provider.destroy()
    assert not provider.known_hosts.exists()


# --- SSH to a "VM": a real sshd on loopback, reached through ssh-config text -----------------


def _ssh_config(name: str, server: object) -> str:
    # The shape of `vagrant ssh-config NAME` (templates/commands/ssh_config/config.erb, 2.3.4).
    return (
        f"Host {name}\n"
        f"  HostName {server.hostname}\n"  # type: ignore[attr-defined]
        f"  User {server.user}\n"  # type: ignore[attr-defined]
        f"  Port {server.port}\n"  # type: ignore[attr-defined]
        "  UserKnownHostsFile /dev/null\n"
        "  StrictHostKeyChecking no\n"
        "  PasswordAuthentication no\n"
        f"  IdentityFile {server.key_path}\n"  # type: ignore[attr-defined]
        "  IdentitiesOnly yes\n"
        "  LogLevel FATAL\n"
    )


def test_transport_and_ssh_argv_from_ssh_config(tmp_path: Path, sshd: object) -> None:
    provider = _provider(tmp_path, ssh_config={"server1": _ssh_config("server1", sshd)})
    h = provider.lab.host("server1")
    result = provider.transport(h).run("echo via-paramiko")
    assert result.ok and result.stdout.strip() == "via-paramiko"
    # paramiko recorded the host key in the lab's own known_hosts ...
    assert provider.known_hosts.read_text().startswith(f"[127.0.0.1]:{sshd.port} ")  # type: ignore[attr-defined]
    # ... which the OpenSSH client of `labctl ssh` trusts, and nothing else.
    argv = provider.ssh_argv("server1")
    assert f"UserKnownHostsFile={provider.known_hosts}" in argv
    ssh = subprocess.run(
        [*argv, "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes", "echo", "via-openssh"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert ssh.returncode == 0, ssh.stderr
    assert ssh.stdout.strip() == "via-openssh"


def test_ssh_to_an_address_outside_the_allow_list_is_refused(tmp_path: Path) -> None:
    # libvirt's management network: what `vagrant ssh-config` gives for a libvirt VM
    text = "Host server2\n  HostName 192.168.121.34\n  User vagrant\n  Port 22\n  IdentityFile /k\n"
    provider = _provider(tmp_path, ssh_config={"server2": text})
    with pytest.raises(NetworkNotAllowed):
        provider.ssh_argv("server2")
    with pytest.raises(NetworkNotAllowed):
        provider.transport(provider.lab.host("server2"))


# --- service(): systemctl over the transport, then watching the port from here --------------


class _Apache:
    """An HTTP server on a loopback address that a fake `systemctl` starts and stops."""

    def __init__(self, address: str, port: int) -> None:
        self.address, self.port = address, port
        self.server: http.server.ThreadingHTTPServer | None = None

    def start(self) -> None:
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_HEAD(self) -> None:
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer((self.address, self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None


class FakeCentOS7:
    """Stands for the SSH transport to a CentOS 7 VM on the paths service() uses.

    Like the real host: `apachectl configtest` prints Apache's AH00526 error and exits 1 for a
    broken file ("Syntax OK", exit 0 otherwise) and changes nothing; `systemctl start|stop|
    restart httpd` exit 0. Unlike a real host, the port opens/closes 0.5 s after systemctl
    returns - slower than httpd, so the test proves service() waits for it, not for systemctl.
    """

    host = "loadbalancer"

    def __init__(self, apache: _Apache) -> None:
        self.apache = apache
        self.broken = False
        self.commands: list[str] = []

    def run(self, command: str, *, sudo: bool = False, **_: object) -> CommandResult:
        self.commands.append(command)
        if command == "apachectl configtest":
            if self.broken:
                return CommandResult(
                    command,
                    1,
                    "",
                    "AH00526: Syntax error on line 2 of /etc/httpd/conf.d/lbsisjarkom.conf:\n"
                    "Invalid command 'BalancerMembr', perhaps misspelled or defined by a module"
                    " not included in the server configuration\n",
                )
            return CommandResult(command, 0, "", "Syntax OK\n")
        action = command.removeprefix("systemctl ").removesuffix(" httpd")
        later = {"stop": self.apache.stop, "start": self.apache.start}
        if action == "restart":
            self.apache.stop()
            action = "start"
        threading.Timer(0.5, later[action]).start()
        return CommandResult(command, 0, "", "")

    def close(self) -> None:
        pass


@pytest.fixture
def fake_vm(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[vp.VagrantProvider, FakeCentOS7]]:
    with socket.socket() as s:
        s.bind(("127.0.57.71", 0))
        port = s.getsockname()[1]
    monkeypatch.setattr(vp, "HTTP_PORT", port)
    provider = _provider(tmp_path, family={"loadbalancer": "centos7"})
    apache = _Apache("127.0.57.71", port)
    apache.start()
    fake = FakeCentOS7(apache)
    monkeypatch.setattr(provider, "transport", lambda host: fake)
    yield provider, fake
    apache.stop()


def test_service_stop_and_start_wait_for_the_port(
    fake_vm: tuple[vp.VagrantProvider, FakeCentOS7],
) -> None:
    provider, fake = fake_vm
    lb = provider.lab.loadbalancer
    address, port = provider.endpoint(lb)
    assert address == "127.0.57.71"
    started = time.monotonic()
    provider.service("loadbalancer", "stop")
    assert time.monotonic() - started >= 0.5
    assert not accepts(address, port)
    provider.service("loadbalancer", "start")
    assert answers_http(address, port)
    assert fake.commands == ["systemctl stop httpd", "systemctl start httpd"]


def test_restart_with_a_broken_config_keeps_apache_running(
    fake_vm: tuple[vp.VagrantProvider, FakeCentOS7],
) -> None:
    provider, fake = fake_vm
    fake.broken = True
    with pytest.raises(LabctlError) as caught:
        provider.service("loadbalancer", "restart")
    message = str(caught.value)
    assert message.startswith("loadbalancer: configuration broken, Apache left as it was: AH00526")
    assert "BalancerMembr" in message
    assert fake.commands == ["apachectl configtest"]
    assert answers_http(*provider.endpoint(provider.lab.loadbalancer))
    fake.broken = False
    provider.service("loadbalancer", "restart")
    assert fake.commands[-2:] == ["apachectl configtest", "systemctl restart httpd"]
    assert answers_http(*provider.endpoint(provider.lab.loadbalancer))


# --- the laptops students have (issue: VirtualBox 7.x on Windows, macOS, Linux) ---------------

# The Vagrantfile read by Vagrant's own loader with a stand-in vagrant-vbguest plugin registered
# (Vagrant.has_plugin? asks the plugin registry): its config must come out with auto update off.
_DUMP_LAPTOP = r"""
require "vagrant"
require "json"
require "tmpdir"
class FakeVbguest < Vagrant.plugin("2")
  name "vagrant-vbguest"
  config(:vbguest) do
    Class.new(Vagrant.plugin("2", :config)) do
      attr_accessor :auto_update
      def initialize; @auto_update = Vagrant::Plugin::V2::Config::UNSET_VALUE; end
      def finalize!
        @auto_update = true if @auto_update == Vagrant::Plugin::V2::Config::UNSET_VALUE
      end
    end
  end
end if ENV["FAKE_VBGUEST"] == "1"
RbConfig::CONFIG["host_cpu"] = ENV["FAKE_HOST_CPU"] if ENV["FAKE_HOST_CPU"]
Dir.mktmpdir do |data|
  env = Vagrant::Environment.new(
    cwd: Dir.pwd, vagrantfile_name: [ENV["VAGRANT_VAGRANTFILE"]], local_data_path: data)
  out = env.vagrantfile.machine_names.map do |name|
    cfg = env.vagrantfile.machine_config(name, nil, env.boxes, nil, false)[:config]
    vb = cfg.vm.get_provider_config(:virtualbox)
    {
      name: name,
      vbguest: ENV["FAKE_VBGUEST"] == "1" ? cfg.vbguest.auto_update : nil,
      linked_clone: vb.linked_clone,
      boot_timeout: cfg.vm.boot_timeout,
      insert_key: cfg.ssh.insert_key,
      networks: cfg.vm.networks.select { |t, _| t == :private_network }.length,
      box: cfg.vm.box,
    }
  end
  puts JSON.generate(out)
end
"""


def _laptop_config(project: Path, state_root: Path, **env: str) -> list[dict[str, object]]:
    return _loaded_config(project, state_root, _DUMP_LAPTOP, **env)


@needs_vagrant_gem
def test_vagrantfile_for_slow_laptops_and_vbguest(tmp_path: Path) -> None:
    state_root = write_lab_json(tmp_path)
    plain = _laptop_config(tmp_path, state_root)
    for m in plain:
        assert m["linked_clone"] is True  # one base disk, three thin clones
        assert m["boot_timeout"] == 600  # Vagrant's default 300 is short under Hyper-V
        assert m["networks"] == 1
    vbguest = _laptop_config(tmp_path, state_root, FAKE_VBGUEST="1")
    assert [m["vbguest"] for m in vbguest] == [False, False, False]
    # a plain `vagrant up` (no lab.json) on Apple silicon: labctl's arm64 box, not centos/7
    from labctl.lab import ARM64_BOX

    empty = tmp_path / "empty-state"
    assert {m["box"] for m in _laptop_config(tmp_path, empty)} == {"centos/7"}
    arm = _laptop_config(tmp_path, empty, FAKE_HOST_CPU="arm64")
    assert {m["box"] for m in arm} == {ARM64_BOX}
    # lab.toml's boot_timeout reaches the machines
    state_root = write_lab_json(tmp_path, boot_timeout=1200)
    assert {m["boot_timeout"] for m in _laptop_config(tmp_path, state_root)} == {1200}


@needs_vagrant_gem
def test_box_builder_machine_has_no_lab_address_and_keeps_the_insecure_key(
    tmp_path: Path,
) -> None:
    from labctl import boxes

    work = tmp_path / boxes.WORK_DIR
    work.mkdir()
    boxes.write_builder_json(default_lab(), work)
    machines = _laptop_config(tmp_path, work)
    assert machines == [
        {
            "name": "labctl-box",
            "vbguest": None,
            "linked_clone": True,
            "boot_timeout": 600,
            "insert_key": False,
            "networks": 0,
            "box": "centos/7",
        }
    ]
