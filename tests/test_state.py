"""A lab's state on disk is not trusted: copied, moved, forged or damaged, labctl stops and
removes only what is proven to be this lab's own (.labctl/, its tree, its httpd processes).

Each test reproduces an attack or an accident through the real CLI on real Apache, as root -
where trusting a path or a pid file would do the most harm.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from labctl import procs

from embedded import error_line, httpd_pids, lab_tree, run_cli, up_lab, write_lab_toml


def _lab_pids(directory: Path) -> list[int]:
    return httpd_pids(f"{lab_tree(directory)}/")


@pytest.fixture
def victim(tmp_path: Path) -> Iterator[Path]:
    """A directory of the same user that no lab owns: it must survive every attack."""
    path = tmp_path / "victim"
    path.mkdir()
    (path / "precious.txt").write_text("keep me")
    yield path
    assert (path / "precious.txt").read_text() == "keep me", "labctl removed a foreign file"


def test_a_copied_lab_leaves_the_original_alone(tmp_path: Path) -> None:
    andi, budi = tmp_path / "andi", tmp_path / "budi"
    up_lab(andi)
    before = sorted(_lab_pids(andi))
    subprocess.run(["cp", "-a", str(andi), str(budi)], check=True)
    try:
        assert "is a copy of the lab in" in error_line(run_cli("status", cwd=budi))
        assert "is a copy of the lab in" in error_line(run_cli("stop", "server1", cwd=budi))
        done = run_cli("destroy", cwd=budi)
        assert done.returncode == 0, done.stderr
        assert not (budi / ".labctl").exists()
        assert sorted(_lab_pids(andi)) == before and before
        assert run_cli("scenario", "alternation", cwd=andi).returncode == 0
        # The copy becomes a lab of its own with `up`, beside the original.
        (budi / "lab.toml").unlink()
        up_lab(budi)
        assert lab_tree(budi) != lab_tree(andi)
    finally:
        run_cli("destroy", cwd=budi)
        run_cli("destroy", cwd=andi)
    assert httpd_pids(str(tmp_path)) == []


def test_a_lab_linked_from_elsewhere_is_a_copy_and_destroy_removes_the_link(
    tmp_path: Path,
) -> None:
    andi, budi = tmp_path / "andi", tmp_path / "budi"
    up_lab(andi)
    before = sorted(_lab_pids(andi))
    budi.mkdir()
    shutil.copy(andi / "lab.toml", budi / "lab.toml")
    (budi / ".labctl").symlink_to(andi / ".labctl")
    try:
        assert "is a copy of the lab in" in error_line(run_cli("status", cwd=budi))
        done = run_cli("destroy", cwd=budi)
        assert done.returncode == 0, done.stderr
        assert not (budi / ".labctl").is_symlink(), "destroy said removed and left the link"
        assert (andi / ".labctl" / "lab.json").exists() and sorted(_lab_pids(andi)) == before
    finally:
        run_cli("destroy", cwd=andi)
    assert httpd_pids(str(tmp_path)) == []


def test_a_moved_lab_is_still_stopped_and_destroyed(tmp_path: Path) -> None:
    before, after = tmp_path / "before", tmp_path / "after"
    up_lab(before)
    pids = httpd_pids(str(before)) or _lab_pids(before)
    assert pids
    before.rename(after)
    try:
        status = run_cli("status", "--json", cwd=after)
        assert status.returncode == 0, status.stderr
        assert all(h["running"] for h in json.loads(status.stdout)["hosts"])
        done = run_cli("up", cwd=after)  # renders the files at their new place and restarts
        assert done.returncode == 0, done.stderr
        assert run_cli("scenario", "all", cwd=after).returncode == 0
    finally:
        done = run_cli("destroy", cwd=after)
    assert done.returncode == 0, done.stderr
    assert procs.alive(pids) == []
    assert httpd_pids(str(tmp_path)) == []


def test_destroy_never_removes_what_lab_json_points_to(tmp_path: Path, victim: Path) -> None:
    lab = tmp_path / "lab"
    up_lab(lab)
    lab_json = lab / ".labctl" / "lab.json"
    data = json.loads(lab_json.read_text())
    data["facts"]["tree"] = str(victim)
    lab_json.write_text(json.dumps(data))
    done = run_cli("destroy", cwd=lab)
    assert done.returncode == 0, done.stderr
    assert httpd_pids(str(lab)) == [] and not (lab / ".labctl").exists()


def test_a_damaged_lab_json_and_a_foreign_link_remove_nothing_foreign(
    tmp_path: Path, victim: Path
) -> None:
    lab = tmp_path / "lab"
    up_lab(lab)
    pids = _lab_pids(lab) or httpd_pids(str(lab))
    run_cli("down", cwd=lab)
    state = lab / ".labctl"
    (state / "lab.json").write_text("{ not json")
    hosts = state / "hosts"
    if hosts.is_symlink():
        shutil.rmtree(hosts.resolve())
        hosts.unlink()
    else:
        shutil.rmtree(hosts)
    hosts.symlink_to(victim)
    done = run_cli("destroy", cwd=lab)
    assert done.returncode == 0, done.stderr
    assert not state.exists()
    assert procs.alive(pids) == []


def test_reset_never_follows_a_conf_d_link_out_of_the_lab(tmp_path: Path, victim: Path) -> None:
    lab = tmp_path / "lab"
    up_lab(lab)
    (victim / "site.conf").write_text("ProxyPass / balancer://elsewhere/\n")
    conf_d = lab_tree(lab) / "loadbalancer" / "conf.d"
    try:
        shutil.rmtree(conf_d)
        conf_d.symlink_to(victim)
        msg = error_line(run_cli("reset", cwd=lab))
        assert "is a symbolic link: reset removes files only inside the lab" in msg
        assert (victim / "site.conf").exists()
    finally:
        conf_d.unlink()
        run_cli("destroy", cwd=lab)


def test_the_credentials_file_stays_the_owners(tmp_path: Path, victim: Path) -> None:
    from labctl.errors import StateError
    from labctl.lab import default_lab
    from labctl.state import StateDir

    sd = StateDir(tmp_path / ".labctl")
    lab = default_lab()
    password = sd.password(lab)
    assert sd.credentials_file.stat().st_mode & 0o777 == 0o600
    sd.credentials_file.chmod(0o644)  # widened by hand, or by a careless copy
    assert sd.password(lab) == password
    assert sd.credentials_file.stat().st_mode & 0o777 == 0o600
    sd.credentials_file.unlink()
    sd.credentials_file.symlink_to(victim / "precious.txt")
    with pytest.raises(StateError, match="is a symbolic link"):
        sd.password(lab)


def test_the_lines_that_refuse_a_lab_speak_the_users_language(tmp_path: Path) -> None:
    import pwd

    from labctl import i18n, lock
    from labctl.errors import StateError
    from labctl.state import StateDir

    empty = tmp_path / "empty"
    empty.mkdir()
    assert "belum ada lab di sini" in error_line(run_cli("--lang", "id", "status", cwd=empty))
    lab = tmp_path / "lab"
    up_lab(lab)
    try:
        with lock.hold(lab / ".labctl", "verify"):
            busy = error_line(run_cli("--lang", "id", "stop", "server1", cwd=lab, timeout=30))
        assert busy == (
            f"labctl: error: lab sedang dipakai: `labctl verify` (pid {os.getpid()}) sedang "
            "berjalan; tunggu sampai selesai"
        )
        toml = lab / "lab.toml"
        toml.write_text(toml.read_text() + "\n")
        changed = error_line(run_cli("--lang", "id", "status", cwd=lab))
        assert "berubah sejak `labctl up`" in changed, changed
    finally:
        run_cli("destroy", cwd=lab)
    # A classmate's lab (here: one that belongs to `nobody`).
    other = tmp_path / "other" / ".labctl"
    other.mkdir(parents=True)
    os.chown(other, pwd.getpwnam("nobody").pw_uid, -1)
    i18n.use("id")
    try:
        with pytest.raises(StateError, match=r"^lab ini milik nobody: "):
            StateDir(other).check_owner()
    finally:
        i18n.use(None)


def test_a_lab_planted_in_a_world_writable_parent_is_not_found(tmp_path: Path) -> None:
    """Anyone can make /tmp/.labctl: a student whose lab is in /tmp/mine must not be told that
    their lab "belongs to" whoever planted it, nor act on the planted one."""
    import pwd

    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)  # as /tmp
    planted = shared / ".labctl"
    planted.mkdir()
    (planted / "lab.json").write_text("{}")
    nobody = pwd.getpwnam("nobody").pw_uid
    for path in (planted, planted / "lab.json"):
        os.chown(path, nobody, -1)
    mine = shared / "mine"
    mine.mkdir()
    write_lab_toml(mine)
    try:
        up = run_cli("up", cwd=mine)
        assert up.returncode == 0, up.stderr
        assert (mine / ".labctl" / "lab.json").exists()
    finally:
        run_cli("destroy", cwd=mine)
    # From the shared directory itself, the lab there is found, and said whose it is.
    assert "this lab belongs to nobody" in error_line(run_cli("status", cwd=shared))
