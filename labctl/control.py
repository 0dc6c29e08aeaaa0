"""The operations behind the commands: open the lab of this directory, bring it up, run
scenarios, read its status. The CLI only parses arguments and renders what these return."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from labctl.errors import ConfigError, LabctlError, StateError
from labctl.lab import Lab, load_lab
from labctl.providers import provider_for
from labctl.providers.base import HostStatus, Provider, Say, Stage
from labctl.shield import uninterruptible
from labctl.state import LabState, StateDir

if TYPE_CHECKING:
    from labctl.scenarios.base import Check, ScenarioResult


@dataclass
class OpenLab:
    state_dir: StateDir
    state: LabState
    provider: Provider

    @property
    def lab(self) -> Lab:
        return self.state.lab

    def credentials(self) -> tuple[str, str]:
        return self.lab.manager_user, self.state_dir.password(self.lab)


def open_lab(state_dir: StateDir | None = None) -> OpenLab:
    """The lab `labctl up` made in this directory."""
    sd = state_dir or StateDir()
    state = sd.load()
    return OpenLab(sd, state, provider_for(state, sd))


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
    sd = state_dir or StateDir()
    lab = load_lab(lab_file, subnet=subnet)
    if box is not None:  # `labctl up --box FILE`: the classroom's own box (labctl.boxes)
        from labctl.boxes import use_box

        lab = use_box(lab, box, say)
    fresh = not sd.exists()
    if not fresh:
        previous = sd.load()
        chosen = provider or lab.provider or previous.provider
        if chosen != previous.provider:
            raise StateError(
                f"this directory's lab runs on the {previous.provider} provider: "
                f"`labctl destroy` it before `labctl up --provider {chosen}`"
            )
        facts = previous.facts
    else:
        if provider is not None and provider not in ("local", "vagrant"):
            raise ConfigError(f"--provider must be local or vagrant, not '{provider}'")
        from labctl.doctor import choose_provider

        chosen = choose_provider(lab, provider, say=say)
        facts = {}
    state = LabState(lab, chosen, stage, dict(facts))
    opened = OpenLab(sd, state, provider_for(state, sd))
    try:
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
    from labctl.scenarios import REGISTRY, LabDriver, run_scenario

    if opened.state.stage != "full":
        raise StateError(
            f"the lab is at stage '{opened.state.stage}': the scenarios need the full lab "
            "(`labctl up --stage full`), or use `labctl verify` to check your own configuration"
        )
    chosen = list(REGISTRY) if list(names) in ([], ["all"]) else list(dict.fromkeys(names))
    unknown = [n for n in chosen if n not in REGISTRY]
    if unknown:
        raise ConfigError(f"unknown scenario '{unknown[0]}' (known: {', '.join(REGISTRY)}, all)")
    # The scenarios start from the whole lab running; a host stopped by hand would make every
    # check fail for a reason that is not the tutorial's.
    stopped = [h.name for h in opened.provider.status() if not h.running]
    if stopped:
        raise StateError(
            f"httpd is stopped on {', '.join(stopped)}: the scenarios start from the whole lab "
            f"running (`labctl start {stopped[0]}`)"
        )
    results = []
    driver = LabDriver(opened.provider, opened.credentials())
    try:
        for name in chosen:
            results.append(run_scenario(REGISTRY[name], driver, on_check))
    finally:
        driver.close()
    return results


@dataclass
class StatusReport:
    provider: str
    stage: str
    hosts: list[HostStatus]
    members: list[dict[str, str]] = field(default_factory=list)
    manager_error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "provider": self.provider,
            "stage": self.stage,
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
        }


def status(opened: OpenLab) -> StatusReport:
    from labctl.probe import Probe

    hosts = opened.provider.status()
    report = StatusReport(opened.state.provider, opened.state.stage, hosts)
    lb = next(h for h in hosts if h.role == "balancer")
    if not lb.running:
        report.manager_error = "the load balancer is stopped"
        return report
    probe = Probe(lb.address, lb.port)
    try:
        page = probe.manager(opened.credentials())
    except LabctlError as exc:
        report.manager_error = str(exc)
    else:
        if page.status != 200:
            report.manager_error = f"/balancer-manager answered {page.status}"
        report.members = [
            {"url": m.url, "status": m.status, "state": m.state} for m in page.members
        ]
    finally:
        probe.close()
    return report


def destroy(state_dir: StateDir | None = None) -> str:
    """Remove the lab of this directory; with a lost or damaged lab.json, by its paths."""
    sd = state_dir or StateDir()
    if not sd.root.exists():
        return "nothing to destroy here"
    try:
        opened = open_lab(sd) if sd.exists() else None
    except StateError:
        opened = None
    if opened is not None:
        opened.provider.destroy()
        sd.remove()
        return "lab destroyed"
    vagrant_dir = sd.root / "vagrant"
    if any(vagrant_dir.glob("machines/*/*/id")):
        raise StateError(
            f"{sd.lab_json} is unreadable but VMs of this lab exist: "
            f"`VAGRANT_DOTFILE_PATH={vagrant_dir} vagrant destroy -f`, then `labctl destroy`"
        )
    from labctl.providers.local import remove_unknown_lab

    remove_unknown_lab(sd.root)
    sd.remove()
    return "lab destroyed (its lab.json was unreadable: removed by its paths)"
