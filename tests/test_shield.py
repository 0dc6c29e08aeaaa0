"""Ctrl-C and the code that puts a lab back together (labctl/shield.py): a SIGINT that arrives
inside ``uninterruptible()`` is delivered right after it, never in the middle."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

SCRIPT = textwrap.dedent(
    """
    import os, signal, threading
    from labctl.shield import uninterruptible

    steps = []
    try:
        with uninterruptible():
            os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C while a restore runs
            steps.append("restored")
        steps.append("after the block")
    except KeyboardInterrupt:
        steps.append("interrupted")
    # Not the main thread: signals never reach it, and the block does not block them.
    seen = []
    def worker():
        with uninterruptible():
            seen.append(signal.pthread_sigmask(signal.SIG_BLOCK, set()))
    t = threading.Thread(target=worker); t.start(); t.join()
    print(",".join(steps), signal.SIGINT in seen[0])
    """
)


@pytest.mark.skipif(sys.platform == "win32", reason="no pthread_sigmask: Ctrl-C is not held")
def test_a_ctrl_c_inside_waits_for_the_end_of_the_block() -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=30, check=False
    )
    assert done.returncode == 0, done.stderr
    # The block ran to its end, then the interrupt came, before the next statement.
    assert done.stdout.split() == ["restored,interrupted", "False"]
