"""labctl installed and run as users do: a built wheel in a fresh venv outside the clone, an
empty directory, root or an ordinary user without sudo, several users on one machine.

Every test here runs the real `labctl` script of the installed wheel against real Apache.
"""

from __future__ import annotations

import json
import os
import pwd
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from installed import Installed, build_wheel, installed, lab_dir, make_venv, students  # noqa: F401
from verify_configs import SECURED_BLOCK, TUTORIAL

from embedded import error_line

# One worker of a parallel run for the whole file: the wheel is built in the tree (build/), and
# the student accounts and the default place are the machine's.
pytestmark = pytest.mark.shared_machine


def _places(out: str) -> dict[str, str]:
    """`labctl path` alone: host -> address:port."""
    return dict(re.findall(r"^(loadbalancer|server1|server2): (\S+)$", out, re.MULTILINE))


def student_flow(inst: Installed, cwd: Path, user: str | None) -> dict[str, object]:
    """What a student does with the tutorial open: the lab without the balancer, their own
    lbsisjarkom.conf and htpasswd, verify, a mistake, verify, reset. Returns what was graded."""

    def labctl(*args: str) -> subprocess.CompletedProcess[str]:
        return inst.run(*args, cwd=cwd, user=user)

    def shell(script: str) -> None:
        if user is None:
            done = subprocess.run(["sh", "-c", script], cwd=cwd, capture_output=True, text=True)
        else:
            done = inst.shell(script, cwd=cwd, user=user)
        assert done.returncode == 0, done.stderr

    def graded() -> tuple[int, int, list[str], dict[str, str]]:
        """Score, failed checks and their hints - the lab's own paths and addresses written
        as placeholders, since root's lab and a student's live in different places."""
        done = labctl("verify", "--json", "--lang", "en")
        assert done.returncode in (0, 1), done.stderr
        data = json.loads(done.stdout)
        checks = data["scenarios"][0]["checks"]
        failed = sorted(c["id"] for c in checks if not c["passed"])
        hints = {c["id"]: c["hint"] or "" for c in checks if not c["passed"]}
        tree = str(Path(conf_d).parent.parent)
        for old, new in [(tree, "<tree>"), *((v, f"<{k}>") for k, v in places.items())]:
            hints = {k: h.replace(old, new) for k, h in hints.items()}
        return data["score"]["passed"], data["score"]["total"], failed, hints

    up = labctl("up", "--provider", "local", "--stage", "base")
    assert up.returncode == 0, up.stderr
    try:
        places = _places(labctl("path").stdout)
        conf_d = labctl("path", "loadbalancer", "conf.d").stdout.strip()
        htpasswd = labctl("path", "loadbalancer", "htpasswd").stdout.strip()
        manager_user, password = labctl("credentials").stdout.split()
        conf = TUTORIAL.format(
            server1=places["server1"],
            server2=places["server2"],
            manager=SECURED_BLOCK.format(htpasswd=htpasswd),
        )
        staged = Path("/tmp", f"labctl-conf-{os.getpid()}")  # where the student can read it
        staged.write_text(conf)
        try:
            shell(f"cp {staged} {conf_d}/lbsisjarkom.conf")
        finally:
            staged.unlink()  # left in /tmp after every run before
        shell(f"printf %s '{password}' | htpasswd -c -i -B {htpasswd} {manager_user}")
        reference = graded()
        # The mistake: the manager exclusion forgotten, so /balancer-manager goes to the cluster.
        shell(f"sed -i '/balancer-manager !/d' {conf_d}/lbsisjarkom.conf")
        mistake = graded()
        reset = labctl("reset")
        assert reset.returncode == 0, reset.stderr
        gone = inst.shell(f"test ! -e {conf_d}/lbsisjarkom.conf", cwd=cwd, user=user or "root")
        assert gone.returncode == 0, "reset left the student's file in conf.d"
        after_reset = graded()
    finally:
        destroyed = labctl("destroy")
    assert destroyed.returncode == 0, destroyed.stderr
    return {"reference": reference, "mistake": mistake, "after_reset": after_reset}


def test_wheel_carries_provisioning_and_vagrantfile(tmp_path: Path) -> None:
    import zipfile

    names = set(zipfile.ZipFile(build_wheel(tmp_path)).namelist())
    for shipped in (
        "labctl/provision/Vagrantfile",
        "labctl/provision/common.sh",
        "labctl/provision/loadbalancer.sh",
        "labctl/provision/server.sh",
        "labctl/provision/templates/lbsisjarkom.conf",
        "labctl/provision/templates/embedded-httpd.conf",
        "labctl/provision/templates/index.html",
    ):
        assert shipped in names


