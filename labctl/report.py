"""Scenario results for people (rich) and for machines (JSON, JUnit XML)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from labctl.scenarios.base import Check, ScenarioResult


def to_json(results: list[ScenarioResult], **extra: Any) -> dict[str, Any]:
    return {
        "passed": all(r.passed for r in results),
        **extra,
        "scenarios": [r.to_dict() for r in results],
    }


def check_line(check: Check) -> Text:
    """One line as a check completes, for the live view."""
    mark = Text("PASS ", style="bold green") if check.passed else Text("FAIL ", style="bold red")
    line = mark + Text(f"{check.id}: ", style="bold") + Text(check.observed)
    if not check.passed:
        line += Text(f"\n       expected {check.expected}", style="yellow")
        for extra in (check.diagnosis, check.hint):
            if extra:
                line += Text(f"\n       -> {extra}", style="cyan")
    return line


def render(results: list[ScenarioResult], console: Console) -> None:
    table = Table(title="labctl scenarios", show_lines=False)
    table.add_column("scenario")
    table.add_column("checks", justify="right")
    table.add_column("time", justify="right")
    table.add_column("result")
    for r in results:
        passed = sum(c.passed for c in r.checks)
        verdict = Text("passed", style="green") if r.passed else Text("FAILED", style="bold red")
        if r.error:
            verdict += Text(f" ({r.error})", style="red")
        table.add_row(r.name, f"{passed}/{len(r.checks)}", f"{r.duration_s:.2f} s", verdict)
    console.print(table)


def junit_xml(results: list[ScenarioResult], *, suite: str = "labctl") -> str:
    """JUnit XML: a testsuite per scenario, a testcase per check (CI systems read this)."""
    root = ET.Element("testsuites", name=suite)
    for r in results:
        failures = sum(not c.passed for c in r.checks) + (1 if r.error else 0)
        ts = ET.SubElement(
            root,
            "testsuite",
            name=r.name,
            tests=str(len(r.checks) + (1 if r.error else 0)),
            failures=str(failures),
            errors="0",
            time=f"{r.duration_s:.3f}",
        )
        for c in r.checks:
            tc = ET.SubElement(ts, "testcase", classname=f"{suite}.{r.name}", name=c.id)
            if not c.passed:
                message = f"expected {c.expected}; observed {c.observed}"
                failure = ET.SubElement(tc, "failure", message=message)
                failure.text = "\n".join(x for x in (message, c.diagnosis, c.hint) if x)
        if r.error:
            tc = ET.SubElement(ts, "testcase", classname=f"{suite}.{r.name}", name="scenario")
            ET.SubElement(tc, "failure", message=r.error).text = r.error
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def write_junit(results: list[ScenarioResult], path: Path, *, suite: str = "labctl") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(junit_xml(results, suite=suite), encoding="utf-8")
