"""The command line as a user meets it: real processes, real Apache, exit codes and messages."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from embedded import free_subnet, httpd_pids, run_cli, write_lab_toml


def one_line_error(proc: subprocess.CompletedProcess[str]) -> str:
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr + proc.stdout
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert lines and lines[0].startswith("labctl: error:"), proc.stderr
    return " ".join(lines)


@pytest.fixture
def workdir(tmp_path: Path) -> Iterator[Path]:
    write_lab_toml(tmp_path)
    yield tmp_path
    run_cli("destroy", cwd=tmp_path)
    assert httpd_pids(str(tmp_path)) == []


def test_the_whole_loop(workdir: Path) -> None:
    up = run_cli("up", cwd=workdir)
    assert up.returncode == 0, up.stderr
    assert "lab up (local, stage full)" in up.stderr

    status = run_cli("status", "--json", cwd=workdir)
    data = json.loads(status.stdout)
    assert [h["running"] for h in data["hosts"]] == [True, True, True]
    assert {"name", "role", "address", "port", "running"} <= set(data["hosts"][0])
    assert [m["state"] for m in data["members"]] == ["ok", "ok"]

    junit = workdir / "out" / "report.xml"
    scen = run_cli("scenario", "all", "--json", "--junit", str(junit), cwd=workdir)
    assert scen.returncode == 0, scen.stdout + scen.stderr
    report = json.loads(scen.stdout)
    assert report["passed"] is True
    assert [s["name"] for s in report["scenarios"]] == ["alternation", "failover", "manager-auth"]
    check = report["scenarios"][1]["checks"][0]
    assert {"id", "passed", "expected", "observed", "diagnosis"} <= set(check)
    assert isinstance(report["scenarios"][1]["duration_s"], float)
    suites = ET.parse(junit).getroot().findall("testsuite")
    assert [s.get("name") for s in suites] == ["alternation", "failover", "manager-auth"]
    assert sum(len(s.findall("testcase")) for s in suites) == 10
    assert all(s.get("failures") == "0" for s in suites)

    rich = run_cli("scenario", "failover", cwd=workdir)
    assert rich.returncode == 0 and "PASS both-down-503" in rich.stdout

    listed = run_cli("scenario", "list", cwd=workdir)
    assert "failover" in listed.stdout and "manager-auth" in listed.stdout

    assert run_cli("stop", "server1", cwd=workdir).returncode == 0
    hosts = json.loads(run_cli("status", "--json", cwd=workdir).stdout)["hosts"]
    assert [h["running"] for h in hosts] == [True, False, True]
    assert run_cli("start", "server1", cwd=workdir).returncode == 0

    creds = run_cli("credentials", cwd=workdir)
    user, password = creds.stdout.split()
    assert user == "admin" and len(password) >= 12
    assert oct((workdir / ".labctl" / "credentials").stat().st_mode & 0o777) == "0o600"
    conf_d = run_cli("path", "loadbalancer", "conf.d", cwd=workdir).stdout.strip()
    assert (Path(conf_d) / "lbsisjarkom.conf").exists()

    assert run_cli("down", cwd=workdir).returncode == 0
    assert httpd_pids(str(workdir)) == [] or not any(
        Path(f"/proc/{p}").exists() for p in httpd_pids(str(workdir))
    )
    again = run_cli("up", cwd=workdir)
    assert again.returncode == 0, again.stderr
    assert run_cli("destroy", cwd=workdir).returncode == 0
    assert not (workdir / ".labctl").exists()


def test_a_failed_check_exits_1(workdir: Path) -> None:
    assert run_cli("up", cwd=workdir).returncode == 0
    html = run_cli("path", "server2", "html", cwd=workdir).stdout.strip()
    (Path(html) / "index.html").write_text("<h1>Selamat Datang di Server 1</h1>")
    proc = run_cli("scenario", "alternation", cwd=workdir)
    assert proc.returncode == 1
    assert "FAIL alternation" in proc.stdout and "FAILED" in proc.stdout


def test_scenario_before_up(tmp_path: Path) -> None:
    assert "run `labctl up` first" in one_line_error(run_cli("scenario", "all", cwd=tmp_path))
    assert "run `labctl up` first" in one_line_error(run_cli("status", cwd=tmp_path))
    assert not (tmp_path / ".labctl").exists()


def test_unknown_names(workdir: Path) -> None:
    assert run_cli("up", cwd=workdir).returncode == 0
    assert "unknown host 'server3'" in one_line_error(run_cli("stop", "server3", cwd=workdir))
    msg = one_line_error(run_cli("scenario", "failover", "nope", cwd=workdir))
    assert "unknown scenario 'nope'" in msg
    assert "--stage must be base or full" in one_line_error(
        run_cli("up", "--stage", "half", cwd=workdir)
    )


def test_malformed_lab_toml(tmp_path: Path) -> None:
    (tmp_path / "lab.toml").write_text('[lab]\nprovider = "local"\n\n[local]\nport = "eighty"\n')
    msg = one_line_error(run_cli("up", cwd=tmp_path))
    assert "lab.toml:5: local.port must be a int" in msg
    assert not (tmp_path / ".labctl").exists()


def test_address_in_use_leaves_nothing_running(tmp_path: Path) -> None:
    subnet = free_subnet()
    write_lab_toml(tmp_path, subnet=subnet)
    taken = subnet.replace(".0/24", ".92")
    with socket.socket() as squatter:
        squatter.bind((taken, 80))
        squatter.listen()
        msg = one_line_error(run_cli("up", cwd=tmp_path))
    assert f"{taken}:80 is already in use" in msg
    assert httpd_pids(str(tmp_path)) == []
    assert run_cli("up", cwd=tmp_path).returncode == 0
    assert run_cli("destroy", cwd=tmp_path).returncode == 0


def test_apache_missing(tmp_path: Path) -> None:
    """A private mount namespace hides Apache's modules: as if Apache were not installed."""
    if os.geteuid() != 0 or not shutil.which("unshare"):
        pytest.fail("needs root and unshare (CI has both)")
    write_lab_toml(tmp_path)
    script = (
        "for d in /usr/lib/apache2/modules /usr/lib64/httpd/modules /usr/lib/httpd/modules; do "
        '[ -d "$d" ] && mount -t tmpfs none "$d"; done; '
        f'exec "{sys.executable}" -m labctl up'
    )
    proc = subprocess.run(
        ["unshare", "--mount", "--propagation", "private", "sh", "-c", script],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    msg = one_line_error(proc)
    assert "Apache httpd is not installed: `sudo apt-get install apache2`" in msg
    assert httpd_pids(str(tmp_path)) == []


@pytest.mark.parametrize("delay", [0.0, 0.01, 0.03, 0.06, 0.1, 0.2])
def test_ctrl_c_during_a_scenario(workdir: Path, delay: float) -> None:
    """A real SIGINT at several moments of `scenario failover` (counted from its first check):
    one line, exit 2 (or 0 if the scenario was already over), no traceback, and every server
    running afterwards."""
    import signal
    import time

    assert run_cli("up", cwd=workdir).returncode == 0
    proc = subprocess.Popen(
        [sys.executable, "-m", "labctl", "scenario", "failover"],
        cwd=workdir,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    first = proc.stdout.readline()  # rich flushes each line: the scenario is under way
    assert first.startswith("PASS baseline-alternation"), first
    time.sleep(delay)
    proc.send_signal(signal.SIGINT)
    out, errors = proc.communicate(timeout=60)
    assert "Traceback" not in out + errors
    # -2: the scenario was over and Python was exiting when the signal came (nothing to undo).
    assert proc.returncode in (0, 2) or (proc.returncode == -2 and "passed" in out), (
        proc.returncode,
        out,
        errors,
    )
    if proc.returncode == 2:
        assert "interrupted" in errors
    hosts = json.loads(run_cli("status", "--json", cwd=workdir).stdout)["hosts"]
    assert [h["running"] for h in hosts] == [True, True, True]


def test_usage_errors(tmp_path: Path) -> None:
    for args in (["up", "--bogus"], ["stop"], ["frobnicate"]):
        proc = run_cli(*args, cwd=tmp_path)
        assert proc.returncode == 2, (args, proc.stderr)
        assert "Traceback" not in proc.stderr
        assert "Error:" in proc.stderr
    assert not (tmp_path / ".labctl").exists()


def test_destroy_with_a_damaged_lab_json(workdir: Path) -> None:
    assert run_cli("up", cwd=workdir).returncode == 0
    tree = (workdir / ".labctl" / "hosts").resolve()
    assert httpd_pids(f"{tree}/")
    (workdir / ".labctl" / "lab.json").write_text("{ not json")
    assert "is damaged" in one_line_error(run_cli("status", cwd=workdir))
    proc = run_cli("destroy", cwd=workdir)
    assert proc.returncode == 0, proc.stderr
    assert "removed by its paths" in proc.stderr
    assert httpd_pids(f"{tree}/") == []
    assert not (workdir / ".labctl").exists() and not tree.exists()


def test_scenarios_need_the_whole_lab_running(workdir: Path) -> None:
    assert run_cli("up", cwd=workdir).returncode == 0
    assert run_cli("stop", "loadbalancer", cwd=workdir).returncode == 0
    msg = one_line_error(run_cli("scenario", "all", cwd=workdir))
    assert "httpd is stopped on loadbalancer" in msg and "labctl start loadbalancer" in msg


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.mkdir(), "is not a regular file"),
        (lambda p: p.write_bytes(b'[lab]\nprovider = "l\xf6cal"\n'), "is not UTF-8"),
        (lambda p: p.symlink_to(p.parent / "gone.toml"), "which does not exist"),
        (lambda p: p.symlink_to("/dev/zero"), "is not a regular file"),
        (lambda p: os.mkfifo(p), "is not a regular file"),
        (lambda p: p.write_text("x" * 70_000), "larger than 64 KiB"),
        (lambda p: p.write_text('[local]\nsubnet = "127.0.43.0/31"\n'), "too small"),
        (lambda p: p.write_text('[local]\nsubnet = "127.0.43.9/32"\n'), "too small"),
        (lambda p: p.write_text('[local]\nsubnet = "127.0.43.0/33"\n'), "is not an IPv4 subnet"),
    ],
)
def test_a_lab_toml_that_is_not_one(tmp_path: Path, make: Any, message: str) -> None:
    make(tmp_path / "lab.toml")
    msg = one_line_error(run_cli("up", "--provider", "local", cwd=tmp_path, timeout=20))
    assert message in msg and "lab.toml" in msg
    assert not (tmp_path / ".labctl").exists()


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: {**d, "lab": []},
        lambda d: {**d, "facts": []},
        lambda d: {**d, "lab": {**d["lab"], "hosts": [{"name": 1}]}},
        lambda d: {**d, "format": 99},
        lambda d: [d],
        lambda d: "lab",
    ],
)
def test_a_lab_json_of_valid_json_but_wrong_content(workdir: Path, damage: Any) -> None:
    assert run_cli("up", cwd=workdir).returncode == 0
    tree = (workdir / ".labctl" / "hosts").resolve()
    lab_json = workdir / ".labctl" / "lab.json"
    lab_json.write_text(json.dumps(damage(json.loads(lab_json.read_text()))))
    assert "is damaged" in one_line_error(run_cli("status", cwd=workdir))
    done = run_cli("destroy", cwd=workdir)
    assert done.returncode == 0, done.stderr
    assert httpd_pids(f"{tree}/") == []


