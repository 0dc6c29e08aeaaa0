"""Every exercise graded by real Apache, in one embedded lab whose balancer file is swapped
between cases (as a student does between attempts): the reference solution passes, the starting
point fails with the right hint, typical mistakes give exactly the failing checks and the cause
naming them; the lab is left as it was found. Then the commands, class grading and a student
account running the installed wheel.
"""

from __future__ import annotations

import contextlib
import json
import pwd
import re
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from corpus_lab import members_in_error, one_lab
from installed import Installed, installed, lab_dir, students  # noqa: F401 - fixtures

from labctl import control, faults, templates
from labctl.errors import ProviderError
from labctl.exercises import EXERCISES, get
from labctl.exercises.base import run
from labctl.exercises.drain import submit
from labctl.probe import Probe

from embedded import LabFactory, run_cli, write_lab_toml

Edit = Callable[[str], str]


def sub(old: str, new: str, count: int = -1) -> Edit:
    """A student's change to a file: ``old`` must be in it."""

    def edit(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, count)

    return edit


def swap(a: str, b: str) -> Edit:
    return lambda text: text.replace(a, "\0").replace(b, a).replace("\0", b)


def post_without_referer(opened: control.OpenLab) -> None:
    """The manager's form posted as `curl -d` posts it: no Referer header."""
    address, port = opened.provider.endpoint(opened.lab.loadbalancer)
    probe = Probe(address, port)
    page = probe.manager(opened.credentials())
    member = page.member_at(*opened.provider.endpoint(opened.lab.servers[0]))
    assert member is not None
    form = {"b": "mycluster", "w": member.url, "nonce": page.info["nonce"], "w_status_N": "1"}
    probe.post("/balancer-manager", form, auth=opened.credentials(), referer=False)


@dataclass(frozen=True)
class Case:
    exercise: str
    name: str
    causes: dict[str, str]  # failed check id -> the hint key naming the cause
    edit: Edit | None = None  # the student's change to the reference solution
    start: bool = False  # the starting point: the tutorial's file
    then: Callable[[control.OpenLab], None] | None = None  # done on the running balancer
    errors_left: bool = False  # the student's file itself keeps members in error


def drained(host: str, switch: str) -> Callable[[control.OpenLab], None]:
    return lambda opened: submit(opened, host, {switch: "1"})


