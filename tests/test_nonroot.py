"""`labctl up && labctl scenario all` as a normal user, on real Apache.

A normal user cannot bind port 80 and Apache cannot switch users: labctl must fall back to its
configured port (said once) and run every httpd as that user. The test runs labctl as `nobody`
with Debian's own Python 3.11; labctl and the libraries it imports are copied into a world-
readable directory because the test interpreter's site-packages may sit under /root (0700).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from embedded import free_subnet, httpd_pids

REPO = Path(__file__).resolve().parent.parent
# The embedded lab never imports the SSH/Vagrant stack; everything else labctl needs is copied.
NOT_NEEDED = {"paramiko", "python-vagrant"}


def _closure(name: str, seen: set[str]) -> set[str]:
    from importlib.metadata import distribution

    from packaging.requirements import Requirement

    for text in distribution(name).requires or []:
        req = Requirement(text)
        key = req.name.lower()
        if req.marker is not None and not req.marker.evaluate({"extra": ""}):
            continue
        if key not in seen and key not in NOT_NEEDED:
            seen.add(key)
            _closure(key, seen)
    return seen


def _python_for_nobody() -> str:
    for candidate in (f"/usr/bin/python3.{sys.version_info.minor}", "/usr/bin/python3"):
        if Path(candidate).exists():
            return candidate
    pytest.fail("no system python3 for the unprivileged run (CI installs Debian's python3)")


@pytest.fixture
def nobody_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = Path("/tmp") / f"labctl-site-{os.getpid()}"
    site.mkdir(exist_ok=True)
    shutil.copytree(REPO / "labctl", site / "labctl", dirs_exist_ok=True)
    shutil.copytree(REPO / "provision", site / "provision", dirs_exist_ok=True)
    from importlib.metadata import distribution

    for name in _closure("labctl", set()):
        dist = distribution(name)
        for file in dist.files or []:
            if file.parts[0].endswith(".dist-info") or ".." in file.parts:
                continue
            target = site / file
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(file.locate(), target)
    for path in [site, *site.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    yield site
    shutil.rmtree(site, ignore_errors=True)


Labctl = Callable[..., subprocess.CompletedProcess[str]]


@contextmanager
def nobody_lab(site: Path, name: str) -> Iterator[tuple[Path, Labctl]]:
    """A working directory of `nobody`'s and `labctl ARGS` run as nobody in it; afterwards
    the lab is destroyed and none of its httpd may be left."""
    if os.geteuid() != 0:
        pytest.fail("the test switches to `nobody` and needs root for that (CI runs as root)")
    workdir = Path("/tmp") / f"labctl-{name}-{os.getpid()}"
    workdir.mkdir()
    shutil.chown(workdir, "nobody")
    subnet = free_subnet()
    (workdir / "lab.toml").write_text(
        f'[lab]\nprovider = "local"\n[local]\nsubnet = "{subnet}"\nfallback_port = 8080\n'
    )
    python = _python_for_nobody()
    env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "PYTHONPATH": str(site),
           "HOME": str(workdir), "LABCTL_NETWORK_ALLOW": "127.0.0.0/8"}  # fmt: skip

    def labctl(*args: str, stdin: str | None = None, raw: bool = False) -> Any:
        argv = list(args) if raw else [python, "-m", "labctl", *args]
        return subprocess.run(
            ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", *argv],
            cwd=workdir, env=env, input=stdin, capture_output=True, text=True, timeout=120,
            check=False,
        )  # fmt: skip

    try:
        yield workdir, labctl
    finally:
        labctl("destroy")
        leftovers = httpd_pids(str(workdir))
        shutil.rmtree(workdir, ignore_errors=True)
    assert leftovers == []


def test_up_and_all_scenarios_as_a_normal_user(nobody_site: Path) -> None:
    with nobody_lab(nobody_site, "nobody") as (workdir, labctl):
        up = labctl("up")
        assert up.returncode == 0, up.stderr
        assert "port 80 needs root here; the embedded lab uses port 8080" in up.stderr
        assert up.stderr.count("needs root") == 1  # said once
        scenarios = labctl("scenario", "all")
        assert scenarios.returncode == 0, scenarios.stdout + scenarios.stderr
        tree = workdir / ".labctl" / "hosts"
        assert tree.is_dir() and not tree.is_symlink()
        owners = {p.stat().st_uid for p in tree.rglob("*")}
        assert owners == {uid("nobody")}


def uid(user: str) -> int:
    import pwd

    return pwd.getpwnam(user).pw_uid
