"""`labctl verify` on real Apache: the lab at stage base, the student's file installed by hand.

Each test installs a configuration a student might write into the load balancer's conf.d,
restarts it as `labctl restart loadbalancer` does, and asserts exactly which checks fail and
that the hint names the cause. The lab must always be left running/stopped as it was found.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from verify_configs import install, make_htpasswd, tutorial_conf

from labctl import control
from labctl.apacheconf import StudentConfig
from labctl.errors import ProviderError
from labctl.i18n import MESSAGES, lang_from_env
from labctl.verify import CHECK_IDS, VerifyResult, verify

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


def hints(result: VerifyResult) -> dict[str, str]:
    return {c.id: c.hint or "" for c in result.result.checks if not c.passed}


@pytest.fixture
def student_lab(lab_factory: LabFactory) -> control.OpenLab:
    """A lab at stage base with the tutorial's htpasswd made by the real `htpasswd -c`."""
    opened = lab_factory(stage="base")
    make_htpasswd(opened)
    return opened


def test_stage_base_has_no_balancer_and_every_check_fails_with_a_hint(
    lab_factory: LabFactory,
) -> None:
    opened = lab_factory(stage="base")
    assert opened.state.stage == "base"
    lb = opened.lab.loadbalancer
    assert list(Path(opened.provider.paths(lb).conf_d).iterdir()) == []
    assert not Path(opened.provider.paths(lb).htpasswd).exists()
    result = grade(opened)
    assert result.failed_ids() == set(CHECK_IDS) - {"config-valid", "httpd-running", "pages-differ"}
    assert "lbsisjarkom.conf as the tutorial shows" in hints(result)["balancer-answers"]
    assert all(hints(result).values())


def test_the_tutorials_file_passes_everything(student_lab: control.OpenLab) -> None:
    install(student_lab, tutorial_conf(student_lab))
    result = grade(student_lab)
    assert result.failed_ids() == set()
    assert (result.passed, result.total) == (len(CHECK_IDS), len(CHECK_IDS))
    assert result.score_line() == f"Score: {len(CHECK_IDS)}/{len(CHECK_IDS)} checks passed"


def test_lowercase_sections_as_the_tutorial_writes_them_pass(student_lab: control.OpenLab) -> None:
    text = tutorial_conf(student_lab)
    assert "<proxy balancer://" in text and '<location "/balancer-manager">' in text
    shouted = text.replace("<proxy", "<PROXY").replace("</proxy>", "</PROXY>")
    install(student_lab, shouted.replace("ProxyPass ", "proxypass "))
    assert grade(student_lab).failed_ids() == set()


def test_the_unsecured_first_version_fails_the_auth_checks(student_lab: control.OpenLab) -> None:
    install(student_lab, tutorial_conf(student_lab, secured=False))
    result = grade(student_lab)
    assert result.failed_ids() == AUTH_CHECKS
    for check_id in AUTH_CHECKS:
        assert "open to everyone" in hints(result)[check_id]
        assert "allow from all" in hints(result)[check_id]


def test_proxypass_before_the_exclusion(student_lab: control.OpenLab) -> None:
    text = tutorial_conf(student_lab).replace(
        "ProxyPass /balancer-manager !\nProxyPass / balancer://mycluster/\n",
        "ProxyPass / balancer://mycluster/\nProxyPass /balancer-manager !\n",
    )
    install(student_lab, text)
    result = grade(student_lab)
    # Auth in <location> runs before the proxy, so the refusals still hold; the page itself
    # goes to the servers (their 404; a 503 when both are down).
    assert result.failed_ids() == {"manager-not-proxied", "manager-admits", "one-down-member-error"}
    check = next(c for c in result.result.checks if c.id == "manager-not-proxied")
    assert check.observed.startswith("503")
    for hint in hints(result).values():
        assert "comes before `ProxyPass /balancer-manager !`" in hint
        assert "lbsisjarkom.conf:15" in hint and "lbsisjarkom.conf:16" in hint


def test_no_exclusion_at_all(student_lab: control.OpenLab) -> None:
    install(student_lab, tutorial_conf(student_lab).replace("ProxyPass /balancer-manager !\n", ""))
    result = grade(student_lab)
    assert result.failed_ids() == {"manager-not-proxied", "manager-admits", "one-down-member-error"}
    assert "there is no `ProxyPass /balancer-manager !`" in hints(result)["manager-not-proxied"]


def test_one_member_only(student_lab: control.OpenLab) -> None:
    server2 = ":".join(map(str, student_lab.provider.endpoint(student_lab.lab.servers[1])))
    text = tutorial_conf(student_lab).replace(f"    BalancerMember http://{server2}\n", "")
    install(student_lab, text)
    result = grade(student_lab)
    assert result.failed_ids() == {"both-members", "alternation", "one-down-survivor"}
    for hint in hints(result).values():
        assert "only 1 BalancerMember" in hint and server2 in hint


