"""The view of `labctl watch` as a pure function of a snapshot: what a projector shows, at 80
columns, in both languages."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from labctl.faults import ActiveFault
from labctl.i18n import use
from labctl.watch import MemberView, Sample, Seen, Snapshot, window
from labctl.watchview import WIDTH, render, short_log_line, strip

APACHE_LINE = (
    "[Mon Dec 07 08:12:03.123456 2026] [proxy:error] [pid 4242:tid 139912] (111)Connection "
    "refused: AH00957: http: attempt to connect to 127.0.43.92:80 (127.0.43.92:80) failed"
)


def plain(snap: Snapshot, width: int = WIDTH) -> str:
    """The screen as text, ``width`` columns wide, as a terminal without colours shows it."""
    out = io.StringIO()
    Console(file=out, width=width, color_system=None, legacy_windows=False).print(
        render(snap, width)
    )
    return out.getvalue()


def sample(t: float, label: str) -> Sample:
    """The sample the strip shows as ``label``."""
    if label.isalpha():
        return Sample(t, None, None, 2.0, label)
    if label in ("1", "2"):
        return Sample(t, int(label), 200, 0.002)
    return Sample(t, None, int(label), 0.003)


def busy_snapshot() -> Snapshot:
    """Everything at once, at its widest: a hung member, a stopped one, 503s, long log lines."""
    labels = ["1", "2", "timeout", "503", "refused", "error", "2"] * 12
    samples = [sample(i * 0.25, x) for i, x in enumerate(labels)]
    members = (
        MemberView("server1", "http://127.0.43.92:8080", "Init Err", "error", 123456, 16),
        MemberView("server2", "http://127.0.43.65:8080", "Init Ok", "ok", 123457, 0),
        MemberView(
            "http://a-very-long-member-name.example.invalid:8080",
            "http://a-very-long-member-name.example.invalid:8080",
            "Init Dis Stop Drn",
            "disabled",
            None,
            None,
        ),
    )
    faults = (
        ActiveFault("server1", "hang", None, 1796630429.0),
        ActiveFault("server2", "slow", "3", 1796630430.0),
    )
    seen = Seen(members, None, faults, None)
    log = (APACHE_LINE, "x" * 300)
    return Snapshot(
        1234.0,
        "http://127.0.43.71:8080/",
        50.0,
        61700,
        1234,
        ("1", "2"),
        tuple(s.label for s in samples[-60:]),
        window(samples, 1000),
        seen,
        log,
        log,
    )


@pytest.mark.parametrize("lang", ["en", "id"])
def test_the_screen_fits_80_columns(lang: str) -> None:
    use(lang)  # type: ignore[arg-type]
    try:
        screen = plain(busy_snapshot(), 80)
    finally:
        use(None)
    lines = screen.splitlines()
    assert max(len(line) for line in lines) <= 80, screen
    assert "server1" in screen and "Init Err" in screen and "123456" in screen
    assert "hang" in screen and "slow 3" in screen
    assert "08:12:03 [proxy:error] (111)Connection refused" in screen  # date and pid cut
    assert ("balasan" if lang == "id" else "replies") in screen


def test_the_strip_keeps_the_newest_replies_that_fit() -> None:
    labels = ("1", "2") * 50 + ("503", "timeout")
    text = strip(labels, 20).plain
    assert len(text) <= 20
    assert text.endswith("1 2 503 T")  # newest right; a timeout is one letter


def test_an_unreadable_manager_is_shown_not_hidden() -> None:
    snap = busy_snapshot()
    why = (
        "http://127.0.43.71/balancer-manager?xml=1: connection refused or reset "
        "([Errno 111] Connection refused)"
    )
    broken = Snapshot(**{**snap.__dict__, "seen": Seen(manager_error=why)})
    screen = plain(broken)
    assert "Connection refused" in screen
    assert max(len(line) for line in screen.splitlines()) <= 80
    assert "no active fault" in screen


def test_log_lines_of_other_shapes_are_kept_whole() -> None:
    assert short_log_line("AH00558: apache2: Could not reliably") == (
        "AH00558: apache2: Could not reliably"
    )
