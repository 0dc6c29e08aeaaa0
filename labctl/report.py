"""Scenario results for people (rich) and for machines (JSON, JUnit XML)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from labctl.i18n import Lang, current, t, tr
from labctl.scenarios.base import Check, ScenarioResult

if TYPE_CHECKING:
    from labctl.control import StatusReport
    from labctl.exercises.base import Exercise
    from labctl.faults import ActiveFault


def to_json(results: list[ScenarioResult], **extra: Any) -> dict[str, Any]:
    return {
        "passed": all(r.passed for r in results),
        **extra,
        "scenarios": [r.to_dict() for r in results],
    }


def check_line(check: Check, lang: Lang | None = None) -> Text:
    """One check as it completes, for scenarios and verify alike, in the user's language: the
    verdict and the title; for a failure what was seen, what was expected, and the cause."""
    lang = lang or current()
    if check.passed:
        mark = Text(f"{t(lang, 'pass')} ", style="bold green")
    else:
        mark = Text(f"{t(lang, 'fail')} ", style="bold red")
    line = mark + Text(f"{check.id}: ", style="bold") + Text(check.title)
    if not check.passed:
        line += Text(f"\n       {t(lang, 'observed')}: {check.observed}", style="yellow")
        line += Text(f"\n       {t(lang, 'expected')}: {check.expected}", style="yellow")
        for extra in (check.diagnosis, check.hint):
            if extra:
                line += Text(f"\n       -> {extra}", style="cyan")
    return line


def render(results: list[ScenarioResult], console: Console) -> None:
    table = Table(title=tr("scn.table-title"), show_lines=False)
    table.add_column(tr("scn.table-scenario"))
    table.add_column(tr("scn.table-checks"), justify="right")
    table.add_column(tr("scn.table-time"), justify="right")
    table.add_column(tr("scn.table-result"))
    for r in results:
        passed = sum(c.passed for c in r.checks)
        verdict = (
            Text(tr("status.passed"), style="green")
            if r.passed
            else Text(tr("scn.table-failed"), style="bold red")
        )
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


def render_status(report: StatusReport, console: Console) -> None:
    """`labctl status`: the hosts as a table, then the balancer's members, in the user's
    language."""
    table = Table(title=tr("status.title", provider=report.provider, stage=report.stage))
    for column in ("host", "role", "address", "httpd", "detail"):
        table.add_column(tr(f"status.{column}"))
    for h in report.hosts:
        state = (
            Text(tr("status.running"), style="green")
            if h.running
            else Text(tr("status.stopped"), style="red")
        )
        table.add_row(h.name, h.role, f"{h.address}:{h.port}", state, h.detail)
    console.print(table)
    if report.exercise:
        console.print(Text("  " + tr("exercise.status", name=report.exercise)))
    for m in report.members:
        style = {"ok": "green", "error": "red"}.get(m["state"], "yellow")
        line = Text("  ") + Text(tr("status.member", url=m["url"], status=""))
        console.print(line + Text(m["status"], style=style))
    if report.manager_error:
        console.print(Text("  " + tr("status.manager", error=report.manager_error), style="yellow"))
    for f in report.faults:
        console.print(Text("  " + tr("status.fault", label=f.label, since=_since(f)), style="red"))


def _since(fault: ActiveFault) -> str:
    import time

    return tr("fault.since", time=time.strftime("%H:%M:%S", time.localtime(fault.since)))


def render_faults(active: list[ActiveFault], console: Console) -> None:
    """`labctl fault list`: every kind with what it does, then the faults active here."""
    from labctl.faults import KINDS

    console.print(tr("fault.kinds"), style="bold", highlight=False)
    for kind, wants in KINDS.items():
        usage = f"{kind} {wants or ''}".strip()
        console.print(Text(f"  {usage:14} ") + Text(tr(f"fault.kind.{kind}")), highlight=False)
    if not active:
        console.print(tr("fault.none"), highlight=False)
        return
    console.print(tr("fault.active"), style="bold", highlight=False)
    for f in active:
        console.print(Text(f"  {f.label} ({_since(f)})", style="red"), highlight=False)


def exercises_json(exercises: list[Exercise]) -> list[dict[str, Any]]:
    """`labctl exercise list --json`: what an instructor's tooling needs of each exercise."""
    return [
        {
            "name": e.name,
            "title": {"en": e.title[0], "id": e.title[1]},
            "apache": e.apache,
            "check_ids": list(e.check_ids),
            "restarts_balancer": e.restart,
        }
        for e in exercises
    ]


def render_exercises(exercises: list[Exercise], console: Console) -> None:
    lang = current()
    table = Table(title=tr("exercise.list-title"))
    for column in ("name", "title", "apache"):
        table.add_column(tr(f"exercise.col-{column}"))
    for e in exercises:
        table.add_row(e.name, e.title_in(lang), e.apache)
    console.print(table)
    console.print(tr("exercise.list-how"), highlight=False)


def render_exercise(exercise: Exercise, lang: Lang, console: Console) -> None:
    """`labctl exercise show NAME`: the task as a section of the tutorial, in ``lang``."""
    console.print(Text(exercise.title_in(lang), style="bold"))
    console.print(Text(exercise.task_in(lang)), highlight=False, soft_wrap=True)
    console.print(Text(t(lang, "exercise.apache", apache=exercise.apache), style="dim"))
    checks = ", ".join(exercise.check_ids)
    console.print(Text(t(lang, "exercise.checks", checks=checks), style="dim"))
