"""`vagrant` through python-vagrant (labctl/vagrantcli.py), against the real `vagrant` CLI where
it matters: Vagrant's failures as one line with the fix, its output read as UTF-8, a stand-in
VBoxManage for the VirtualBox versions students have. No VM is booted here.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from labctl import vagrantcli as vc
from labctl.errors import LabctlError, VagrantError

from vagrantlab import (
    VAGRANTFILE,
    loopback_only,  # noqa: F401 - an autouse fixture
    needs_vagrant,
    write_lab_json,
)


@needs_vagrant
def test_status_lists_the_three_machines(tmp_path: Path) -> None:
    state_root = write_lab_json(tmp_path)
    cli = vc.VagrantCLI(tmp_path, state_root, vagrantfile=VAGRANTFILE)
    try:
        states = cli.status()
    except VagrantError as exc:
        # e.g. no provider usable at all on this machine: still one clear line
        assert "\n" not in str(exc)
        pytest.skip(f"no usable Vagrant provider here: {exc}")
    assert sorted(states) == ["loadbalancer", "server1", "server2"]
    assert {state for state, _ in states.values()} == {"not_created"}


@needs_vagrant
def test_unknown_provider_is_one_clear_line(tmp_path: Path) -> None:
    state_root = write_lab_json(tmp_path)
    cli = vc.VagrantCLI(tmp_path, state_root, vagrantfile=VAGRANTFILE)
    said: list[str] = []
    with pytest.raises(VagrantError) as caught:
        cli.up("nosuchprovider", said.append)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith("vagrant up: Vagrant has no such provider plugin")
    assert list(cli.stderr)  # Vagrant's own words were kept (and logged), not swallowed


# Captured from Debian's vagrant 2.3.4 on a machine without VirtualBox (`vagrant up` stderr).
VBOX_MISSING = """\
The provider 'virtualbox' that was requested to back the machine
'loadbalancer' is reporting that it isn't usable on this system. The
reason is shown below:

Vagrant could not detect VirtualBox! Make sure VirtualBox is properly installed.
Vagrant uses the `VBoxManage` binary that ships with VirtualBox, and requires
this to be available on the PATH. If VirtualBox is installed, please find the
`VBoxManage` binary and add it to the PATH environmental variable.
"""


# The same failure from `vagrant status --machine-readable` (stdout, error-exit line).
VBOX_MISSING_MACHINE_READABLE = (
    "1795571882,,error-exit,Vagrant::Errors::ProviderNotUsable,The provider 'virtualbox' that "
    "was requested to back the machine\\n'loadbalancer' is reporting that it isn't usable on "
    "this system. The\\nreason is shown below:\\n\\nVagrant could not detect VirtualBox! Make "
    "sure VirtualBox is properly installed.\\nVagrant uses the `VBoxManage` binary that ships "
    "with VirtualBox%!(VAGRANT_COMMA) and requires\\nthis to be available on the PATH.\n"
)


# VirtualBox >= 6.1.28 refusing the tutorial's subnet (Vagrant 2.2.19+ wording).
HOSTONLY_RANGE = """\
The IP address configured for the host-only network is not within the
allowed ranges. Please update the address used to be within the allowed
ranges and run the command again.

  Address: 192.168.43.71
  Ranges: 192.168.56.0/21

Valid ranges can be modified in the /etc/vbox/networks.conf file. For
more information including valid format see:

  https://www.virtualbox.org/manual/ch06.html#network_hostonly
