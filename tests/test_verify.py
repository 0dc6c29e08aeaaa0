"""`labctl verify` on real Apache: the lab at stage base, the student's file installed by hand.

Each test installs a configuration a student might write into the load balancer's conf.d,
restarts it as `labctl restart loadbalancer` does, and asserts exactly which checks fail and
that the hint names the cause. The lab must always be left running/stopped as it was found.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from corpus_lab import members_in_error
from verify_configs import install, make_htpasswd, tutorial_conf

from labctl import control
from labctl.probe import Probe
from labctl.verify import CHECK_IDS, VerifyResult, verify
from labctl.verify.evidence import Seen
from labctl.verify.session import Session

from embedded import LabFactory, run_cli

AUTH_CHECKS = {"manager-refuses-anonymous", "manager-refuses-wrong-password", "manager-realm"}


def grade(opened: control.OpenLab, lang: str = "en") -> VerifyResult:
    before = running(opened)
    result = verify(opened.provider, opened.credentials(), lang=lang)  # type: ignore[arg-type]
    assert result.result.error is None, result.result.error
    assert [c.id for c in result.result.checks] == list(CHECK_IDS)
    assert running(opened) == before, "verify must leave the lab as it found it"
    return result


def running(opened: control.OpenLab) -> dict[str, bool]:
    return {h.name: h.running for h in opened.provider.status()}


def failed(result: VerifyResult) -> set[str]:
    return {c.id for c in result.result.checks if not c.passed}


def hints(result: VerifyResult) -> dict[str, str]:
    return {c.id: c.hint or "" for c in result.result.checks if not c.passed}


@pytest.fixture
def student_lab(lab_factory: LabFactory) -> control.OpenLab:
    """A lab at stage base with the tutorial's htpasswd made by the real `htpasswd -c`."""
    opened = lab_factory(stage="base")
    make_htpasswd(opened)
    return opened


def test_a_refused_file_is_graded_as_refused_and_the_lab_is_left_as_found(
    student_lab: control.OpenLab,
) -> None:
    install(student_lab, tutorial_conf(student_lab))
    lb = student_lab.lab.loadbalancer
    student_lab.provider.service("server2", "stop")
    pid = student_lab.provider.pid(lb)  # type: ignore[attr-defined]
    conf = Path(student_lab.provider.paths(lb).conf_d, "lbsisjarkom.conf")
    conf.write_text(conf.read_text().replace("BalancerMember", "BalancerMemeber", 1))
    result = grade(student_lab)  # asserts server2 is still stopped afterwards
    assert failed(result) == set(CHECK_IDS)
    assert result.checks_passed == 0
    config = result.result.checks[0]
    assert "BalancerMemeber" in config.observed
    assert config.hint is not None and "did you mean `BalancerMember`?" in config.hint
    assert "conf.d/lbsisjarkom.conf:2" in config.hint
    for check in result.result.checks[1:]:
        assert check.observed == "not run: Apache refuses the file on disk"
    # The running balancer was never touched: same process, no member in error.
    assert student_lab.provider.pid(lb) == pid  # type: ignore[attr-defined]
    student_lab.provider.service("server2", "start")
    assert members_in_error(student_lab) == []


def test_a_server_stopped_by_hand_is_left_stopped(student_lab: control.OpenLab) -> None:
    install(student_lab, tutorial_conf(student_lab))
    student_lab.provider.service("server1", "stop")
    result = grade(student_lab)  # asserts server1 is still stopped afterwards
    assert failed(result) == {"httpd-running"}
    hint = hints(result)["httpd-running"]
    assert "server1's httpd is stopped: `labctl start server1`" in hint
    assert "systemctl start httpd" in hint
    assert running(student_lab) == {"loadbalancer": True, "server1": False, "server2": True}


def test_a_stopped_load_balancer_is_graded_and_stopped_again(student_lab: control.OpenLab) -> None:
    install(student_lab, tutorial_conf(student_lab))
    student_lab.provider.service("loadbalancer", "stop")
    result = grade(student_lab)
    assert failed(result) == {"httpd-running"}
    assert "loadbalancer's httpd is stopped" in hints(result)["httpd-running"]


def test_proxypassreverse_from_the_file_where_the_servers_give_no_redirect(
    student_lab: control.OpenLab,
) -> None:
    """A lab provisioned before /labctl/ existed: the line in the file is all there is."""
    for server in student_lab.lab.servers:
        shutil.rmtree(Path(student_lab.provider.paths(server).document_root, "labctl"))
    install(student_lab, tutorial_conf(student_lab))
    check = next(c for c in grade(student_lab).result.checks if c.id == "proxypassreverse")
    assert check.passed and "read from the files" in check.observed
    text = tutorial_conf(student_lab).replace("ProxyPassReverse / balancer://mycluster/\n", "")
    install(student_lab, text)
    result = grade(student_lab)
    assert failed(result) == {"proxypassreverse"}
    assert result.causes == {"proxypassreverse": "no-proxypassreverse"}


