"""Grading a class: `labctl verify --inventory class.toml` runs verify on many labs at once.

An entry is either a lab directory (the `.labctl/` that `labctl up` made) or a balancer URL with
the servers' addresses and SSH details; for the latter `RemoteLab` is a Provider that stops and
starts httpd with `sudo systemctl ACTION httpd` over SSH. Malformed entries stop the run before
anything is touched (exit 2, file:line); a lab that cannot be reached is a row with the reason.
"""

from __future__ import annotations

import csv
import json
import re
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from rich.table import Table
from rich.text import Text

from labctl.errors import ConfigError, LabctlError, ProviderError
from labctl.i18n import Lang, t
from labctl.lab import Host, Lab
from labctl.net import accepts
from labctl.providers.base import Action, HostPaths, HostStatus, Say, Stage
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
    "conf_d", "htpasswd", "error_log",
}  # fmt: skip
_SSH_KEYS = {"user", "key", "port", "hosts", "connect_timeout"}
_DEFAULT_KEYS = {"user", "password", "ssh", "service", "configtest"}


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

    @property
    def source(self) -> str:
        return str(self.directory) if self.directory is not None else str(self.url)


@dataclass
class Row:
    label: str
    source: str
    passed: int = 0
    total: int = 0
    error: str | None = None
    checks: dict[str, bool] = field(default_factory=dict)
    hints: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.error is None and self.total > 0 and self.passed == self.total

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "source": self.source,
            "passed": self.ok,
            "score": {"passed": self.passed, "total": self.total},
            "error": self.error,
            "checks": self.checks,
            "hints": self.hints,
        }


# --- reading the inventory ----------------------------------------------------------------


def load(path: Path) -> list[Entry]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the inventory ({exc.strerror})") from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc}") from exc
    headers = [
        n for n, line in enumerate(text.splitlines(), 1) if re.match(r"\s*\[\[\s*lab\s*\]\]", line)
    ]
    unknown = set(data) - {"defaults", "lab"}
    if unknown:
        raise ConfigError(f"{path}: unknown table [{sorted(unknown)[0]}] (known: defaults, lab)")
    defaults = data.get("defaults", {})
    if not isinstance(defaults, dict) or set(defaults) - _DEFAULT_KEYS:
        extra = sorted(set(defaults) - _DEFAULT_KEYS) if isinstance(defaults, dict) else []
        raise ConfigError(f"{path}: [defaults] may hold {sorted(_DEFAULT_KEYS)}, not {extra}")
    labs = data.get("lab", [])
    if not isinstance(labs, list) or not labs:
        raise ConfigError(f"{path}: no [[lab]] entries (each needs a label and a dir or url)")
    entries: list[Entry] = []
    for index, raw in enumerate(labs):
        where = f"{path}:{headers[index]}" if index < len(headers) else str(path)
        entries.append(_entry(raw, defaults, where, index + 1, path.parent))
    seen: set[str] = set()
    for e in entries:
        if e.label in seen:
            raise ConfigError(f"{e.where}: lab '{e.label}': the label is used twice")
        seen.add(e.label)
    return entries


def _entry(raw: dict[str, Any], defaults: dict[str, Any], where: str, n: int, base: Path) -> Entry:
    label = raw.get("label")
    name = f"lab #{n}" + (f" '{label}'" if isinstance(label, str) else "")

    def bad(message: str) -> ConfigError:
        return ConfigError(f"{where}: {name}: {message}")

    if not isinstance(label, str) or not label.strip():
        raise bad("needs a label (the student's name or seat)")
    extra = set(raw) - _ENTRY_KEYS
    if extra:
        raise bad(f"unknown field '{sorted(extra)[0]}' (known: {', '.join(sorted(_ENTRY_KEYS))})")
    for key in ("dir", "url", "user", "password", "service", "configtest", "conf_d"):
        if key in raw and not isinstance(raw[key], str):
            raise bad(f"{key} must be a string")
    if ("dir" in raw) == ("url" in raw):
        raise bad("give either dir (a lab made by `labctl up`) or url (a balancer), not both")
    merged = {k: raw.get(k, defaults.get(k)) for k in ("user", "password", "service", "configtest")}
    common: dict[str, Any] = {
        "label": label,
        "where": where,
        "user": merged["user"],
        "password": merged["password"],
    }
    if "dir" in raw:
        directory = (base / Path(raw["dir"]).expanduser()).absolute()
        return Entry(directory=directory, **common)
    url = raw["url"]
    parts = urlsplit(url)
    if parts.scheme != "http" or not parts.hostname:
        raise bad(f"url '{url}' must look like http://ADDRESS[:PORT]/")
    servers = raw.get("servers")
    if not isinstance(servers, dict) or set(servers) != {"server1", "server2"}:
        raise bad('servers = { server1 = "ADDRESS[:PORT]", server2 = "ADDRESS[:PORT]" } is needed')
    ssh = {**defaults.get("ssh", {}), **raw.get("ssh", {})}
    if set(ssh) - _SSH_KEYS or not isinstance(ssh.get("user"), str):
        raise bad(
            f"ssh = {{ user = ..., key = ..., port = 22 }} is needed (known: {sorted(_SSH_KEYS)})"
        )
    if not isinstance(ssh.get("key"), str):
        raise bad("ssh.key: the private key file that logs in as ssh.user")
    if "{action}" not in (merged["service"] or "{action}"):
        raise bad("service must contain {action} (e.g. 'systemctl {action} httpd')")
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
        service=merged["service"] or Entry.service,
        configtest=merged["configtest"] if merged["configtest"] is not None else Entry.configtest,
        paths=paths,
        **common,
    )


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
            source=entry.where,
        )
        self._transports: dict[str, Transport] = {}

    def up(self, *, stage: Stage, say: Say) -> None:
        raise ProviderError(f"{self.entry.label}: this lab is not managed by labctl")

    def down(self) -> None:
        raise ProviderError(f"{self.entry.label}: this lab is not managed by labctl")

    def destroy(self) -> None:
        raise ProviderError(f"{self.entry.label}: this lab is not managed by labctl")

    def status(self) -> list[HostStatus]:
        out = []
        for h in self.lab.hosts:
            address, port = self.endpoint(h)
            out.append(HostStatus(h.name, h.role, address, port, accepts(address, port)))
        return out

    def service(self, host: str, action: Action) -> None:
        h = self.lab.host(host)
        transport = self.transport(h)
        if action == "restart" and self.entry.configtest:
            test = transport.run(self.entry.configtest, sudo=True, timeout=30)
            if not test.ok:
                raise ProviderError(
                    f"{host}: configuration broken, Apache left as it was: {test.tail(3)}"
                )
        command = self.entry.service.format(action=action, host=host)
        result = transport.run(command, sudo=True, timeout=90)
        if not result.ok:
            raise ProviderError(f"{host}: `{command}` failed: {result.tail(3)}")
        address, port = self.endpoint(h)
        _wait(lambda: accepts(address, port) == (action != "stop"), f"{host}: {address}:{port}")

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
    host, _, port = value.rpartition(":") if ":" in value else (value, "", "")
    return host, int(port) if port else default_port