CASES = [
    # weights
    Case("weights", "solution", {}),
    Case("weights", "start", {"weights-factors": "weights-equal",
                              "weights-shares": "weights-equal"}, start=True),
    Case("weights", "swapped", {"weights-factors": "weights-swapped",
                                "weights-shares": "weights-swapped"},
         swap("loadfactor=3", "loadfactor=1")),
    Case("weights", "two-to-one", {"weights-factors": "weights-ratio",
                                   "weights-shares": "weights-ratio"},
         sub("loadfactor=3", "loadfactor=2")),
    Case("weights", "both-three", {"weights-factors": "weights-equal",
                                   "weights-shares": "weights-equal"},
         sub("loadfactor=1", "loadfactor=3")),
    # sticky
    Case("sticky", "solution", {}),
    Case("sticky", "start", dict.fromkeys(("sticky-cookie", "sticky-stays", "sticky-failover"),
                                          "sticky-no-stickysession"), start=True),
    Case("sticky", "no-header", dict.fromkeys(("sticky-cookie", "sticky-stays", "sticky-failover"),
                                              "sticky-no-header"),
         lambda text: re.sub(r"(?m)^Header add .*\n", "", text)),
    Case("sticky", "cookie-name", dict.fromkeys(("sticky-cookie", "sticky-stays"),
                                                "sticky-cookie-name"),
         sub("stickysession=ROUTEID", "stickysession=JSESSIONID")),
    Case("sticky", "no-dot", dict.fromkeys(("sticky-cookie", "sticky-stays"), "sticky-no-dot"),
         sub("ROUTEID=.%", "ROUTEID=%")),
    Case("sticky", "nofailover", {"sticky-failover": "sticky-nofailover"},
         sub("stickysession=ROUTEID", "stickysession=ROUTEID nofailover=On")),
    # hot-standby
    Case("hot-standby", "solution", {}),
    Case("hot-standby", "start", dict.fromkeys(("standby-flag", "standby-idle", "standby-returns"),
                                               "standby-missing"), start=True),
    Case("hot-standby", "standby-on-server1",
         dict.fromkeys(("standby-flag", "standby-idle", "standby-returns"),
                       "standby-wrong-member"),
         swap(" retry=3", " status=+H")),
    Case("hot-standby", "both-standby", dict.fromkeys(("standby-flag", "standby-idle"),
                                                      "standby-both"),
         sub(" retry=3", " retry=3 status=+H")),
    Case("hot-standby", "no-retry", {"standby-returns": "standby-retry"}, sub(" retry=3", "")),
    # drain: the file is the tutorial's; what counts is done on the manager page
    Case("drain", "solution", {}, then=drained("server1", "w_status_N")),
    Case("drain", "start", dict.fromkeys(("drain-flag", "drain-avoided"), "drain-how")),
    Case("drain", "disabled", {"drain-flag": "drain-other-switch"},
         then=drained("server1", "w_status_D")),
    Case("drain", "wrong-member", dict.fromkeys(("drain-flag", "drain-avoided"),
                                                "drain-wrong-member"),
         then=drained("server2", "w_status_N")),
    Case("drain", "no-referer", dict.fromkeys(("drain-flag", "drain-avoided"), "drain-referer"),
         then=post_without_referer),
    Case("drain", "removed-from-file", dict.fromkeys(("drain-members", "drain-flag"),
                                                     "drain-removed"),
         lambda text: re.sub(r"(?m)^.*BalancerMember.*\n", "", text, count=1)),
    # health-check
    Case("health-check", "solution", {}),
    Case("health-check", "start", dict.fromkeys(("hc-enabled", "hc-detects"), "hc-not-enabled"),
         start=True),
    Case("health-check", "no-hcuri", dict.fromkeys(("hc-serves", "hc-recovers"),
                                                   "hc-uri-missing"),
         sub(" hcuri=/", ""), errors_left=True),
    Case("health-check", "server2-only", dict.fromkeys(("hc-enabled", "hc-detects"),
                                                       "hc-not-enabled"),
         sub(" hcmethod=GET hcuri=/ hcinterval=1", "", count=1)),
    Case("health-check", "default-interval", {"hc-detects": "hc-interval"},
         sub(" hcinterval=1", "")),
    # timeouts (verify hangs server1 itself)
    Case("timeouts", "solution", {}),
    Case("timeouts", "start", dict.fromkeys(("timeouts-bounded", "timeouts-failover",
                                             "timeouts-member-error"), "timeouts-no-timeout"),
         start=True),
    Case("timeouts", "no-failontimeout", dict.fromkeys(("timeouts-failover",
                                                        "timeouts-member-error"),
                                                       "timeouts-failontimeout"),
         sub(" failontimeout=On", "")),
    Case("timeouts", "timeout-too-long", dict.fromkeys(("timeouts-bounded", "timeouts-failover"),
                                                       "timeouts-no-timeout"),
         sub("timeout=2", "timeout=10")),
    Case("timeouts", "no-retry", {"timeouts-retried": "timeouts-retry"}, sub(" retry=3", "")),
    # failonstatus (verify makes server1 answer 500 itself)
    Case("failonstatus", "solution", {}),
    Case("failonstatus", "start", dict.fromkeys(("failonstatus-out", "failonstatus-member-error"),
                                                "failonstatus-missing"), start=True),
    Case("failonstatus", "wrong-code", dict.fromkeys(("failonstatus-out",
                                                      "failonstatus-member-error"),
                                                     "failonstatus-code"),
         sub("failonstatus=500", "failonstatus=503")),
    # Apache refuses it: the hint names the line (the other checks do not run)
    Case("failonstatus", "on-the-member-line",
         {"config-valid": "refused"} | dict.fromkeys(("httpd-running", "failonstatus-out",
                                                       "failonstatus-member-error",
                                                       "failonstatus-back"), "not-run"),
         lambda text: text.replace(" failonstatus=500", "").replace(
             " retry=3\n", " retry=3 failonstatus=500\n", 1)),
    Case("failonstatus", "no-retry", {"failonstatus-back": "failonstatus-retry"},
         sub(" retry=3", "")),
]  # fmt: skip


