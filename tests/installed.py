"""labctl as users get it: a wheel built from this tree, installed with pip into a fresh venv of
the system Python, outside the clone, run from an empty directory - by root, or by ordinary
users created for the test (no sudo, homes of their own), as on a shared lab server.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import sys
import sysconfig
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from accounts import account_tool

REPO = Path(__file__).resolve().parent.parent
PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
STUDENTS = ("labctl-s1", "labctl-s2", "labctl-s3")


def system_python() -> str:
    for candidate in ("/usr/bin/python3", shutil.which("python3") or ""):
        if candidate and Path(candidate).exists():
            return candidate
    pytest.fail("no system python3 (scripts/install-system.sh installs Debian's)")


def build_wheel(out: Path, python: str = sys.executable) -> Path:
    """`pip wheel .` of this tree, as a release would build it (its own build environment)."""
    subprocess.run(
        [python, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out), str(REPO)],
        check=True, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    (wheel,) = out.glob("labctl-*.whl")
    return wheel


def make_venv(where: Path, python: str, wheel: Path) -> Path:
    """A fresh venv of ``python`` holding the wheel and its dependencies; its labctl script."""
    subprocess.run([python, "-m", "venv", str(where)], check=True, timeout=120)
    subprocess.run(
        [str(where / "bin" / "pip"), "install", "-q", str(wheel)],
        check=True, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    # Readable and runnable by every user of the machine, writable by root only.
    for path in [where, *where.rglob("*")]:
        if not path.is_symlink():
            path.chmod(0o755 if path.is_dir() or os.access(path, os.X_OK) else 0o644)
    return where / "bin" / "labctl"


@dataclass(frozen=True)
class Installed:
    labctl: Path

    def run(
        self, *args: str, cwd: Path, user: str | None = None, timeout: float = 180
    ) -> subprocess.CompletedProcess[str]:
        """`labctl ARGS` in ``cwd``, as root or as ``user`` (no sudo, its own groups)."""
        env = {"PATH": PATH, "LANG": "C.UTF-8", "LABCTL_NETWORK_ALLOW": "127.0.0.0/8,::1/128"}
        argv = [str(self.labctl), *args]
        if user is not None:
            env["HOME"] = pwd.getpwnam(user).pw_dir
            env["USER"] = user
            argv = ["setpriv", f"--reuid={user}", f"--regid={user}", "--init-groups", *argv]
        else:
            env["HOME"] = str(cwd)
        return subprocess.run(
            argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
        )

    def shell(self, script: str, *, cwd: Path, user: str) -> subprocess.CompletedProcess[str]:
        """A shell command as ``user``: what a student types besides labctl."""
        return subprocess.run(
            ["setpriv", f"--reuid={user}", f"--regid={user}", "--init-groups", "sh", "-c", script],
            cwd=cwd, env={"PATH": PATH, "HOME": pwd.getpwnam(user).pw_dir},
            capture_output=True, text=True, timeout=60, check=False,
        )  # fmt: skip


@pytest.fixture(scope="session")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Installed]:
    if os.geteuid() != 0:
        pytest.fail("these tests create users and switch to them: run them as root (CI does)")
    wheels = tmp_path_factory.mktemp("wheel")
    wheel = build_wheel(wheels)
    # Outside the clone and outside root's 0700 temporary directories: users run it too.
    venv = Path(f"/tmp/labctl-venv-{os.getpid()}")
    shutil.rmtree(venv, ignore_errors=True)
    yield Installed(make_venv(venv, system_python(), wheel))
    shutil.rmtree(venv, ignore_errors=True)


@pytest.fixture(scope="session")
def this_tree() -> Iterator[Path]:
    """A Python every user can run (the system's), running this tree as it is, in seconds: a
    venv whose .pth adds this checkout's development site-packages. Root's grading runs
    labctl's own interpreter as each student, and the test's own may live under /root."""
    python = system_python()
    here = "{}.{}".format(*sys.version_info)
    probe = [python, "-c", "import sys; print('{}.{}'.format(*sys.version_info))"]
    theirs = subprocess.run(probe, capture_output=True, text=True, check=True).stdout.strip()
    if theirs != here:  # compiled dependencies are for this minor version only
        pytest.fail(f"{python} is Python {theirs}, not {here} as the test runner is")
    venv = Path(f"/tmp/labctl-tree-{os.getpid()}")
    shutil.rmtree(venv, ignore_errors=True)
    subprocess.run([python, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=60)
    (site,) = venv.glob("lib/python*/site-packages")
    dev = sysconfig.get_paths()["purelib"]
    (site / "labctl-tree.pth").write_text(f"import site; site.addsitedir({dev!r})\n")
    for path in [venv, *venv.rglob("*")]:
        if not path.is_symlink():
            path.chmod(0o755 if path.is_dir() or os.access(path, os.X_OK) else 0o644)
    yield venv / "bin" / "python"
    shutil.rmtree(venv, ignore_errors=True)


def ensure_user(name: str) -> pwd.struct_passwd:
    """An ordinary account like a student's on a lab server: a home, no sudo."""
    try:
        return pwd.getpwnam(name)
    except KeyError:
        account_tool("useradd", "-m", "-s", "/bin/sh", name)
        return pwd.getpwnam(name)


@pytest.fixture
def students() -> Iterator[list[pwd.struct_passwd]]:
    """Three student accounts, each with an empty lab directory made for this test."""
    accounts = [ensure_user(name) for name in STUDENTS]
    made = []
    for account in accounts:
        work = Path(account.pw_dir) / f"lab-{os.getpid()}"
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir()
        os.chown(work, account.pw_uid, account.pw_gid)
        made.append(work)
    yield accounts
    for work in made:
        shutil.rmtree(work, ignore_errors=True)


def lab_dir(account: pwd.struct_passwd) -> Path:
    return Path(account.pw_dir) / f"lab-{os.getpid()}"
