"""How `labctl watch` looks: a snapshot drawn for a terminal or a projector, 80 columns wide.

A pure function of a `Snapshot` (labctl/watch.py), so the view is tested without a lab: the
same snapshot always draws the same screen.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console, Group, RenderableType
from rich.live import Live
from rich.table import Table
from rich.text import Text

from labctl.i18n import tr
from labctl.watch import DEADLINE, Snapshot

WIDTH = 80
BAR = 20  # characters of a share bar
# The strip's marks for a request that got no HTTP answer (JSON says the whole word).
_MARKS = {"timeout": "T", "refused": "R", "error": "E"}
_SERVER_STYLES = {"1": "bold cyan", "2": "bold magenta"}
_STATE_STYLES = {"ok": "green", "error": "bold red", "disabled": "yellow"}
# [Mon Dec 07 08:12:03.123456 2026] [proxy:error] [pid 42:tid 7] [client 1.2.3.4:5] text
_LOG_RE = re.compile(
    r"^\[\w+ \w+ +\d+ (\d\d:\d\d:\d\d)[.\d]* \d+\] \[([^\]]+)\] (?:\[pid [^\]]*\] )?"
    r"(?:\[client [^\]]*\] )?(.*)$"
)


def mark(label: str) -> Text:
    """One reply in the strip, coloured: the server that answered, else what went wrong."""
    if label in _SERVER_STYLES or (label.isdigit() and int(label) < 100):
        return Text(label, style=_SERVER_STYLES.get(label, "bold blue"))
    if label in _MARKS:
        return Text(_MARKS[label], style="bold red reverse")
    return Text(label, style="red" if label.startswith("5") else "yellow")


def strip(labels: tuple[str, ...], width: int) -> Text:
    """The newest replies that fit ``width``, oldest left, newest right."""
    out: list[Text] = []
    used = 0
    for label in reversed(labels):
        piece = mark(label)
        if used + len(piece) + 1 > width:
            break
        out.append(piece)
        used += len(piece) + 1
    return Text(" ").join(reversed(out))


def short_log_line(line: str) -> str:
    """Apache's error-log line without what a projector has no room for (date, pid)."""
    match = _LOG_RE.match(line)
    if match is None:
        return line
    clock, module, rest = match.groups()
    return f"{clock} [{module}] {rest}"


def _title(snap: Snapshot) -> Text:
    title = Text(tr("watch.title", target=snap.target, rate=f"{snap.rate:g}"), style="bold")
    title += Text("  " + tr("watch.clock", t=int(snap.t), sent=snap.sent), style="dim")
    if snap.skipped:
        title += Text("  " + tr("watch.skipped", skipped=snap.skipped), style="yellow")
    return title


def _shares(snap: Snapshot) -> RenderableType:
    win = snap.window
    table = Table(box=None, show_header=False, padding=(0, 1), pad_edge=False)
    table.add_column(min_width=7, no_wrap=True)
    table.add_column(no_wrap=True)
    table.add_column(justify="right", no_wrap=True)
    table.add_column(justify="right", no_wrap=True)
    for label, count in win.shares.items():
        filled = round(BAR * count / win.size) if win.size else 0
        bar = Text("█" * filled, style=mark(label).style) + Text("░" * (BAR - filled), style="dim")
        # Room for the whole word here, in the user's language.
        word = Text(
            tr(f"watch.word-{label}") if label in _MARKS else label, style=mark(label).style
        )
        table.add_row(word, bar, f"{count}/{win.size}", f"{100 * count // win.size}%")
    if win.median_ms is None:
        latency = Text(tr("watch.no-latency"), style="yellow")
    else:
        latency = Text(tr("watch.latency", median=win.median_ms, p95=win.p95_ms))
    return Group(Text(tr("watch.shares", n=win.size), style="bold"), table, latency)


def _members(snap: Snapshot) -> RenderableType:
    seen = snap.seen
    heading = Text(tr("watch.members"), style="bold")
    if seen.manager_error is not None:
        return Group(heading, Text("  " + seen.manager_error, style="yellow", overflow="fold"))
    table = Table(box=None, padding=(0, 1), pad_edge=False)
    # Names and statuses give way (ellipsis) before a counter loses a digit.
    table.add_column(tr("status.host"), max_width=32, overflow="ellipsis", no_wrap=True)
    table.add_column(tr("watch.col-status"), max_width=20, overflow="ellipsis", no_wrap=True)
    for column in ("elected", "busy"):
        table.add_column(tr(f"watch.col-{column}"), justify="right", min_width=7, no_wrap=True)
    for m in seen.members:
        table.add_row(
            "  " + m.host,
            Text(m.status, style=_STATE_STYLES.get(m.state, "yellow")),
            "-" if m.elected is None else str(m.elected),
            "-" if m.busy is None else str(m.busy),
        )
    return Group(heading, table)


def _faults(snap: Snapshot) -> RenderableType:
    seen = snap.seen
    if not seen.faults:
        return Text(tr("fault.none"), style="dim")
    lines = [Text(tr("fault.active"), style="bold")]
    for f in seen.faults:
        since = tr("fault.since", time=time.strftime("%H:%M:%S", time.localtime(f.since)))
        lines.append(Text(f"  {f.label} ({since})", style="red"))
    return Group(*lines)


def _log(snap: Snapshot) -> RenderableType:
    lines = [Text(tr("watch.log"), style="bold")]
    if snap.seen.log_error is not None:
        lines.append(Text("  " + snap.seen.log_error, style="yellow", overflow="fold"))
    for line in snap.log_tail:
        lines.append(Text("  " + short_log_line(line), overflow="ellipsis", no_wrap=True))
    if len(lines) == 1:
        lines.append(Text("  " + tr("watch.log-quiet"), style="dim"))
    return Group(*lines)


def render(snap: Snapshot, width: int = WIDTH) -> RenderableType:
    """The whole screen for one snapshot."""
    replies = Text(tr("watch.replies") + " ", style="bold")
    replies += strip(snap.strip, width - len(replies))
    legend = Text(tr("watch.legend", deadline=f"{DEADLINE:g}"), style="dim")
    return Group(
        _title(snap), replies, _shares(snap), _members(snap), _faults(snap), _log(snap), legend
    )


@contextmanager
def live(console: Console) -> Iterator[Callable[[Snapshot], None]]:
    """A screen redrawn at each snapshot, in place; the terminal is given back as it was when
    the block ends (Ctrl-C included). No refresh thread: watch's loop draws."""
    with Live(console=console, auto_refresh=False, redirect_stdout=False) as view:
        yield lambda snap: view.update(render(snap, console.width), refresh=True)
