"""labctl's speed and memory on the embedded lab: medians over repeated runs.

    python bench/bench.py [--runs N]

Each figure is the wall time of the real command line (`python -m labctl ...`, a fresh
process as a user runs it) in a scratch directory with its own loopback subnet, and the peak
RSS of that process. Targets (issue 2): up <= 0.4 s, failover <= 1.0 s, all <= 2 s,
peak RSS <= 60 MB.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGETS = {"up": 0.4, "scenario failover": 1.0, "scenario all": 2.0, "down": None}


def timed(args: list[str], cwd: Path) -> tuple[float, float]:
    """(seconds, peak RSS in MB) of one `labctl ARGS` run."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "labctl", *args],
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"labctl {' '.join(args)} failed: {proc.stderr.read().decode()}")
    return seconds, usage.ru_maxrss / 1024  # ru_maxrss is KiB on Linux


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--subnet", default="127.0.250.0/24")
    runs = parser.parse_args().runs
    subnet = parser.parse_args().subnet
    times: dict[str, list[float]] = {name: [] for name in TARGETS}
    peak = 0.0
    with tempfile.TemporaryDirectory(prefix="labctl-bench-") as tmp:
        cwd = Path(tmp)
        (cwd / "lab.toml").write_text(f'[lab]\nprovider = "local"\n[local]\nsubnet = "{subnet}"\n')
        try:
            for _ in range(runs):
                for name in TARGETS:
                    seconds, rss = timed(name.split(), cwd)
                    times[name].append(seconds)
                    peak = max(peak, rss)
                timed(["destroy"], cwd)  # the next `up` starts from nothing
        finally:
            subprocess.run([sys.executable, "-m", "labctl", "destroy"], cwd=cwd, check=False,
                           capture_output=True)  # fmt: skip
    print(f"labctl benchmark: {runs} runs, median wall time of each command line")
    for name, values in times.items():
        median = statistics.median(values)
        target = TARGETS[name]
        verdict = "" if target is None else (" ok" if median <= target else " OVER TARGET")
        goal = "" if target is None else f" (target <= {target:.1f} s)"
        print(f"  labctl {name:18} {median:6.3f} s{goal}{verdict}")
    print(f"  peak RSS of labctl     {peak:6.1f} MB (target <= 60 MB)" + (
        " ok" if peak <= 60 else " OVER TARGET"))  # fmt: skip


if __name__ == "__main__":
    main()
