"""A class, as `labctl verify --inventory class.toml` reads it: its labs, how they are scored,
and the row each lab's grading gives (labctl/grading.py runs it).

An entry is either a lab directory (the `.labctl/` that `labctl up` made) or a balancer URL with
the servers' addresses and SSH details (graded through labctl/providers/remote.py). Malformed
entries stop the run before anything is touched (exit 2, file:line).
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from labctl.errors import ConfigError, Message
from labctl.i18n import LANGS, Lang
from labctl.net import split_address
from labctl.providers.base import HostPaths
from labctl.provisioning import host_paths, service_command, service_template
from labctl.scenarios.base import Check
from labctl.tomlcompat import tomllib
from labctl.verify import CHECK_IDS

# CentOS 7, as the tutorial: where a student's VM keeps the files and how its httpd is driven,
# unless the entry says otherwise.
CENTOS_PATHS = host_paths("centos7")
CENTOS_SERVICE = service_template("centos7")
CENTOS_CONFIGTEST = service_command("centos7", "configtest")
_ENTRY_KEYS = {
    "label", "dir", "url", "servers", "user", "password", "ssh", "service", "configtest",
    "conf_d", "htpasswd", "error_log", "username", "email", "idnumber",
}  # fmt: skip
_URL_ONLY = ("servers", "ssh", "service", "configtest", "conf_d", "htpasswd", "error_log")
_SSH_KEYS = {"user", "key", "port", "hosts", "connect_timeout"}
_DEFAULT_KEYS = {"user", "password", "ssh", "service", "configtest"}
_TABLES = ("defaults", "grading", "points", "moodle", "lab")
# An inventory is a page of text; anything bigger (a device, a log file by mistake) is refused
# before it is read into memory.
MAX_INVENTORY_BYTES = 1 << 20
IDENTIFIERS = ("username", "email", "idnumber")


@dataclass(frozen=True)
class Entry:
    label: str
    where: str  # class.toml:LINE, for messages
    directory: Path | None = None
    url: str | None = None
    servers: dict[str, str] = field(default_factory=dict)
    user: str | None = None
    password: str | None = None
    ssh: dict[str, Any] = field(default_factory=dict)
    service: str = CENTOS_SERVICE
    configtest: str = CENTOS_CONFIGTEST
    paths: HostPaths = CENTOS_PATHS
    # How an LMS knows the student (Moodle's import maps one of these); username: the label.
    username: str | None = None
    email: str | None = None
    idnumber: str | None = None

    @property
    def source(self) -> str:
        return str(self.directory) if self.directory is not None else str(self.url)

    @property
    def identity(self) -> str:
        """Two entries with the same identity are the same lab (graded once)."""
        if self.directory is not None:
            where = self.directory
            if where.name == ".labctl":
                where = where.parent
            return f"dir:{os.path.realpath(where)}"
        parts = urlsplit(self.url or "")
        return f"url:{(parts.hostname or '').lower()}:{parts.port or 80}"

    def identifier(self, kind: str) -> str:
        return {"username": self.username or self.label, "email": self.email or ""}.get(
            kind, self.idnumber or ""
        )


@dataclass(frozen=True)
class Grading:
    """How a class is graded: points per check, per-lab time, and the Moodle columns."""

    points: dict[str, float] = field(default_factory=lambda: dict.fromkeys(CHECK_IDS, 1.0))
    lab_timeout: float = 300.0
    workers: int = 8
    lang: Lang | None = None
    moodle_identifier: str = "username"
    moodle_item: str = "Lab load balancing"
    moodle_grade_max: float = 100.0
    exercise: str | None = None  # graded on an exercise's checks (`--exercise`)

    @property
    def possible(self) -> float:
        return sum(self.points.values())

    @property
    def check_ids(self) -> tuple[str, ...]:
        return tuple(self.points)

    def for_exercise(self, exercise: str | None) -> Grading:
        """These settings for an exercise's checks, one point each."""
        if exercise is None:
            return self
        return replace(self, exercise=exercise, points=dict.fromkeys(check_ids(exercise), 1.0))


@dataclass(frozen=True)
class Inventory:
    path: Path
    entries: list[Entry]
    grading: Grading

    @property
    def known_hosts(self) -> Path:
        return self.path.with_suffix(".known_hosts")