def test_installed_wheel_runs_the_lab_from_an_empty_directory(
    installed: Installed,  # noqa: F811
    tmp_path: Path,
) -> None:
    work = tmp_path / "empty"
    work.mkdir()
    version = installed.run("--version", cwd=work)
    assert version.returncode == 0 and re.fullmatch(r"labctl \d+\.\d+\.\d+\n", version.stdout)
    try:
        up = installed.run("up", "--provider", "local", cwd=work)
        assert up.returncode == 0, up.stderr
        scenarios = installed.run("scenario", "all", cwd=work)
        assert scenarios.returncode == 0, scenarios.stdout + scenarios.stderr
        reset = installed.run("reset", "--stage", "full", cwd=work)
        assert reset.returncode == 0, reset.stderr
        verify = installed.run("verify", "--json", cwd=work)
        assert verify.returncode == 0, verify.stdout + verify.stderr
        score = json.loads(verify.stdout)["score"]
        assert score["passed"] == score["total"] > 0
    finally:
        destroy = installed.run("destroy", cwd=work)
    assert destroy.returncode == 0, destroy.stderr
    assert sorted(os.listdir(work)) == []


def test_a_student_without_sudo_is_graded_exactly_as_root(
    installed: Installed,  # noqa: F811
    students: list[pwd.struct_passwd],  # noqa: F811
    tmp_path: Path,
) -> None:
    student = students[0]
    no_sudo = installed.shell("sudo -n true", cwd=lab_dir(student), user=student.pw_name)
    assert no_sudo.returncode != 0, "the student account must not have sudo"
    as_root = student_flow(installed, tmp_path, None)
    as_student = student_flow(installed, lab_dir(student), student.pw_name)
    assert as_student == as_root
    passed, total, failed, _ = as_root["reference"]  # type: ignore[misc]
    assert passed == total and failed == []
    assert "manager-not-proxied" in as_root["mistake"][2]  # type: ignore[index]
    assert "balancer-answers" in as_root["after_reset"][2]  # type: ignore[index]


def test_three_students_share_one_machine(
    installed: Installed,  # noqa: F811
    students: list[pwd.struct_passwd],  # noqa: F811
) -> None:
    names = [s.pw_name for s in students]
    dirs = [lab_dir(s) for s in students]
    try:
        for name, work in zip(names, dirs, strict=True):
            up = installed.run("up", "--provider", "local", cwd=work, user=name)
            assert up.returncode == 0, f"{name}: {up.stderr}"
            # A normal user cannot bind port 80: the fallback port, said once.
            assert up.stderr.count("port 80 needs root here; the embedded lab uses port 8080") == 1
            owners = {p.lstat().st_uid for p in (work / ".labctl").rglob("*")}
            assert owners == {pwd.getpwnam(name).pw_uid}, "every file of the lab is the user's"
            scenarios = installed.run("scenario", "all", cwd=work, user=name)
            assert scenarios.returncode == 0, f"{name}: {scenarios.stdout}{scenarios.stderr}"
        places = [
            _places(installed.run("path", cwd=w, user=n).stdout)
            for n, w in zip(names, dirs, strict=True)
        ]
        balancers = {p["loadbalancer"] for p in places}
        assert len(balancers) == 3, places
        # A place chosen once is kept: the same at the next command.
        again = _places(installed.run("path", cwd=dirs[1], user=names[1]).stdout)
        assert again == places[1]

        # Nobody reads a classmate's solution, nor runs a classmate's lab.
        conf = dirs[0] / ".labctl/hosts/loadbalancer/conf.d/lbsisjarkom.conf"
        peek = installed.shell(f"cat {conf}", cwd=dirs[1], user=names[1])
        assert peek.returncode != 0 and "Permission denied" in peek.stderr
        for command in (["status"], ["credentials"], ["stop", "server1"], ["destroy"]):
            other = installed.run(*command, cwd=dirs[0], user=names[1])
            assert other.returncode == 2, command
            assert other.stderr.strip().splitlines() == [
                f"labctl: error: this lab belongs to {names[0]}: {dirs[0]}"
            ], other.stderr
        by_root = installed.run("status", cwd=dirs[0])
        assert by_root.returncode == 2 and f"belongs to {names[0]}" in by_root.stderr
        assert f"sudo -u {names[0]} labctl" in by_root.stderr

        # From where a student edits: the lab around the working directory.
        inside = dirs[2] / ".labctl/hosts/loadbalancer/conf.d"
        status = installed.run("status", "--json", cwd=inside, user=names[2])
        assert status.returncode == 0, status.stderr
        assert f"lab in {dirs[2]}" in status.stderr
    finally:
        for name, work in zip(names, dirs, strict=True):
            installed.run("destroy", cwd=work, user=name)
    for work in dirs:
        assert not (work / ".labctl").exists()


@pytest.mark.parametrize("version", ["3.10", "3.13"])
def test_oldest_and_newest_python(version: str, tmp_path: Path) -> None:
    """Ubuntu 22.04's lab PCs have 3.10; the newest release must work as well."""
    pythons = sorted(Path("/root/.pyenv/versions").glob(f"{version}.*/bin/python{version}"))
    if not pythons:
        pytest.skip(f"no Python {version} on this machine (pyenv provides it on the CI image)")
    labctl = make_venv(tmp_path / "venv", str(pythons[-1]), build_wheel(tmp_path / "wheel"))
    inst = Installed(labctl)
    work = tmp_path / "lab"
    work.mkdir()
    try:
        up = inst.run("up", "--provider", "local", cwd=work)
        assert up.returncode == 0, up.stderr
        scenarios = inst.run("scenario", "all", cwd=work)
        assert scenarios.returncode == 0, scenarios.stdout + scenarios.stderr
    finally:
        inst.run("destroy", cwd=work)


