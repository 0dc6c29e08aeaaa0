"""The corpus (tests/verify_corpus.py) graded by real Apache: exact failed checks and causes.

One embedded lab for the whole corpus: each case replaces conf.d and htpasswd and restarts the
balancer, as a student does between attempts. That is also the test of grading independent of
run order: a case never sees the previous one's configuration.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from corpus_lab import install_case, members_in_error
from verify_corpus import CASES, Case

from labctl import control
from labctl.state import StateDir
from labctl.verify import CHECK_IDS, verify

from embedded import write_lab_toml

DUMP = os.environ.get("LABCTL_CORPUS_DUMP")  # a JSON file: every case's grade, for comparisons


@pytest.fixture(scope="module")
def corpus_lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[control.OpenLab]:
    where = tmp_path_factory.mktemp("corpus")
    write_lab_toml(where)
    opened = control.up(
        provider=None, stage="base", subnet=None, say=lambda line: None,
        lab_file=where / "lab.toml", state_dir=StateDir(where / ".labctl"),
    )  # fmt: skip
    yield opened
    opened.provider.destroy()


def test_the_corpus_is_big_enough_and_named_once() -> None:
    assert len(CASES) >= 40
    assert len({c.name for c in CASES}) == len(CASES)
    for case in CASES:
        assert set(case.causes) == case.fails, case.name
        assert case.fails <= set(CHECK_IDS), case.name


@pytest.mark.parametrize("case", [c for c in CASES if not c.hostnames], ids=lambda c: c.name)
def test_corpus(corpus_lab: control.OpenLab, case: Case) -> None:
    install_case(corpus_lab, case)
    before = {h.name: h.running for h in corpus_lab.provider.status()}
    result = verify(corpus_lab.provider, corpus_lab.credentials(), lang="en")
    after = {h.name: h.running for h in corpus_lab.provider.status()}
    got = {c.id: result.causes.get(c.id) for c in result.result.checks if not c.passed}
    if DUMP:
        _dump(case, result.passed, got)
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
