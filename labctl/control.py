"""The operations behind the commands: open the lab of this directory, bring it up, run
scenarios, read its status. The CLI only parses arguments and renders what these return."""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from labctl import faults, lock
from labctl.errors import ConfigError, LabCopied, LabctlError, Message, StateError
from labctl.faults import ActiveFault
from labctl.i18n import tr
from labctl.lab import Action, Lab, Stage, check_provider_flag, load_lab
from labctl.providers.base import HostStatus, Provider, Say
from labctl.shield import uninterruptible
from labctl.state import LabState, StateDir, facts_for, find_lab, settings_digest

if TYPE_CHECKING:
    from labctl.exercises.base import Exercise
    from labctl.i18n import Lang
    from labctl.scenarios.base import Check, ScenarioResult
    from labctl.verify import VerifyResult


def provider_for(state: LabState, state_dir: StateDir) -> Provider:
    """The provider that runs ``state``'s lab; imported lazily (paramiko is slow to import)."""
    if state.provider == "local":
        from labctl.providers.local import LocalProvider

        return LocalProvider(state, state_dir, lambda: state_dir.save(state))
    if state.provider == "vagrant":
        from labctl.providers.vagrant import VagrantProvider

        return VagrantProvider(state, state_dir, lambda: state_dir.save(state))
    raise ConfigError(Message("err.unknown-provider", provider=state.provider))


@dataclass
class OpenLab:
    """A lab opened for one command: where its state lives (.labctl/), what lab.json says, and
    the provider that runs it. Every command of the CLI works on one."""

    state_dir: StateDir
    state: LabState
    provider: Provider

    @property
    def lab(self) -> Lab:
        return self.state.lab

    def credentials(self) -> tuple[str, str]:
        return self.lab.manager_user, self.state_dir.password(self.lab)


def locate(say: Say | None = None) -> StateDir:
    """The lab of the working directory or of its nearest parent; says which when it is not
    the working directory itself (a student in conf.d/ acts on the lab around it)."""
    found = find_lab()
    if found is None:
        raise StateError(Message("state.no-lab", where=Path.cwd()))
    _announce(found, say)
    return found


def _announce(sd: StateDir, say: Say | None) -> None:
    """Says which lab a command acts on when it is not the working directory's own (a student
    in conf.d/ acts on the lab around it; `destroy` there removes that lab)."""
    if say is not None and sd.project != Path.cwd().absolute():
        say(tr("cmd.lab-in", project=sd.project))


def open_lab(
    state_dir: StateDir | None = None, *, say: Say | None = None, settings: bool = True
) -> OpenLab:
    """The lab `labctl up` made here (or above here), as its owner only; with ``settings``,
    refused when lab.toml was changed since, so no command runs half on old settings."""
    sd = state_dir or locate(say)
    sd.check_owner()
    state = sd.load()
    if settings:
        _check_settings(sd, state)
    return OpenLab(sd, state, provider_for(state, sd))


@contextmanager
def session(
    command: str, *, say: Say, settings: bool = True, state_dir: StateDir | None = None
) -> Iterator[OpenLab]:
    """The lab for a command that changes it: locked for this command alone, and first put
    back together if a command before was killed half-way (see `journal`)."""
    sd = state_dir or locate(say)
    sd.check_owner()
    with lock.hold(sd.root, command):
        opened = open_lab(sd, settings=settings)
        recover(opened, say)
        yield opened


JOURNAL = "restore.json"


@contextmanager
def journal(opened: OpenLab, command: str, *, stage: Stage | None = None) -> Iterator[None]:
    """While ``command`` changes the lab, what it must come back to is on disk: a labctl killed
    meanwhile (SIGKILL, a closed laptop) leaves it for the next command (`recover`). Commands
    that break the lab on purpose keep each host's state as found; `up` and `reset` keep the
    stage they were bringing the lab to."""
    path = opened.state_dir.root / JOURNAL
    entry: dict[str, object] = {"command": command}
    if stage is not None:
        entry["stage"] = stage
    else:
        entry["running"] = {h.name: h.running for h in opened.provider.status()}
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(entry), encoding="utf-8")
    os.replace(tmp, path)
    try:
        yield
    finally:
        path.unlink(missing_ok=True)


