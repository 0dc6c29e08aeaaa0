"""The .labctl/ directory of a working directory, like Vagrant's .vagrant/.

lab.json      the resolved lab, the provider and its facts (the Vagrantfile reads it too)
credentials   the balancer-manager user and password, mode 0600
logs/         per-host logs (provisioning output, SSH sessions)
hosts/        the embedded lab's server roots (or a link to them, see providers/local.py)
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from labctl.errors import StateError
from labctl.lab import Host, Lab, LocalSettings, VagrantSettings

STATE_DIR = ".labctl"
FORMAT = 1


@dataclass
class LabState:
    """What `up` decided, so later commands act on the same lab."""

    lab: Lab
    provider: str
    stage: str = "full"
    facts: dict[str, Any] = field(default_factory=dict)  # provider-specific (ports, paths...)


class StateDir:
    def __init__(self, root: Path | None = None) -> None:
        self.root = (root if root is not None else Path.cwd() / STATE_DIR).absolute()

    @property
    def lab_json(self) -> Path:
        return self.root / "lab.json"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    def exists(self) -> bool:
        return self.lab_json.exists()

    def save(self, state: LabState) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        data = {
            "format": FORMAT,
            "provider": state.provider,
            "stage": state.stage,
            "lab": state.lab.to_dict(),
            "facts": state.facts,
        }
        tmp = self.lab_json.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        os.replace(tmp, self.lab_json)

    def load(self) -> LabState:
        if not self.exists():
            raise StateError("no lab here yet: run `labctl up` first (no .labctl/lab.json)")
        try:
            data = json.loads(self.lab_json.read_text(encoding="utf-8"))
            if data.get("format") != FORMAT:
                raise ValueError(f"format {data.get('format')!r}")
            raw = data["lab"]
            lab = Lab(
                hosts=tuple(Host(**h) for h in raw["hosts"]),
                subnet=raw["subnet"],
                provider=raw["provider"],
                balancer=raw["balancer"],
                lbmethod=raw["lbmethod"],
                manager_user=raw["manager_user"],
                local=LocalSettings(**raw["local"]),
                vagrant=VagrantSettings(**raw["vagrant"]),
                source=raw["source"],
            )
            return LabState(lab, data["provider"], data.get("stage", "full"), data["facts"])
        except (ValueError, KeyError, TypeError) as exc:
            raise StateError(
                f"{self.lab_json} is damaged or from another labctl ({exc}); "
                "run `labctl destroy` and `labctl up` again"
            ) from exc

    # --- the manager's credentials -------------------------------------------------------

    @property
    def credentials_file(self) -> Path:
        return self.root / "credentials"

    def password(self, lab: Lab) -> str:
        """The manager password: lab.toml's, else the one generated at the first `up`."""
        if lab.manager_password:
            return lab.manager_password
        path = self.credentials_file
        if path.exists():
            return path.read_text(encoding="utf-8").strip()
        self.root.mkdir(parents=True, exist_ok=True)
        password = secrets.token_urlsafe(12)
        # Created 0600 from the start: the secret is never readable by others, even briefly.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(password + "\n")
        return password

    def remove(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)