def test_the_lab_commands_speak_indonesian(workdir: Path) -> None:
    up = run_cli("--lang", "id", "up", cwd=workdir)
    assert up.returncode == 0 and "labctl: lab menyala (local, tahap full)" in up.stderr
    status = run_cli("--lang", "id", "status", cwd=workdir)
    assert "tahap full" in status.stdout and "menyala" in status.stdout
    assert "anggota http://" in status.stdout and "running" not in status.stdout
    env = {**os.environ, "LANG": "id_ID.UTF-8"}
    stop = subprocess.run(
        [sys.executable, "-m", "labctl", "stop", "server1"],
        cwd=workdir, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert stop.stderr.strip() == "labctl: server1: httpd dimatikan"
    assert "--lang must be id or en" in one_line_error(
        run_cli("--lang", "fr", "status", cwd=workdir)
    )
    gone = run_cli("--lang", "id", "destroy", cwd=workdir)
    assert gone.stderr.strip() == "labctl: lab dihapus"


# --- labctl fault (issue 13) --------------------------------------------------------------


def test_fault_apply_list_status_clear(workdir: Path) -> None:
    assert run_cli("up", cwd=workdir).returncode == 0
    listed = run_cli("fault", "list", cwd=workdir)
    assert listed.returncode == 0 and "no active fault" in listed.stdout
    assert all(kind in listed.stdout for kind in ("hang", "slow SECONDS", "error CODE", "drop"))
    made = run_cli("fault", "server2", "error", "500", cwd=workdir)
    assert made.returncode == 0, made.stderr
    assert "server2 error 500: applied" in made.stderr
    status = json.loads(run_cli("status", "--json", cwd=workdir).stdout)
    assert [(f["host"], f["kind"], f["arg"]) for f in status["faults"]] == [
        ("server2", "error", "500")
    ]
    assert "server2 error 500" in run_cli("fault", "list", cwd=workdir).stdout
    refused = run_cli("scenario", "all", cwd=workdir)
    assert "is active" in one_line_error(refused)
    cleared = run_cli("fault", "clear", "server2", cwd=workdir)
    assert cleared.returncode == 0 and "server2 error 500: cleared" in cleared.stderr
    assert json.loads(run_cli("status", "--json", cwd=workdir).stdout)["faults"] == []
    assert "hang" in run_cli("--lang", "id", "fault", "list", cwd=workdir).stdout
    assert "jenis gangguan" in run_cli("--lang", "id", "fault", "list", cwd=workdir).stdout
    scenarios = run_cli("scenario", "list", cwd=workdir).stdout
    assert "fault-hang" in scenarios and "[faults]" in scenarios


@pytest.mark.parametrize(
    "args",
    [
        ("server1", "explode"),
        ("server1", "error", "99"),
        ("server1", "slow", "--", "-2"),
        ("loadbalancer", "hang"),
        ("server1",),
        ("server1", "drop"),
    ],
)
def test_fault_bad_input_is_one_line_and_leaves_nothing(workdir: Path, args: tuple[str]) -> None:
    assert run_cli("up", cwd=workdir).returncode == 0
    one_line_error(run_cli("fault", *args, cwd=workdir))
    assert not (workdir / ".labctl" / "faults.json").exists()
    assert json.loads(run_cli("status", "--json", cwd=workdir).stdout)["faults"] == []


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to hand the lab to another user")
def test_fault_on_another_users_lab_is_refused(workdir: Path) -> None:
    assert run_cli("up", cwd=workdir).returncode == 0
    state = workdir / ".labctl"
    os.chown(state, 65534, 65534)
    try:
        refused = run_cli("fault", "server1", "hang", cwd=workdir)
        assert "this lab belongs to" in one_line_error(refused)
    finally:
        os.chown(state, 0, 0)
    assert not (state / "faults.json").exists()
    assert json.loads(run_cli("status", "--json", cwd=workdir).stdout)["faults"] == []


def test_down_and_destroy_clear_faults(workdir: Path) -> None:
    assert run_cli("up", cwd=workdir).returncode == 0
    assert run_cli("fault", "server1", "hang", cwd=workdir).returncode == 0
    assert run_cli("fault", "server2", "flap", "1", cwd=workdir).returncode == 0
    down = run_cli("down", cwd=workdir)
    assert down.returncode == 0, down.stderr
    assert not (workdir / ".labctl" / "faults.json").exists()
    hosts = json.loads(run_cli("status", "--json", cwd=workdir).stdout)["hosts"]
    assert [h["running"] for h in hosts] == [False, False, False]
    assert not [p for p in _flappers() if str(workdir) in p]
    assert run_cli("up", cwd=workdir).returncode == 0
    assert run_cli("fault", "server1", "flap", "1", cwd=workdir).returncode == 0
    assert run_cli("destroy", cwd=workdir).returncode == 0
    assert not [p for p in _flappers() if str(workdir) in p]


def _flappers() -> list[str]:
    out = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True, check=True)
    return [line for line in out.stdout.splitlines() if "labctl.flapper" in line]