def recover(opened: OpenLab, say: Say) -> None:
    """Put back a lab that a killed command left half-way: brought to the stage an `up` or a
    `reset` was making, or each httpd running or stopped as a scenario or verify found it, with
    the balancer restarted so that no member stays in error."""
    path = opened.state_dir.root / JOURNAL
    _recover_faults(opened, crashed=path.exists(), say=say)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        command = str(data["command"])
        stage = data.get("stage")
        found = {str(k): bool(v) for k, v in data.get("running", {}).items()}
        if stage not in (None, "base", "full"):
            raise ValueError(stage)
    except FileNotFoundError:
        return
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        path.unlink(missing_ok=True)  # a journal cut short: nothing was changed yet
        return
    say(tr("cmd.recovering", command=command))
    with uninterruptible():
        if stage is not None:
            opened.provider.up(stage=stage, say=say)
            opened.provider.service(opened.lab.loadbalancer.name, "restart")
            opened.state.stage = stage
            opened.state_dir.save(opened.state)
        else:
            now = {h.name: h.running for h in opened.provider.status()}
            for name, running in found.items():
                if name in now and running != now[name]:
                    opened.provider.service(name, "start" if running else "stop")
            lb = opened.lab.loadbalancer.name
            if found.get(lb):
                opened.provider.service(lb, "restart")
        path.unlink(missing_ok=True)


def _recover_faults(opened: OpenLab, *, crashed: bool, say: Say) -> None:
    """Faults a killed labctl was applying, and - when a scenario was killed - the faults
    it had made: cleared before anything else (a frozen httpd cannot be stopped)."""
    stale = [
        f for f in faults.active(opened.state_dir) if f.applying or (crashed and f.by != "user")
    ]
    for fault in stale:
        say(tr("fault.recovering", label=fault.label))
        faults.clear(opened, fault.host)


def service(opened: OpenLab, host: str, action: Action, say: Say) -> None:
    """`labctl stop|start|restart HOST`: the user takes the service over, so a fault on HOST
    is cleared first (said): a flapper would undo the command, a record would lie."""
    name = opened.lab.host(host).name
    for fault in faults.clear(opened, name):
        say(tr("fault.cleared", label=fault.label))
    opened.provider.service(name, action)


def down(opened: OpenLab) -> None:
    """`labctl down` / `halt`: faults cleared (a flapper would start a server again), then
    every host stopped."""
    faults.clear(opened)
    opened.provider.down()


def reset(opened: OpenLab, stage: Stage, say: Say, exercise: Exercise | None = None) -> Path | None:
    """`labctl reset`: faults cleared, the student's files kept aside, the lab back to
    ``stage``; with ``exercise`` (stage full), that exercise's reference solution on the
    balancer."""
    from labctl.exercises.base import install_solution
    from labctl.reset import reset as reset_lab

    faults.clear(opened)
    with journal(opened, "reset", stage=stage):
        backup = reset_lab(opened, stage, say)
        if exercise is not None:
            install_solution(opened, exercise)
        opened.state.stage = stage
        opened.state.exercise = exercise.name if exercise is not None else None
        opened.state_dir.save(opened.state)
        return backup


def start_exercise(opened: OpenLab, exercise: Exercise, say: Say) -> Path | None:
    """`labctl exercise start NAME`: the lab at the exercise's starting point (the tutorial
    solved), the student's files backed up as `reset` does; the exercise is remembered."""
    backup = reset(opened, exercise.start, say)
    opened.state.exercise = exercise.name
    opened.state_dir.save(opened.state)
    return backup


def _check_settings(sd: StateDir, state: LabState) -> None:
    if state.settings is None or state.settings == settings_digest(sd.lab_toml):
        return
    raise StateError(Message("state.settings-changed", lab_toml=sd.lab_toml))


# Settings `up` can apply to a running lab by rendering its files again; any other change
# needs a new lab.
_APPLIABLE = ("balancer", "lbmethod", "manager_user", "manager_password")


def _refuse_new_place(before: Lab, after: Lab, lab_toml: Path) -> None:
    old = {k: v for k, v in before.to_dict().items() if k not in _APPLIABLE}
    new = {k: v for k, v in after.to_dict().items() if k not in _APPLIABLE}
    changed = sorted(k for k in old.keys() | new.keys() if old.get(k) != new.get(k))
    if changed:
        raise StateError(Message("err.place-changed", lab_toml=lab_toml, what=", ".join(changed)))


def up(
    *,
    provider: str | None,
    stage: Stage,
    subnet: str | None,
    say: Say,
    lab_file: Path | None = None,
    state_dir: StateDir | None = None,
    box: Path | None = None,
) -> OpenLab:
    sd = state_dir or find_lab() or StateDir()
    _announce(sd, say if state_dir is None else None)
    sd.check_owner()
    lab = load_lab(lab_file if lab_file is not None else sd.lab_toml, subnet=subnet)
    if box is not None:  # `labctl up --box FILE`: the classroom's own box (labctl.boxes)
        from labctl.boxes import use_box

        lab = use_box(lab, box, say)
    sd.make()
    with lock.hold(sd.root, "up"):
        return _up(sd, lab, provider, stage, say, lab_file)


