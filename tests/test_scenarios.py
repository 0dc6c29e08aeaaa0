"""The tutorial's scenarios (labctl/scenarios/): every claim holds on a correct embedded lab of
real Apache httpd, and each check fails - with a useful message - on a lab broken the way a
student could break it; an interrupted scenario leaves the lab whole.
"""

from __future__ import annotations

from pathlib import Path
from typing import NoReturn

import pytest

from labctl import control
from labctl.scenarios import REGISTRY, LabDriver, ScenarioResult, run_scenario
from labctl.templates import BALANCER_CONF

from embedded import LabFactory, scenario_on


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
    assert scenario_on(opened, "alternation").passed


def test_same_page_on_both_servers_fails_alternation(lab_factory: LabFactory) -> None:
    opened = lab_factory()
    s1, s2 = opened.lab.servers
    page = Path(opened.provider.paths(s1).document_root, "index.html").read_text()
    Path(opened.provider.paths(s2).document_root, "index.html").write_text(page)
    result = scenario_on(opened, "alternation")
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
    result = scenario_on(opened, "alternation")
    assert not result.passed
    assert "1 member(s) only" in (result.checks[0].diagnosis or "")
    auth = scenario_on(opened, "manager-auth")
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
    result = scenario_on(opened, "manager-auth")
    assert set(failed(result)) == {"anonymous-refused", "wrong-password-refused"}
    anonymous = result.checks[0]
    assert anonymous.observed.startswith("200")
    assert scenario_on(opened, "failover").passed


def test_stopped_server_gives_a_diagnosis_from_the_error_log(lab_factory: LabFactory) -> None:
    opened = lab_factory()
    opened.provider.service("server2", "stop")
    result = scenario_on(opened, "alternation")
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
    assert scenario_on(opened, "alternation").passed
