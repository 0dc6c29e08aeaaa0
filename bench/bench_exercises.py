"""How long grading each exercise takes on the embedded lab: medians over runs.

    python bench/bench_exercises.py [--runs N] [--subnet CIDR]

In a scratch lab of its own, each exercise's reference solution is installed
(`reset --stage full --exercise NAME` in-process) and graded (`verify --exercise NAME`, the
check plan in-process); the figure is the grading's wall time, which is what a student waits.
Most of it is Apache's own clock: `retry=3`, hcinterval and the 2.5 s health window.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from labctl import control
from labctl.exercises import EXERCISES
from labctl.state import StateDir


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--subnet", default="127.0.246.0/24")
    options = parser.parse_args()
    times: dict[str, list[float]] = {name: [] for name in EXERCISES}
    with tempfile.TemporaryDirectory(prefix="labctl-bench-exercises-") as tmp:
        cwd = Path(tmp)
        lab_toml = cwd / "lab.toml"
        lab_toml.write_text(f'[lab]\nprovider = "local"\n[local]\nsubnet = "{options.subnet}"\n')
        opened = control.up(
            provider=None, stage="full", subnet=None, say=lambda line: None,
            lab_file=lab_toml, state_dir=StateDir(cwd / ".labctl"),
        )  # fmt: skip
        try:
            for _ in range(options.runs):
                for name, exercise in EXERCISES.items():
                    control.reset(opened, "full", lambda line: None, exercise)
                    start = time.monotonic()
                    result = control.verify_lab(
                        opened, opened.credentials(), lang="en", exercise=exercise
                    )
                    times[name].append(time.monotonic() - start)
                    assert result.ok, (name, result.causes)
        finally:
            opened.provider.destroy()
    print(f"verify --exercise NAME on its reference solution, median of {options.runs} (s):")
    for name, values in times.items():
        print(f"  {name:14} {statistics.median(values):6.2f}")


if __name__ == "__main__":
    main()
