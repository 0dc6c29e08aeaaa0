"""Helpers for the tests of the Vagrant path that boot no VM: the repository's Vagrantfile, a
lab.json for it, the environment labctl gives `vagrant`, and the loopback-only guard."""

from __future__ import annotations

import os
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from labctl.lab import VagrantSettings, default_lab
from labctl.state import LabState, StateDir

REPO = Path(__file__).resolve().parents[1]
VAGRANTFILE = REPO / "Vagrantfile"
HAVE_VAGRANT = shutil.which("vagrant") is not None
needs_vagrant = pytest.mark.skipif(not HAVE_VAGRANT, reason="the vagrant CLI is not installed")


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LABCTL_NETWORK_ALLOW", "127.0.0.0/8")


def write_lab_json(root: Path, lab_subnet: str = "10.20.30.0/24", **vagrant: object) -> Path:
    """A vagrant lab's .labctl/lab.json under ``root`` (VagrantSettings overridden by
    ``vagrant``); its state directory."""
    lab = default_lab().with_subnet(lab_subnet)
    lab = replace(lab, vagrant=replace(VagrantSettings(), **vagrant))  # type: ignore[arg-type]
    sd = StateDir(root / ".labctl")
    sd.save(LabState(lab, "vagrant"))
    return sd.root


def vagrant_env(project: Path, state_root: Path | None) -> dict[str, str]:
    """The environment labctl runs `vagrant` with for a lab in ``project``."""
    env = {
        **os.environ,
        "VAGRANT_VAGRANTFILE": str(VAGRANTFILE),
        "VAGRANT_DOTFILE_PATH": str(project / ".labctl" / "vagrant"),
        "VAGRANT_CHECKPOINT_DISABLE": "1",
    }
    env.pop("LABCTL_STATE_DIR", None)
    if state_root is not None:
        env["LABCTL_STATE_DIR"] = str(state_root)
    return env
