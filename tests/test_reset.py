"""`labctl reset` (labctl/reset.py) on real Apache: the student's files are backed up first,
then the lab is back at the stage asked for."""

from __future__ import annotations

import json
from pathlib import Path

from verify_configs import install, make_htpasswd, tutorial_conf

from embedded import LabFactory, run_cli


def failed_checks(where: Path) -> set[str]:
    """What `labctl verify` finds wrong in the lab of ``where``."""
    done = run_cli("verify", "--json", cwd=where)
    assert done.returncode in (0, 1), done.stdout + done.stderr
    return {c["id"] for c in json.loads(done.stdout)["scenarios"][0]["checks"] if not c["passed"]}


def test_reset_keeps_the_students_files_and_returns_to_a_stage(lab_factory: LabFactory) -> None:
    opened = lab_factory(stage="base")
    make_htpasswd(opened)
    text = tutorial_conf(opened)
    install(opened, text)
    lb, _, s2 = opened.lab.hosts
    paths = opened.provider.paths(lb)
    htpasswd = Path(paths.htpasswd).read_text()
    page = Path(opened.provider.paths(s2).document_root, "index.html")
    page.write_text("<h1>Server 1</h1>")
    where = opened.state_dir.project
    assert failed_checks(where) == {"pages-differ", "alternation", "one-down-survivor"}

    proc = run_cli("reset", cwd=where)
    assert proc.returncode == 0, proc.stderr
    backups = list((opened.state_dir.root / "backups").iterdir())
    assert len(backups) == 1 and str(backups[0]) in "".join(proc.stderr.split())
    assert (backups[0] / "conf.d" / "lbsisjarkom.conf").read_text() == text
    assert (backups[0] / "htpasswd").read_text() == htpasswd
    assert oct((backups[0] / "htpasswd").stat().st_mode & 0o777) == "0o600"
    assert list(Path(paths.conf_d).iterdir()) == [] and not Path(paths.htpasswd).exists()
    assert "Server 2" in page.read_text()
    base = failed_checks(where)
    assert "balancer-answers" in base and "pages-differ" not in base

    proc = run_cli("reset", "--stage", "full", cwd=where)
    assert proc.returncode == 0, proc.stderr
    status = json.loads(run_cli("status", "--json", cwd=where).stdout)
    assert status["stage"] == "full"
    assert failed_checks(where) == set()


def test_files_in_any_encoding_are_kept_byte_for_byte(lab_factory: LabFactory) -> None:
    """An editor's Latin-1, a BOM, CRLF, bytes that are no text at all: reset keeps the
    student's files exactly as they were (it ended in a traceback on a Latin-1 byte)."""
    opened = lab_factory(stage="base")
    conf_d = Path(opened.provider.paths(opened.lab.loadbalancer).conf_d)
    files = {
        "lbsisjarkom.conf": b"\xef\xbb\xbf# konfigurasi caf\xe9\r\nServerSignature Off\r\n",
        "zz-binary.conf": bytes(range(256)),
    }
    for name, data in files.items():
        (conf_d / name).write_bytes(data)
    proc = run_cli("reset", cwd=opened.state_dir.project)
    assert proc.returncode == 0, proc.stderr
    (backup,) = (opened.state_dir.root / "backups").iterdir()
    assert {p.name: p.read_bytes() for p in (backup / "conf.d").iterdir()} == files
    assert list(conf_d.iterdir()) == []
