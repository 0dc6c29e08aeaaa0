"""A class being graded, on the terminal: a live progress bar, then the table of the class."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from labctl.i18n import Lang, t
from labctl.inventory import Row


@contextmanager
def progress(console: Console, total: int, lang: Lang) -> Iterator[Callable[[Row], None]]:
    """done/total and the running counts of passes, failures and unreachable labs.

    Quiet when ``console`` is not a terminal: a CI log or a file gets no bar redraws.
    """
    if not console.is_terminal:
        yield lambda row: None
        return
    counts: Counter[str] = Counter(passed=0, failed=0, unreachable=0)
    lock = threading.Lock()
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[counts]}"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console) as bar:
        task = bar.add_task(t(lang, "class.grading"), total=total, counts=_counts(lang, counts))

        def on_row(row: Row) -> None:
            with lock:
                counts[row.status] += 1
                bar.update(task, advance=1, counts=_counts(lang, counts))

        yield on_row


def _counts(lang: Lang, counts: Counter[str]) -> str:
    return t(lang, "class.counts", **counts)


def table(rows: list[Row], lang: Lang) -> Table:
    """The class at a glance: points, grade and failed check ids (or the reason) per lab."""
    out = Table(title=t(lang, "class.title"))
    for key in ("class.lab", "class.points", "class.grade", "class.failed"):
        out.add_column(
            t(lang, key), justify="right" if key in ("class.points", "class.grade") else "left"
        )
    for r in rows:
        style = {"passed": "green", "failed": "red"}.get(r.status, "dim red")
        points = Text(f"{r.points:g}/{r.possible:g}", style=style)
        grade = Text(f"{100 * r.grade:.0f}%", style=style)
        failed = ", ".join(i for i, ok in r.checks.items() if not ok)
        why = "; ".join(x for x in (failed, r.error) if x)
        if r.same_as:
            why = "; ".join(x for x in (why, t(lang, "class.same-as", label=r.same_as)) if x)
        out.add_row(r.label, points, grade, Text(why or "-", style="red" if r.error else ""))
    return out
