"""verify's lines for people: one per check as it completes, then the score."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.text import Text

from labctl.i18n import Lang, t
from labctl.scenarios.base import Check

if TYPE_CHECKING:
    from labctl.verify.run import VerifyResult


def check_line(check: Check, lang: Lang) -> Text:
    if check.passed:
        return Text(f"{t(lang, 'pass'):6}", style="bold green") + Text(f"{check.id}: {check.title}")
    line = Text(f"{t(lang, 'fail'):6}", style="bold red") + Text(f"{check.id}: {check.title}")
    line += Text(f"\n       {t(lang, 'observed')}: {check.observed}", style="yellow")
    if check.hint:
        line += Text(f"\n       -> {check.hint}", style="cyan")
    return line


def render_summary(verified: VerifyResult, console: Console) -> None:
    """After the check lines: why it stopped early (if it did), the score, the lab's state."""
    lang = verified.lang
    if verified.result.error:
        console.print(t(lang, "aborted", error=verified.result.error), style="red")
    style = "bold green" if verified.ok else "bold red"
    console.print(Text(verified.score_line(), style=style))
    if verified.ok:
        console.print(t(lang, "all-passed"), style="green")
    running = ", ".join(n for n, up in verified.running.items() if up) or t(lang, "none")
    console.print(t(lang, "restored", running=running), style="dim", highlight=False)
