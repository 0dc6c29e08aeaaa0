"""Faults a server is given on purpose, the way production breaks: `labctl fault`.

Public API (the scenarios, control and the CLI use nothing else):

- ``KINDS``: kind -> the argument it takes (``None``, ``"CODE"``, ``"SECONDS"``).
- ``ActiveFault``: one fault on disk (host, kind, arg, since; ``applying`` while a killed
  labctl may have left it half-made, ``by`` "user" or "scenario"), frozen.
- ``apply(site, host, kind, arg, by="user") -> ActiveFault``: validates, records, then breaks.
- ``clear(site, host=None) -> list[ActiveFault]``: undoes every fault (of ``host``); raises
  FaultError naming what could not be undone (it stays recorded for the next try).
- ``active(state_dir) -> list[ActiveFault]``: what is recorded now.

``site`` is anything with ``provider`` and ``state_dir`` (control.OpenLab, ``Place``).

A fault is a change that must survive a labctl crash, so it is written to
``.labctl/faults.json`` (0600, atomically) BEFORE it is made, first as "applying", then
"active": the next command finds it and can clear it. Faults are made with the server's own
means (labctl/providers/*_faults.py): signals, a snippet in the server's own conf.d (never the
student's files on the balancer), the firewall; `flap` is a detached labctl process
(labctl/flapper.py) that stops and starts the server until its record is gone.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, replace
from typing import Protocol

from labctl import procs
from labctl.errors import FaultError, Message
from labctl.i18n import tr
from labctl.lab import Host
from labctl.providers.base import Provider
from labctl.state import StateDir

KINDS: dict[str, str | None] = {
    "stop": None,
    "hang": None,
    "slow": "SECONDS",
    "error": "CODE",
    "flap": "SECONDS",
    "drop": None,
}
FILE = "faults.json"
FLAPPER = "labctl.flapper"  # the module a flapping fault runs (`python -m labctl.flapper`)
_MAX_SECONDS = 3600.0


class Site(Protocol):
    @property
    def provider(self) -> Provider: ...

    @property
    def state_dir(self) -> StateDir: ...


@dataclass(frozen=True)
class Place:
    """A Site for code that holds a provider and a state dir but no control.OpenLab."""

    provider: Provider
    state_dir: StateDir


@dataclass(frozen=True)
class ActiveFault:
    host: str
    kind: str
    arg: str | None
    since: float  # time.time() when it was applied
    by: str = "user"  # or "scenario": a scenario's own fault, cleared by its restore
    applying: bool = False  # recorded, not yet known to be made (a crash may leave it so)
    pid: int | None = None  # flap: the flapper process

    def to_dict(self) -> dict[str, object]:
        return {"host": self.host, "kind": self.kind, "arg": self.arg, "since": self.since}

    @property
    def label(self) -> str:
        return f"{self.host} {self.kind}" + (f" {self.arg}" if self.arg is not None else "")


# --- the record on disk -------------------------------------------------------------------


def active(state_dir: StateDir) -> list[ActiveFault]:
    """The faults recorded in ``state_dir`` (an unreadable record counts as none: it was cut
    short before anything was made, since it is written before the fault)."""
    try:
        data = json.loads((state_dir.root / FILE).read_text(encoding="utf-8"))
        found = [ActiveFault(**entry) for entry in data]
    except (OSError, ValueError, TypeError):
        return []
    return [f for f in found if _well_formed(f)]


def _well_formed(fault: ActiveFault) -> bool:
    """A record of the kinds labctl makes (a hand-edited one is not acted upon)."""
    return (
        isinstance(fault.host, str)
        and fault.kind in KINDS
        and (fault.arg is None or isinstance(fault.arg, str))
        and isinstance(fault.since, (int, float))
        and (fault.pid is None or (isinstance(fault.pid, int) and fault.pid > 1))
    )


def _save(state_dir: StateDir, faults: list[ActiveFault]) -> None:
    path = state_dir.root / FILE
    if not faults:
        path.unlink(missing_ok=True)
        return
    tmp = path.with_name(f".{FILE}.tmp")
    tmp.unlink(missing_ok=True)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump([asdict(f) for f in faults], fh)
    os.replace(tmp, path)


def _put(state_dir: StateDir, fault: ActiveFault) -> None:
    others = [f for f in active(state_dir) if f.host != fault.host]
    _save(state_dir, [*others, fault])


def _drop_record(state_dir: StateDir, host: str) -> None:
    _save(state_dir, [f for f in active(state_dir) if f.host != host])


# --- validation ---------------------------------------------------------------------------


def _check(site: Site, host: str, kind: str, arg: str | None) -> tuple[Host, str | None]:
    """The host and the normalised argument, or one line (exit 2) saying what is wrong."""
    if kind not in KINDS:
        raise FaultError(tr("fault.unknown-kind", kind=kind, kinds=", ".join(KINDS)))
    lab = site.provider.lab
    if host not in [h.name for h in lab.hosts]:
        names = ", ".join(s.name for s in lab.servers)
        raise FaultError(tr("fault.unknown-host", host=host, servers=names))
    target = lab.host(host)
    if target.role != "server":
        raise FaultError(tr("fault.balancer", host=host))
    wants = KINDS[kind]
    if wants is None:
        if arg is not None:
            raise FaultError(tr("fault.no-arg", kind=kind, arg=arg))
        return target, None
    if arg is None:
        raise FaultError(tr("fault.needs-arg", kind=kind, what=wants))
    if wants == "CODE":
        if not arg.isdigit() or not 400 <= int(arg) <= 599:
            raise FaultError(tr("fault.bad-code", arg=arg))
        return target, str(int(arg))
    try:
        seconds = float(arg)
    except ValueError:
        seconds = -1.0
    low = 1.0 if kind == "flap" else 0.1
    if not low <= seconds <= _MAX_SECONDS:  # NaN fails too
        raise FaultError(tr("fault.bad-seconds", kind=kind, arg=arg, low=f"{low:g}"))
    return target, f"{seconds:g}"


# --- apply and clear ----------------------------------------------------------------------


def apply(site: Site, host: str, kind: str, arg: str | None, *, by: str = "user") -> ActiveFault:
    """Breaks ``host`` with ``kind``: recorded first, then made. A fault already on the host is
    cleared first (one fault per host). A fault that fails half-way is undone."""
    target, value = _check(site, host, kind, arg)
    if any(f.host == host for f in active(site.state_dir)):
        clear(site, host)
    fault = ActiveFault(host, kind, value, time.time(), by, applying=True)
    _put(site.state_dir, fault)
    try:
        pid = _make(site, target, fault)
    except BaseException:
        try:
            _undo(site, target, fault, settle=False)  # the server as it was before
        except Exception as exc:
            raise FaultError(tr("fault.stuck", what=f"{fault.label}: {exc}")) from None
        _drop_record(site.state_dir, host)
        raise
    done = replace(fault, applying=False, pid=pid)
    _put(site.state_dir, done)
    return done


def clear(site: Site, host: str | None = None) -> list[ActiveFault]:
    """Undoes every recorded fault (of ``host``); the server is left running. What cannot be
    undone stays recorded and is named in one FaultError."""
    cleared, failed = [], []
    for fault in active(site.state_dir):
        if host is not None and fault.host != host:
            continue
        try:
            _undo(site, site.provider.lab.host(fault.host), fault)
        except Exception as exc:  # FaultError, or a transport's or provider's: still one line
            failed.append(f"{fault.label}: {exc}")
            continue
        _drop_record(site.state_dir, fault.host)
        cleared.append(fault)
    if failed:
        raise FaultError(tr("fault.not-cleared", what="; ".join(failed)))
    return cleared


def _make(site: Site, host: Host, fault: ActiveFault) -> int | None:
    provider = site.provider
    means = provider.fault_means()
    if fault.kind == "stop":
        provider.service(host.name, "stop")
    elif fault.kind == "hang":
        means.freeze(host, True)
    elif fault.kind in ("error", "slow"):
        _snippet(site, host, _snippet_text(site, host, fault))
        provider.service(host.name, "restart")  # configtest first: a refusal changes nothing
    elif fault.kind == "flap":
        return _spawn_flapper(site, fault)
    elif fault.kind == "drop":
        means.drop(host, _balancer_address(site), True)
    return None


def _undo(site: Site, host: Host, fault: ActiveFault, *, settle: bool = True) -> None:
    provider = site.provider
    means = provider.fault_means()
    if fault.kind == "hang":
        means.freeze(host, False)
    elif fault.kind in ("error", "slow"):
        _snippet(site, host, None)
        provider.service(host.name, "restart")
    elif fault.kind == "flap":
        _end_flapper(site, fault)
    elif fault.kind == "drop":
        means.drop(host, _balancer_address(site), False)
    if settle:
        provider.service(host.name, "start")  # every fault ends with the server serving


def _balancer_address(site: Site) -> str:
    return site.provider.lab.loadbalancer.address


def _snippet_text(site: Site, host: Host, fault: ActiveFault) -> str:
    head = (
        f"# labctl fault {fault.label}: made by labctl on this server, removed by "
        "`labctl fault clear` (the balancer's files are never touched)\n"
    )
    if fault.kind == "error":
        # mod_alias: a status outside 3xx takes no URL; Apache answers it for every path.
        return head + f"Redirect {fault.arg} /\n"
    module = site.provider.fault_means().module(host, "ext_filter")
    return head + (
        "<IfModule !ext_filter_module>\n"
        f"    LoadModule ext_filter_module {module}\n"
        "</IfModule>\n"
        # Every response body goes through `sleep; cat`: the reply leaves after SECONDS. Not
        # for HEAD, the service's own "does httpd answer" probe (labctl/net.py answers_http),
        # so a restart still knows httpd is up. THE_REQUEST: with REQUEST_METHOD a HEAD of
        # "/" was still delayed (measured: mod_dir serves it through index.html).
        f"ExtFilterDefine labctl_slow mode=output cmd=\"/bin/sh -c 'sleep {fault.arg}; "
        "exec cat'\"\n"
        '<If "%{THE_REQUEST} !~ m#^HEAD #">\n'
        "    SetOutputFilter labctl_slow\n"
        "</If>\n"
    )


def _snippet(site: Site, host: Host, text: str | None) -> None:
    """Writes (or, with None, removes) labctl's own *.conf on ``host`` through its transport."""
    import shlex

    path = shlex.quote(site.provider.fault_means().snippet(host))
    transport = site.provider.transport(host)
    if text is None:
        done = transport.run(f"rm -f {path}", sudo=True, timeout=30)
    else:
        done = transport.run(f"cat > {path}.tmp && mv {path}.tmp {path}", sudo=True, stdin=text)
    if not done.ok:
        raise FaultError(Message("err.at", where=f"{host.name}: {path}", message=done.tail(1)))


