"""What a graded class exports, checked against what the grade books document.

Moodle (cannot run here) is checked as its CSV grade import reads a file, from its public
documentation and source:
- https://docs.moodle.org/405/en/Grade_import - CSV import: "Map from" a column of the file
  "Map to" userid, username, useridnumber or useremail; grade and "Feedback" columns map to a
  grade item; UTF-8, separator comma, semicolon, colon or tab.
- moodle/moodle grade/import/csv/classes/load_data.php - map_user_data_with_value() accepts the
  identifiers userid, useridnumber, useremail, username; lib/csvlib.class.php
  load_csv_content() strips a UTF-8 BOM and rejects a row whose column count differs from the
  header's ('csvweirdcolumns').
- grade/import/csv/tests/load_data_test.php - Moodle's own export headings as its import reads
  them: "ID number", "Email address", "Assignment: ...", "Feedback: ...".
Gradescope (cannot run here either) is checked against its autograder specification,
https://gradescope-autograders.readthedocs.io/en/latest/specs/ ("Output format"): results.json
with an optional top-level score, output, visibility, and tests, each with score, max_score,
status ("passed"/"failed"), name, number, output, tags, visibility.

The class itself is real: embedded labs of real Apache, graded by `labctl verify --inventory`.
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from labctl.exports import cell, class_csv, gradescope, moodle_csv
from labctl.i18n import t
from labctl.inventory import Entry, Grading, Row
from labctl.scenarios.base import Check
from labctl.verify import CHECK_IDS

from classlabs import a_class, server1_stops, student
from embedded import LabFactory, run_cli

# Gradescope's documented fields ("Output format" of the autograder specification).
GRADESCOPE_TOP = {
    "score", "execution_time", "output", "output_format", "test_output_format",
    "test_name_format", "visibility", "stdout_visibility", "extra_data", "tests", "leaderboard",
}  # fmt: skip
GRADESCOPE_TEST = {
    "score", "max_score", "status", "name", "name_format", "number", "output", "output_format",
    "tags", "visibility", "extra_data",
}  # fmt: skip
GRADESCOPE_VISIBILITY = {"hidden", "after_due_date", "after_published", "visible"}
MOODLE_MAP_TO = {"userid", "username", "useridnumber", "useremail"}


def moodle_reads(text: str, delimiter: str) -> list[list[str]]:
    """The file as Moodle's csv_import_reader sees it: BOM stripped, equal column counts."""
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=delimiter))
    assert all(len(r) == len(rows[0]) for r in rows), "csvweirdcolumns"
    return rows


def check_gradescope(result: dict[str, object], possible: float) -> None:
    """Only documented fields, with the documented types and values."""
    assert set(result) <= GRADESCOPE_TOP
    assert result["visibility"] in GRADESCOPE_VISIBILITY
    tests = result["tests"]
    assert isinstance(tests, list) and len(tests) == len(CHECK_IDS)
    for test in tests:
        assert set(test) <= GRADESCOPE_TEST
        assert {"score", "max_score", "name", "output"} <= set(test)
        assert isinstance(test["score"], float) and isinstance(test["max_score"], float)
        assert 0 <= test["score"] <= test["max_score"]
        assert test["status"] in ("passed", "failed")
        assert isinstance(test["name"], str) and isinstance(test["output"], str)
        assert isinstance(test["number"], str) and test["visibility"] in GRADESCOPE_VISIBILITY
    assert result["score"] == sum(test["score"] for test in tests)
    assert sum(test["max_score"] for test in tests) == possible