@dataclass
class Row:
    label: str
    source: str
    error: str | None = None
    results: list[Check] = field(default_factory=list)
    points: float = 0.0
    possible: float = 0.0
    same_as: str | None = None  # another label of the same lab (graded once)
    entry: Entry | None = None

    @property
    def checks(self) -> dict[str, bool]:
        return {c.id: c.passed for c in self.results}

    @property
    def hints(self) -> dict[str, str]:
        return {c.id: c.hint for c in self.results if c.hint and not c.passed}

    @property
    def checks_passed(self) -> int:
        return sum(c.passed for c in self.results)

    @property
    def total(self) -> int:
        return len(self.results)

    @property
    def grade(self) -> float:
        """Points earned / points possible, 0..1 (possible is never 0: the inventory says so)."""
        return self.points / self.possible if self.possible else 0.0

    @property
    def ok(self) -> bool:
        return self.error is None and self.total > 0 and self.checks_passed == self.total

    @property
    def status(self) -> str:
        """passed, failed or unreachable (no check could run)."""
        if self.ok:
            return "passed"
        return "unreachable" if self.error and not self.results else "failed"

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "source": self.source,
            "passed": self.ok,
            "status": self.status,
            "score": {"passed": self.checks_passed, "total": self.total},
            "points": {"earned": self.points, "possible": self.possible},
            "grade": round(self.grade, 4),
            "error": self.error,
            "same_as": self.same_as,
            "checks": self.checks,
            "hints": self.hints,
        }


# --- reading the inventory ----------------------------------------------------------------