def _up(
    sd: StateDir, lab: Lab, provider: str | None, stage: Stage, say: Say, lab_file: Path | None
) -> OpenLab:
    lab_toml = lab_file if lab_file is not None else sd.lab_toml
    fresh = not sd.exists()
    if not fresh:
        previous = sd.load()
        recover(OpenLab(sd, previous, provider_for(previous, sd)), say)
        chosen = provider or lab.requested_provider or previous.provider
        if chosen != previous.provider:
            raise StateError(
                Message("err.other-provider", provider=previous.provider, chosen=chosen)
            )
        _refuse_new_place(previous.lab, lab, lab_toml)
        facts = previous.facts
    else:
        check_provider_flag(provider)
        from labctl.doctor import choose_provider

        chosen = choose_provider(lab, provider, say=say)
        facts = facts_for(chosen)
    state = LabState(lab, chosen, stage, facts, settings_digest(lab_toml))
    opened = OpenLab(sd, state, provider_for(state, sd))
    try:
        with journal(opened, "up", stage=stage):
            opened.provider.up(stage=stage, say=say)
    except BaseException:
        # A first `up` that failed leaves no half-made lab behind (bad input, Ctrl-C...).
        with uninterruptible():
            if fresh and opened.provider.discard():
                sd.remove()
        raise
    sd.save(state)
    return opened


def run_scenarios(
    opened: OpenLab,
    names: Sequence[str],
    on_check: Callable[[str, Check], None] | None = None,
) -> list[ScenarioResult]:
    from labctl.scenarios import GROUPS, REGISTRY, LabDriver, run_scenario

    if opened.state.stage != "full":
        raise StateError(Message("err.scenario-stage", stage=opened.state.stage))
    # A group name stands for its scenarios: `all` (the tutorial's claims), `faults`.
    wanted = list(names) or ["all"]
    chosen = list(
        dict.fromkeys(
            n for name in wanted
            for n in ([s.name for s in REGISTRY.values() if s.group == name]
                      if name in GROUPS else [name])
        )
    )  # fmt: skip
    unknown = [n for n in chosen if n not in REGISTRY]
    if unknown:
        known = ", ".join([*REGISTRY, *GROUPS])
        raise ConfigError(Message("err.unknown-scenario", name=unknown[0], known=known))
    # The scenarios start from the whole lab running; a host stopped by hand would make every
    # check fail for a reason that is not the tutorial's.
    refuse_faults(opened)
    stopped = [h.name for h in opened.provider.status() if not h.running]
    if stopped:
        raise StateError(
            Message("err.scenario-stopped", hosts=", ".join(stopped), first=stopped[0])
        )
    results = []
    driver = LabDriver(opened.provider, opened.credentials(), state_dir=opened.state_dir)
    try:
        with journal(opened, "scenario"):
            for name in chosen:
                results.append(run_scenario(REGISTRY[name], driver, on_check))
    finally:
        driver.close()
    return results


def refuse_faults(opened: OpenLab) -> None:
    """Scenarios and verify start from a healthy lab: a fault a user applied would fail
    checks for a reason that is not the configuration's."""
    for fault in faults.active(opened.state_dir):
        raise StateError(tr("fault.faulted", host=fault.host, label=fault.label))


def verify_lab(
    opened: OpenLab,
    credentials: tuple[str, str],
    *,
    lang: Lang,
    on_check: Callable[[Check], None] | None = None,
    exercise: Exercise | None = None,
) -> VerifyResult:
    """`labctl verify [--exercise NAME]` on this lab: it stops servers (and applies faults)
    on purpose, so it runs journaled."""
    from labctl.exercises.base import run
    from labctl.verify import verify

    refuse_faults(opened)
    with journal(opened, "verify"):
        if exercise is not None:
            return run(
                opened.provider, credentials, exercise, lang=lang, on_check=on_check, site=opened
            )
        return verify(opened.provider, credentials, lang=lang, on_check=on_check)


