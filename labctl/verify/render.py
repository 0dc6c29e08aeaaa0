"""verify's closing lines for people: the score and the lab's state (each check's own line
is report.check_line, shared with the scenarios)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.text import Text

from labctl.i18n import t

if TYPE_CHECKING:
    from labctl.verify.run import VerifyResult


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