def _wait(ready: Callable[[], bool], what: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not ready():
        if time.monotonic() > deadline:
            raise ProviderError(f"{what}: httpd did not change state within {timeout:.0f} s")
        time.sleep(0.05)


# --- grading ----------------------------------------------------------------------------


def grade(entries: list[Entry], *, lang: Lang, known_hosts: Path, workers: int = 8) -> list[Row]:
    """verify on every lab in parallel; one Row each, in the inventory's order."""
    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(entries)))) as pool:
        return list(pool.map(lambda e: grade_one(e, lang=lang, known_hosts=known_hosts), entries))


def grade_one(entry: Entry, *, lang: Lang, known_hosts: Path) -> Row:
    row = Row(entry.label, entry.source)
    try:
        verified = _verify_entry(entry, lang, known_hosts)
    except LabctlError as exc:
        row.error = t(lang, "unreachable", error=exc)
        return row
    row.passed, row.total = verified.passed, verified.total
    row.error = verified.result.error
    for check in verified.result.checks:
        row.checks[check.id] = check.passed
        if check.hint and not check.passed:
            row.hints[check.id] = check.hint
    return row


def _verify_entry(entry: Entry, lang: Lang, known_hosts: Path) -> VerifyResult:
    from labctl import control
    from labctl.probe import Probe
    from labctl.state import StateDir

    if entry.directory is not None:
        sd = StateDir(entry.directory / ".labctl")
        if not sd.exists() and (entry.directory / "lab.json").exists():
            sd = StateDir(entry.directory)  # the entry names the .labctl/ itself
        if not sd.exists():
            raise LabctlError(f"{entry.directory}: no lab there (no .labctl/lab.json)")
        opened = control.open_lab(sd)
        lab_user, lab_password = opened.credentials()
        credentials = (entry.user or lab_user, entry.password or lab_password)
        return verify(opened.provider, credentials, lang=lang)
    remote = RemoteLab(entry, known_hosts)
    try:
        address, port = remote.endpoint(remote.lab.loadbalancer)
        Probe(address, port).close()  # refuses a target outside LABCTL_NETWORK_ALLOW
        if not accepts(address, port):
            raise LabctlError(f"the balancer {entry.url} does not answer")
        if entry.password is None:
            raise LabctlError("no manager password for this lab (password = ... in its entry)")
        return verify(remote, (entry.user or "admin", entry.password), lang=lang)
    finally:
        remote.close()


# --- writing the results ------------------------------------------------------------------


def write_csv(rows: list[Row], path: Path) -> None:
    """One row per lab, one column per check id (1 passed, 0 failed, empty: not run)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["label", "source", "passed", "total", "error", *CHECK_IDS])
        for r in rows:
            marks = ["" if i not in r.checks else int(r.checks[i]) for i in CHECK_IDS]
            writer.writerow([r.label, r.source, r.passed, r.total, r.error or "", *marks])


def to_json(rows: list[Row]) -> dict[str, Any]:
    return {
        "passed": all(r.ok for r in rows),
        "check_ids": list(CHECK_IDS),
        "labs": [r.to_dict() for r in rows],
    }


def write_json(rows: list[Row], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(to_json(rows), indent=2, ensure_ascii=False) + "\n", "utf-8")


def table(rows: list[Row]) -> Table:
    """The class at a glance: score and failed check ids per lab."""
    out = Table(title="labctl verify --inventory")
    for column in ("lab", "score", "failed checks / reason"):
        out.add_column(column)
    for r in rows:
        if r.error and not r.total:
            out.add_row(r.label, "-", Text(r.error, style="red"))
            continue
        failed = ", ".join(i for i, ok in r.checks.items() if not ok)
        style = "green" if r.ok else "red"
        why = failed + (f" ({r.error})" if r.error else "")
        out.add_row(r.label, Text(f"{r.passed}/{r.total}", style=style), why or "-")
    return out
