"""Runs corpus cases (tests/verify_corpus.py) in one embedded lab, resetting it between them.

Imports only what every labctl version has (control, the provider), so the same runner drives
the current verify and, for comparison, an older one (bench/verify_corpus_old.py).
"""

from __future__ import annotations

import contextlib
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from verify_corpus import Case

from labctl import control
from labctl.errors import ProviderError
from labctl.providers.local import find_apache
from labctl.state import StateDir

from embedded import write_lab_toml


def one_lab(factory: Any, name: str, stage: str) -> Iterator[control.OpenLab]:
    """An embedded lab for a whole test module (cases swap its files), destroyed after."""
    where = factory.mktemp(name)
    write_lab_toml(where)
    opened = control.up(
        provider=None, stage=stage, subnet=None, say=lambda line: None,  # type: ignore[arg-type]
        lab_file=where / "lab.toml", state_dir=StateDir(where / ".labctl"),
    )  # fmt: skip
    yield opened
    opened.provider.destroy()


def values(opened: control.OpenLab) -> dict[str, str]:
    provider, lab = opened.provider, opened.lab
    s1, s2 = (":".join(map(str, provider.endpoint(s))) for s in lab.servers)
    paths = provider.paths(lab.loadbalancer)
    return {"s1": s1, "s2": s2, "htpasswd": paths.htpasswd, "conf_d": paths.conf_d}


def install_case(
    opened: control.OpenLab,
    case: Case,
    *,
    names: dict[str, str] | None = None,
    restart: bool = True,
) -> None:
    """conf.d holds exactly the case's files; htpasswd and pages as the case says; restarted."""
    provider, lab = opened.provider, opened.lab
    paths = provider.paths(lab.loadbalancer)
    fields = values(opened) | (names or {})
    conf_d = Path(paths.conf_d)
    for old in conf_d.iterdir():
        old.unlink()
    for name, content in case.files.items():
        data = content if isinstance(content, bytes) else content.encode()
        for key, value in fields.items():
            data = data.replace(b"{" + key.encode() + b"}", value.encode())
        (conf_d / name).write_bytes(data)
    htpasswd = Path(paths.htpasswd)
    htpasswd.unlink(missing_ok=True)
    if case.htpasswd is not None:
        lab_user, lab_password = opened.credentials()
        user, password = case.htpasswd if isinstance(case.htpasswd, tuple) else (lab_user, None)
        tool = find_apache().htpasswd
        assert tool is not None
        subprocess.run(
            [tool, "-c", "-i", str(htpasswd), str(user)],
            input=password or lab_password, capture_output=True, text=True, check=True,
        )  # fmt: skip
    s1, s2 = lab.servers
    page = Path(provider.paths(s2).document_root, "index.html")
    wanted = Path(provider.paths(s1).document_root, "index.html").read_text()
    if not case.same_pages:
        wanted = wanted.replace("Server 1", "Server 2")
    page.write_text(wanted)
    if restart:
        with contextlib.suppress(ProviderError):  # a file Apache refuses: verify must say so
            provider.service(lab.loadbalancer.name, "restart")


def members_in_error(opened: control.OpenLab) -> list[Any]:
    from labctl.probe import Probe

    address, port = opened.provider.endpoint(opened.lab.loadbalancer)
    probe = Probe(address, port)
    try:
        page = probe.manager(opened.credentials())
    finally:
        probe.close()
    return [m for m in page.members if m.state == "error"]
