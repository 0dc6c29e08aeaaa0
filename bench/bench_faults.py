"""How long each fault takes to apply and to clear on the embedded lab: medians over runs.

    python bench/bench_faults.py [--runs N] [--subnet CIDR]

Each figure is the wall time of the real command line (`python -m labctl fault server1 KIND
[ARG]`, then `labctl fault clear`), a fresh process as a user runs it, in a scratch lab of its
own; the command returns once the fault is made (or undone), so this is what a teacher waits.
Python's start and labctl's import are in every command-line figure (`labctl fault list`,
no lab change, is printed as that floor), so the same faults are also timed in-process
(labctl.faults.apply / clear): the fault's own cost.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from labctl import control, faults
from labctl.state import StateDir

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import timed

FAULTS = (("stop",), ("hang",), ("error", "500"), ("slow", "1"), ("flap", "5"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--subnet", default="127.0.247.0/24")
    options = parser.parse_args()
    applied: dict[str, list[float]] = {" ".join(f): [] for f in FAULTS}
    cleared: dict[str, list[float]] = {" ".join(f): [] for f in FAULTS}
    floor: list[float] = []
    inner: dict[str, list[tuple[float, float]]] = {" ".join(f): [] for f in FAULTS}
    with tempfile.TemporaryDirectory(prefix="labctl-bench-faults-") as tmp:
        cwd = Path(tmp)
        subnet = options.subnet
        (cwd / "lab.toml").write_text(f'[lab]\nprovider = "local"\n[local]\nsubnet = "{subnet}"\n')
        try:
            timed(["up"], cwd)
            for _ in range(options.runs):
                floor.append(timed(["fault", "list"], cwd)[0])
                for fault in FAULTS:
                    name = " ".join(fault)
                    applied[name].append(timed(["fault", "server1", *fault], cwd)[0])
                    cleared[name].append(timed(["fault", "clear"], cwd)[0])
            opened = control.open_lab(StateDir(cwd / ".labctl"))
            for _ in range(options.runs):
                for fault in FAULTS:
                    name = " ".join(fault)
                    arg = fault[1] if len(fault) > 1 else None
                    start = time.perf_counter()
                    faults.apply(opened, "server1", fault[0], arg)
                    made = time.perf_counter()
                    faults.clear(opened)
                    inner[name].append((made - start, time.perf_counter() - made))
        finally:
            subprocess.run([sys.executable, "-m", "labctl", "destroy"], cwd=cwd, check=False,
                           capture_output=True)  # fmt: skip
    print(f"labctl fault on the embedded lab: {options.runs} runs, median wall time")
    print(f"  {'fault':12} {'command line':>22} {'in-process':>22}")
    print(f"  {'':12} {'apply':>10} {'clear':>10}   {'apply':>10} {'clear':>10}")
    for name in applied:
        apply_s, clear_s = statistics.median(applied[name]), statistics.median(cleared[name])
        in_apply = statistics.median(a for a, _ in inner[name])
        in_clear = statistics.median(c for _, c in inner[name])
        print(f"  {name:12} {apply_s:9.3f}s {clear_s:9.3f}s   {in_apply:9.3f}s {in_clear:9.3f}s")
    print(f"  (labctl fault list, the floor: {statistics.median(floor):.3f} s)")


if __name__ == "__main__":
    main()
