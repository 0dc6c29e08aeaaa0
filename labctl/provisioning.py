"""Runs the provision/ scripts on the lab's hosts, in parallel, and reports what each step changed.

The scripts do the work (a student can read and rerun them by hand); this module only detects
each host's distribution family, renders the tutorial's files for it, uploads scripts and files
into a staging directory, runs the host's script with sudo and turns its ``::`` markers (see
provision/common.sh) into progress lines and a report.
"""

from __future__ import annotations

import base64
import io
import shlex
import tarfile
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from labctl import templates
from labctl.errors import LabctlError, Message, ProvisionError
from labctl.lab import Host, Lab, Stage
from labctl.providers.base import HostPaths
from labctl.transports import Transport

Family = Literal["centos7", "el", "debian"]
FAMILIES: tuple[Family, ...] = ("centos7", "el", "debian")
ServiceAction = Literal["start", "stop", "restart", "status", "configtest"]

# On the host, root-owned and recreated on every run: scripts and rendered files side by side.
STAGING_DIR = "/tmp/labctl-provision"
SCRIPTS = ("common.sh", "server.sh", "loadbalancer.sh", "box.sh")
BOX_SCRIPT = "box.sh"
MEMBER_PORT = 80
# yum over vault.centos.org on a slow link can take minutes for the first install.
SCRIPT_TIMEOUT = 1800.0
TAIL_LINES = 15


@dataclass
class StepReport:
    name: str
    title: str
    changed: bool = False
    ok: bool = False
    changes: list[str] = field(default_factory=list)  # the ::changed lines' WHAT
    output: list[str] = field(default_factory=list)  # everything else the step printed
    seconds: float = 0.0


@dataclass
class HostReport:
    host: str
    family: str
    steps: list[StepReport]
    seconds: float  # wall time for this host: detection, upload and script

    @property
    def changed(self) -> int:
        """How many changes the script made (one step may make several)."""
        return sum(len(s.changes) for s in self.steps)


class ProvisionRun(list[HostReport]):
    """The per-host reports (in the lab's host order) plus the run's own wall time."""

    wall_seconds: float = 0.0

    @property
    def host_seconds(self) -> float:
        """Sum of the hosts' times: what running them one after another would have cost."""
        return sum(r.seconds for r in self)

    @property
    def changed(self) -> int:
        return sum(r.changed for r in self)


# --- families ---------------------------------------------------------------------------------


def parse_os_release(text: str) -> dict[str, str]:
    """KEY=value lines of os-release(5); values may be quoted shell words."""
    fields: dict[str, str] = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, raw = line.partition("=")
        try:
            words = shlex.split(raw)
        except ValueError:
            words = [raw.strip("\"'")]
        fields[key] = words[0] if words else ""
    return fields


def family_of(os_release: Mapping[str, str]) -> Family:
    """The same rules as detect_family in provision/common.sh (a test keeps them in step)."""
    dist = os_release.get("ID", "")
    version = os_release.get("VERSION_ID", "")
    like = os_release.get("ID_LIKE", "").split()
    major = version.split(".", 1)[0]
    if dist == "centos" and major == "7":
        return "centos7"
    el_like = dist in ("rhel", "centos", "rocky", "almalinux", "ol") or bool(
        {"rhel", "fedora"} & set(like)
    )
    if el_like and major.isdigit() and int(major) >= 8:
        return "el"
    if dist in ("debian", "ubuntu") or "debian" in like:
        return "debian"
    raise LabctlError(Message("prov.unsupported", dist=f"{dist} {version}"))


def detect_family(transport: Transport) -> Family:
    """Read /etc/os-release on the host: centos7, el (Rocky/Alma 8-9) or debian."""
    result = transport.run("cat /etc/os-release", timeout=30)
    if not result.ok:
        raise LabctlError(Message("prov.no-os-release", host=transport.host, why=result.tail(1)))
    try:
        return family_of(parse_os_release(result.stdout))
    except LabctlError as exc:
        raise LabctlError(Message("err.at", where=transport.host, message=exc)) from None


def host_paths(family: str) -> HostPaths:
    """Where the tutorial's files live on a host of ``family``."""
    if family in ("centos7", "el"):
        return HostPaths(
            conf_d="/etc/httpd/conf.d",
            htpasswd="/etc/httpd/htpasswd",
            document_root="/var/www/html",
            error_log="/var/log/httpd/error_log",
        )
    if family == "debian":
        # lbsisjarkom.conf lives in conf-available/ and is enabled by a symlink in conf-enabled/.
        return HostPaths(
            conf_d="/etc/apache2/conf-available",
            htpasswd="/etc/apache2/htpasswd",
            document_root="/var/www/html",
            error_log="/var/log/apache2/error.log",
        )
    raise LabctlError(Message("prov.family", family=family, known=", ".join(FAMILIES)))


