"""The embedded lab's provider (labctl/providers/local.py), on real Apache httpd processes and
real HTTP over loopback: status, an interrupted or crashed `up`, a root lab in a directory
Apache cannot read."""

from __future__ import annotations

import os
import signal
from pathlib import Path
from typing import NoReturn

import pytest

from labctl import control, procs

from embedded import LabFactory, httpd_pids, scenario_on


def test_status_lists_hosts_and_members(lab_factory: LabFactory) -> None:
    opened = lab_factory()
    report = control.status(opened).to_dict()
    assert [h["name"] for h in report["hosts"]] == ["loadbalancer", "server1", "server2"]
    assert all(h["running"] for h in report["hosts"])
    lb = report["hosts"][0]
    assert lb["address"].endswith(".71") and lb["port"] == 80
    assert [m["state"] for m in report["members"]] == ["ok", "ok"]
    assert report["members"][0]["url"].endswith(".92")


def test_interrupted_up_leaves_no_httpd_and_up_works_again(
    lab_factory: LabFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from labctl.providers.local import LocalProvider

    def interrupted(self: LocalProvider, host: object) -> NoReturn:
        raise KeyboardInterrupt

    directory = tmp_path / "interrupted"
    with monkeypatch.context() as m:
        m.setattr(LocalProvider, "_wait_answering", interrupted)
        with pytest.raises(KeyboardInterrupt):
            lab_factory(directory=directory)
    assert httpd_pids(str(directory)) == [] or all(
        not Path(f"/proc/{pid}").exists() for pid in httpd_pids(str(directory))
    )
    opened = lab_factory(directory=directory)
    assert all(h.running for h in opened.provider.status())


def test_stale_state_from_a_crashed_run(lab_factory: LabFactory, tmp_path: Path) -> None:
    """httpd parents killed with SIGKILL leave their pid files and their workers behind (the
    workers keep the port); the next `up` clears both and starts clean."""
    directory = tmp_path / "crashed"
    opened = lab_factory(directory=directory)
    tree = str(opened.provider.tree)
    for h in opened.lab.hosts:
        pid = opened.provider.pid(h)
        assert pid is not None
        os.kill(pid, signal.SIGKILL)
        # A crash is over before the next command: the signal is delivered asynchronously.
        assert procs.wait_gone([procs.Proc(pid, 0, 0, ())], 5.0)
    orphans = set(httpd_pids(tree))
    assert orphans, "Apache's workers outlive a SIGKILLed parent"
    again = lab_factory(directory=directory)
    assert all(h.running for h in again.provider.status())
    assert not orphans & set(httpd_pids(tree))
    assert scenario_on(again, "alternation").passed


def test_root_lab_in_a_directory_apache_cannot_read(lab_factory: LabFactory) -> None:
    """pytest's tmp dirs are 0700, like /root: as root the server roots move to a private
    world-traversable directory linked from .labctl/hosts, and go with `destroy`."""
    if os.geteuid() != 0:
        pytest.fail("this test is about running as root; CI runs as root")
    opened = lab_factory()
    link = opened.state_dir.root / "hosts"
    assert link.is_symlink()
    tree = link.resolve()
    assert scenario_on(opened, "manager-auth").passed
    htpasswd = Path(opened.provider.paths(opened.lab.loadbalancer).htpasswd)
    assert oct(htpasswd.stat().st_mode & 0o777) == "0o640"
    opened.provider.destroy()
    assert not tree.exists()
    assert not opened.state_dir.root.exists()
