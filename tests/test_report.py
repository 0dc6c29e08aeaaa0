"""Scenario results for people and machines (labctl/report.py): the check line and the table in
both languages, JSON, and JUnit XML as CI systems read it."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from rich.console import Console

from labctl import i18n, report
from labctl.scenarios.base import Check, ScenarioResult

PASSED = Check("baseline-alternation", "the balancer alternates", True, "1 2 1 2", "1 2 1 2")
FAILED = Check(
    "both-down-503", "both down: 503", False, "503", "200",
    diagnosis="server2 still answers", hint="stop both servers",
)  # fmt: skip
RESULTS = [
    ScenarioResult("alternation", "Alternation", [PASSED], 0.25),
    ScenarioResult("failover", "Failover", [PASSED, FAILED], 1.5),
    ScenarioResult("manager-auth", "Manager", [], 0.1, error="the lab is busy"),
]


def _text(*renderables: object) -> str:
    out = io.StringIO()
    console = Console(file=out, width=120, color_system=None)
    for r in renderables:
        console.print(r)
    return out.getvalue()


@pytest.mark.parametrize(
    ("lang", "words"), [("en", ("PASS", "FAIL", "seen", "expected")),
                        ("id", ("LULUS", "GAGAL", "terlihat", "diharapkan"))],
)  # fmt: skip
def test_a_check_line_in_each_language(lang: i18n.Lang, words: tuple[str, ...]) -> None:
    passed, failed = _text(report.check_line(PASSED, lang)), _text(report.check_line(FAILED, lang))
    verdict_pass, verdict_fail, observed, expected = words
    assert passed.startswith(verdict_pass) and "\n" not in passed.strip()
    assert failed.startswith(verdict_fail)
    assert f"{observed}: 200" in failed and f"{expected}: 503" in failed
    assert "-> server2 still answers" in failed and "-> stop both servers" in failed


def test_the_table_counts_checks_and_names_a_scenario_that_did_not_finish() -> None:
    out = io.StringIO()
    report.render(RESULTS, Console(file=out, width=120, color_system=None))
    rows = {line.split()[1]: line for line in out.getvalue().splitlines() if "│" in line[:2]}
    assert "1/1" in rows["alternation"] and "1.50 s" in rows["failover"]
    assert "1/2" in rows["failover"] and "(the lab is busy)" in rows["manager-auth"]


def test_json_says_whether_everything_passed() -> None:
    data = report.to_json(RESULTS, lab="here")
    assert data["passed"] is False and data["lab"] == "here"
    assert [s["name"] for s in data["scenarios"]] == ["alternation", "failover", "manager-auth"]
    assert report.to_json(RESULTS[:1])["passed"] is True
    again = [ScenarioResult.from_dict(s) for s in data["scenarios"]]
    assert again[1].checks[1] == FAILED and again[2].error == "the lab is busy"


def test_junit_has_a_suite_per_scenario_and_a_failure_per_failed_check(tmp_path: Path) -> None:
    path = tmp_path / "out" / "scenarios.xml"
    report.write_junit(RESULTS, path, suite="labctl-scenario")
    root = ET.parse(path).getroot()
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    assert root.get("name") == "labctl-scenario" and list(suites) == [r.name for r in RESULTS]
    assert (suites["failover"].get("tests"), suites["failover"].get("failures")) == ("2", "1")
    failure = suites["failover"].find("testcase[@name='both-down-503']/failure")
    assert failure is not None and failure.get("message") == "expected 503; observed 200"
    assert "server2 still answers" in (failure.text or "")
    # A scenario that could not run to its end is a failed test case of its own.
    aborted = suites["manager-auth"].find("testcase[@name='scenario']/failure")
    assert aborted is not None and aborted.get("message") == "the lab is busy"
    assert suites["alternation"].find(".//failure") is None