def service_command(family: str, action: ServiceAction) -> str:
    """The shell command for ``action`` on Apache: `systemctl ACTION httpd|apache2`, or
    `apachectl|apache2ctl configtest` (run it with sudo)."""
    if action == "configtest":
        host_paths(family)  # rejects an unknown family
        return "apache2ctl configtest" if family == "debian" else "apachectl configtest"
    return service_template(family).format(action=action)


def service_template(family: str) -> str:
    """`systemctl {action} httpd|apache2`: the service command with the action left open."""
    host_paths(family)  # rejects an unknown family
    return f"systemctl {{action}} {daemon(family)}"


def daemon(family: str) -> str:
    """Apache's service and process name on ``family``: apache2 on Debian, httpd elsewhere."""
    return "apache2" if family == "debian" else "httpd"


# --- the runner -------------------------------------------------------------------------------


def provision(
    lab: Lab,
    transports: Mapping[str, Transport],
    *,
    stage: Stage,
    password: str,
    say: Callable[[str], None],
    hosts: Sequence[str] | None = None,
    log_dir: Path | None = None,
    staging_dir: str = STAGING_DIR,
) -> ProvisionRun:
    """Provision ``hosts`` (default: all) to ``stage``, one thread per host.

    ``say`` gets one line per finished step ("server1: Install Apache ... changed") and a
    summary; it is called from the hosts' threads, one call at a time. Raises ProvisionError
    naming the first failed host and step once every host has finished.
    """
    if not password or "\n" in password:
        raise LabctlError(Message("prov.password"))
    selected = [
        lab.host(name) for name in (hosts if hosts is not None else [h.name for h in lab.hosts])
    ]
    missing = [h.name for h in selected if h.name not in transports]
    if missing:
        raise LabctlError(Message("prov.no-transport", hosts=", ".join(missing)))
    say_lock = threading.Lock()

    def locked_say(line: str) -> None:
        with say_lock:
            say(line)

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=max(1, len(selected))) as pool:
        futures = [
            pool.submit(
                _provision_host,
                lab,
                host,
                transports[host.name],
                stage=stage,
                password=password,
                say=locked_say,
                log_dir=log_dir,
                staging_dir=staging_dir,
            )
            for host in selected
        ]
        outcomes: list[HostReport | ProvisionError] = []
        for future in futures:
            try:
                outcomes.append(future.result())
            except ProvisionError as exc:
                outcomes.append(exc)
    run = ProvisionRun(o for o in outcomes if isinstance(o, HostReport))
    run.wall_seconds = time.monotonic() - started
    failures = [o for o in outcomes if isinstance(o, ProvisionError)]
    if failures:
        first = failures[0]
        if len(failures) > 1:
            others = ", ".join(f"{f.host} ({f.step})" for f in failures[1:])
            say(f"also failed: {others}")
        raise first
    verdict = f"{run.changed} change(s)" if run.changed else "nothing to change"
    say(
        f"provisioned {len(run)} host(s) to stage {stage} in {run.wall_seconds:.1f} s"
        f" (hosts one after another: {run.host_seconds:.1f} s): {verdict}"
    )
    return run


def _render_files(lab: Lab, host: Host, family: Family) -> dict[str, str]:
    if host.role == "server":
        return {templates.INDEX_HTML: templates.index_html(host)}
    servers = lab.servers
    conf = templates.balancer_conf(
        lab,
        member_addresses=(servers[0].address, servers[1].address),
        port=MEMBER_PORT,
        htpasswd=host_paths(family).htpasswd,
    )
    return {templates.BALANCER_CONF: conf}


def _provision_host(
    lab: Lab,
    host: Host,
    transport: Transport,
    *,
    stage: Stage,
    password: str,
    say: Callable[[str], None],
    log_dir: Path | None,
    staging_dir: str,
    script: str | None = None,
) -> HostReport:
    started = time.monotonic()
    try:
        family = detect_family(transport)
    except LabctlError as exc:
        raise ProvisionError(host.name, Message("prov.detect"), exc) from exc
    q = shlex.quote
    files = {name: templates.read(templates.PROVISION_DIR / name).encode() for name in SCRIPTS}
    files.update({n: t.encode() for n, t in _render_files(lab, host, family).items()})
    try:
        # One round trip for the whole staging directory: every SSH exec (and sudo) costs up to
        # a second on an emulated VM. It is recreated each run (mkdir without -p fails on
        # anything left in its place): no stale file of an older labctl can be installed.
        staged = transport.run(
            f"rm -rf -- {q(staging_dir)} && mkdir -m 0700 -- {q(staging_dir)}"
            f" && base64 -d | tar -xzf - -C {q(staging_dir)} --no-same-owner",
            sudo=True,
            timeout=60,
            stdin=_archive(files),
        )
        if not staged.ok:
            raise LabctlError(Message("prov.staging", path=staging_dir, why=staged.tail(1)))
    except (LabctlError, OSError) as exc:
        raise ProvisionError(host.name, Message("prov.upload"), exc) from exc

    script = script or ("loadbalancer.sh" if host.role == "balancer" else "server.sh")
    command = (
        f"env LABCTL_STAGE={q(stage)} LABCTL_MANAGER_USER={q(lab.manager_user)}"
        f" LABCTL_VAULT_URL={q(lab.vagrant.vault_url)}"
        f" bash {q(staging_dir + '/' + script)}"
    )
    parser = _MarkerParser(host.name, say)
    log_path = log_dir / f"{host.name}-provision.log" if log_dir is not None else None
    try:
        result = transport.run(
            command,
            sudo=True,
            timeout=SCRIPT_TIMEOUT,
            stdin=password + "\n",  # read by loadbalancer.sh, never on a command line
            on_line=parser.feed,
        )
    except LabctlError as exc:
        step = parser.current.name if parser.current else "run " + script
        error = ProvisionError(host.name, step, exc, parser.tail())
        error.log_path = log_path
        raise error from exc
    finally:
        if log_path is not None:
            log_path.parent.mkdir(parents=True, exist_ok=True)
            log_path.write_text("\n".join(parser.lines) + "\n", encoding="utf-8")
    if not result.ok or not parser.done:
        step = parser.failed or (parser.current.name if parser.current else "run " + script)
        error = ProvisionError(
            host.name,
            step,
            _reason(parser, result.exit_status),
            parser.tail() or result.tail(TAIL_LINES).splitlines(),
        )
        error.log_path = log_path
        raise error
    return HostReport(host.name, family, parser.steps, time.monotonic() - started)


