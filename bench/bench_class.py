"""Grading a class of 40 embedded labs in one run: wall time and peak RSS of labctl.

    python bench/bench_class.py [--labs 40] [--broken 8] [--unreachable 4]

Sets up the class first (not timed): real embedded labs of real Apache, each on its own
loopback /24, a student's file in each - the tutorial's for most, one with a single
BalancerMember for the broken ones; the unreachable ones are labs that were brought down and
are listed by their balancer's URL, as a student's own VMs that are switched off. Then times
one `labctl verify --inventory class.toml` with every export format, as a fresh process, and
reads its peak RSS (ru_maxrss of the child). Targets (issue 15) on the 2-core machine:
<= 15 s and <= 120 MB. Every lab is destroyed afterwards.
"""

from __future__ import annotations

import argparse
import itertools
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the tests' student configurations, reused

from labctl import control  # noqa: E402
from labctl.net import bind_problem  # noqa: E402
from labctl.state import StateDir  # noqa: E402

from classlabs import student  # noqa: E402

TARGET_S, TARGET_MB = 15.0, 120.0


def free_subnets() -> itertools.chain[str]:
    """127.0.N.0/24 whose lab addresses nobody holds (another lab, another engineer's run)."""
    candidates = (f"127.0.{n}.0/24" for n in range(30, 250))
    return itertools.chain(
        s
        for s in candidates
        if not any(bind_problem(s.replace(".0/24", f".{o}"), 80) for o in (71, 92, 65))
    )


def make_lab(where: Path, subnet: str) -> control.OpenLab:
    where.mkdir(parents=True, exist_ok=True)
    (where / "lab.toml").write_text(f'[lab]\nprovider = "local"\n\n[local]\nsubnet = "{subnet}"\n')
    return control.up(
        provider=None,
        stage="base",
        subnet=None,
        say=lambda line: None,
        lab_file=where / "lab.toml",
        state_dir=StateDir(where / ".labctl"),
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--labs", type=int, default=40)
    parser.add_argument("--broken", type=int, default=8)
    parser.add_argument("--unreachable", type=int, default=4)
    args = parser.parse_args()
    os.environ.setdefault("LABCTL_NETWORK_ALLOW", "127.0.0.0/8")
    made: list[control.OpenLab] = []
    subnets = free_subnets()
    with tempfile.TemporaryDirectory(prefix="labctl-bench-class-") as tmp:
        cwd = Path(tmp)
        entries: list[str] = []
        try:
            start = time.perf_counter()
            for n in range(args.labs):
                label = f"student{n:02d}"
                subnet = next(subnets)
                broken = n < args.broken
                opened = student(
                    lambda stage, directory, s=subnet: make_lab(directory, s),
                    cwd / label,
                    members=1 if broken else 2,
                )
                made.append(opened)
                if n >= args.labs - args.unreachable:
                    lb, s1, s2 = (
                        ":".join(map(str, opened.provider.endpoint(h))) for h in opened.lab.hosts
                    )
                    opened.provider.down()
                    entries.append(
                        f'[[lab]]\nlabel = "{label}"\nurl = "http://{lb}/"\npassword = "x"\n'
                        f'servers = {{ server1 = "{s1}", server2 = "{s2}" }}\n'
                        'ssh = { user = "vagrant", key = "/nonexistent" }\n'
                    )
                else:
                    entries.append(f'[[lab]]\nlabel = "{label}"\ndir = "{label}"\n')
            setup = time.perf_counter() - start
            (cwd / "class.toml").write_text("\n".join(entries))
            argv = [sys.executable, "-m", "labctl", "verify", "--inventory", "class.toml"]
            for fmt in ("csv", "moodle", "gradescope", "junit", "json"):
                argv += ["--format", fmt]
            start = time.perf_counter()
            proc = subprocess.Popen(
                argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
            )
            _, status, usage = os.wait4(proc.pid, 0)
            wall = time.perf_counter() - start
            code = os.waitstatus_to_exitcode(status)
            stderr = proc.stderr.read().decode() if proc.stderr else ""
            if code not in (0, 1):
                raise SystemExit(f"labctl verify --inventory failed ({code}): {stderr}")
            rows = (cwd / "class-results.csv").read_text("utf-8-sig").splitlines()[1:]
            statuses = [r.split(",")[5] for r in rows]
        finally:
            for opened in made:
                opened.provider.destroy()
    rss = usage.ru_maxrss / 1024  # KiB on Linux
    counts = {s: statuses.count(s) for s in ("passed", "failed", "unreachable")}
    print(f"labctl class benchmark: {args.labs} embedded labs (setup {setup:.1f} s, not timed)")
    print(f"  graded: {counts}")
    print(
        f"  wall time {wall:6.2f} s (target <= {TARGET_S:.0f} s)"
        + (" ok" if wall <= TARGET_S else " OVER TARGET")
    )
    print(
        f"  peak RSS  {rss:6.1f} MB (target <= {TARGET_MB:.0f} MB)"
        + (" ok" if rss <= TARGET_MB else " OVER TARGET")
    )


if __name__ == "__main__":
    main()
