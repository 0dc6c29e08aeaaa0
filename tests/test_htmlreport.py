"""The class's HTML report, rendered by a real browser: Debian's Chromium, headless.

The report of a real class run (embedded labs of real Apache) is opened from disk with the
network closed to the browser (a dead loopback proxy, no name resolution), its DOM dumped after
the inline script ran, and a screenshot and a PDF (the print styles) made. The screenshot is
kept in test-artifacts/ (gitignored) for CI to keep as an artifact of the run.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from labctl.verify import CHECK_IDS

from classlabs import a_class
from embedded import LabFactory, run_cli

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if binary is None:
        pytest.fail("Chromium is missing: `bash scripts/install-system.sh --test` installs it")
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    return subprocess.run(
        [
            binary,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            # Belt and braces for the network rule: nothing resolves, any request dies locally.
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--proxy-server=http://127.0.0.1:9",
            f"--user-data-dir={profile}",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


class _Dom(HTMLParser):
    """The parts of the dumped DOM the assertions need."""

    def __init__(self) -> None:
        super().__init__()
        self.bars: list[dict[str, str | None]] = []
        self.rows: list[str] = []
        self.sorted: list[tuple[str | None, str | None]] = []
        self.svg = False
        self._in_body = False
        self._cell = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "svg" and a.get("id") == "pass-rate-chart":
            self.svg = True
        if tag == "rect" and "bar" in (a.get("class") or "").split():
            self.bars.append(a)
        if tag == "tbody":
            self._in_body = True
        if tag == "tr" and self._in_body:
            self._cell = 0
        if tag == "td" and self._in_body:
            self._cell += 1
            if self._cell == 1:
                self.rows.append(a.get("data-v") or "")
        if tag == "th" and a.get("aria-sort"):
            self.sorted.append((a.get("data-key"), a.get("aria-sort")))


@pytest.fixture
def report(lab_factory: LabFactory, tmp_path: Path) -> Path:
    a_class(lab_factory, tmp_path, budi="budi <b>&")
    proc = run_cli("verify", "--inventory", "class.toml", "--lang", "id", cwd=tmp_path)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    return tmp_path / "class-results.html"


def test_the_report_is_one_self_contained_file(report: Path) -> None:
    text = report.read_text("utf-8")
    # Nothing fetched from anywhere: no src, no href, no url(), no @import.
    assert not re.search(r"\b(src|href)\s*=|url\(|@import", text)
    assert "<script src" not in text and "budi &lt;b&gt;&amp;" in text
    assert 'lang="id"' in text and "Persentase lulus per pemeriksaan" in text
    assert "@media print" in text


def test_chromium_renders_the_chart_and_sorts_the_table(report: Path, tmp_path: Path) -> None:
    url = report.as_uri()
    proc = chromium(tmp_path, "--dump-dom", url)
    assert proc.returncode == 0, proc.stderr[-2000:]
    dom = _Dom()
    dom.feed(proc.stdout)
    assert dom.svg
    assert [b["data-check"] for b in dom.bars] == list(CHECK_IDS)
    rates = {b["data-check"]: float(b["data-rate"] or 0) for b in dom.bars}
    assert rates["config-valid"] == 1.0  # andi and budi ran it and passed; citra never ran
    assert rates["both-members"] == 0.5 and rates["alternation"] == 0.5
    assert dom.rows == ["andi", "budi <b>&", "citra"]
    # The inline script ran: #sort=-grade sorts by grade, best first, before the DOM is dumped.
    proc = chromium(tmp_path, "--dump-dom", url + "#sort=-label")
    sorted_dom = _Dom()
    sorted_dom.feed(proc.stdout)
    assert sorted_dom.rows == ["citra", "budi <b>&", "andi"]
    assert sorted_dom.sorted == [("label", "descending")]


def test_chromium_screenshot_and_print(report: Path, tmp_path: Path) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "class-report.png"
    shot.unlink(missing_ok=True)
    proc = chromium(tmp_path, f"--screenshot={shot}", "--window-size=1280,1600", report.as_uri())
    assert proc.returncode == 0, proc.stderr[-2000:]
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 20_000
    pdf = tmp_path / "class-report.pdf"
    proc = chromium(tmp_path, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", report.as_uri())
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert pdf.read_bytes().startswith(b"%PDF-")
    shutil.copy(pdf, ARTIFACTS / "class-report.pdf")
