"""The fault scenarios (labctl/scenarios/faults.py) on real Apache: each passes on the
tutorial's configuration, and a balancer configured otherwise makes its claim fail."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from labctl import control, faults
from labctl.control import OpenLab
from labctl.scenarios import REGISTRY, ScenarioResult

FAULT_SCENARIOS = ["fault-hang", "fault-error", "fault-slow", "fault-flap"]


def run(opened: OpenLab, name: str) -> ScenarioResult:
    (result,) = control.run_scenarios(opened, [name])
    assert result.error is None, result.error
    assert faults.active(opened.state_dir) == []  # the scenario cleared its fault
    return result


def verdicts(result: ScenarioResult) -> dict[str, bool]:
    return {c.id: c.passed for c in result.checks}


def balancer_conf(opened: OpenLab) -> Path:
    return Path(opened.provider.paths(opened.lab.loadbalancer).conf_d) / "lbsisjarkom.conf"


def reconfigure(opened: OpenLab, old: str, new: str) -> None:
    """The balancer's file changed as a student might, then `systemctl restart httpd`."""
    conf = balancer_conf(opened)
    text = conf.read_text()
    assert old in text
    conf.write_text(text.replace(old, new, 1))
    opened.provider.service("loadbalancer", "restart")


def test_the_faults_group_is_not_part_of_all() -> None:
    assert [n for n, s in REGISTRY.items() if s.group == "faults"] == FAULT_SCENARIOS
    assert not set(FAULT_SCENARIOS) & {n for n, s in REGISTRY.items() if s.group == "all"}


def test_every_fault_scenario_passes_on_the_tutorial_lab(lab_factory: Any) -> None:
    opened = lab_factory()
    results = control.run_scenarios(opened, ["faults"])
    assert [r.name for r in results] == FAULT_SCENARIOS
    for r in results:
        assert r.passed, (r.name, r.error, [(c.id, c.observed) for c in r.checks])
        assert all(c.title.strip() for c in r.checks)
    assert faults.active(opened.state_dir) == []
    members = control.status(opened).members
    assert [m["state"] for m in members] == ["ok", "ok"]  # the lab restored for the next one


def test_fault_hang_fails_where_a_proxy_timeout_gives_up_first(lab_factory: Any) -> None:
    opened = lab_factory()
    reconfigure(opened, "ProxyPass / ", "ProxyTimeout 1\nProxyPass / ")
    got = verdicts(run(opened, "fault-hang"))
    assert got["hang-client-waits"] is False  # a 502 after 1 s, not a client left waiting
    assert got["hang-member-still-ok"] is True


def test_fault_error_fails_where_failonstatus_takes_the_member_out(lab_factory: Any) -> None:
    opened = lab_factory()
    reconfigure(opened, "ProxySet lbmethod=byrequests", "ProxySet lbmethod=byrequests "
                "failonstatus=500")  # fmt: skip
    got = verdicts(run(opened, "fault-error"))
    assert got == {"error-reaches-clients": False, "error-member-stays-ok": False}


def member_option(opened: OpenLab, option: str) -> None:
    """server1's BalancerMember line given ``option`` (loadfactor=3, retry=0)."""
    server1 = ":".join(map(str, opened.provider.endpoint(opened.lab.host("server1"))))
    member = f"BalancerMember http://{server1}"
    reconfigure(opened, member, f"{member} {option}")


def test_fault_slow_fails_where_the_shares_are_not_equal(lab_factory: Any) -> None:
    opened = lab_factory()
    member_option(opened, "loadfactor=3")
    got = verdicts(run(opened, "fault-slow"))
    assert got["slow-half-the-traffic"] is False


def test_fault_flap_fails_where_retry_0_takes_the_member_back(lab_factory: Any) -> None:
    opened = lab_factory()
    member_option(opened, "retry=0")
    got = verdicts(run(opened, "fault-flap"))
    assert got["flap-back-but-left-out"] is False


@pytest.mark.parametrize("name", FAULT_SCENARIOS)
def test_titles_exist_in_both_languages(name: str) -> None:
    from labctl.i18n import MESSAGES

    ids = {
        "fault-hang": ["hang-client-waits", "hang-again-next-round", "hang-member-still-ok"],
        "fault-error": ["error-reaches-clients", "error-member-stays-ok"],
        "fault-slow": ["slow-half-the-traffic", "slow-replies-late"],
        "fault-flap": ["flap-down-survivor-serves", "flap-member-error", "flap-back-but-left-out"],
    }[name]
    for check_id in ids:
        en, id_ = MESSAGES[f"title.{check_id}"]
        assert en and id_ and en != id_