def test_every_exercise_has_its_solution_start_and_three_mistakes() -> None:
    for name in EXERCISES:
        cases = [c for c in CASES if c.exercise == name]
        assert [c.name for c in cases][:2] == ["solution", "start"], name
        assert len(cases) >= 5, name
        for case in cases:
            assert set(case.causes) <= set(get(name).check_ids), case.name


@pytest.fixture(scope="module")
def exercise_lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[control.OpenLab]:
    yield from one_lab(tmp_path_factory, "exercises", "full")


def conf_for(opened: control.OpenLab, exercise: str | None) -> str:
    provider, lab = opened.provider, opened.lab
    (first, port), (second, _) = (provider.endpoint(s) for s in lab.servers)
    htpasswd = provider.paths(lab.loadbalancer).htpasswd
    return templates.balancer_conf(
        lab, member_addresses=(first, second), port=port, htpasswd=htpasswd, exercise=exercise
    )


def install(opened: control.OpenLab, case: Case) -> None:
    text = conf_for(opened, None if case.start else case.exercise)
    if case.edit is not None:
        text = case.edit(text)
    conf_d = Path(opened.provider.paths(opened.lab.loadbalancer).conf_d)
    (conf_d / templates.BALANCER_CONF).write_text(text)
    with contextlib.suppress(ProviderError):  # a file Apache refuses: verify must say so
        opened.provider.service(opened.lab.loadbalancer.name, "restart")
    if case.then is not None:
        case.then(opened)


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.exercise}-{c.name}")
def test_exercise(exercise_lab: control.OpenLab, case: Case) -> None:
    opened = exercise_lab
    install(opened, case)
    before = {h.name: h.running for h in opened.provider.status()}
    result = run(opened.provider, opened.credentials(), get(case.exercise), site=opened)
    after = {h.name: h.running for h in opened.provider.status()}
    got = {c.id: result.causes.get(c.id) for c in result.result.checks if not c.passed}
    assert result.result.error is None, result.result.error
    assert [c.id for c in result.result.checks] == list(get(case.exercise).check_ids)
    assert got == case.causes, "\n".join(
        f"{c.id}: {c.observed} -> {c.hint}" for c in result.result.checks if not c.passed
    )
    for check in result.result.checks:
        assert (check.hint is None) == check.passed, check.id
    # Left as found: every host as it was, no fault of verify's, no member left in error.
    assert after == before
    assert faults.active(opened.state_dir) == []
    if not case.errors_left:
        assert members_in_error(opened) == []


def test_hints_are_in_both_languages(exercise_lab: control.OpenLab) -> None:
    install(exercise_lab, Case("weights", "start", {}, start=True))
    english = run(exercise_lab.provider, exercise_lab.credentials(), get("weights"), lang="en")
    indonesian = run(exercise_lab.provider, exercise_lab.credentials(), get("weights"), lang="id")
    hint_en = next(c.hint for c in english.result.checks if not c.passed)
    hint_id = next(c.hint for c in indonesian.result.checks if not c.passed)
    assert hint_en is not None and "loadfactor=3" in hint_en and "byrequests shares" in hint_en
    assert hint_id is not None and "loadfactor=3" in hint_id and "membagi" in hint_id


# --- the commands -------------------------------------------------------------------------


@pytest.fixture
def workdir(tmp_path: Path) -> Iterator[Path]:
    write_lab_toml(tmp_path)
    yield tmp_path
    run_cli("destroy", cwd=tmp_path)


