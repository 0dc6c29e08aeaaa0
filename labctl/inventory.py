"""Grading a class: `labctl verify --inventory class.toml` runs verify on many labs at once.

An entry is either a lab directory (the `.labctl/` that `labctl up` made) or a balancer URL with
the servers' addresses and SSH details; for the latter `RemoteLab` is a Provider that stops and
starts httpd with `sudo systemctl ACTION httpd` over SSH. Malformed entries stop the run before
anything is touched (exit 2, file:line); a lab that cannot be reached is a row with the reason.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from labctl import httpd
from labctl.errors import ConfigError, LabctlError, Message, ProviderError
from labctl.i18n import LANGS, Lang, t
from labctl.lab import Action, Host, Lab, Stage
from labctl.net import accepts
from labctl.probe import budget
from labctl.providers.base import FaultMeans, HostPaths, HostStatus, Say
from labctl.scenarios.base import Check
from labctl.tomlcompat import tomllib
from labctl.transports import Transport
from labctl.verify import CHECK_IDS, VerifyResult, verify

# CentOS 7, as the tutorial: where a VM keeps the files unless the entry says otherwise.
CENTOS_PATHS = HostPaths(
    conf_d="/etc/httpd/conf.d",
    htpasswd="/etc/httpd/htpasswd",
    document_root="/var/www/html",
    error_log="/var/log/httpd/error_log",
)
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
    service: str = "systemctl {action} httpd"
    configtest: str = "apachectl configtest"
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


def load(path: Path) -> list[Entry]:
    return read(path).entries


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
        _address(value, default_port)
    except ValueError:
        raise bad("inv.port", what=f"{what} '{value}'") from None


# --- a lab labctl did not make: a balancer URL plus SSH ------------------------------------


class RemoteLab:
    """The Provider protocol for a student's own VMs: HTTP from here, httpd over SSH."""

    name = "remote"

    def __init__(self, entry: Entry, known_hosts: Path) -> None:
        self.entry = entry
        self.known_hosts = known_hosts
        parts = urlsplit(entry.url or "")
        self._endpoints: dict[str, tuple[str, int]] = {
            "loadbalancer": (parts.hostname or "", parts.port or 80)
        }
        for name, value in entry.servers.items():
            self._endpoints[name] = _address(value)
        self.lab = Lab(
            hosts=(
                Host("loadbalancer", "balancer", self._endpoints["loadbalancer"][0]),
                Host("server1", "server", self._endpoints["server1"][0], 1),
                Host("server2", "server", self._endpoints["server2"][0], 2),
            ),
            provider="remote",
            manager_user=entry.user or "admin",
        )
        self._transports: dict[str, Transport] = {}

    def up(self, *, stage: Stage, say: Say) -> None:
        raise ProviderError(Message("inv.unmanaged", label=self.entry.label))

    def down(self) -> None:
        raise ProviderError(Message("inv.unmanaged", label=self.entry.label))

    def destroy(self) -> None:
        raise ProviderError(Message("inv.unmanaged", label=self.entry.label))

    def discard(self) -> bool:
        raise ProviderError(Message("inv.unmanaged", label=self.entry.label))

    def fault_means(self) -> FaultMeans:
        raise ProviderError(Message("inv.unmanaged", label=self.entry.label))

    def status(self) -> list[HostStatus]:
        out = []
        for h in self.lab.hosts:
            address, port = self.endpoint(h)
            out.append(HostStatus(h.name, h.role, address, port, accepts(address, port)))
        return out

    def service(self, host: str, action: Action) -> None:
        h = self.lab.host(host)
        httpd.service(
            host,
            self.transport(h),
            action,
            command=self.entry.service.format(action=action, host=host),
            configtest=self.entry.configtest,
            endpoint=self.endpoint(h),
            # A student's balancer may answer in any way, even to stall a grader: the class
            # run sends it only the requests the checks make, and waits for the port alone.
            http=False,
        )

    def endpoint(self, host: Host) -> tuple[str, int]:
        return self._endpoints[host.name]

    def transport(self, host: Host) -> Transport:
        if host.name not in self._transports:
            from labctl.transports.ssh import SSHTransport

            ssh = self.entry.ssh
            target = ssh.get("hosts", {}).get(host.name)
            hostname, port = (
                _address(target, ssh.get("port", 22))
                if target
                else (host.address, ssh.get("port", 22))
            )
            self._transports[host.name] = SSHTransport(
                host.name,
                hostname,
                port,
                ssh["user"],
                str(Path(ssh["key"]).expanduser()),
                self.known_hosts,
                connect_timeout=float(ssh.get("connect_timeout", 10)),
            )
        return self._transports[host.name]

    def paths(self, host: Host) -> HostPaths:
        return self.entry.paths

    def close(self) -> None:
        for transport in self._transports.values():
            transport.close()


def _address(value: str, default_port: int = 80) -> tuple[str, int]:
    """'ADDRESS[:PORT]' -> (address, port); ValueError for a port like '8O' or 70000."""
    host, _, port = value.rpartition(":") if ":" in value else (value, "", "")
    number = int(port) if port.isdigit() else -1 if port else default_port
    if not 1 <= number <= 65535:
        raise ValueError(f"bad port in {value!r}")
    return host, number


# --- grading ----------------------------------------------------------------------------


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
            verified = _verify_entry(entry, lang, known_hosts, grading.exercise)
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


def _verify_entry(
    entry: Entry, lang: Lang, known_hosts: Path, exercise: str | None = None
) -> VerifyResult:
    from labctl import control
    from labctl.exercises import get
    from labctl.exercises.base import run
    from labctl.probe import Probe
    from labctl.state import StateDir

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