def read(path: Path, *, exercise: str | None = None) -> Inventory:
    """The whole inventory, checked before any lab is touched (file:line for each mistake);
    ``exercise`` (`--exercise`) wins over the inventory's [grading] exercise."""
    text = _text(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(Message("err.at", where=path, message=exc)) from exc
    headers = [
        n for n, line in enumerate(text.splitlines(), 1) if re.match(r"\s*\[\[\s*lab\s*\]\]", line)
    ]
    unknown = set(data) - set(_TABLES)
    if unknown:
        known = ", ".join(_TABLES)
        raise ConfigError(Message("inv.table", path=path, table=sorted(unknown)[0], known=known))
    defaults = data.get("defaults", {})
    if not isinstance(defaults, dict) or set(defaults) - _DEFAULT_KEYS:
        extra = sorted(set(defaults) - _DEFAULT_KEYS) if isinstance(defaults, dict) else []
        raise ConfigError(
            Message("inv.defaults", path=path, known=sorted(_DEFAULT_KEYS), got=extra)
        )
    for key in ("user", "password", "service", "configtest"):
        if key in defaults and not isinstance(defaults[key], str):
            raise ConfigError(Message("inv.string", path=path, field=key))
    if "ssh" in defaults and not isinstance(defaults["ssh"], dict):
        raise ConfigError(Message("inv.defaults-ssh", path=path, example=_SSH_DEFAULTS_TOML))
    grading = _grading(data, path, exercise)
    labs = data.get("lab", [])
    if not isinstance(labs, list) or not labs:
        raise ConfigError(Message("inv.no-labs", path=path))
    entries: list[Entry] = []
    for index, raw in enumerate(labs):
        where = f"{path}:{headers[index]}" if index < len(headers) else str(path)
        entries.append(_entry(raw, defaults, where, index + 1, path.parent))
    seen: set[str] = set()
    for e in entries:
        if e.label in seen:
            raise ConfigError(Message("inv.label-twice", where=e.where, label=e.label))
        seen.add(e.label)
    return Inventory(path, entries, grading)


def _text(path: Path) -> str:
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise ConfigError(Message("inv.not-file", path=path))
        if info.st_size > MAX_INVENTORY_BYTES:
            raise ConfigError(Message("inv.too-big", path=path, size=info.st_size))
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(Message("inv.cannot-read", path=path, why=exc.strerror)) from exc
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        byte = f"0x{raw[exc.start]:02x}"
        raise ConfigError(Message("inv.not-utf8", where=f"{path}:{line}", byte=byte)) from exc


def _grading(data: dict[str, Any], path: Path, exercise: str | None = None) -> Grading:
    def table(name: str, keys: set[str]) -> dict[str, Any]:
        value = data.get(name, {})
        if not isinstance(value, dict):
            raise ConfigError(Message("inv.table-kind", path=path, name=name))
        extra = set(value) - keys
        if extra:
            known = ", ".join(sorted(keys))
            raise ConfigError(
                Message("inv.key", path=path, name=name, field=sorted(extra)[0], known=known)
            )
        return value

    def number(name: str, key: str, value: Any, *, positive: bool = True) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ConfigError(
                Message("inv.number", path=path, name=name, field=key, got=repr(value))
            )
        if value < 0 or (positive and value == 0):
            raise ConfigError(
                Message("inv.positive", path=path, name=name, field=key, got=repr(value))
            )
        return float(value)

    settings = table("grading", {"lab_timeout", "workers", "lang", "exercise"})
    exercise = exercise or settings.get("exercise")
    if exercise is not None and not isinstance(exercise, str):
        raise ConfigError(Message("inv.exercise-type", path=path))
    ids = check_ids(exercise)
    points = dict.fromkeys(ids, 1.0)
    for key, value in table("points", set(ids)).items():
        points[key] = number("points", key, value, positive=False)
    if not sum(points.values()):
        raise ConfigError(Message("inv.no-points", path=path))
    moodle = table("moodle", {"identifier", "item", "grade_max"})
    lang = settings.get("lang")
    if lang is not None and lang not in LANGS:
        raise ConfigError(Message("inv.lang", path=path, got=repr(lang)))
    workers = settings.get("workers", Grading.workers)
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise ConfigError(Message("inv.workers", path=path))
    identifier = moodle.get("identifier", Grading.moodle_identifier)
    if identifier not in IDENTIFIERS:
        known = ", ".join(IDENTIFIERS)
        raise ConfigError(Message("inv.identifier", path=path, known=known, got=repr(identifier)))
    item = moodle.get("item", Grading.moodle_item)
    if not isinstance(item, str) or not item.strip():
        raise ConfigError(Message("inv.item", path=path))
    return Grading(
        points=points,
        lab_timeout=number("grading", "lab_timeout", settings.get("lab_timeout", 300)),
        workers=workers,
        lang=lang,
        moodle_identifier=identifier,
        moodle_item=item,
        moodle_grade_max=number("moodle", "grade_max", moodle.get("grade_max", 100)),
        exercise=exercise,
    )


# What an entry's TOML looks like, shown as it is in either language.
_SERVERS_TOML = 'servers = { server1 = "ADDRESS[:PORT]", server2 = "ADDRESS[:PORT]" }'
_SSH_TOML = "ssh = { user = ..., key = ..., port = 22 }"
_SSH_DEFAULTS_TOML = "{ user = ..., key = ... }"
_SSH_HOSTS_TOML = 'ssh.hosts = { server1 = "ADDRESS[:PORT]", ... }'
_SERVICE_FIELDS = {"action": "{action}", "host": "{host}"}


def ids_of(rows: list[Row]) -> list[str]:
    """The check ids a class's rows were graded on, in the order they ran (the tutorial's when
    no lab could be graded)."""
    ids = list(dict.fromkeys(c.id for r in rows for c in r.results))
    return ids or list(CHECK_IDS)


def check_ids(exercise: str | None) -> tuple[str, ...]:
    """The checks a class is graded on: the tutorial's, or an exercise's (labctl.exercises)."""
    if exercise is None:
        return CHECK_IDS
    from labctl.exercises import get

    return get(exercise).check_ids


def _entry(raw: Any, defaults: dict[str, Any], where: str, n: int, base: Path) -> Entry:
    label = raw.get("label") if isinstance(raw, dict) else None
    name = f"lab #{n}" + (f" '{label}'" if isinstance(label, str) else "")

    def bad(key: str, **values: object) -> ConfigError:
        return ConfigError(
            Message("err.at", where=f"{where}: {name}", message=Message(key, **values))
        )

    if not isinstance(raw, dict) or not isinstance(label, str) or not label.strip():
        raise bad("inv.label")
    extra = set(raw) - _ENTRY_KEYS
    if extra:
        raise bad("inv.field", field=sorted(extra)[0], known=", ".join(sorted(_ENTRY_KEYS)))
    for key in ("dir", "url", "user", "password", "service", "configtest", "conf_d", "htpasswd",
                "error_log", "username", "email", "idnumber"):  # fmt: skip
        if key in raw and not isinstance(raw[key], str):
            raise bad("inv.string-not", field=key, got=repr(raw[key]))
    if ("dir" in raw) == ("url" in raw):
        raise bad("inv.dir-or-url")
    merged = {k: raw.get(k, defaults.get(k)) for k in ("user", "password", "service", "configtest")}
    common: dict[str, Any] = {
        "label": label,
        "where": where,
        "user": merged["user"],
        "password": merged["password"],
        "username": raw.get("username"),
        "email": raw.get("email"),
        "idnumber": raw.get("idnumber"),
    }
    if "dir" in raw:
        stray = [k for k in _URL_ONLY if k in raw]
        if stray:
            raise bad("inv.url-only", field=stray[0])
        directory = (base / Path(raw["dir"]).expanduser()).absolute()
        return Entry(directory=directory, **common)
    url = raw["url"]
    parts = urlsplit(url)
    try:
        parts.port  # noqa: B018 - raises on a port that is not a number (8O)
    except ValueError:
        raise bad("inv.port", what=f"url '{url}'") from None
    if parts.scheme != "http" or not parts.hostname:
        raise bad("inv.url", url=url)
    servers = raw.get("servers")
    if not isinstance(servers, dict) or set(servers) != {"server1", "server2"}:
        raise bad("inv.servers", example=_SERVERS_TOML)
    for key, value in servers.items():
        _checked_address(value, 80, f"servers.{key}", bad)
    own = raw.get("ssh", {})
    ssh = {**defaults.get("ssh", {}), **own} if isinstance(own, dict) else {}
    if set(ssh) - _SSH_KEYS or not isinstance(ssh.get("user"), str):
        raise bad("inv.ssh", example=_SSH_TOML, known=sorted(_SSH_KEYS))
    if not isinstance(ssh.get("key"), str):
        raise bad("inv.ssh-key")
    port = ssh.get("port", 22)
    if isinstance(port, bool) or not isinstance(port, int) or not 1 <= port <= 65535:
        raise bad("inv.ssh-port", got=repr(port))
    hosts = ssh.get("hosts", {})
    if not isinstance(hosts, dict) or set(hosts) - {"loadbalancer", "server1", "server2"}:
        raise bad("inv.ssh-hosts", example=_SSH_HOSTS_TOML)
    for key, value in hosts.items():
        _checked_address(value, port, f"ssh.hosts.{key}", bad)
    timeout = ssh.get("connect_timeout", 10)
    if isinstance(timeout, bool) or not isinstance(timeout, int | float) or timeout <= 0:
        raise bad("inv.ssh-timeout", got=repr(timeout))
    service = merged["service"] or Entry.service
    try:
        service.format(action="start", host="server1")
    except (KeyError, IndexError, ValueError) as exc:
        raise bad("inv.service-fields", service=service, **_SERVICE_FIELDS) from exc
    if "{action}" not in service:
        raise bad("inv.service-action", **_SERVICE_FIELDS)
    paths = HostPaths(
        conf_d=raw.get("conf_d", CENTOS_PATHS.conf_d),
        htpasswd=raw.get("htpasswd", CENTOS_PATHS.htpasswd),
        document_root=CENTOS_PATHS.document_root,
        error_log=raw.get("error_log", CENTOS_PATHS.error_log),
    )
    return Entry(
        url=url,
        servers={k: str(v) for k, v in servers.items()},
        ssh=ssh,
        service=service,
        configtest=merged["configtest"] if merged["configtest"] is not None else Entry.configtest,
        paths=paths,
        **common,
    )


def _checked_address(
    value: Any, default_port: int, what: str, bad: Callable[..., ConfigError]
) -> None:
    if not isinstance(value, str) or not value.strip():
        raise bad("inv.address", what=what, got=repr(value))
    try:
        split_address(value, default_port)
    except ValueError:
        raise bad("inv.port", what=f"{what} '{value}'") from None
