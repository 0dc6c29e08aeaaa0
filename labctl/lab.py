"""The lab model: the tutorial's three hosts, its balancer, and what lab.toml may change.

Nothing here starts, stops or contacts anything: a Lab is a plain value that every provider,
the templates and the scenarios read. Defaults are the tutorial's table; an optional lab.toml in
the working directory overrides them.
"""

from __future__ import annotations

import ipaddress
import os
import platform
import re
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from labctl.errors import ConfigError, Message
from labctl.tomlcompat import tomllib

Role = Literal["balancer", "server"]
Stage = Literal["base", "full"]  # full: the whole tutorial; base: the balancer is the student's
Action = Literal["start", "stop", "restart"]  # what `systemctl ACTION httpd` does to a host
PROVIDERS = ("local", "vagrant")
LBMETHODS = ("byrequests", "bytraffic", "bybusyness")

# The tutorial's table. Host octets are kept when the subnet changes, so .71/.92/.65 stay
# recognisable to a student reading the tutorial next to the lab.
TUTORIAL_SUBNET = "192.168.43.0/24"
LOCAL_SUBNET = "127.0.43.0/24"
TUTORIAL_HOSTS: tuple[tuple[str, Role, int], ...] = (
    ("loadbalancer", "balancer", 71),
    ("server1", "server", 92),
    ("server2", "server", 65),
)


@dataclass(frozen=True)
class Host:
    name: str
    role: Role
    address: str  # the address the tutorial (or lab.toml) gives this host on the lab network
    number: int | None = None  # "Server N" for servers

    @property
    def octet(self) -> int:
        return int(self.address.rsplit(".", 1)[1])


@dataclass(frozen=True)
class LocalSettings:
    """The embedded lab: real httpd processes on loopback addresses keeping the host octets."""

    # None: 127.0.43.0/24, or a subnet of this user's own when another lab holds it (a shared
    # lab server); a subnet lab.toml names is used as it is or refused.
    subnet: str | None = None
    port: int = 80
    fallback_port: int = 8080  # used, and said once, where port 80 cannot be bound


# centos/7 has no arm64 build; on an arm64 host (Apple silicon) the default is an arm64 box with
# CentOS 7's layout (httpd, /etc/httpd/conf.d, firewalld, SELinux: the "el" provisioning family).
ARM64_BOX = "bento/rockylinux-9"
ARM64_MEMORY = 1024  # dnf on Rocky 9 is killed for lack of memory at 512 MB
CENTOS_VAULT = "http://vault.centos.org"


@dataclass(frozen=True)
class VagrantSettings:
    # Vagrant calls it the provider (`vagrant up --provider`); labctl's providers are local and
    # vagrant, so here it is the hypervisor Vagrant drives. lab.toml takes either word.
    hypervisor: str = "virtualbox"
    box: str = "centos/7"
    memory: int = 512
    cpus: int = 1
    # CentOS 7's packages since its mirrors closed: a classroom may point this at a local
    # mirror or caching proxy holding the same tree (<vault_url>/7.9.2009/os/x86_64/...).
    vault_url: str = CENTOS_VAULT
    boot_timeout: int = 600  # seconds; Vagrant's own default (300) is short for a slow laptop


def check_provider_flag(provider: str | None) -> None:
    """--provider, when given, names one of PROVIDERS (`up` and `doctor` alike)."""
    if provider is not None and provider not in PROVIDERS:
        raise ConfigError(Message("err.provider-option", provider=provider))


def is_arm64(machine: str | None = None) -> bool:
    return (machine if machine is not None else platform.machine()).lower() in ("arm64", "aarch64")


@dataclass(frozen=True)
class Lab:
    hosts: tuple[Host, ...]
    subnet: str = TUTORIAL_SUBNET
    # What lab.toml's [lab] provider asks for (local or vagrant); None: the --provider flag, else
    # auto-detected. The provider a lab runs on is LabState.provider.
    requested_provider: str | None = None
    balancer: str = "mycluster"
    lbmethod: str = "byrequests"
    manager_user: str = "admin"
    manager_password: str | None = None  # None: generated at `up` and kept in .labctl/ (0600)
    local: LocalSettings = field(default_factory=LocalSettings)
    vagrant: VagrantSettings = field(default_factory=VagrantSettings)

    @property
    def loadbalancer(self) -> Host:
        return next(h for h in self.hosts if h.role == "balancer")

    @property
    def servers(self) -> tuple[Host, ...]:
        return tuple(h for h in self.hosts if h.role == "server")

    def host(self, name: str) -> Host:
        for h in self.hosts:
            if h.name == name:
                return h
        names = ", ".join(h.name for h in self.hosts)
        raise ConfigError(Message("err.unknown-host", name=name, hosts=names))

    def local_address(self, host: Host, subnet: str | None = None) -> str:
        """The loopback address of ``host`` in the embedded lab (same last octet)."""
        return str(ipaddress.ip_network(subnet or self.local.subnet or LOCAL_SUBNET)[host.octet])

    def with_subnet(self, subnet: str) -> Lab:
        return replace(self, subnet=subnet, hosts=_hosts_in(subnet, "--subnet"))

    def to_dict(self) -> dict[str, Any]:
        """The resolved lab as JSON-ready data; the Vagrantfile reads this (.labctl/lab.json)."""
        data = asdict(self)
        data.pop("manager_password")  # the secret lives in its own 0600 file
        return data