def verify_as_owner(
    sd: StateDir,
    owner: str,
    *,
    lang: Lang,
    user: str | None,
    password: str | None,
    exercise: str | None = None,
) -> VerifyResult:
    """`labctl verify` of a lab that belongs to another user, run as that user: root grading a
    class never runs a student's files (a piped ErrorLog, a link, a forged pid file) with
    root's rights. The child is this same labctl, in the lab's directory, with the owner's ids
    and groups only."""
    import pwd
    import subprocess
    import sys

    from labctl.scenarios.base import ScenarioResult
    from labctl.verify import VerifyResult

    account = pwd.getpwnam(owner)
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": account.pw_dir}
    for name in ("LANG", "LC_ALL", "LABCTL_NETWORK_ALLOW"):
        if name in os.environ:
            env[name] = os.environ[name]
    if password is not None:
        env["LABCTL_PASSWORD"] = password  # not on the command line, where `ps` shows it
    # -I: isolated, so nothing in the student's directory or home (a `labctl/` package there,
    # a .pth in ~/.local) is imported in place of labctl to print a grade of its own.
    argv = [sys.executable, "-I", "-m", "labctl", "verify", "--json", "--lang", lang]
    argv += ["--user", user] if user else []
    argv += ["--exercise", exercise] if exercise else []
    try:
        done = subprocess.run(
            argv, cwd=sd.project, env=env, capture_output=True, text=True, timeout=900,
            user=account.pw_uid, group=account.pw_gid, extra_groups=[], check=False,
        )  # fmt: skip
    except OSError as exc:
        raise LabctlError(
            Message("err.run-as", owner=owner, python=sys.executable, why=exc.strerror)
        ) from exc
    except subprocess.TimeoutExpired as exc:
        raise LabctlError(Message("err.run-as-timeout", owner=owner, seconds=900)) from exc
    try:
        data = json.loads(done.stdout)
        result = ScenarioResult.from_dict(data["scenarios"][0])
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        lines = done.stderr.strip().splitlines() or [
            str(Message("err.exit-status", code=done.returncode))
        ]
        # The child's one line is the reason (a lab.json pointing at a classmate's server...).
        reason = lines[-1].removeprefix("labctl: error: ")
        raise LabctlError(Message("err.run-as-failed", owner=owner, why=reason)) from exc
    return VerifyResult(result, lang, {})


@dataclass
class StatusReport:
    provider: str
    stage: str
    hosts: list[HostStatus]
    members: list[dict[str, str]] = field(default_factory=list)
    manager_error: str | None = None
    faults: list[ActiveFault] = field(default_factory=list)
    exercise: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "provider": self.provider,
            "stage": self.stage,
            "exercise": self.exercise,
            "hosts": [
                {
                    "name": h.name,
                    "role": h.role,
                    "address": h.address,
                    "port": h.port,
                    "running": h.running,
                    "detail": h.detail,
                }
                for h in self.hosts
            ],
            "members": self.members,
            "manager_error": self.manager_error,
            "faults": [f.to_dict() for f in self.faults],
        }


def status(opened: OpenLab) -> StatusReport:
    from labctl.probe import Probe

    hosts = opened.provider.status()
    report = StatusReport(opened.state.provider, opened.state.stage, hosts)
    report.exercise = opened.state.exercise
    report.faults = faults.active(opened.state_dir)
    lb = next(h for h in hosts if h.role == "balancer")
    if not lb.running:
        report.manager_error = tr("status.lb-stopped")
        return report
    probe = Probe(lb.address, lb.port)
    try:
        page = probe.manager(opened.credentials())
    except LabctlError as exc:
        report.manager_error = str(exc)
    else:
        if page.status != 200:
            report.manager_error = tr("obs.manager-answered", status=page.status)
        report.members = [
            {"url": m.url, "status": m.status, "state": m.state} for m in page.members
        ]
    finally:
        probe.close()
    return report


def destroy(state_dir: StateDir | None = None, *, say: Say | None = None) -> str:
    """Remove the lab of this directory (or above it); with a lost or damaged lab.json, by
    its paths."""
    sd = state_dir or find_lab() or StateDir()
    if not sd.root.exists():
        return tr("cmd.nothing-to-destroy")
    _announce(sd, say)
    sd.check_owner()
    with lock.hold(sd.root, "destroy"):
        return _destroy(sd)


def _destroy(sd: StateDir) -> str:
    try:
        opened = open_lab(sd, settings=False) if sd.exists() else None
        if opened is not None:
            with contextlib.suppress(LabctlError):
                # A VM that cannot be reached takes its snippet and firewall rule with it;
                # what runs here (a flapper, a frozen httpd) is ended either way.
                faults.clear(opened)
            opened.provider.destroy()
            sd.remove()
            return tr("cmd.destroyed")
    except LabCopied:
        sd.remove()  # only this copy's own state: the original's servers and files stay
        return tr("cmd.copy-removed")
    except StateError:
        pass
    vagrant_dir = sd.root / "vagrant"
    if any(vagrant_dir.glob("machines/*/*/id")):
        raise StateError(Message("err.vms-left", lab_json=sd.lab_json, vagrant_dir=vagrant_dir))
    from labctl.providers.local import remove_unknown_lab

    remove_unknown_lab(sd)
    sd.remove()
    return tr("cmd.destroyed-by-paths")