"""


def test_vagrant_errors_become_one_line_with_a_fix() -> None:
    line = str(vc.explain_vagrant_error("up", VBOX_MISSING))
    assert line.startswith("vagrant up: VirtualBox is not installed")
    assert "--provider local, or libvirt" in line
    mr = str(
        vc.explain_vagrant_error("status", vc.machine_readable_error(VBOX_MISSING_MACHINE_READABLE))
    )
    assert "VirtualBox is not installed" in mr
    assert "networks.conf" in str(vc.explain_vagrant_error("up", HOSTONLY_RANGE))
    other = str(vc.explain_vagrant_error("halt", "Something odd happened. More text here.\n"))
    # Vagrant's whole reason, not only its first sentence
    assert other == (
        "vagrant halt: Something odd happened. More text here. "
        "(full output: .labctl/logs/vagrant.log)"
    )


def test_missing_vagrant_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(LabctlError) as caught:
        vc.VagrantCLI(tmp_path, tmp_path / ".labctl")
    assert str(caught.value).startswith("Vagrant is not installed")
    assert "--provider local" in str(caught.value)


def _stand_in_vboxmanage(tmp_path: Path, version: str, monkeypatch: pytest.MonkeyPatch) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    stub = bin_dir / "VBoxManage"
    # Vagrant's driver/meta.rb runs `VBoxManage --version` first and picks a driver by series
    stub.write_text(f'#!/bin/sh\n[ "$1" = --version ] && echo "{version}"\nexit 0\n')
    stub.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}:{os.environ['PATH']}")
    # nothing may fetch a box: a box lookup would meet a closed port on loopback
    monkeypatch.setenv("VAGRANT_SERVER_URL", "http://127.0.0.1:9")


@needs_vagrant
@pytest.mark.parametrize("version", ["7.1.6r167084", "7.2.6r172322"])
def test_real_vagrant_refuses_a_newer_virtualbox_and_labctl_keeps_its_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, version: str
) -> None:
    """Debian's vagrant 2.3.4 knows VirtualBox up to 7.0: with 7.1/7.2 it stops at the
    provider check, before any box is looked at (vagrant issue 13501)."""
    _stand_in_vboxmanage(tmp_path, version, monkeypatch)
    state_root = write_lab_json(tmp_path)
    cli = vc.VagrantCLI(tmp_path, state_root, vagrantfile=VAGRANTFILE, provider="virtualbox")
    with pytest.raises(VagrantError) as caught:
        cli.up("virtualbox", lambda line: None)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith("vagrant up: this Vagrant is older than the installed VirtualBox")
    # Vagrant's own reason, whole: which versions this Vagrant supports
    assert "not supported by this version of Vagrant" in message
    assert "4.0, 4.1, 4.2, 4.3, 5.0, 5.1, 5.2, 6.0, 6.1, 7.0" in message


@needs_vagrant
def test_real_vagrant_status_with_virtualbox_7_0(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _stand_in_vboxmanage(tmp_path, "7.0.14r161095", monkeypatch)
    state_root = write_lab_json(tmp_path)
    cli = vc.VagrantCLI(tmp_path, state_root, vagrantfile=VAGRANTFILE, provider="virtualbox")
    states = cli.status()
    assert states == {n: ("not_created", "virtualbox") for n in states}
    assert sorted(states) == ["loadbalancer", "server1", "server2"]


def _fake_vagrant(tmp_path: Path, stdout: bytes) -> str:
    path = tmp_path / "fake-vagrant"
    data = tmp_path / "fake-vagrant.out"
    data.write_bytes(stdout)
    path.write_text(f'#!/bin/sh\ncat "{data}"\n')
    path.chmod(0o755)
    return str(path)


def test_unreadable_vagrant_output_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    # A plugin's warning among the machine-readable lines: python-vagrant indexes field 3 of
    # every line and raises IndexError.
    exe = _fake_vagrant(tmp_path, b"Vagrant-vbguest: plugin warning\n")
    cli = vc.VagrantCLI(tmp_path, tmp_path / ".labctl", vagrantfile=VAGRANTFILE, executable=exe)
    with pytest.raises(VagrantError) as caught:
        cli.status()
    assert str(caught.value).startswith(
        "vagrant status: labctl could not read Vagrant's output (IndexError"
    )


def test_vagrant_output_is_read_as_utf8(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A Windows user "Łukasz" (like vagrant issue 11431) in Vagrant's UTF-8 output, read on a
    # machine whose code page is cp1252, where UTF-8's 0x81 has no character: python-vagrant
    # itself decodes with the locale and raises UnicodeDecodeError.
    import locale

    monkeypatch.setattr(locale, "getpreferredencoding", lambda *a: "cp1252")
    line = "1795601257,loadbalancer,state-human-long,C:/Users/Łukasz/.vagrant.d\n"
    out = (
        "1795601257,loadbalancer,provider-name,virtualbox\n"
        "1795601257,loadbalancer,state,running\n" + line
    ).encode()
    cli = vc.VagrantCLI(
        tmp_path,
        tmp_path / ".labctl",
        vagrantfile=VAGRANTFILE,
        executable=_fake_vagrant(tmp_path, out),
    )
    assert cli.status() == {"loadbalancer": ("running", "virtualbox")}


# Error texts as users posted them; each must map to its fix, with Vagrant's words kept.
LAPTOP_ERRORS = {
    # NixOS/nixpkgs issue 363887 (VirtualBox on Linux 6.12)
    "VirtualBox can't operate in VMX root mode. Please disable the KVM kernel extension, "
    "recompile your kernel and reboot (VERR_VMX_IN_VMX_ROOT_MODE).": "enable_virt_at_load=0",
    # VirtualBox/virtualbox issue 81 (AMD, Linux 6.14)
    "VirtualBox can't enable the AMD-V extension. Please disable the KVM kernel extension, "
    "recompile your kernel and reboot (VERR_SVM_IN_USE).": "modprobe -r kvm_intel kvm_amd kvm",
    "AMD-V is disabled in the BIOS (or by the host OS) (VERR_SVM_DISABLED)": "SVM Mode",
    # hashicorp/vagrant issue 10396 (Windows 7, VirtualBox 5.2.22)
    """There was an error while executing `VBoxManage`, a CLI used by Vagrant
for controlling VirtualBox. The command and stderr is shown below.

Command: ["hostonlyif", "create"]

Stderr: 0%...
Progress state: E_FAIL
VBoxManage.exe: error: Failed to create the host-only adapter
""": "choose Repair",
    # Vagrant's locale text for boot_timeout (templates/locales/en.yml), vagrant issue 11853
    "Timed out while waiting for the machine to boot. This means that Vagrant was unable to "
    'communicate with the guest machine within the configured ("config.vm.boot_timeout" '
    "value) time period.": "boot_timeout in lab.toml",
    # hashicorp/vagrant issue 11431
    "C:/HashiCorp/Vagrant/embedded/gems/2.2.7/gems/vagrant-2.2.7/lib/vagrant/environment.rb:193"
    ":in `encode': U+017D to IBM437 in conversion from Windows-1252 to UTF-8 to IBM437 "
    "(Encoding::UndefinedConversionError)": "setx VAGRANT_HOME C:\\vagrant.d",
    # hashicorp/vagrant issue 13404
    "/usr/share/vagrant/gems/gems/vagrant-vbguest-0.32.0/lib/vagrant-vbguest/hosts/"
    "virtualbox.rb:84:in `block in guess_local_iso': undefined method `exists?' for class "
    "File (NoMethodError)": "vagrant plugin uninstall vagrant-vbguest",
}


@pytest.mark.parametrize("text", list(LAPTOP_ERRORS))
def test_laptop_errors_have_their_fix(text: str) -> None:
    line = str(vc.explain_vagrant_error("up", text))
    assert "\n" not in line
    assert LAPTOP_ERRORS[text] in line
    assert "(Vagrant: " in line  # Vagrant's own words follow the fix
