"""Grading a class (labctl/classgrade.py): `labctl verify --inventory` over several real
embedded labs at once.

Labs live on different loopback subnets; one is correct, one is broken, one cannot be reached;
a balancer URL whose servers are a real lab driven over the test sshd, and whose balancer is a
hostile HTTP server, costs one bounded row.
"""

from __future__ import annotations

import csv
import json
import os
import pwd
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from installed import lab_dir, students, this_tree  # noqa: F401 - fixtures

from labctl import classgrade
from labctl.errors import LabctlError
from labctl.inventory import Entry
from labctl.verify import CHECK_IDS

from classlabs import server1_stops, silent_lab, student
from embedded import LabFactory, httpd_pids, run_cli
from hostile import hostile_server
from sshd import SSHServer


def test_a_class_of_three(lab_factory: LabFactory, tmp_path: Path) -> None:
    good = student(lab_factory, tmp_path / "andi")
    broken = student(lab_factory, tmp_path / "budi", members=1)
    assert good.lab.local.subnet != broken.lab.local.subnet
    (tmp_path / "class.toml").write_text(
        "[points]\nconfig-valid = 0\nalternation = 3\n\n"
        '[[lab]]\nlabel = "andi"\ndir = "andi"\n\n'
        '[[lab]]\nlabel = "budi"\ndir = "budi/.labctl"\n\n' + silent_lab("citra") + "\n"
        '[[lab]]\nlabel = "dewi"\ndir = "dewi"\n\n'
        # andi's lab again, by another path: graded once, both rows carry the result
        '[[lab]]\nlabel = "andi-again"\ndir = "andi/.labctl"\n'
    )
    proc = run_cli("verify", "--inventory", "class.toml", "--lang", "en", cwd=tmp_path)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    for label in ("andi", "budi", "citra", "dewi"):
        assert label in proc.stdout
    assert server1_stops(good) == 1  # andi's lab, listed twice, was graded once
    possible = len(CHECK_IDS) - 1 + 2  # config-valid 0, alternation 3, the rest 1
    with (tmp_path / "class-results.csv").open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["label"] for r in rows] == ["andi", "budi", "citra", "dewi", "andi-again"]
    assert list(rows[0])[7:] == list(CHECK_IDS)
    andi, budi, citra, dewi, again = rows
    assert (andi["points"], andi["possible"], andi["grade_percent"], andi["error"]) == (
        str(possible),
        str(possible),
        "100.00",
        "",
    )
    assert {i for i in CHECK_IDS if budi[i] == "0"} == {
        "both-members",
        "alternation",
        "one-down-survivor",
    }
    assert budi["points"] == str(possible - 3 - 1 - 1)
    # Unreachable: a grade of 0 out of everything, with the reason (no division by zero).
    assert (citra["points"], citra["possible"], citra["grade_percent"]) == (
        "0",
        str(possible),
        "0.00",
    )
    assert citra["status"] == "unreachable" and "does not answer" in citra["error"]
    assert "no lab there" in dewi["error"]
    assert again["points"] == andi["points"]
    data = json.loads((tmp_path / "class-results.json").read_text())
    assert data["passed"] is False and data["check_ids"] == list(CHECK_IDS)
    assert data["possible"] == possible and data["points"]["alternation"] == 3
    assert "only 1 BalancerMember" in data["labs"][1]["hints"]["both-members"]
    assert data["labs"][4]["same_as"] == "andi"
    assert (tmp_path / "class-results.html").read_text().startswith("<!DOCTYPE html>")
    # Grading left both labs running as they were.
    for opened in (good, broken):
        assert all(h.running for h in opened.provider.status())