def test_a_typo_is_refused_by_restart_and_verify_says_so(student_lab: control.OpenLab) -> None:
    install(student_lab, tutorial_conf(student_lab))
    lb = student_lab.lab.loadbalancer
    pid = student_lab.provider.pid(lb)  # type: ignore[attr-defined]
    conf = Path(student_lab.provider.paths(lb).conf_d, "lbsisjarkom.conf")
    conf.write_text(conf.read_text().replace("BalancerMember", "BalancerMemeber", 1))
    with pytest.raises(ProviderError) as refused:
        student_lab.provider.service(lb.name, "restart")
    assert "BalancerMemeber" in str(refused.value)
    # The running server is untouched: same process, and it still balances.
    assert student_lab.provider.pid(lb) == pid  # type: ignore[attr-defined]
    result = grade(student_lab)
    assert result.failed_ids() == {"config-valid"}
    hint = hints(result)["config-valid"]
    assert "Apache refuses the configuration" in hint and "BalancerMemeber" in hint
    assert "lbsisjarkom.conf" in hint and "line 2" in hint


def test_an_unclosed_section_breaks_a_base_lab(lab_factory: LabFactory) -> None:
    """A student's very first file, broken: the plain base balancer keeps running."""
    opened = lab_factory(stage="base")
    text = tutorial_conf(opened).replace("</proxy>", "")
    conf = Path(opened.provider.paths(opened.lab.loadbalancer).conf_d, "lbsisjarkom.conf")
    conf.write_text(text)
    result = grade(opened)
    assert "config-valid" in result.failed_ids()
    assert "balancer-answers" in result.failed_ids()
    assert "<proxy>" in hints(result)["config-valid"].lower()


def test_missing_proxypassreverse_fails_its_own_check_only(student_lab: control.OpenLab) -> None:
    install(
        student_lab,
        tutorial_conf(student_lab).replace("ProxyPassReverse / balancer://mycluster/\n", ""),
    )
    result = grade(student_lab)
    assert result.failed_ids() == {"proxypassreverse"}
    assert "redirect from a server" in hints(result)["proxypassreverse"]


def test_wrong_realm(student_lab: control.OpenLab) -> None:
    install(
        student_lab,
        tutorial_conf(student_lab).replace('AuthName "balancer-manager"', 'AuthName "Admin Area"'),
    )
    result = grade(student_lab)
    assert result.failed_ids() == {"manager-realm"}
    assert 'the realm is "Admin Area"' in hints(result)["manager-realm"]
    assert "lbsisjarkom.conf:" in hints(result)["manager-realm"]


def test_both_servers_serve_the_same_page(student_lab: control.OpenLab) -> None:
    install(student_lab, tutorial_conf(student_lab))
    s1, s2 = student_lab.lab.servers
    page = Path(student_lab.provider.paths(s1).document_root, "index.html").read_text()
    Path(student_lab.provider.paths(s2).document_root, "index.html").write_text(page)
    result = grade(student_lab)
    assert result.failed_ids() == {"pages-differ", "alternation", "one-down-survivor"}
    for hint in hints(result).values():
        assert "both servers serve the same page ('Server 1')" in hint
        assert "server2's index.html" in hint


def test_missing_htpasswd(lab_factory: LabFactory) -> None:
    opened = lab_factory(stage="base")
    install(opened, tutorial_conf(opened))
    result = grade(opened)
    assert result.failed_ids() == {
        "manager-admits",
        "manager-refuses-wrong-password",
        "one-down-member-error",
    }
    path = opened.provider.paths(opened.lab.loadbalancer).htpasswd
    for hint in hints(result).values():
        assert f"the password file {path} (AuthUserFile) does not exist" in hint
        assert f"htpasswd -c {path} admin" in hint


def test_htpasswd_for_another_user(lab_factory: LabFactory) -> None:
    opened = lab_factory(stage="base")
    make_htpasswd(opened, user="budi")
    install(opened, tutorial_conf(opened))
    result = grade(opened)
    assert result.failed_ids() == {"manager-admits", "one-down-member-error"}
    assert (
        "user 'admin' with the lab's password is refused (user not found)"
        in (hints(result)["manager-admits"])
    )


def test_a_server_stopped_by_hand_is_left_stopped(student_lab: control.OpenLab) -> None:
    install(student_lab, tutorial_conf(student_lab))
    student_lab.provider.service("server1", "stop")
    result = grade(student_lab)  # asserts server1 is still stopped afterwards
    assert result.failed_ids() == {"httpd-running"}
    hint = hints(result)["httpd-running"]
    assert "server1's httpd is stopped: `labctl start server1`" in hint
    assert "systemctl start httpd" in hint
    assert running(student_lab) == {"loadbalancer": True, "server1": False, "server2": True}


