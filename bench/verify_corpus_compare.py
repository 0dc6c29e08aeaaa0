"""How many corpus configurations an older `labctl verify` graded differently.

    python bench/verify_corpus_compare.py [--old REV]   (default: c7c5624, main before issue 11)

Extracts labctl at REV from this repository's git history into a temporary directory, then runs
the whole corpus (tests/verify_corpus.py) through that verify and through the current one, each
in one embedded lab of its own, inside a private mount namespace whose /etc/hosts names server1
and server2 (the host-name cases). Prints, per configuration whose grade changed, both scores
and failed checks, then the totals. Needs root (the namespace) and Apache.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def run_corpus() -> None:
    """In the namespace: one lab, every case, the verify importable as labctl.verify."""
    sys.path[:0] = [str(REPO / "tests")]
    from corpus_lab import install_case
    from verify_corpus import CASES

    from labctl import control
    from labctl.state import StateDir
    from labctl.verify import verify

    from embedded import write_lab_toml

    print(f"verify from {sys.modules['labctl'].__file__}", file=sys.stderr)

    where = Path(tempfile.mkdtemp(prefix="labctl-compare-"))
    write_lab_toml(where)
    opened = control.up(
        provider=None, stage="base", subnet=None, say=lambda line: None,
        lab_file=where / "lab.toml", state_dir=StateDir(where / ".labctl"),
    )  # fmt: skip
    hosts = where / "hosts"
    s1, s2 = (opened.provider.endpoint(s)[0] for s in opened.lab.servers)
    hosts.write_text(f"127.0.0.1 localhost\n{s1} server1\n{s2} server2\n")
    subprocess.run(["mount", "--bind", str(hosts), "/etc/hosts"], check=True)
    port = str(opened.provider.endpoint(opened.lab.servers[0])[1])
    out = {}
    try:
        for case in CASES:
            if "swapped" in case.name:
                hosts.write_text(f"127.0.0.1 localhost\n{s2} server1\n{s1} server2\n")
            install_case(opened, case, names={"port": port})
            result = verify(opened.provider, opened.credentials(), lang="en")
            failed = sorted(c.id for c in result.result.checks if not c.passed)
            out[case.name] = {"passed": result.checks_passed, "failed": failed}
            hosts.write_text(f"127.0.0.1 localhost\n{s1} server1\n{s2} server2\n")
    finally:
        opened.provider.destroy()
        shutil.rmtree(where, ignore_errors=True)
    print(json.dumps(out))


def grades(pythonpath: str) -> dict[str, dict[str, object]]:
    env = dict(os.environ, PYTHONPATH=pythonpath, LABCTL_NETWORK_ALLOW="127.0.0.0/8")
    proc = subprocess.run(
        ["unshare", "--mount", "--propagation", "private",
         sys.executable, __file__, "--run"],
        env=env, capture_output=True, text=True, check=False, timeout=1800,
    )  # fmt: skip
    if proc.returncode != 0:
        raise SystemExit(proc.stderr[-3000:])
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--old", default="c7c5624")
    parser.add_argument("--run", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        run_corpus()
        return
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", args.old, "labctl", "provision"],
        capture_output=True, check=True,
    ).stdout  # fmt: skip
    with tempfile.TemporaryDirectory() as old:
        with tarfile.open(fileobj=BytesIO(archive)) as tar:
            tar.extractall(old, filter="data")
        before = grades(old)
    after = grades(str(REPO))
    changed = [n for n in after if before[n]["passed"] != after[n]["passed"]]
    failed_changed = [n for n in after if before[n]["failed"] != after[n]["failed"]]
    for name in failed_changed:
        b, a = before[name], after[name]
        print(f"{name}: {b['passed']}/16 -> {a['passed']}/16")
        print(f"    old failed: {', '.join(b['failed']) or '-'}")  # type: ignore[arg-type]
        print(f"    new failed: {', '.join(a['failed']) or '-'}")  # type: ignore[arg-type]
    print(f"corpus: {len(after)} configurations")
    print(f"score changed: {len(changed)}; set of failed checks changed: {len(failed_changed)}")


if __name__ == "__main__":
    main()