def default_lab() -> Lab:
    return Lab(hosts=_hosts_in(TUTORIAL_SUBNET, "subnet"))


def _hosts_in(subnet: str, what: str) -> tuple[Host, ...]:
    net = _network(subnet, what)
    hosts = []
    number = 0
    for name, role, octet in TUTORIAL_HOSTS:
        if role == "server":
            number += 1
        hosts.append(Host(name, role, str(net[octet]), number if role == "server" else None))
    return tuple(hosts)


def _network(value: str, what: str) -> ipaddress.IPv4Network:
    try:
        net = ipaddress.IPv4Network(value, strict=False)
    except ValueError as exc:
        raise ConfigError(Message("err.not-subnet", field=what, value=value)) from exc
    if net.prefixlen > 24:
        raise ConfigError(Message("err.subnet-small", field=what, value=value))
    return ipaddress.IPv4Network(f"{net.network_address}/24", strict=False)


# --- lab.toml -------------------------------------------------------------------------------

_SCHEMA: dict[str, dict[str, type | tuple[type, ...]]] = {
    "lab": {"provider": str, "subnet": str, "lbmethod": str, "balancer": str},
    "hosts": {"loadbalancer": str, "server1": str, "server2": str},
    "manager": {"user": str, "password": str},
    "local": {"subnet": str, "port": int, "fallback_port": int},
    "vagrant": {
        "hypervisor": str,
        "provider": str,  # Vagrant's word for the hypervisor: lab.toml files that use it work
        "box": str,
        "memory": int,
        "cpus": int,
        "vault_url": str,
        "boot_timeout": int,
    },
}


def load_lab(
    path: Path | None = None, *, subnet: str | None = None, machine: str | None = None
) -> Lab:
    """The tutorial's lab, with lab.toml (if present) applied, then a --subnet override.

    ``machine`` (default: this host's) picks the box when lab.toml names none: arm64 hosts get
    ARM64_BOX, since centos/7 exists for x86_64 only.
    """
    path = path if path is not None else Path("lab.toml")
    lab = default_lab()
    if is_arm64(machine):
        lab = replace(lab, vagrant=replace(lab.vagrant, box=ARM64_BOX, memory=ARM64_MEMORY))
    text = read_lab_toml(path)
    if text is not None:
        lab = _apply_toml(lab, path, text)
    if subnet is not None:
        lab = lab.with_subnet(subnet)
    return lab


_MAX_TOML = 64 * 1024  # a lab.toml is a dozen lines; /dev/zero must not fill the memory


