"""A graded class in the files grade books import as they are.

- ``csv``: one row per lab, points, grade and one column per check (1/0, empty: not run);
- ``moodle``: Moodle's CSV grade import: the identifier column the instructor maps (Username,
  Email address or ID number, Moodle's own export headings), the grade item, its feedback;
- ``gradescope``: Gradescope autograder ``results.json`` (tests with score, max_score, output),
  one file per lab for a class;
- ``junit``: a testsuite per lab, a testcase per check (CI systems read this);
- ``json``: everything, for scripts.

CSV files are UTF-8 with a BOM (Excel on Windows reads them right; Moodle's reader strips it)
and a selectable delimiter: ``;`` is what Excel expects in locales with a decimal comma, such
as Indonesian, so numbers then use a decimal comma too. A text cell that starts with = + - @
(or a tab or CR) is prefixed with ' so a spreadsheet never runs it as a formula.

Every destination is checked before any lab is graded (a directory, an unwritable place), and
files are written whole or not at all, so a class's results are never lost to a bad path.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from labctl.errors import Message, OutputError
from labctl.i18n import Lang, check_title, t
from labctl.inventory import Grading, Inventory, Row, ids_of
from labctl.report import junit_xml
from labctl.scenarios.base import ScenarioResult

FORMATS = ("csv", "moodle", "gradescope", "junit", "json")
DEFAULT_FORMATS = ("csv", "json")
# What each format adds to the --out prefix; the HTML report is written for every class run.
SUFFIXES = {
    "csv": ".csv",
    "moodle": "-moodle.csv",
    "gradescope": "-gradescope",  # a directory: one results.json-style file per lab
    "junit": ".xml",
    "json": ".json",
    "html": ".html",
}
# Moodle's own grade export headings for the fields its import can map a student by
# (grade/import/csv: userid, useridnumber, useremail, username).
MOODLE_HEADINGS = {"username": "Username", "email": "Email address", "idnumber": "ID number"}
DELIMITERS = {",": ",", ";": ";", "tab": "\t", "\\t": "\t", "\t": "\t"}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


# --- where the files go, checked first -------------------------------------------------------


def destinations(prefix: Path, formats: Iterable[str]) -> dict[str, Path]:
    """--out hasil (or hasil.csv, as before) -> hasil.csv, hasil-moodle.csv, hasil.html..."""
    if prefix.suffix in (".csv", ".json", ".xml", ".html"):
        prefix = prefix.with_suffix("")
    return {f: prefix.with_name(prefix.name + SUFFIXES[f]) for f in formats}


def check_destinations(paths: dict[str, Path]) -> None:
    """Each file can be written (or the gradescope directory made) - before grading starts."""
    for fmt, path in paths.items():
        _check_writable(path, directory=fmt == "gradescope")


def _check_writable(path: Path, *, directory: bool = False) -> None:
    if path.is_dir() and not directory:
        raise OutputError(Message("out.is-dir", path=path))
    if path.exists() and not path.is_dir() and directory:
        raise OutputError(Message("out.is-file", path=path))
    if path.exists() and not path.is_dir():
        try:
            with path.open("r+b"):
                pass
        except OSError as exc:
            raise OutputError(Message("out.unwritable", path=path, why=exc.strerror)) from exc
        return
    ancestor = path.parent if not (directory and path.is_dir()) else path
    while not ancestor.exists() and ancestor != ancestor.parent:
        ancestor = ancestor.parent
    if not ancestor.is_dir():
        raise OutputError(Message("out.not-dir", path=path, ancestor=ancestor))
    try:  # the only proof that works for root, read-only mounts and ACLs alike
        fd, probe = tempfile.mkstemp(dir=ancestor, prefix=".labctl-write-test-")
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise OutputError(
            Message("out.cannot-write-in", path=path, ancestor=ancestor, why=exc.strerror)
        ) from exc


def check_inventory(inventory: Inventory, formats: Iterable[str]) -> None:
    """What an export needs from every entry (Moodle's identifier), before grading."""
    if "moodle" not in formats:
        return
    kind = inventory.grading.moodle_identifier
    for e in inventory.entries:
        if not e.identifier(kind):
            raise OutputError(Message("out.moodle-id", where=e.where, label=e.label, kind=kind))


def write(path: Path, text: str) -> None:
    """Whole or not at all: a temporary file next to it, then renamed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_all(
    rows: list[Row], paths: dict[str, Path], grading: Grading, lang: Lang, delimiter: str = ","
) -> None:
    for fmt, path in paths.items():
        if fmt == "csv":
            write(path, class_csv(rows, delimiter))
        elif fmt == "moodle":
            write(path, moodle_csv(rows, grading, lang, delimiter))
        elif fmt == "gradescope":
            names: set[str] = set()
            for row in rows:
                name = safe_name(row.label)
                while name in names:  # 'a b' and 'a_b' must not overwrite each other
                    name += "_"
                names.add(name)
                result = json.dumps(gradescope(row, grading, lang), indent=2, ensure_ascii=False)
                write(path / f"{name}.json", result + "\n")
        elif fmt == "junit":
            write(path, junit(rows))
        elif fmt == "json":
            text = json.dumps(to_json(rows, grading), indent=2, ensure_ascii=False)
            write(path, text + "\n")
        elif fmt == "html":
            from labctl.htmlreport import render

            write(path, render(rows, grading, lang))


# --- the formats ------------------------------------------------------------------------------


def cell(value: object) -> str:
    """A CSV text cell a spreadsheet shows as text, never evaluates (OWASP CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def number(value: float, delimiter: str = ",", places: int | None = None) -> str:
    text = f"{value:.{places}f}" if places is not None else f"{value:g}"
    return text.replace(".", ",") if delimiter == ";" else text


def _csv(rows: Iterable[list[str]], delimiter: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerows(rows)
    return "\ufeff" + buffer.getvalue()


def class_csv(rows: list[Row], delimiter: str = ",") -> str:
    """One row per lab, one column per check id: 1 passed, 0 failed, empty: not run."""
    header = ["label", "source", "points", "possible", "grade_percent", "status", "error"]
    ids = ids_of(rows)
    out = [header + list(ids)]
    for r in rows:
        marks = ["" if i not in r.checks else str(int(r.checks[i])) for i in ids]
        out.append(
            [
                cell(r.label),
                cell(r.source),
                number(r.points, delimiter),
                number(r.possible, delimiter),
                number(100 * r.grade, delimiter, 2),
                r.status,
                cell(r.error),
                *marks,
            ]
        )
    return _csv(out, delimiter)


def feedback(row: Row, lang: Lang) -> str:
    """What the student reads next to the grade: each failed check with its hint."""
    if row.ok:
        return t(lang, "all-passed")
    lines = [f"{c.title}: {c.hint}" if c.hint else c.title for c in row.results if not c.passed]
    if row.error:
        lines.append(row.error)
    return "\n".join(lines)


def moodle_csv(rows: list[Row], grading: Grading, lang: Lang, delimiter: str = ",") -> str:
    """Moodle's grade import: identifier, grade (of grade_max), feedback (Feedback: ITEM)."""
    kind, item = grading.moodle_identifier, grading.moodle_item
    out = [[MOODLE_HEADINGS[kind], item, f"Feedback: {item}"]]
    for r in rows:
        identifier = r.entry.identifier(kind) if r.entry is not None else r.label
        grade = f"{r.grade * grading.moodle_grade_max:.2f}"
        out.append([cell(identifier), grade, cell(feedback(r, lang))])
    return _csv(out, delimiter)


def gradescope(row: Row, grading: Grading, lang: Lang) -> dict[str, Any]:
    """Gradescope's autograder results.json: a test per check, score of max_score points."""
    ran = {c.id: c for c in row.results}
    tests: list[dict[str, Any]] = []
    for number_, check_id in enumerate(grading.check_ids, 1):
        worth = grading.points.get(check_id, 0.0)
        check = ran.get(check_id)
        passed = check is not None and check.passed
        if check is None:
            output = row.error or ""
        elif passed:
            output = check.observed
        else:
            output = "\n".join(x for x in (check.observed, check.hint) if x)
        tests.append(
            {
                "name": check.title if check is not None else check_title(lang, check_id),
                "number": str(number_),
                "score": worth if passed else 0.0,
                "max_score": worth,
                "status": "passed" if passed else "failed",
                "output": output,
                "tags": [check_id],
                "visibility": "visible",
            }
        )
    summary = f"{row.label}: {number(row.points)}/{number(row.possible)}"
    return {
        "score": row.points,
        "output": summary + (f"\n{row.error}" if row.error else ""),
        "visibility": "visible",
        "tests": tests,
    }


def junit(rows: list[Row]) -> str:
    """A testsuite per lab, a testcase per check; a lab that could not be graded fails."""
    results = [ScenarioResult(r.label, r.label, r.results, 0.0, r.error) for r in rows]
    return junit_xml(results, suite="labctl-class")


def to_json(rows: list[Row], grading: Grading) -> dict[str, Any]:
    return {
        "passed": all(r.ok for r in rows),
        "check_ids": list(grading.check_ids),
        "points": grading.points,
        "possible": grading.possible,
        "labs": [r.to_dict() for r in rows],
    }


def safe_name(label: str) -> str:
    """A label as a file name: letters, digits, . _ - kept, the rest '_'."""
    name = re.sub(r"[^\w.-]", "_", label).lstrip(".")
    return name or "lab"