def test_list_and_show_need_no_lab(tmp_path: Path) -> None:
    listed = run_cli("exercise", "list", "--json", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    data = json.loads(listed.stdout)
    assert [e["name"] for e in data] == list(EXERCISES)
    assert data[0]["check_ids"] == ["config-valid", "httpd-running", "weights-factors",
                                    "weights-shares"]  # fmt: skip
    assert data[3]["name"] == "drain" and data[3]["restarts_balancer"] is False
    english = run_cli("exercise", "show", "sticky", "--lang", "en", cwd=tmp_path)
    indonesian = run_cli("exercise", "show", "sticky", "--lang", "id", cwd=tmp_path)
    assert english.returncode == indonesian.returncode == 0
    assert "stickysession=ROUTEID" in english.stdout and "File: conf.d/lbsisjarkom.conf" in (
        english.stdout
    )
    assert "stickysession=ROUTEID" in indonesian.stdout and "Berkas: conf.d/lbsisjarkom.conf" in (
        indonesian.stdout
    )


@pytest.mark.parametrize(
    "args",
    [
        ("exercise", "show", "weight"),
        ("exercise", "start", "nope"),
        ("verify", "--exercise", "nope"),
        ("reset", "--stage", "full", "--exercise", "nope"),
    ],
)
def test_an_unknown_exercise_is_one_line(tmp_path: Path, args: tuple[str, ...]) -> None:
    proc = run_cli(*args, cwd=tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "unknown exercise" in lines[0], proc.stderr
    assert not (tmp_path / ".labctl").exists()  # nothing made


def test_start_reset_and_verify(workdir: Path) -> None:
    assert run_cli("up", cwd=workdir).returncode == 0
    conf = workdir / ".labctl" / "hosts" / "loadbalancer" / "conf.d" / templates.BALANCER_CONF
    conf.write_text(conf.read_text() + "\n# my own attempt\n")
    started = run_cli("exercise", "start", "weights", cwd=workdir)
    assert started.returncode == 0, started.stderr
    backups = list((workdir / ".labctl" / "backups").iterdir())
    assert len(backups) == 1
    assert "# my own attempt" in (backups[0] / "conf.d" / templates.BALANCER_CONF).read_text()
    assert "# my own attempt" not in conf.read_text()  # the starting point: the tutorial's file
    status = json.loads(run_cli("status", "--json", cwd=workdir).stdout)
    assert status["exercise"] == "weights"
    graded = run_cli("verify", "--exercise", "weights", "--json", cwd=workdir)
    assert graded.returncode == 1, graded.stderr
    checks = json.loads(graded.stdout)["scenarios"][0]["checks"]
    assert {c["id"]: c["cause"] for c in checks if not c["passed"]} == {
        "weights-factors": "weights-equal", "weights-shares": "weights-equal",
    }  # fmt: skip
    one = run_cli("verify", "--exercise", "weights", "--check", "weights-shares", cwd=workdir)
    assert one.returncode == 1
    solved = run_cli("reset", "--stage", "full", "--exercise", "weights", cwd=workdir)
    assert solved.returncode == 0, solved.stderr
    assert "loadfactor=3" in conf.read_text()
    assert run_cli("verify", "--exercise", "weights", cwd=workdir).returncode == 0
    tutorial = run_cli("verify", "--json", cwd=workdir)  # default: the tutorial's checks
    assert json.loads(tutorial.stdout)["scenarios"][0]["checks"][2]["id"] == "balancer-answers"


def test_reset_with_an_exercise_needs_stage_full(workdir: Path) -> None:
    proc = run_cli("reset", "--exercise", "weights", cwd=workdir)
    assert proc.returncode == 2 and "--stage full" in proc.stderr


def test_a_class_graded_on_an_exercise(lab_factory: LabFactory, tmp_path: Path) -> None:
    solved = lab_factory(stage="full", directory=tmp_path / "andi")
    control.reset(solved, "full", lambda line: None, get("weights"))
    lab_factory(stage="full", directory=tmp_path / "budi")  # the tutorial: not yet weighted
    (tmp_path / "class.toml").write_text(
        '[grading]\nexercise = "weights"\n\n[points]\nweights-shares = 5\n\n'
        '[[lab]]\nlabel = "andi"\ndir = "andi"\n\n[[lab]]\nlabel = "budi"\ndir = "budi"\n'
    )
    proc = run_cli("verify", "--inventory", "class.toml", "--json", cwd=tmp_path, timeout=120)
    assert proc.returncode == 1, proc.stderr
    data = json.loads(proc.stdout)
    assert data["check_ids"] == list(get("weights").check_ids)
    rows = {r["label"]: r for r in data["labs"]}
    assert rows["andi"]["points"] == {"earned": 8, "possible": 8}
    assert rows["budi"]["points"] == {"earned": 2, "possible": 8}  # config-valid, httpd-running
    header = (tmp_path / "class-results.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.endswith("weights-factors,weights-shares")
    # --exercise wins over the file; [points] must name that exercise's checks
    other = run_cli("verify", "--inventory", "class.toml", "--exercise", "sticky", cwd=tmp_path)
    assert other.returncode == 2 and "weights-shares: unknown" in other.stderr


def test_a_student_account_does_exercises_with_the_installed_wheel(
    installed: Installed,  # noqa: F811
    students: list[pwd.struct_passwd],  # noqa: F811
) -> None:
    """No root anywhere: the wheel carries the exercises and their templates, the student's
    Apache runs them, the manager's form is posted as that user, every file stays theirs."""
    account = students[0]
    user, work = account.pw_name, lab_dir(account)

    def labctl(*args: str) -> subprocess.CompletedProcess[str]:
        return installed.run(*args, cwd=work, user=user)

    assert labctl("up", "--provider", "local").returncode == 0
    try:
        assert labctl("exercise", "start", "sticky").returncode == 0
        graded = labctl("verify", "--exercise", "sticky", "--json", "--lang", "en")
        assert graded.returncode == 1, graded.stderr
        checks = json.loads(graded.stdout)["scenarios"][0]["checks"]
        assert {c["id"]: c["cause"] for c in checks if not c["passed"]} == dict.fromkeys(
            ("sticky-cookie", "sticky-stays", "sticky-failover"), "sticky-no-stickysession"
        )
        for name in ("sticky", "drain"):
            solved = labctl("reset", "--stage", "full", "--exercise", name)
            assert solved.returncode == 0, solved.stderr
            passed = labctl("verify", "--exercise", name)
            assert passed.returncode == 0, passed.stdout + passed.stderr
        owners = {p.lstat().st_uid for p in (work / ".labctl").rglob("*")}
        assert owners == {account.pw_uid}  # nothing of root's was made
    finally:
        installed.run("destroy", cwd=work, user=user)


def test_without_mod_proxy_hcheck_the_lab_runs_and_the_exercise_says_why(
    lab_factory: LabFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An Apache without mod_proxy_hcheck (CentOS 7's 2.4.6): `up` works (the module is
    optional) and health-check names the module, the version needed and a box that has it."""
    from labctl import apache
    from labctl.providers import local

    real = apache.find_apache()
    modules = tmp_path / "modules"
    modules.mkdir()
    for so in real.modules_dir.glob("*.so"):
        if so.name != "mod_proxy_hcheck.so":
            (modules / so.name).symlink_to(so)
    monkeypatch.setattr(local, "find_apache", lambda: replace(real, modules_dir=modules))
    opened = lab_factory(stage="full")
    httpd_conf = Path(opened.provider.paths(opened.lab.loadbalancer).conf_d).parent / "conf"
    assert "LoadModule proxy_hcheck_module" not in (httpd_conf / "httpd.conf").read_text()
    result = run(opened.provider, opened.credentials(), get("health-check"))
    assert result.causes["hc-module"] == "hc-no-module"
    hint = next(c.hint for c in result.result.checks if c.id == "hc-module")
    assert hint is not None and "2.4.21" in hint and "Rocky Linux 9" in hint