def test_a_stopped_load_balancer_is_graded_and_stopped_again(student_lab: control.OpenLab) -> None:
    install(student_lab, tutorial_conf(student_lab))
    student_lab.provider.service("loadbalancer", "stop")
    result = grade(student_lab)
    assert result.failed_ids() == {"httpd-running"}
    assert "loadbalancer's httpd is stopped" in hints(result)["httpd-running"]


def test_indonesian(student_lab: control.OpenLab) -> None:
    install(student_lab, tutorial_conf(student_lab, secured=False))
    result = grade(student_lab, lang="id")
    assert result.score_line() == f"Nilai: {len(CHECK_IDS) - 3}/{len(CHECK_IDS)} pemeriksaan lulus"
    titles = {c.id: c.title for c in result.result.checks}
    assert titles["alternation"] == "reload bergantian antara Server 1 dan Server 2"
    assert "manager terbuka untuk semua orang" in hints(result)["manager-refuses-anonymous"]


def test_every_message_has_both_languages() -> None:
    for check_id in CHECK_IDS:
        en, id_ = MESSAGES[f"title.{check_id}"]
        assert en and id_ and en != id_
    for key, (en, id_) in MESSAGES.items():
        assert en.count("{") == id_.count("{"), key
    assert lang_from_env({"LANG": "id_ID.UTF-8"}) == "id"
    assert lang_from_env({"LC_ALL": "en_US.UTF-8", "LANG": "id_ID.UTF-8"}) == "en"
    assert lang_from_env({"LC_MESSAGES": "id_ID"}) == "id"
    assert lang_from_env({}) == "en"


def test_config_parser_reads_the_tutorial_and_its_mistakes() -> None:
    text = (
        "<proxy balancer://mycluster>\n  BalancerMember http://10.0.0.92:80\n</proxy>\n"
        '<location "/balancer-manager/">\n  SetHandler balancer-manager\n'
        "  allow from all\n</location>\n"
        "ProxyPass / \\\n    balancer://MyCluster/\n# ProxyPass /balancer-manager !\n"
        "ProxyPass /balancer-manager !\n"
    )
    cfg = StudentConfig.from_files({"lb.conf": text})
    assert cfg.member_urls("balancer://mycluster/") == ["http://10.0.0.92:80"]
    root, exclusion = cfg.exclusion_after_root() or (None, None)
    assert (
        root is not None and root.where == "lb.conf:8" and root.args[1] == "balancer://MyCluster/"
    )
    assert exclusion is not None and exclusion.where == "lb.conf:11"
    assert cfg.manager_handler() is not None and cfg.allows_all() is not None
    assert cfg.manager_auth("authtype") is None and cfg.reverse() is None


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
    assert all("hint" in c for c in checks)
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


# --- reset ------------------------------------------------------------------------------


def test_reset_keeps_the_students_files_and_returns_to_a_stage(
    student_lab: control.OpenLab,
) -> None:
    text = tutorial_conf(student_lab)
    install(student_lab, text)
    lb, _, s2 = student_lab.lab.hosts
    paths = student_lab.provider.paths(lb)
    htpasswd = Path(paths.htpasswd).read_text()
    page = Path(student_lab.provider.paths(s2).document_root, "index.html")
    page.write_text("<h1>Server 1</h1>")
    where = student_lab.state_dir.root.parent

    proc = run_cli("reset", cwd=where)
    assert proc.returncode == 0, proc.stderr
    backups = list((student_lab.state_dir.root / "backups").iterdir())
    assert len(backups) == 1 and str(backups[0]) in "".join(proc.stderr.split())
    assert (backups[0] / "conf.d" / "lbsisjarkom.conf").read_text() == text
    assert (backups[0] / "htpasswd").read_text() == htpasswd
    assert oct((backups[0] / "htpasswd").stat().st_mode & 0o777) == "0o600"
    assert list(Path(paths.conf_d).iterdir()) == [] and not Path(paths.htpasswd).exists()
    assert "Server 2" in page.read_text()
    base = grade(student_lab)
    assert "balancer-answers" in base.failed_ids() and "pages-differ" not in base.failed_ids()

    proc = run_cli("reset", "--stage", "full", cwd=where)
    assert proc.returncode == 0, proc.stderr
    status = json.loads(run_cli("status", "--json", cwd=where).stdout)
    assert status["stage"] == "full"
    assert grade(control.open_lab(student_lab.state_dir)).failed_ids() == set()