def test_indonesian_leaves_no_english_in_what_a_student_reads(lab_factory: LabFactory) -> None:
    opened = lab_factory(stage="base")  # no htpasswd
    install(opened, tutorial_conf(opened).replace("ProxyPassReverse", "#"))
    result = grade(opened, lang="id")
    score = f"Nilai: {result.checks_passed}/{len(CHECK_IDS)} pemeriksaan lulus"
    assert result.score_line() == score
    english = re.compile(r"\b(answered|page|stopped|not found on|the |is |does not|none)\b")
    for check in result.result.checks:
        for text in (check.title, check.expected, check.observed, check.hint or ""):
            assert "None" not in text, (check.id, text)
            assert not english.search(text.replace("Not Found", "")), (check.id, text)
    assert "file password" in hints(result)["manager-admits"]


# --- the command line -------------------------------------------------------------------


def test_cli_json_junit_and_exit_codes(student_lab: control.OpenLab, tmp_path: Path) -> None:
    install(student_lab, tutorial_conf(student_lab, secured=False))
    where = student_lab.state_dir.root.parent
    junit = tmp_path / "verify.xml"
    proc = run_cli("verify", "--json", "--lang", "en", "--junit", str(junit), cwd=where)
    assert proc.returncode == 1, proc.stderr
    data = json.loads(proc.stdout)
    assert data["passed"] is False
    assert data["score"] == {"passed": len(CHECK_IDS) - 3, "total": len(CHECK_IDS)}
    checks = data["scenarios"][0]["checks"]
    assert [c["id"] for c in checks] == list(CHECK_IDS)
    assert all("hint" in c and "cause" in c for c in checks)
    assert {c["cause"] for c in checks if c["cause"]} == {"manager-open-allow"}
    assert {c["id"] for c in checks if c["hint"]} == AUTH_CHECKS
    suite = ET.parse(junit).getroot()
    failures = {tc.get("name") for tc in suite.iter("testcase") if tc.find("failure") is not None}
    assert failures == AUTH_CHECKS

    install(student_lab, tutorial_conf(student_lab))
    env = {k: v for k, v in os.environ.items() if not k.startswith("LC_")} | {"LANG": "id_ID.UTF-8"}
    text = subprocess.run(
        [sys.executable, "-m", "labctl", "verify"],
        cwd=where, env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert text.returncode == 0, text.stdout + text.stderr
    assert f"Nilai: {len(CHECK_IDS)}/{len(CHECK_IDS)} pemeriksaan lulus" in text.stdout
    assert text.stdout.count("LULUS") == len(CHECK_IDS)


def test_cli_wrong_credentials_given_by_hand(student_lab: control.OpenLab) -> None:
    install(student_lab, tutorial_conf(student_lab))
    where = student_lab.state_dir.root.parent
    proc = run_cli("verify", "--json", "--password", "not-it", cwd=where)
    assert proc.returncode == 1
    failed = {c["id"] for c in json.loads(proc.stdout)["scenarios"][0]["checks"] if not c["passed"]}
    assert failed == {"manager-admits", "one-down-member-error"}


def test_verify_before_up(tmp_path: Path) -> None:
    proc = run_cli("verify", "--lang", "en", cwd=tmp_path)
    assert proc.returncode == 2
    assert "labctl: error: no lab here yet: run `labctl up --stage base` first" in proc.stderr
    assert "Traceback" not in proc.stderr
    proc = run_cli("verify", "--lang", "id", cwd=tmp_path)
    assert proc.returncode == 2 and "belum ada lab di sini" in proc.stderr
    proc = run_cli("verify", "--lang", "fr", cwd=tmp_path)
    assert proc.returncode == 2 and "--lang must be id or en" in proc.stderr


# --- other traffic ------------------------------------------------------------------------


def _classmate(
    monkeypatch: pytest.MonkeyPatch, opened: control.OpenLab, attempts: int
) -> list[int]:
    """Someone else's reload lands in the middle of verify's first ``attempts`` bursts."""
    real = Session.requests
    calls: list[int] = []
    address, port = opened.provider.endpoint(opened.lab.loadbalancer)

    def requests(
        self: Session, count: int, path: str = "/", headers: dict[str, str] | None = None
    ) -> Seen:
        calls.append(count)
        if len(calls) > attempts:
            return real(self, count, path, headers)
        first = real(self, count // 2, path, headers)
        other = Probe(address, port)
        try:
            other.get("/")  # not verify's: no labctl-verify mark in the access log
        finally:
            other.close()
        second = real(self, count - count // 2, path, headers)
        return Seen(first.replies + second.replies, first.error or second.error)

    monkeypatch.setattr(Session, "requests", requests)
    return calls


def test_a_reload_by_someone_else_is_seen_in_the_access_log_and_retried(
    student_lab: control.OpenLab, monkeypatch: pytest.MonkeyPatch
) -> None:
    install(student_lab, tutorial_conf(student_lab))
    calls = _classmate(monkeypatch, student_lab, attempts=1)
    result = grade(student_lab)
    assert failed(result) == set()
    assert calls[:2] == [4, 4]  # alternation was tried twice


def test_traffic_that_persists_is_named_instead_of_the_configuration(
    student_lab: control.OpenLab, monkeypatch: pytest.MonkeyPatch
) -> None:
    install(student_lab, tutorial_conf(student_lab))
    _classmate(monkeypatch, student_lab, attempts=3)
    result = grade(student_lab)
    assert result.causes == {"alternation": "other-traffic"}
    assert "1 request(s) from someone else" in hints(result)["alternation"]
