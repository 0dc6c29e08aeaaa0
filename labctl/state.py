"""The .labctl/ directory of a working directory, like Vagrant's .vagrant/.

lab.json      the resolved lab, the provider and its facts (the Vagrantfile reads it too)
credentials   the balancer-manager user and password, mode 0600
logs/         per-host logs (provisioning output, SSH sessions)
hosts/        the embedded lab's server roots (or a link to them, see providers/local.py)
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
import stat
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from labctl.errors import Message, StateError
from labctl.lab import Host, Lab, LocalSettings, Stage, VagrantSettings

STATE_DIR = ".labctl"
FORMAT = 1


@dataclass
class LocalFacts:
    """What the embedded lab decided at its first `up` and must keep."""

    id: str | None = None  # this lab's identity, named in its tree (copies are recognised)
    subnet: str | None = None  # the loopback subnet chosen (a shared machine may move it)
    port: int | None = None
    tree: str | None = None  # where the running httpd were started from (a lab may be moved)


@dataclass
class VagrantFacts:
    """What the VM lab learned from Vagrant and the guests, so it is asked once."""

    family: dict[str, str] = field(default_factory=dict)  # host -> centos7 | el | debian
    ssh_config: dict[str, str] = field(default_factory=dict)  # host -> `vagrant ssh-config`


Facts = LocalFacts | VagrantFacts
_FACTS: dict[str, type[LocalFacts] | type[VagrantFacts]] = {
    "local": LocalFacts,
    "vagrant": VagrantFacts,
}


def facts_for(provider: str, data: dict[str, Any] | None = None) -> Facts:
    """The provider's facts from lab.json's object (keys of older labctls are left out)."""
    kind = _FACTS.get(provider, LocalFacts)
    known = {f.name for f in fields(kind)}
    return kind(**{k: v for k, v in (data or {}).items() if k in known})


@dataclass
class LabState:
    """What `up` decided, so later commands act on the same lab."""

    lab: Lab
    provider: str
    stage: Stage = "full"
    facts: Facts = field(default_factory=LocalFacts)  # the provider's own, typed
    # sha256 of the lab.toml the lab was made from ("" when there was none; None: not known,
    # a lab of an older labctl). A later command compares it with lab.toml now.
    settings: str | None = None
    exercise: str | None = None  # `labctl exercise start NAME` / `reset --exercise NAME`


def settings_digest(lab_toml: Path) -> str:
    """What identifies the settings a lab was brought up with: lab.toml's bytes."""
    try:
        return hashlib.sha256(lab_toml.read_bytes()).hexdigest()
    except FileNotFoundError:
        return ""
    except OSError:
        return "unreadable"


def find_lab(start: Path | None = None) -> StateDir | None:
    """The lab of ``start`` (the working directory) or of its nearest parent, as git finds a
    repository: students run commands from where they edit (conf.d/, deep inside the lab)."""
    here = (start or Path.cwd()).absolute()
    for directory in (here, *here.parents):
        if directory != here and _open_to_all(directory):
            # Anyone may have put a .labctl/ in /tmp or another world-writable directory above
            # here: not a lab to act on unasked (as git, CVE-2022-24765). Run from that directory
            # itself, its lab is found (and check_owner says whose it is).
            continue
        candidate = StateDir(directory / STATE_DIR)
        if candidate.exists():
            return candidate
        # The root of a server-root tree kept outside the lab (root's labs, see local.py)
        # names the lab it belongs to.
        marker = directory / TREE_MARKER
        if marker.is_file() and not marker.is_symlink():
            try:
                owner = StateDir(Path(marker.read_text(encoding="utf-8").splitlines()[0]))
            except (OSError, UnicodeDecodeError, ValueError, IndexError):
                continue
            if owner.exists():
                return owner
    return None


TREE_MARKER = ".labctl-lab"


def _open_to_all(directory: Path) -> bool:
    """Every user may create files in ``directory`` (/tmp, a shared drop folder)."""
    try:
        return _has_modes and bool(directory.stat().st_mode & stat.S_IWOTH)
    except OSError:
        return False


