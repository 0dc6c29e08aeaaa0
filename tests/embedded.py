"""Embedded labs for tests: real Apache httpd processes on loopback subnets of their own.

Each lab gets its own working directory and its own 127.0.N.0/24, so labs of several tests (and
a lab a developer left running on 127.0.43.x) never meet. Every lab is destroyed afterwards.
"""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from labctl import control
from labctl.scenarios import REGISTRY, LabDriver, ScenarioResult, run_scenario
from labctl.state import StateDir


# Loopback subnets 127.0.100-249.0/24 for tests, one per lab. The workers of a parallel run
# (pytest -n) each take their own share of them, so two never choose one at the same moment; a
# lone run starts at a point of its own. A subnet whose lab addresses are taken (another test
# run, a developer's lab, this worker's lab of before) is skipped.
def _third_octets() -> Iterator[int]:
    if "PYTEST_XDIST_WORKER" in os.environ:
        worker = int(os.environ["PYTEST_XDIST_WORKER"].removeprefix("gw"))
        workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
        share = 150 // workers
        return (100 + worker + workers * (n % share) for n in itertools.count())
    return (100 + n % 150 for n in itertools.count((os.getpid() % 37) * 4))


_THIRDS = _third_octets()


def free_subnet() -> str:
    from labctl.net import bind_problem

    for third in _THIRDS:
        if not any(bind_problem(f"127.0.{third}.{octet}", 80) for octet in (71, 92, 65)):
            return f"127.0.{third}.0/24"
    raise AssertionError("unreachable")


LabFactory = Callable[..., control.OpenLab]


def write_lab_toml(directory: Path, *, subnet: str | None = None, extra: str = "") -> str:
    subnet = subnet or free_subnet()
    (directory / "lab.toml").write_text(
        f'[lab]\nprovider = "local"\n\n[local]\nsubnet = "{subnet}"\n{extra}'
    )
    return subnet


@pytest.fixture
def lab_factory(tmp_path: Path) -> Iterator[LabFactory]:
    made: list[control.OpenLab] = []

    def make(
        stage: str = "full", directory: Path | None = None, extra: str = ""
    ) -> control.OpenLab:
        where = directory or tmp_path / f"lab{len(made)}"
        where.mkdir(parents=True, exist_ok=True)
        if not (where / "lab.toml").exists():  # a lab brought up again keeps its settings
            write_lab_toml(where, extra=extra)
        opened = control.up(
            provider=None,
            stage=stage,  # type: ignore[arg-type]
            subnet=None,
            say=lambda line: None,
            lab_file=where / "lab.toml",
            state_dir=StateDir(where / ".labctl"),
        )
        made.append(opened)
        return opened

    yield make
    for opened in made:
        opened.provider.destroy()


@pytest.fixture(scope="session", autouse=True)
def no_httpd_left_behind(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Fails the run if any test left an embedded-lab httpd running (and ends it).

    Only this run's labs count: another test run on the same machine (a second developer, a
    second checkout) has labs of its own that are not this run's to judge or to kill.
    """
    base = tmp_path_factory.getbasetemp()
    yield
    markers = {str(base)}
    # Root's labs keep their server roots in /tmp/labctl-*, linked from .labctl/hosts.
    for link in base.rglob("hosts"):
        if link.is_symlink():
            markers.add(f"{os.readlink(link)}/")
    leftovers = sorted({pid for marker in markers for pid in httpd_pids(marker)})
    for pid in leftovers:
        os.kill(pid, 9)
    assert not leftovers, f"httpd processes left behind by the tests: {leftovers}"


def run_cli(*args: str, cwd: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """`labctl ARGS` as a user runs it, in ``cwd``."""
    return subprocess.run(
        [sys.executable, "-m", "labctl", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def httpd_pids(marker: str) -> list[int]:
    """Apache processes whose command line mentions ``marker`` (a lab's directory)."""
    out = subprocess.run(["ps", "-eo", "pid,args"], capture_output=True, text=True, check=True)
    return [
        int(line.split()[0])
        for line in out.stdout.splitlines()[1:]
        if marker in line and ("apache2" in line or "httpd" in line)
    ]


def up_lab(directory: Path) -> None:
    """`labctl up` of an embedded lab in ``directory`` (a lab.toml of its own subnet first)."""
    directory.mkdir(parents=True, exist_ok=True)
    if not (directory / "lab.toml").exists():
        write_lab_toml(directory)
    done = run_cli("up", cwd=directory)
    assert done.returncode == 0, done.stderr


def lab_tree(directory: Path) -> Path:
    """Where the embedded lab of ``directory`` keeps its hosts' roots."""
    return (directory / ".labctl" / "hosts").resolve()


def error_line(done: subprocess.CompletedProcess[str], *, alone: bool = True) -> str:
    """The one error line of a refused command: exit 2, no traceback, nothing else on stderr
    (with ``alone=False``, progress lines such as the port fallback may come before it)."""
    assert done.returncode == 2, done.stdout + done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    lines = done.stderr.strip().splitlines()
    errors = [line for line in lines if line.startswith("labctl: error:")]
    assert len(errors) == 1 and (not alone or len(lines) == 1), done.stderr
    return errors[0]


@pytest.fixture
def sleeper() -> Iterator[int]:
    """An unrelated process of the same user: no labctl command may signal it."""
    proc = subprocess.Popen(["sleep", "300"])
    yield proc.pid
    alive = proc.poll() is None
    proc.kill()
    proc.wait()
    assert alive, "labctl signalled a process that is not the lab's httpd"


def scenario_on(opened: control.OpenLab, name: str) -> ScenarioResult:
    """One scenario of the registry on an open lab, as `labctl scenario NAME` runs it."""
    driver = LabDriver(opened.provider, opened.credentials())
    try:
        return run_scenario(REGISTRY[name], driver)
    finally:
        driver.close()
