"""Grading a class: verify on every lab of an inventory at once, one row each.

The inventory (labctl/inventory.py) says which labs and how they are scored; a lab directory is
graded as `labctl verify` in it would be (as its owner, when root grades), a balancer URL
through the remote provider (labctl/providers/remote.py). A lab that cannot be reached, or that
meets a bug, is its own row with the reason: never the end of the class's run.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

from labctl import control
from labctl.errors import LabctlError
from labctl.exercises import get
from labctl.exercises.base import run
from labctl.i18n import Lang, t
from labctl.inventory import Entry, Grading, Row
from labctl.net import accepts
from labctl.probe import Probe, budget
from labctl.providers.remote import RemoteLab
from labctl.state import StateDir
from labctl.verify import VerifyResult, verify


def grade(
    entries: list[Entry],
    *,
    lang: Lang,
    known_hosts: Path,
    grading: Grading | None = None,
    on_row: Callable[[Row], None] | None = None,
) -> list[Row]:
    """verify on every lab in parallel; one Row each, in the inventory's order.

    A lab listed twice (the same directory by two paths, the same balancer) is graded once:
    two verify runs on one lab at once would stop each other's servers.
    """
    grading = grading or Grading()
    copies: dict[str, list[Entry]] = {}
    for e in entries:
        copies.setdefault(e.identity, []).append(e)
    labs = [same[0] for same in copies.values()]
    rows: dict[str, Row] = {}

    def one(entry: Entry) -> None:
        row = grade_one(entry, lang=lang, known_hosts=known_hosts, grading=grading)
        for index, copy in enumerate(copies[entry.identity]):
            twin = row if index == 0 else replace(row, label=copy.label, same_as=entry.label)
            twin.entry = copy
            rows[copy.label] = twin
            if on_row is not None:
                on_row(twin)

    workers = max(1, min(grading.workers, len(labs)))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(one, labs))
    return [rows[e.label] for e in entries]


def grade_one(
    entry: Entry, *, lang: Lang, known_hosts: Path, grading: Grading | None = None
) -> Row:
    grading = grading or Grading()
    row = Row(entry.label, entry.source, possible=grading.possible, entry=entry)
    try:
        # Every HTTP probe of this lab ends within the lab's time: a balancer that drips or
        # stalls costs this lab's row at most, never the class run.
        with budget(grading.lab_timeout):
            verified = verify_entry(entry, lang, known_hosts, grading.exercise)
    except LabctlError as exc:
        row.error = t(lang, "unreachable", error=exc.in_lang(lang))
        return row
    except Exception as exc:  # a bug met on one lab is that lab's row, not the class's end
        row.error = t(lang, "class.crashed", error=f"{type(exc).__name__}: {exc}")
        return row
    return scored(row, verified, grading)


def scored(row: Row, verified: VerifyResult, grading: Grading) -> Row:
    """The row of a lab verify has run: its checks, and the points they earned."""
    row.error = verified.result.error
    row.results = list(verified.result.checks)
    row.possible = grading.possible
    row.points = sum(grading.points.get(c.id, 0.0) for c in row.results if c.passed)
    return row


def verify_entry(
    entry: Entry, lang: Lang, known_hosts: Path, exercise: str | None = None
) -> VerifyResult:
    if entry.directory is not None:
        sd = StateDir(entry.directory / ".labctl")
        if not sd.exists() and (entry.directory / "lab.json").exists():
            sd = StateDir(entry.directory)  # the entry names the .labctl/ itself
        if not sd.exists():
            raise LabctlError(t(lang, "class.no-lab", where=entry.directory))
        owner = sd.owner()
        if owner is not None and os.geteuid() == 0:
            return control.verify_as_owner(
                sd, owner, lang=lang, user=entry.user, password=entry.password, exercise=exercise
            )
        # As `labctl verify` in that directory: the lab locked for this run, mended first if a
        # command before was killed half-way, and journaled while servers are stopped.
        with control.session("verify", say=lambda line: None, state_dir=sd) as opened:
            lab_user, lab_password = opened.credentials()
            credentials = (entry.user or lab_user, entry.password or lab_password)
            task = get(exercise) if exercise is not None else None
            return control.verify_lab(opened, credentials, lang=lang, exercise=task)
    # verify() takes it as a Provider: mypy holds RemoteLab to the protocol there.
    remote = RemoteLab(entry, known_hosts)
    try:
        address, port = remote.endpoint(remote.lab.loadbalancer)
        Probe(address, port).close()  # refuses a target outside LABCTL_NETWORK_ALLOW
        if not accepts(address, port):
            raise LabctlError(t(lang, "class.silent", url=entry.url))
        if entry.password is None:
            raise LabctlError(t(lang, "class.no-password"))
        credentials = (entry.user or "admin", entry.password)
        if exercise is not None:  # without a lab directory: no faults (timeouts, failonstatus)
            return run(remote, credentials, get(exercise), lang=lang)
        return verify(remote, credentials, lang=lang)
    finally:
        remote.close()
