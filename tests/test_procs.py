"""Finding processes by what they are (labctl/procs.py): the scan of the machine's processes."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from labctl import procs


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="no /proc: ps is read instead")
def test_a_process_named_in_latin_1_does_not_stop_the_scan(tmp_path: Path) -> None:
    """Any user of a shared lab server may run a program whose name is no UTF-8; every other
    user's `labctl stop`/`destroy` scans all processes and must still work."""
    program = os.path.join(os.fsencode(tmp_path), b"caf\xe9")
    shutil.copy("/bin/sleep", program)
    odd = subprocess.Popen([program, "60"])
    try:
        found = {p.pid: p for p in procs.processes()}
        assert odd.pid in found and found[odd.pid].uid == os.getuid()
    finally:
        odd.kill()
        odd.wait()
