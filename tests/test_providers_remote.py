"""The remote provider (labctl/providers/remote.py): a lab labctl did not make, reached by a URL
and SSH, as an instructor grades a student's own VMs.

An SSH entry drives a real embedded lab through the test sshd on 127.0.0.1: its stop/start
commands run over a real SSH connection (the command is `labctl` itself in the lab's directory
instead of `systemctl`, which this machine does not have).
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import pytest

from labctl.classgrade import grade_one
from labctl.errors import ProviderError
from labctl.inventory import CENTOS_PATHS, Entry, read
from labctl.providers.remote import RemoteLab
from labctl.provisioning import host_paths, service_command

from classlabs import student
from embedded import LabFactory
from sshd import SSHServer


def test_an_ssh_entry_drives_a_real_lab(
    lab_factory: LabFactory, tmp_path: Path, sshd: SSHServer
) -> None:
    """A lab labctl did not make, as an instructor sees it: a URL, addresses and SSH."""
    opened = student(lab_factory, tmp_path / "eka")
    opened.provider.service("server2", "stop")  # stopped by hand, must stay so
    lab_dir = opened.state_dir.root.parent
    lb, s1, s2 = (":".join(map(str, opened.provider.endpoint(h))) for h in opened.lab.hosts)
    paths = opened.provider.paths(opened.lab.loadbalancer)
    user, password = opened.credentials()
    # `labctl ACTION HOST` in the lab's directory plays `systemctl ACTION httpd` on each VM.
    service = (
        f"cd {shlex.quote(str(lab_dir))} && {sys.executable} -m labctl.cli {{action}} {{host}}"
    )
    entry = Entry(
        label="eka",
        where="class.toml:1",
        url=f"http://{lb}/",
        servers={"server1": s1, "server2": s2},
        user=user,
        password=password,
        ssh={
            "user": sshd.user,
            "key": str(sshd.key_path),
            "hosts": dict.fromkeys(
                ("loadbalancer", "server1", "server2"), f"127.0.0.1:{sshd.port}"
            ),
        },
        service=service,
        configtest="",  # `labctl restart` runs the configtest itself
        paths=paths,
    )
    row = grade_one(entry, lang="en", known_hosts=tmp_path / "known_hosts")
    assert row.error is None, row.error
    assert {i for i, ok in row.checks.items() if not ok} == {"httpd-running"}
    assert "server2's httpd is stopped" in row.hints["httpd-running"]
    assert [h.running for h in opened.provider.status()] == [True, True, False]
    assert (tmp_path / "known_hosts").exists()
    remote = RemoteLab(entry, tmp_path / "known_hosts")
    assert [h.name for h in remote.status() if h.running] == ["loadbalancer", "server1"]


def test_an_entry_is_the_tutorials_centos_7_unless_it_says_otherwise(tmp_path: Path) -> None:
    (tmp_path / "class.toml").write_text(
        '[[lab]]\nlabel = "b"\nurl = "http://127.0.0.1:8080/"\npassword = "x"\n'
        'servers = { server1 = "127.0.0.2", server2 = "127.0.0.3:81" }\n'
        'ssh = { user = "vagrant", key = "~/.ssh/id_ed25519" }\n'
    )
    (entry,) = read(tmp_path / "class.toml").entries
    remote = RemoteLab(entry, tmp_path / "kh")
    assert remote.endpoint(remote.lab.loadbalancer) == ("127.0.0.1", 8080)
    assert remote.endpoint(remote.lab.servers[0]) == ("127.0.0.2", 80)
    assert remote.endpoint(remote.lab.servers[1]) == ("127.0.0.3", 81)
    # The paths and commands are provisioning's own for CentOS 7, not a copy of them.
    assert remote.paths(remote.lab.loadbalancer) == CENTOS_PATHS == host_paths("centos7")
    assert entry.service.format(action="stop") == service_command("centos7", "stop")
    assert entry.configtest == service_command("centos7", "configtest")
    assert entry.service.format(action="stop") == "systemctl stop httpd"


def test_a_lab_labctl_did_not_make_is_not_brought_up_or_down(tmp_path: Path) -> None:
    entry = Entry(
        label="eka", where="class.toml:1", url="http://127.0.0.1:8080/",
        servers={"server1": "127.0.0.2", "server2": "127.0.0.3"},
    )  # fmt: skip
    remote = RemoteLab(entry, tmp_path / "kh")
    for refused in (remote.down, remote.destroy, remote.discard, remote.fault_means):
        with pytest.raises(ProviderError) as caught:
            refused()
        assert "eka" in caught.value.in_lang("en") and "eka" in caught.value.in_lang("id")
        assert caught.value.in_lang("en") != caught.value.in_lang("id")
    with pytest.raises(ProviderError):
        remote.up(stage="full", say=lambda line: None)