def test_the_table_and_reasons_in_the_class_language(
    lab_factory: LabFactory, tmp_path: Path
) -> None:
    student(lab_factory, tmp_path / "andi")
    (tmp_path / "class.toml").write_text(
        '[grading]\nlang = "id"\n\n[[lab]]\nlabel = "andi"\ndir = "andi"\n\n'
        '[[lab]]\nlabel = "dewi"\ndir = "dewi"\n'
    )
    proc = run_cli("verify", "--inventory", "class.toml", cwd=tmp_path)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    out = " ".join(proc.stdout.split())
    for heading in ("lab", "poin", "nilai", "pemeriksaan gagal / alasan"):
        assert heading in out
    assert "tidak bisa dihubungi" in out and "tidak ada lab di sana" in out
    assert "ditulis:" in proc.stderr
    # Not a terminal: no progress bar in the captured stderr.
    assert "menilai" not in proc.stderr


@pytest.mark.parametrize("mode", ["drip", "endless"])
def test_a_stalling_balancer_costs_one_row(
    lab_factory: LabFactory, tmp_path: Path, sshd: SSHServer, mode: str
) -> None:
    """Issue 10 item 8: a balancer URL that drips a byte at a time, or sends an endless body,
    is one bounded row; the rest of the class is graded as usual.

    eko's servers are a real lab driven over real SSH (as in the test above); only the URL of
    his balancer is a hostile server, so every check that asks the balancer meets it.
    """
    good = student(lab_factory, tmp_path / "andi")
    eko = student(lab_factory, tmp_path / "eko")
    lab_dir = eko.state_dir.root.parent
    s1, s2 = (":".join(map(str, eko.provider.endpoint(h))) for h in eko.lab.servers)
    service = (
        f"cd {shlex.quote(str(lab_dir))} && {sys.executable} -m labctl.cli {{action}} {{host}}"
    )
    with hostile_server(mode, interval=0.2, give_up=60) as server:
        (tmp_path / "class.toml").write_text(
            '[[lab]]\nlabel = "andi"\ndir = "andi"\n\n'
            f'[[lab]]\nlabel = "eko"\nurl = "{server.url}"\npassword = "x"\nconfigtest = ""\n'
            f'servers = {{ server1 = "{s1}", server2 = "{s2}" }}\n'
            f"service = {json.dumps(service)}\n"
            f'ssh = {{ user = "{sshd.user}", key = "{sshd.key_path}", port = {sshd.port}, hosts = '
            '{ loadbalancer = "127.0.0.1", server1 = "127.0.0.1", server2 = "127.0.0.1" } }\n'
        )
        proc = run_cli("verify", "--inventory", "class.toml", "--json", cwd=tmp_path, timeout=120)
        asked = server.requests
    assert proc.returncode == 1, proc.stdout + proc.stderr
    andi, eko_row = json.loads(proc.stdout)["labs"]
    assert andi["passed"] is True and server1_stops(good) == 1
    assert eko_row["passed"] is False, eko_row
    said = json.dumps(eko_row["hints"]) + str(eko_row["error"])
    expected = "no complete answer within" if mode == "drip" else "larger than"
    assert expected in said, said
    # The first stalled answer ended the lab's time: the rest was not asked (default
    # lab_timeout of 300 s; without that cut this lab would take minutes, the run's timeout).
    assert "not asked" in said and asked == 1, (asked, said)
    assert all(h.running for h in eko.provider.status())  # eko's servers left running