def test_a_student_meets_unreadable_read_only_and_full_places(
    installed: Installed,  # noqa: F811
    students: list[pwd.struct_passwd],  # noqa: F811
) -> None:
    """What root never sees: permissions bite a normal user. One line each, nothing left."""
    student = students[0]
    name, work = student.pw_name, lab_dir(student)

    def labctl(*args: str) -> subprocess.CompletedProcess[str]:
        return installed.run(*args, cwd=work, user=name)

    lab_toml = work / "lab.toml"
    lab_toml.write_text('[lab]\nprovider = "local"\n')
    os.chown(lab_toml, student.pw_uid, student.pw_gid)
    lab_toml.chmod(0)
    assert "lab.toml: cannot read it (Permission denied)" in error_line(labctl("up"), alone=False)
    lab_toml.unlink()

    # .labctl/ made read-only by its owner (a chmod to "protect" the solution).
    assert labctl("up").returncode == 0
    state = work / ".labctl"
    try:
        state.chmod(0o500)
        assert "Permission denied" in error_line(labctl("reset"), alone=False)
        state.chmod(0o700)
    finally:
        state.chmod(0o700)
        assert labctl("destroy").returncode == 0

    # A full disk: the lab's directory on a 100 KiB file system.
    full = work / "full"
    full.mkdir()
    subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=100k,mode=0755", "tmpfs", str(full)], check=True
    )
    try:
        os.chown(full, student.pw_uid, student.pw_gid)
        (full / "ballast").write_bytes(b"\0" * 90_000)
        done = installed.run("up", "--provider", "local", cwd=full, user=name)
        line = error_line(done, alone=False)
        assert "no space left on the device" in line and str(full) in line, line
        assert not (full / ".labctl").exists()
        leftovers = subprocess.run(["pgrep", "-u", name, "-f", str(full)], capture_output=True)
        assert leftovers.stdout == b""
    finally:
        installed.run("destroy", cwd=full, user=name)
        subprocess.run(["umount", str(full)], check=True)


def test_root_grading_a_class_runs_each_lab_as_its_student(
    installed: Installed,  # noqa: F811
    students: list[pwd.struct_passwd],  # noqa: F811
    tmp_path: Path,
) -> None:
    """A hostile student: a piped ErrorLog (run by httpd's parent), and a pid file naming a
    process of root's. Root grades the class; nothing of the student's runs or signals as root."""
    s1, s2 = students[0], students[1]
    work = lab_dir(s1)
    evidence = Path(f"/tmp/labctl-pwned-{os.getpid()}")
    evidence.unlink(missing_ok=True)
    sleeper = subprocess.Popen(["sleep", "300"])
    try:
        assert installed.run("up", "--provider", "local", cwd=work, user=s1.pw_name).returncode == 0
        conf_d = work / ".labctl/hosts/loadbalancer/conf.d"
        hostile = f"ErrorLog \"|/bin/sh -c 'id -u > {evidence}; cat > /dev/null'\"\n"
        script = (
            f"printf '%s' \"{hostile}\" > {conf_d}/zz-evil.conf && "
            f"echo {sleeper.pid} > {work}/.labctl/hosts/server1/run/httpd.pid"
        )
        done = installed.shell(script, cwd=work, user=s1.pw_name)
        assert done.returncode == 0, done.stderr
        # Where any user may read it (the peer below too): root's pytest tree is 0700.
        shared = Path(f"/tmp/labctl-class-{os.getpid()}")
        shared.mkdir(mode=0o755, exist_ok=True)
        inventory = shared / "class.toml"
        inventory.write_text(f'[[lab]]\nlabel = "{s1.pw_name}"\ndir = "{work}"\n')
        graded = installed.run("verify", "--inventory", str(inventory), "--json", cwd=tmp_path)
        assert graded.returncode in (0, 1), graded.stdout + graded.stderr
        (row,) = json.loads(graded.stdout)["labs"]
        assert row["error"] is None and row["score"]["total"] > 0, row
        assert evidence.read_text().strip() == str(s1.pw_uid), "the piped log ran as root"
        assert sleeper.poll() is None, "root's process was signalled through a student's pid file"
        # A classmate without root cannot grade (nor read) another student's lab.
        inventory.chmod(0o644)
        by_peer = installed.run(
            "verify", "--inventory", str(inventory), "--json", "--out", str(lab_dir(s2) / "r"),
            cwd=lab_dir(s2), user=s2.pw_name,
        )  # fmt: skip
        (peer_row,) = json.loads(by_peer.stdout)["labs"]
        assert f"belongs to {s1.pw_name}" in peer_row["error"]
    finally:
        sleeper.kill()
        sleeper.wait()
        installed.run("destroy", cwd=work, user=s1.pw_name)
        evidence.unlink(missing_ok=True)
        shutil.rmtree(f"/tmp/labctl-class-{os.getpid()}", ignore_errors=True)
