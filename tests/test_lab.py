"""lab.toml: defaults, overrides, and errors that name file, line and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from labctl.errors import ConfigError
from labctl.lab import Lab, default_lab, load_lab


def lab_from(tmp_path: Path, text: str) -> Lab:
    path = tmp_path / "lab.toml"
    path.write_text(text)
    return load_lab(path)


def test_defaults_are_the_tutorial(tmp_path: Path) -> None:
    lab = load_lab(tmp_path / "absent.toml")
    assert [(h.name, h.address) for h in lab.hosts] == [
        ("loadbalancer", "192.168.43.71"),
        ("server1", "192.168.43.92"),
        ("server2", "192.168.43.65"),
    ]
    assert lab.balancer == "mycluster" and lab.lbmethod == "byrequests"
    assert lab.manager_user == "admin" and lab.manager_password is None
    assert [lab.local_address(h) for h in lab.hosts] == [
        "127.0.43.71",
        "127.0.43.92",
        "127.0.43.65",
    ]


def test_subnet_keeps_the_host_octets() -> None:
    lab = default_lab().with_subnet("192.168.56.0/24")
    assert [h.address for h in lab.hosts] == ["192.168.56.71", "192.168.56.92", "192.168.56.65"]


def test_overrides(tmp_path: Path) -> None:
    lab = lab_from(
        tmp_path,
        '[lab]\nprovider = "local"\nlbmethod = "bytraffic"\nsubnet = "10.43.0.0/24"\n'
        '[hosts]\nserver2 = "10.43.0.66"\n[manager]\nuser = "guru"\npassword = "rahasia"\n'
        '[local]\nsubnet = "127.0.77.0/24"\nport = 8081\n',
    )
    assert lab.requested_provider == "local" and lab.lbmethod == "bytraffic"
    assert [h.address for h in lab.hosts] == ["10.43.0.71", "10.43.0.92", "10.43.0.66"]
    assert (lab.manager_user, lab.manager_password) == ("guru", "rahasia")
    assert lab.local.port == 8081 and lab.local_address(lab.servers[1]) == "127.0.77.66"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[lab]\nprovider = "docker"\n', "lab.toml:2: lab.provider must be one of"),
        ("[lab]\n\nlbmethod = 'roundrobin'\n", "lab.toml:3: lab.lbmethod must be one of"),
        ("[local]\nport = '80'\n", "lab.toml:2: local.port must be a int, got '80'"),
        ("[local]\nport = 70000\n", "lab.toml:2: local.port must be a port"),
        ('[lab]\nsubnet = "192.168.43"\n', "lab.toml:2: lab.subnet: '192.168.43' is not an IPv4"),
        ('[local]\nsubnet = "192.168.43.0/24"\n', "lab.toml:2: local.subnet must be inside 127"),
        ("[lab]\nflavour = 1\n", "lab.toml:2: unknown field lab.flavour"),
        ("[labs]\n", "lab.toml:1: unknown section [labs]"),
        ('[hosts]\nserver1 = "192.168.43.65"\n', "two hosts share one address"),
        ('[hosts]\nserver1 = "10.0.0.5"\n', "outside lab.subnet"),
        ("[lab\n", "lab.toml: Expected ']'"),
        ('[manager]\npassword = ""\n', "manager.password must be one non-empty line"),
        ('[vagrant]\nvault_url = "ftp://x"\n', "lab.toml:2: vagrant.vault_url must be a plain"),
        ('[vagrant]\nvault_url = "http://a/b,c"\n', "vagrant.vault_url must be a plain"),
        ("[vagrant]\nboot_timeout = 10\n", "lab.toml:2: vagrant.boot_timeout must be >= 60"),
        (
            '[vagrant]\nhypervisor = "libvirt"\nprovider = "libvirt"\n',
            "lab.toml:3: vagrant.hypervisor and vagrant.provider name the same setting",
        ),
    ],
)
def test_bad_lab_toml(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError) as info:
        lab_from(tmp_path, text)
    assert message in str(info.value)
    assert str(tmp_path) in str(info.value)


@pytest.mark.parametrize("key", ["hypervisor", "provider"])
def test_the_hypervisor_under_either_name(tmp_path: Path, key: str) -> None:
    # "provider" is Vagrant's word for it; lab.toml files written with it keep working.
    lab = lab_from(tmp_path, f'[vagrant]\n{key} = "libvirt"\n')
    assert lab.vagrant.hypervisor == "libvirt"
    assert lab.requested_provider is None  # which labctl provider: still the flag's or chosen


def test_vault_url_and_boot_timeout(tmp_path: Path) -> None:
    lab = lab_from(
        tmp_path,
        '[vagrant]\nvault_url = "http://10.43.0.5:3142/centos-vault/"\nboot_timeout = 900\n',
    )
    assert lab.vagrant.vault_url == "http://10.43.0.5:3142/centos-vault/"
    assert lab.vagrant.boot_timeout == 900
    assert default_lab().vagrant.vault_url == "http://vault.centos.org"