def test_a_bug_met_on_one_lab_is_that_labs_row(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def explode(entry: Entry, *_: object) -> None:
        if entry.label == "b":
            raise RuntimeError("boom")
        raise LabctlError("gone")

    monkeypatch.setattr(classgrade, "verify_entry", explode)
    entries = [Entry(label=x, where="c:1", directory=tmp_path / x) for x in ("a", "b")]
    a, b = classgrade.grade(entries, lang="en", known_hosts=tmp_path / "kh")
    assert a.status == b.status == "unreachable" and a.error == "unreachable: gone"
    assert b.error == "labctl could not grade this lab (RuntimeError: boom); please report it"
    assert b.grade == 0 and b.possible == len(CHECK_IDS)


def test_a_lab_json_pointed_at_a_classmates_balancer_is_not_graded(
    students: list[pwd.struct_passwd],  # noqa: F811
    this_tree: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    """Two students on one lab server; budi edits his own .labctl/lab.json so that his lab's
    place is andi's running lab. Root grading the class runs verify as budi: his row is one
    line saying whose server that is, 0 points; andi's row and servers are untouched by it."""
    andi, budi = students[:2]
    dirs = [lab_dir(andi), lab_dir(budi)]
    env = {"PATH": os.environ["PATH"], "LABCTL_NETWORK_ALLOW": os.environ["LABCTL_NETWORK_ALLOW"]}

    def labctl(*args: str, user: pwd.struct_passwd | None = None) -> dict[str, Any]:
        """`labctl ARGS` as ``user`` in their lab, or as root grading in tmp_path (its JSON)."""
        argv = [str(this_tree), "-I", "-m", "labctl", *args]
        if user is not None:
            argv = ["setpriv", f"--reuid={user.pw_uid}", f"--regid={user.pw_gid}",
                    "--init-groups", *argv]  # fmt: skip
        home = {"HOME": user.pw_dir if user else str(tmp_path)}
        done = subprocess.run(
            argv, cwd=lab_dir(user) if user else tmp_path, env=env | home,
            capture_output=True, text=True, timeout=180, check=False,
        )  # fmt: skip
        assert done.returncode in (0, 1), done.stderr
        return json.loads(done.stdout or "{}") if "--json" in args else {}

    try:
        for account in (andi, budi):
            labctl("up", "--provider", "local", user=account)
        json_of = [d / ".labctl" / "lab.json" for d in dirs]
        facts = json.loads(json_of[0].read_text())["facts"]
        forged = json.loads(json_of[1].read_text())
        assert (forged["facts"]["subnet"], forged["facts"]["port"]) != (
            facts["subnet"], facts["port"],
        )  # fmt: skip
        forged["facts"].update(subnet=facts["subnet"], port=facts["port"])
        json_of[1].write_text(json.dumps(forged))  # still budi's own file, as he would edit it
        assert json_of[1].stat().st_uid == budi.pw_uid
        andi_httpd = sorted(httpd_pids(str(dirs[0])))
        lb = f"{facts['subnet'].rsplit('.', 1)[0]}.71:{facts['port']}"

        for lang, labs in (("id", [budi]), ("en", [andi, budi])):
            (tmp_path / "class.toml").write_text(
                "".join(f'[[lab]]\nlabel = "{a.pw_name}"\ndir = "{lab_dir(a)}"\n' for a in labs)
            )
            rows = labctl("verify", "--inventory", "class.toml", "--json", "--lang", lang)["labs"]
            *first, refused = rows
            assert refused["label"] == budi.pw_name
            assert (refused["points"]["earned"], refused["checks"]) == (0, {})
            if lang == "id":  # grading budi stopped and started nothing of andi's
                assert sorted(httpd_pids(str(dirs[0]))) == andi_httpd
                said = f"didengarkan oleh pengguna {andi.pw_name}, bukan oleh pemilik lab"
                assert said in refused["error"], refused["error"]
        assert first[0]["passed"] and first[0]["error"] is None, first[0]["hints"]
        assert first[0]["points"]["earned"] == first[0]["points"]["possible"] > 0
        assert refused["error"].splitlines() == [
            f"unreachable: `labctl verify` as {budi.pw_name}: loadbalancer: {lb}, where "
            f".labctl/lab.json puts this lab, is listened on by user {andi.pw_name}, not by the "
            "lab's owner: another user's server is neither run nor graded as this lab (0 points); "
            "`labctl destroy`, then `labctl up`"
        ]
    finally:
        for account in (andi, budi):
            subprocess.run(
                ["setpriv", f"--reuid={account.pw_uid}", f"--regid={account.pw_gid}",
                 "--init-groups", str(this_tree), "-I", "-m", "labctl", "destroy"],
                cwd=lab_dir(account), env=env, capture_output=True, timeout=120, check=False,
            )  # fmt: skip
    assert httpd_pids(str(dirs[0])) == httpd_pids(str(dirs[1])) == []