# --- flap: a detached labctl process ------------------------------------------------------


def _spawn_flapper(site: Site, fault: ActiveFault) -> int:
    root = site.state_dir.root
    site.state_dir.logs.mkdir(exist_ok=True)
    with open(site.state_dir.logs / f"flap-{fault.host}.log", "ab") as log:
        child = subprocess.Popen(
            [sys.executable, "-m", FLAPPER, str(root), fault.host, str(fault.arg)],
            stdin=subprocess.DEVNULL, stdout=log, stderr=log, cwd=root.parent,
            start_new_session=True,  # a Ctrl-C in the terminal is not the flapper's
        )  # fmt: skip
    # Popen may return before /proc shows the new command line (measured: about one run in
    # three under pytest): until it does, `clear` could not prove the pid is the flapper.
    deadline = time.monotonic() + 10
    while not is_flapper(child.pid, str(root), fault.host):
        if child.poll() is not None or time.monotonic() > deadline:
            log_path = site.state_dir.logs / f"flap-{fault.host}.log"
            raise FaultError(Message("fault.flapper-not-started", host=fault.host, log=log_path))
        time.sleep(0.005)
    return child.pid


def is_flapper(pid: int, root: str, host: str) -> bool:
    """``pid`` is this lab's flapper of ``host``: ours, and its command line says so."""
    found = procs.find(pid)
    if found is None or found.uid != os.geteuid():
        return False
    argv = list(found.argv)
    return FLAPPER in argv and root in argv and host in argv


def _end_flapper(site: Site, fault: ActiveFault) -> None:
    root = str(site.state_dir.root)
    if fault.pid is None or not is_flapper(fault.pid, root, fault.host):
        return  # gone already (it also ends by itself once its record is gone)
    os.kill(fault.pid, signal.SIGTERM)
    deadline = time.monotonic() + 60  # a stop or start of a VM's httpd in progress
    while is_flapper(fault.pid, root, fault.host):
        if time.monotonic() > deadline:
            os.kill(fault.pid, signal.SIGKILL)
            break
        time.sleep(0.02)
    _reap(fault.pid)


def _reap(pid: int) -> None:
    with contextlib.suppress(ChildProcessError):  # our own child (tests): no zombie left
        os.waitpid(pid, os.WNOHANG)