@pytest.fixture
def graded_class(lab_factory: LabFactory, tmp_path: Path) -> Path:
    """andi: the tutorial's file; budi: one BalancerMember; citra: nobody answers."""
    emails = {n: f'email = "{n}@kampus.ac.id"\n' for n in ("andi", "budi", "citra")}
    a_class(
        lab_factory,
        tmp_path,
        header='[grading]\nlang = "id"\n\n[points]\nalternation = 4\nproxypassreverse = 0\n\n'
        '[moodle]\nidentifier = "email"\nitem = "Lab LB"\ngrade_max = 20\n\n',
        extra=emails,
    )
    proc = run_cli(
        "verify",
        "--inventory",
        "class.toml",
        *("--format", "moodle", "--format", "gradescope", "--format", "junit"),
        *("--format", "csv", "--delimiter", ";", "--out", "out/kelas"),
        cwd=tmp_path,
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    return tmp_path / "out"


POSSIBLE = len(CHECK_IDS) - 1 - 1 + 4  # proxypassreverse 0, alternation 4, the rest 1


def test_moodle_import_columns_and_rows(graded_class: Path) -> None:
    rows = moodle_reads((graded_class / "kelas-moodle.csv").read_text("utf-8"), ";")
    # Map from "Email address" to useremail; the grade and its feedback to the item "Lab LB".
    assert rows[0] == ["Email address", "Lab LB", "Feedback: Lab LB"]
    assert [r[0] for r in rows[1:]] == [
        "andi@kampus.ac.id",
        "budi@kampus.ac.id",
        "citra@kampus.ac.id",
    ]
    # Grades of grade_max 20: everything; 4 (alternation) + 1 + 1 points lost of 18; nothing.
    assert [r[1] for r in rows[1:]] == ["20.00", f"{20 * (POSSIBLE - 6) / POSSIBLE:.2f}", "0.00"]
    assert rows[1][2] == t("id", "all-passed")
    failed = ("both-members", "alternation", "one-down-survivor")
    lines = rows[2][2].split("\n")
    assert len(lines) == len(failed)
    for line, check_id in zip(lines, failed, strict=True):
        assert line.startswith(t("id", f"title.{check_id}") + ": "), line
    assert "BalancerMember" in lines[0]  # the hint, in Indonesian
    assert rows[3][2].startswith("tidak bisa dihubungi: ")


def test_gradescope_results_have_the_documented_fields(graded_class: Path) -> None:
    folder = graded_class / "kelas-gradescope"
    assert sorted(p.name for p in folder.iterdir()) == ["andi.json", "budi.json", "citra.json"]
    andi, budi, citra = (
        json.loads((folder / f"{n}.json").read_text()) for n in ("andi", "budi", "citra")
    )
    for result in (andi, budi, citra):
        check_gradescope(result, POSSIBLE)
    assert andi["score"] == POSSIBLE and budi["score"] == POSSIBLE - 6 and citra["score"] == 0
    alternation = next(x for x in budi["tests"] if x["tags"] == ["alternation"])
    assert (alternation["score"], alternation["max_score"], alternation["status"]) == (
        0.0,
        4.0,
        "failed",
    )
    assert all("tidak bisa dihubungi" in x["output"] for x in citra["tests"])


def test_csv_for_excel_in_an_indonesian_locale(graded_class: Path) -> None:
    raw = (graded_class / "kelas.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel on Windows reads UTF-8
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert [r["label"] for r in rows] == ["andi", "budi", "citra"]
    assert rows[1]["grade_percent"] == f"{100 * (POSSIBLE - 6) / POSSIBLE:.2f}".replace(".", ",")
    assert rows[2]["status"] == "unreachable" and rows[2]["grade_percent"] == "0,00"


def test_junit_a_suite_per_lab(graded_class: Path) -> None:
    root = ET.parse(graded_class / "kelas.xml").getroot()
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    assert list(suites) == ["andi", "budi", "citra"]
    assert suites["andi"].get("failures") == "0" and suites["budi"].get("failures") == "3"
    assert suites["citra"].get("failures") == "1"
    assert (graded_class / "kelas.html").exists()


def row(label: str, error: str | None = None, hint: str = "fix it") -> Row:
    checks = [Check(i, i, i != "alternation", "e", "o", hint=hint) for i in CHECK_IDS]
    return Row(label, "src", error=error, results=[] if error else checks, possible=16)


@pytest.mark.parametrize("text", ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"])
def test_formula_cells_are_neutralised(text: str) -> None:
    """Issue 10 item 9: a label or reason a spreadsheet would run as a formula stays text."""
    assert cell(text) == "'" + text
    out = class_csv([row(text), row("x", error=text)], ",")
    parsed = list(csv.reader(io.StringIO(out.removeprefix("\ufeff"))))
    assert parsed[1][0] == "'" + text and parsed[2][6] == "'" + text
    assert not any(c.startswith(("=", "+", "@")) for r in parsed for c in r)


def test_plain_cells_stay_as_they_are() -> None:
    assert cell("andi") == "andi" and cell("Budi Santoso") == "Budi Santoso" and cell(None) == ""


def test_gradescope_of_a_lab_with_no_possible_points_is_not_a_division() -> None:
    grading = Grading(points={**dict.fromkeys(CHECK_IDS, 0.0), "alternation": 2.0})
    result = gradescope(row("x", error="unreachable: gone"), grading, "en")
    check_gradescope(result, 2.0)
    assert result["score"] == 0


def test_one_lab_for_an_autograder(lab_factory: LabFactory, tmp_path: Path) -> None:
    """`--format gradescope` on stdout; `--check ID` by exit code (GitHub Classroom)."""
    student(lab_factory, tmp_path / "budi", members=1)
    lab = tmp_path / "budi"
    proc = run_cli("verify", "--format", "gradescope", "--lang", "en", cwd=lab)
    assert proc.returncode == 1, proc.stderr
    result = json.loads(proc.stdout)
    check_gradescope(result, len(CHECK_IDS))
    assert result["score"] == len(CHECK_IDS) - 3
    passed = run_cli("verify", "--check", "config-valid", "--lang", "en", cwd=lab)
    assert passed.returncode == 0 and "config-valid" in passed.stdout, passed.stderr
    failed = run_cli("verify", "--check", "alternation", "--lang", "en", cwd=lab)
    assert failed.returncode == 1 and "alternation" in failed.stdout, failed.stderr
    unknown = run_cli("verify", "--check", "alternate", cwd=lab)
    assert unknown.returncode == 2 and "unknown check 'alternate'" in unknown.stderr
    wrong = run_cli("verify", "--format", "moodle", cwd=lab)
    assert wrong.returncode == 2 and "for a class" in wrong.stderr


def test_one_lab_junit_destination_checked_first(lab_factory: LabFactory, tmp_path: Path) -> None:
    opened = student(lab_factory, tmp_path / "andi")
    (tmp_path / "andi" / "out.xml").mkdir()
    proc = run_cli("verify", "--junit", "out.xml", cwd=tmp_path / "andi")
    assert proc.returncode == 2 and "out.xml: is a directory" in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr
    assert server1_stops(opened) == 0  # nothing graded


@pytest.mark.parametrize(
    ("identifier", "heading", "value"),
    [("username", "Username", "andi"), ("idnumber", "ID number", "2101001")],
)
def test_moodle_identifier_columns(identifier: str, heading: str, value: str) -> None:
    """Moodle's own export headings; username defaults to the entry's label."""
    entry = Entry(label="andi", where="class.toml:1", idnumber="2101001")
    lab = row("andi")
    lab.entry = entry
    lab.points = 15
    grading = Grading(moodle_identifier=identifier, moodle_item="Lab 1")
    rows = moodle_reads(moodle_csv([lab], grading, "en", ","), ",")
    assert rows == [[heading, "Lab 1", "Feedback: Lab 1"], [value, "93.75", "alternation: fix it"]]