def prepare_box(
    lab: Lab,
    transport: Transport,
    *,
    say: Callable[[str], None],
    log_dir: Path | None = None,
    staging_dir: str = STAGING_DIR,
) -> HostReport:
    """Run provision/box.sh on one VM (`labctl box build`): the packages, then a clean-up."""
    builder = Host(transport.host, "server", "0.0.0.0", number=1)
    return _provision_host(
        lab,
        builder,
        transport,
        stage="base",
        password="unused",
        say=say,
        log_dir=log_dir,
        staging_dir=staging_dir,
        script=BOX_SCRIPT,
    )


def _archive(files: dict[str, bytes]) -> str:
    """``files`` as a base64 tar.gz, scripts executable: what `base64 -d | tar -x` unpacks.

    Every staged file is text for bash or Apache on Linux: a CR left by a Windows checkout, a
    zip download or an editor would break both (`$'\\r': command not found`), so none is sent.
    """
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, raw in files.items():
            content = raw.replace(b"\r\n", b"\n")
            info = tarfile.TarInfo(name)
            info.size = len(content)
            info.mode = 0o755 if name.endswith(".sh") else 0o644
            tar.addfile(info, io.BytesIO(content))
    return base64.b64encode(buffer.getvalue()).decode() + "\n"


def _reason(parser: _MarkerParser, status: int) -> str | Message:
    """The script's own "error: ..." line, else the failed step's last line of output."""
    errors = [line for line in parser.lines if line.startswith("error: ")]
    if errors:
        return errors[-1].removeprefix("error: ")
    tail = parser.tail()
    if tail:
        return Message("prov.last-line", line=tail[-1].strip(), code=status)
    return Message("err.exit-status", code=status)


class _MarkerParser:
    """Turns the script's output lines into StepReports as they arrive."""

    def __init__(self, host: str, say: Callable[[str], None]) -> None:
        self.host = host
        self.say = say
        self.steps: list[StepReport] = []
        self.current: StepReport | None = None
        self.failed: str | None = None
        self.done = False
        self.lines: list[str] = []
        self._step_started = 0.0

    def feed(self, line: str) -> None:
        self.lines.append(line)
        kind, _, rest = line.partition(" ")
        if kind == "::step":
            name, _, title = rest.partition(" ")
            self.current = StepReport(name, title or name)
            self.steps.append(self.current)
            self._step_started = time.monotonic()
        elif kind == "::changed" and self.current is not None:
            self.current.changed = True
            self.current.changes.append(rest.partition(" ")[2])
        elif kind == "::ok" and self.current is not None:
            self.current.ok = True
            self.current.seconds = time.monotonic() - self._step_started
            verdict = "changed" if self.current.changed else "ok"
            details = f" ({'; '.join(self.current.changes)})" if self.current.changes else ""
            took = f" [{self.current.seconds:.1f} s]"
            self.say(f"{self.host}: {self.current.title} ... {verdict}{details}{took}")
        elif kind == "::fail":
            self.failed = rest.partition(" ")[0] or (self.current.name if self.current else None)
            title = self.current.title if self.current else (self.failed or "setup")
            self.say(f"{self.host}: {title} ... FAILED")
        elif kind == "::done":
            self.done = True
        elif kind in ("::family",):
            pass
        elif self.current is not None:
            self.current.output.append(line)

    def tail(self) -> list[str]:
        """The last lines printed by the failed (or last) step, markers left out."""
        lines = self.current.output if self.current is not None else self.lines
        return [line for line in lines if not line.startswith("::")][-TAIL_LINES:]
