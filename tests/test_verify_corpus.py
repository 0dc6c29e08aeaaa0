"""The corpus (tests/verify_corpus.py) graded by real Apache: exact failed checks and causes.

One embedded lab for the whole corpus: each case replaces conf.d and htpasswd and restarts the
balancer, as a student does between attempts. That is also the test of grading independent of
run order: a case never sees the previous one's configuration.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from corpus_lab import install_case, members_in_error, one_lab
from verify_corpus import CASES, Case

from labctl import control
from labctl.verify import CHECK_IDS, verify

DUMP = os.environ.get("LABCTL_CORPUS_DUMP")  # a JSON file: every case's grade, for comparisons


@pytest.fixture(scope="module")
def corpus_lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[control.OpenLab]:
    yield from one_lab(tmp_path_factory, "corpus", "base")


def test_the_corpus_is_big_enough_and_named_once() -> None:
    assert len(CASES) >= 40
    assert len({c.name for c in CASES}) == len(CASES)
    for case in CASES:
        assert set(case.causes) == case.fails, case.name
        assert case.fails <= set(CHECK_IDS), case.name
        assert case.verified.startswith("Apache/2.4."), case.name


@pytest.mark.parametrize("case", [c for c in CASES if not c.hostnames], ids=lambda c: c.name)
def test_corpus(corpus_lab: control.OpenLab, case: Case) -> None:
    install_case(corpus_lab, case)
    before = {h.name: h.running for h in corpus_lab.provider.status()}
    result = verify(corpus_lab.provider, corpus_lab.credentials(), lang="en")
    after = {h.name: h.running for h in corpus_lab.provider.status()}
    got = {c.id: result.causes.get(c.id) for c in result.result.checks if not c.passed}
    if DUMP:
        _dump(case, result.checks_passed, got)
    assert result.result.error is None, result.result.error
    assert [c.id for c in result.result.checks] == list(CHECK_IDS)
    assert got == case.causes, "\n".join(
        f"{c.id}: {c.observed} -> {c.hint}" for c in result.result.checks if not c.passed
    )
    assert after == before
    for check in result.result.checks:
        assert (check.hint is None) == check.passed, check.id
    assert members_in_error(corpus_lab) == []


def _dump(case: Case, passed: int, causes: dict[str, str | None]) -> None:
    path = Path(DUMP or "")
    data = json.loads(path.read_text()) if path.exists() else {}
    data[case.name] = {"passed": passed, "failed": sorted(causes), "causes": causes}
    path.write_text(json.dumps(data, indent=1, sort_keys=True))


HOSTNAME_CASES = [c for c in CASES if c.hostnames]


@pytest.mark.parametrize("case", HOSTNAME_CASES, ids=lambda c: c.name)
def test_members_by_host_name(corpus_lab: control.OpenLab, case: Case, tmp_path: Path) -> None:
    """As on the VMs, server1 and server2 resolve through the balancer's /etc/hosts.

    This machine's /etc/hosts is not ours to change: the balancer and verify run in a private
    mount namespace where it is replaced. "swapped" maps server1 to server2's address: members
    are matched by what Apache resolves them to, not by their names.
    """
    provider = corpus_lab.provider
    s1, s2 = (provider.endpoint(s)[0] for s in corpus_lab.lab.servers)
    if "swapped" in case.name:
        s1, s2 = s2, s1
    hosts = tmp_path / "hosts"
    hosts.write_text(f"127.0.0.1 localhost\n{s1} server1\n{s2} server2\n")
    port = str(provider.endpoint(corpus_lab.lab.servers[0])[1])
    install_case(corpus_lab, case, names={"port": port}, restart=False)
    where = corpus_lab.state_dir.root.parent
    script = (
        f"mount --bind {hosts} /etc/hosts && {sys.executable} -m labctl restart loadbalancer "
        f"&& {sys.executable} -m labctl verify --json --lang en"
    )
    proc = subprocess.run(
        ["unshare", "--mount", "--propagation", "private", "sh", "-c", script],
        cwd=where, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert proc.returncode in (0, 1), proc.stderr
    checks = json.loads(proc.stdout)["scenarios"][0]["checks"]
    got = {c["id"]: c["cause"] for c in checks if not c["passed"]}
    if DUMP:
        _dump(case, sum(c["passed"] for c in checks), got)
    assert got == case.causes, [(c["id"], c["observed"], c["hint"]) for c in checks]
    # Back to this machine's resolver for the next case.
    provider.service(corpus_lab.lab.loadbalancer.name, "restart")