@pytest.mark.parametrize("sig", ["SIGINT", "SIGKILL"])
def test_a_fault_scenario_interrupted_or_killed_leaves_no_fault(workdir: Path, sig: str) -> None:
    """Ctrl-C in the middle of `scenario fault-hang` (server1 frozen): the fault is cleared on
    the way out. SIGKILL: the next command that changes the lab clears it first."""
    import signal

    assert run_cli("up", cwd=workdir).returncode == 0
    proc = subprocess.Popen(
        [sys.executable, "-m", "labctl", "scenario", "fault-hang"],
        cwd=workdir, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert proc.stdout is not None
    first = proc.stdout.readline()  # the first check is over: server1 is hung now
    assert first.startswith("PASS hang-client-waits"), first
    proc.send_signal(getattr(signal, sig))
    out, errors = proc.communicate(timeout=60)
    assert "Traceback" not in out + errors
    if sig == "SIGINT":
        assert proc.returncode == 2 and "interrupted" in errors, (out, errors)
        assert not (workdir / ".labctl" / "faults.json").exists()
    else:
        assert (workdir / ".labctl" / "faults.json").exists()  # left for the next command
        after = run_cli("scenario", "alternation", cwd=workdir)
        assert after.returncode == 0, after.stdout + after.stderr
        assert "server1 hang" in after.stderr  # said what it cleared
    status = json.loads(run_cli("status", "--json", cwd=workdir).stdout)
    assert status["faults"] == []
    assert [h["running"] for h in status["hosts"]] == [True, True, True]
    assert run_cli("scenario", "alternation", cwd=workdir).returncode == 0


def test_stop_start_restart_take_the_service_over_from_a_fault(workdir: Path) -> None:
    assert run_cli("up", cwd=workdir).returncode == 0
    assert run_cli("fault", "server1", "flap", "1", cwd=workdir).returncode == 0
    started = run_cli("start", "server1", cwd=workdir)
    assert started.returncode == 0 and "server1 flap 1: cleared" in started.stderr
    assert not [p for p in _flappers() if str(workdir) in p]
    assert json.loads(run_cli("status", "--json", cwd=workdir).stdout)["faults"] == []
    assert run_cli("scenario", "alternation", cwd=workdir).returncode == 0