def read_lab_toml(path: Path) -> str | None:
    """lab.toml's text, None when there is none; anything else that is not a small UTF-8 file
    is one line naming the file (a directory, a dangling link, a device, bad encoding)."""
    if not path.exists():
        if path.is_symlink():
            raise ConfigError(Message("err.dangling-link", path=path, target=os.readlink(path)))
        return None
    if not path.is_file():
        raise ConfigError(Message("err.toml-not-file", path=path))
    try:
        with path.open("rb") as fh:
            data = fh.read(_MAX_TOML + 1)
    except OSError as exc:
        raise ConfigError(Message("err.cannot-read", path=path, why=exc.strerror)) from exc
    if len(data) > _MAX_TOML:
        raise ConfigError(Message("err.toml-large", path=path, kib=_MAX_TOML // 1024))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(Message("err.toml-not-utf8", path=path, byte=exc.start)) from exc


def _apply_toml(lab: Lab, path: Path, text: str) -> Lab:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # tomllib says "... (at line 3, column 7)": keep its words, put the file first.
        raise ConfigError(Message("err.at", where=path, message=exc)) from exc
    where = _Locator(path, text)
    for section, value in data.items():
        if section not in _SCHEMA:
            raise ConfigError(where(section, Message("err.toml-section", section=section)))
        if not isinstance(value, dict):
            raise ConfigError(where(section, Message("err.toml-table", section=section)))
        for key, item in value.items():
            expected = _SCHEMA[section].get(key)
            if expected is None:
                known = ", ".join(_SCHEMA[section])
                raise ConfigError(
                    where(key, Message("err.toml-field", field=f"{section}.{key}", known=known))
                )
            if not isinstance(item, expected) or isinstance(item, bool):
                kind = expected.__name__ if isinstance(expected, type) else "value"
                raise ConfigError(
                    where(
                        key,
                        Message(
                            "err.toml-type", field=f"{section}.{key}", kind=kind, got=repr(item)
                        ),
                    )
                )

    lab_t, hosts_t = data.get("lab", {}), data.get("hosts", {})
    man_t, loc_t, vag_t = data.get("manager", {}), data.get("local", {}), data.get("vagrant", {})

    provider = lab_t.get("provider", lab.requested_provider)
    if provider is not None and provider not in PROVIDERS:
        raise ConfigError(where("provider", Message("err.toml-provider", known=PROVIDERS)))
    lbmethod = lab_t.get("lbmethod", lab.lbmethod)
    if lbmethod not in LBMETHODS:
        raise ConfigError(where("lbmethod", Message("err.toml-lbmethod", known=LBMETHODS)))
    balancer = lab_t.get("balancer", lab.balancer)
    if not re.fullmatch(r"[A-Za-z0-9_-]+", balancer):
        raise ConfigError(where("balancer", Message("err.toml-balancer")))

    hosts = lab.hosts
    if "subnet" in lab_t:
        try:
            hosts = _hosts_in(lab_t["subnet"], "lab.subnet")
        except ConfigError as exc:
            raise ConfigError(where("subnet", exc)) from exc
    subnet = str(_network(lab_t.get("subnet", lab.subnet), "lab.subnet"))
    if hosts_t:
        hosts = _override_addresses(hosts, hosts_t, subnet, where)

    user = man_t.get("user", lab.manager_user)
    if not re.fullmatch(r"[A-Za-z0-9._-]{1,64}", user):
        raise ConfigError(where("user", Message("err.toml-user")))
    password = man_t.get("password", lab.manager_password)
    if password is not None and (not password or "\n" in password):
        raise ConfigError(where("password", Message("err.toml-password")))

    local = replace(lab.local, **loc_t)
    for key in ("port", "fallback_port"):
        if not 1 <= getattr(local, key) <= 65535:
            raise ConfigError(where(key, Message("err.toml-port", field=f"local.{key}")))
    if local.subnet is not None:
        try:
            local_net = _network(local.subnet, "local.subnet")
        except ConfigError as exc:
            raise ConfigError(where("subnet", exc)) from exc
        if not local_net.is_loopback:
            raise ConfigError(where("subnet", Message("err.toml-loopback", got=local.subnet)))
        local = replace(local, subnet=str(local_net))
    # An arm64 host keeps ARM64_MEMORY for a box lab.toml names too: the arm64 boxes the "el"
    # family runs (bento/almalinux-9, rockylinux-8/9) all install with dnf.
    vag_t = dict(vag_t)
    if "provider" in vag_t:
        if "hypervisor" in vag_t:
            raise ConfigError(where("provider", Message("err.toml-hypervisor-twice")))
        vag_t["hypervisor"] = vag_t.pop("provider")
    vagrant = replace(lab.vagrant, **vag_t)
    if vagrant.memory < 256 or vagrant.cpus < 1:
        raise ConfigError(where("memory", Message("err.toml-memory")))
    # A plain URL: it is written into yum's repo files by sed (no quotes, commas or spaces).
    if not re.fullmatch(r"https?://[A-Za-z0-9.-]+(:\d+)?(/[A-Za-z0-9._~/%-]*)?", vagrant.vault_url):
        raise ConfigError(where("vault_url", Message("err.toml-vault-url")))
    if vagrant.boot_timeout < 60:
        raise ConfigError(where("boot_timeout", Message("err.toml-boot-timeout")))

    return Lab(
        hosts=hosts,
        subnet=subnet,
        requested_provider=provider,
        balancer=balancer,
        lbmethod=lbmethod,
        manager_user=user,
        manager_password=password,
        local=local,
        vagrant=vagrant,
    )


def _override_addresses(
    hosts: tuple[Host, ...], table: dict[str, str], subnet: str, where: _Locator
) -> tuple[Host, ...]:
    net = ipaddress.IPv4Network(subnet)
    out = []
    for h in hosts:
        if h.name not in table:
            out.append(h)
            continue
        try:
            addr = ipaddress.IPv4Address(table[h.name])
        except ValueError as exc:
            raise ConfigError(
                where(h.name, Message("err.toml-address", host=h.name, value=table[h.name]))
            ) from exc
        if addr not in net:
            raise ConfigError(
                where(h.name, Message("err.toml-outside", host=h.name, address=addr, subnet=net))
            )
        out.append(replace(h, address=str(addr)))
    octets = [h.octet for h in out]
    if len(set(octets)) != len(octets):
        raise ConfigError(where(next(iter(table)), Message("err.toml-shared")))
    return tuple(out)


class _Locator:
    """Turns a field name into 'lab.toml:LINE: message' - tomllib keeps no positions."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.lines = text.splitlines()

    def __call__(self, key: str, message: object) -> Message:
        pattern = re.compile(rf"^\s*(\[\s*{re.escape(key)}\s*\]|\"?{re.escape(key)}\"?\s*=)")
        for number, line in enumerate(self.lines, start=1):
            if pattern.match(line):
                return Message("err.at", where=f"{self.path}:{number}", message=message)
        return Message("err.at", where=self.path, message=message)
