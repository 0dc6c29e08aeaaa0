"""The embedded lab end to end, on real Apache httpd processes and real HTTP over loopback.

Every scenario must pass on a correct lab, and each check must fail - with a useful
message - on a lab broken the way a student could break it.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path
from typing import NoReturn

import pytest

from labctl import control, procs
from labctl.probe import Probe
from labctl.scenarios import REGISTRY, LabDriver, ScenarioResult, run_scenario
from labctl.templates import BALANCER_CONF

from embedded import LabFactory, httpd_pids


def run(opened: control.OpenLab, name: str) -> ScenarioResult:
    driver = LabDriver(opened.provider, opened.credentials())
    try:
        return run_scenario(REGISTRY[name], driver)
    finally:
        driver.close()


def failed(result: ScenarioResult) -> dict[str, str]:
    return {c.id: f"{c.observed} | {c.diagnosis}" for c in result.checks if not c.passed}


def test_every_scenario_passes_on_the_tutorial_lab(lab_factory: LabFactory) -> None:
    opened = lab_factory()
    results = control.run_scenarios(opened, ["all"])
    assert [r.name for r in results] == ["alternation", "failover", "manager-auth"]
    for r in results:
        assert r.passed, (r.name, failed(r), r.error)
    failover = results[1]
    assert [c.id for c in failover.checks] == [
        "baseline-alternation",
        "server1-down-survivor-serves",
        "server1-down-member-error",
        "both-down-503",
        "both-down-server2-error",
        "both-back-service",
    ]
    # The lab is restored: every host runs and the balancer alternates again at once.
    assert all(h.running for h in opened.provider.status())
    assert run(opened, "alternation").passed


def test_status_lists_hosts_and_members(lab_factory: LabFactory) -> None:
    opened = lab_factory()
    report = control.status(opened).to_dict()
    assert [h["name"] for h in report["hosts"]] == ["loadbalancer", "server1", "server2"]
    assert all(h["running"] for h in report["hosts"])
    lb = report["hosts"][0]
    assert lb["address"].endswith(".71") and lb["port"] == 80
    assert [m["state"] for m in report["members"]] == ["ok", "ok"]
    assert report["members"][0]["url"].endswith(".92")


def test_same_page_on_both_servers_fails_alternation(lab_factory: LabFactory) -> None:
    opened = lab_factory()
    s1, s2 = opened.lab.servers
    page = Path(opened.provider.paths(s1).document_root, "index.html").read_text()
    Path(opened.provider.paths(s2).document_root, "index.html").write_text(page)
    result = run(opened, "alternation")
    assert not result.passed
    check = result.checks[0]
    assert check.observed.count("Server 1") == 6
    assert "every reply is the 'Server 1' page" in (check.diagnosis or "")


def test_one_member_fails_alternation(lab_factory: LabFactory) -> None:
    opened = lab_factory()
    lb = opened.lab.loadbalancer
    conf = Path(opened.provider.paths(lb).conf_d, BALANCER_CONF)
    server2 = opened.provider.endpoint(opened.lab.servers[1])[0]
    lines = [ln for ln in conf.read_text().splitlines() if server2 not in ln]
    conf.write_text("\n".join(lines) + "\n")
    opened.provider.service("loadbalancer", "restart")
    result = run(opened, "alternation")
    assert not result.passed
    assert "1 member(s) only" in (result.checks[0].diagnosis or "")
    auth = run(opened, "manager-auth")
    assert failed(auth).keys() == {"right-password-admitted"}


def test_open_manager_fails_the_auth_checks(lab_factory: LabFactory) -> None:
    """The tutorial's first, unsecured manager block ("allow from all")."""
    opened = lab_factory()
    conf = Path(opened.provider.paths(opened.lab.loadbalancer).conf_d, BALANCER_CONF)
    text = conf.read_text()
    start, end = text.index('<Location "/balancer-manager">'), text.index("</Location>")
    conf.write_text(
        text[:start] + "<Location /balancer-manager>\n    SetHandler balancer-manager\n"
        "    allow from all\n" + text[end:]
    )
    opened.provider.service("loadbalancer", "restart")
    result = run(opened, "manager-auth")
    assert set(failed(result)) == {"anonymous-refused", "wrong-password-refused"}
    anonymous = result.checks[0]
    assert anonymous.observed.startswith("200")
    assert run(opened, "failover").passed


def test_stopped_server_gives_a_diagnosis_from_the_error_log(lab_factory: LabFactory) -> None:
    opened = lab_factory()
    opened.provider.service("server2", "stop")
    result = run(opened, "alternation")
    assert not result.passed
    diagnosis = result.checks[0].diagnosis or ""
    assert "connection refused" in diagnosis and "httpd is not running" in diagnosis
    address, port = opened.provider.endpoint(opened.lab.servers[1])
    assert f"{address}:{port}" in diagnosis


def test_scenario_restores_the_lab_after_an_interrupt(lab_factory: LabFactory) -> None:
    """Ctrl-C while server1 is stopped: the scenario's `with` block starts it again."""
    opened = lab_factory()
    driver = LabDriver(opened.provider, opened.credentials())
    original = driver.expect_member

    def interrupted(*args: object, **kwargs: object) -> NoReturn:
        raise KeyboardInterrupt

    driver.expect_member = interrupted  # type: ignore[method-assign]
    with pytest.raises(KeyboardInterrupt):
        run_scenario(REGISTRY["failover"], driver)
    driver.expect_member = original  # type: ignore[method-assign]
    assert all(h.running for h in opened.provider.status())
    driver.restore()
    driver.close()
    assert run(opened, "alternation").passed


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
    assert run(again, "alternation").passed


def test_root_lab_in_a_directory_apache_cannot_read(lab_factory: LabFactory) -> None:
    """pytest's tmp dirs are 0700, like /root: as root the server roots move to a private
    world-traversable directory linked from .labctl/hosts, and go with `destroy`."""
    if os.geteuid() != 0:
        pytest.fail("this test is about running as root; CI runs as root")
    opened = lab_factory()
    link = opened.state_dir.root / "hosts"
    assert link.is_symlink()
    tree = link.resolve()
    assert run(opened, "manager-auth").passed
    htpasswd = Path(opened.provider.paths(opened.lab.loadbalancer).htpasswd)
    assert oct(htpasswd.stat().st_mode & 0o777) == "0o640"
    opened.provider.destroy()
    assert not tree.exists()
    assert not opened.state_dir.root.exists()


def test_manager_page_is_not_proxied(lab_factory: LabFactory) -> None:
    opened = lab_factory()
    address, port = opened.provider.endpoint(opened.lab.loadbalancer)
    probe = Probe(address, port)
    page = probe.manager(opened.credentials())
    probe.close()
    assert page.status == 200 and page.source == "xml" and len(page.members) == 2
    assert page.balancer == "balancer://mycluster" and page.lbmethod == "byrequests"