class StateDir:
    def __init__(self, root: Path | None = None) -> None:
        self.root = (root if root is not None else Path.cwd() / STATE_DIR).absolute()

    @property
    def project(self) -> Path:
        """The lab's directory: where lab.toml is and where `labctl up` ran."""
        return self.root.parent

    @property
    def lab_toml(self) -> Path:
        return self.project / "lab.toml"

    @property
    def lab_json(self) -> Path:
        return self.root / "lab.json"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    def exists(self) -> bool:
        try:
            return self.lab_json.exists()
        except PermissionError:
            return True  # a lab, of another user: check_owner() says whose

    def make(self) -> None:
        """The directory, private to its owner: it holds the student's solution and secrets."""
        self.root.mkdir(mode=0o700, parents=True, exist_ok=True)
        if _has_modes:
            self.root.chmod(0o700)

    def owner(self) -> str | None:
        """The user who owns this lab, when it is not the user running labctl."""
        if not _has_modes:
            return None
        try:
            uid = self.root.lstat().st_uid
        except OSError:
            return None
        if uid == os.geteuid():
            return None
        import pwd

        try:
            return pwd.getpwuid(uid).pw_name
        except KeyError:
            return f"uid {uid}"

    def check_owner(self) -> None:
        """One line, before anything is read: a lab is run by its owner only (a classmate's
        lab is not yours to stop or read; root running it would run the student's files with
        root's rights)."""
        owner = self.owner()
        if owner is None:
            return
        key = "state.belongs-root" if os.geteuid() == 0 else "state.belongs"
        raise StateError(Message(key, owner=owner, project=self.project))

    def save(self, state: LabState) -> None:
        self.make()
        data = {
            "format": FORMAT,
            "provider": state.provider,
            "stage": state.stage,
            "settings": state.settings,
            "exercise": state.exercise,
            "lab": state.lab.to_dict(),
            "facts": asdict(state.facts),
        }
        tmp = self.lab_json.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        os.replace(tmp, self.lab_json)

    def load(self) -> LabState:
        if not self.exists():
            raise StateError(Message("err.no-lab-json"))
        try:
            data = json.loads(self.lab_json.read_text(encoding="utf-8"))
            if data.get("format") != FORMAT:
                raise ValueError(f"format {data.get('format')!r}")
            raw = data["lab"]
            # labctl 0.1.0 wrote these two as "provider" (the hypervisor: Vagrant's word).
            vagrant = dict(raw["vagrant"])
            if "provider" in vagrant:
                vagrant["hypervisor"] = vagrant.pop("provider")
            lab = Lab(
                hosts=tuple(Host(**h) for h in raw["hosts"]),
                subnet=raw["subnet"],
                requested_provider=raw.get("requested_provider", raw.get("provider")),
                balancer=raw["balancer"],
                lbmethod=raw["lbmethod"],
                manager_user=raw["manager_user"],
                local=LocalSettings(**raw["local"]),
                vagrant=VagrantSettings(**vagrant),
            )
            if not isinstance(data["facts"], dict):
                raise ValueError("facts is not an object")
            return LabState(
                lab,
                data["provider"],
                data.get("stage", "full"),
                facts_for(data["provider"], data["facts"]),
                data.get("settings"),
                data.get("exercise"),
            )
        except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError) as exc:
            raise StateError(Message("err.lab-json-damaged", path=self.lab_json, why=exc)) from exc
        except OSError as exc:
            raise StateError(
                Message("err.cannot-read", path=self.lab_json, why=exc.strerror)
            ) from exc

    # --- the manager's credentials -------------------------------------------------------

    @property
    def credentials_file(self) -> Path:
        return self.root / "credentials"

    def password(self, lab: Lab) -> str:
        """The manager password of this lab: lab.toml's, else one generated at the first `up`,
        kept in a file of its own (0600) so that every later command uses the same."""
        path = self.credentials_file
        if lab.manager_password:
            self.keep_password(lab.manager_password)
            return lab.manager_password
        if path.is_symlink():
            raise StateError(Message("err.secret-link", path=path))
        if path.exists():
            if _has_modes and path.stat().st_mode & 0o077:
                path.chmod(0o600)  # widened by hand or by a copy: the secret is the owner's
            return path.read_text(encoding="utf-8").strip()
        password = secrets.token_urlsafe(12)
        self.keep_password(password)
        return password

    def keep_password(self, password: str) -> None:
        self.make()
        path = self.credentials_file
        try:
            if path.read_text(encoding="utf-8").strip() == password:
                return
        except OSError:
            pass
        # Written 0600 from the start and swapped in: the secret is never readable by others,
        # even briefly, and an interrupted write leaves the old one.
        tmp = path.with_name(".credentials.tmp")
        tmp.unlink(missing_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(password + "\n")
        os.replace(tmp, path)

    def remove(self) -> None:
        if self.root.is_symlink():  # a .labctl/ linked to another lab's: the link alone
            self.root.unlink()
            return
        shutil.rmtree(self.root, ignore_errors=True)


_has_modes = hasattr(os, "geteuid")  # POSIX; Windows has no owners or modes to keep
