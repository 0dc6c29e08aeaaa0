"""`labctl watch`'s own cost: the request rate it really keeps, and the CPU it takes.

    python bench/bench_watch.py [--seconds N] [--rates 4,20,50]

Brings up a scratch embedded lab, then runs the real command line (`python -m labctl watch
--duration N`, a fresh process as a user runs it) at each rate, twice: `--json` on a pipe, and
the live view on a pseudo-terminal (80 columns, redrawn as on a projector). For each run:
requests sent / N seconds, and CPU = (user + sys) / wall from the child's rusage (Python's
start-up included: a longer N weighs it less).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path


def labctl(*args: str, cwd: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "labctl", *args], cwd=cwd, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise SystemExit(f"labctl {' '.join(args)} failed: {done.stderr.strip()}")


def run_watch(cwd: Path, rate: float, seconds: float, live: bool) -> tuple[int, float, float]:
    """(requests sent, wall seconds, CPU seconds) of one `labctl watch` run."""
    args = [sys.executable, "-m", "labctl", "--lang", "en", "watch", "--rate", f"{rate:g}"]
    args += ["--duration", f"{seconds:g}"]
    with tempfile.TemporaryFile() as stderr:
        start = time.perf_counter()
        if live:
            master, slave = os.openpty()  # rich sees a terminal (80 columns: no size is set)
            proc = subprocess.Popen(args, cwd=cwd, stdout=slave, stderr=stderr)
            os.close(slave)
            threading.Thread(target=_drain, args=(master,), daemon=True).start()
        else:
            proc = subprocess.Popen(
                [*args, "--json"], cwd=cwd, stdout=subprocess.PIPE, stderr=stderr
            )
            assert proc.stdout is not None
            last = proc.stdout.read().splitlines()[-1]
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        stderr.seek(0)
        said = stderr.read().decode()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"labctl watch failed: {said}")
    # "watch stopped after N s, M requests sent; ..." is its last line in both modes.
    sent = int(said.rsplit(",", 1)[-1].split()[0])
    if not live:
        assert json.loads(last)["sent"] <= sent
    return sent, wall, usage.ru_utime + usage.ru_stime


def _drain(fd: int) -> None:
    """Reads the screen away (a full terminal would stall the child)."""
    try:
        while os.read(fd, 65536):
            pass
    except OSError:  # the child closed the terminal
        pass


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--rates", default="4,20,50")
    parser.add_argument("--subnet", default="127.0.249.0/24")
    options = parser.parse_args()
    rates = [float(r) for r in options.rates.split(",")]
    print(f"labctl watch, {options.seconds:g} s a run, on {os.cpu_count()} CPUs")
    print(f"{'mode':6} {'asked':>7} {'kept':>7} {'CPU':>6}")
    with tempfile.TemporaryDirectory(prefix="labctl-bench-watch-") as tmp:
        cwd = Path(tmp)
        toml = f'[lab]\nprovider = "local"\n[local]\nsubnet = "{options.subnet}"\n'
        (cwd / "lab.toml").write_text(toml)
        try:
            labctl("up", cwd=cwd)
            for rate in rates:
                for live in (False, True):
                    sent, wall, cpu = run_watch(cwd, rate, options.seconds, live)
                    mode = "live" if live else "json"
                    kept = sent / options.seconds
                    print(f"{mode:6} {rate:5g}/s {kept:5.1f}/s {100 * cpu / wall:5.1f}%")
        finally:
            labctl("destroy", cwd=cwd)


if __name__ == "__main__":
    main()
