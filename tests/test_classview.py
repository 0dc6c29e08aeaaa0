"""The class run's live view (labctl/classview.py): progress on a real terminal."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
from pathlib import Path

from classlabs import student
from embedded import LabFactory


def test_progress_on_a_terminal(lab_factory: LabFactory, tmp_path: Path) -> None:
    """On a terminal (a real pty) the class run shows done/total and the running counts."""
    student(lab_factory, tmp_path / "andi")
    (tmp_path / "class.toml").write_text(
        '[[lab]]\nlabel = "andi"\ndir = "andi"\n\n[[lab]]\nlabel = "dewi"\ndir = "dewi"\n'
    )
    main, other = pty.openpty()
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "labctl", "verify", "--inventory", "class.toml", "--lang", "en"],
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=other,
            env={**os.environ, "TERM": "xterm", "COLUMNS": "150"},
            timeout=60,
            check=False,
        )
        os.close(other)
        seen = b""
        while True:
            try:
                chunk = os.read(main, 65536)
            except OSError:  # EIO: the writing side is closed and drained
                break
            if not chunk:
                break
            seen += chunk
    finally:
        os.close(main)
    assert proc.returncode == 1
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", seen.decode("utf-8", "replace"))
    assert "grading" in text and "2/2" in text, text
    assert "1 passed, 0 failed, 1 unreachable" in text, text
