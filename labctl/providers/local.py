"""The embedded lab: each host is a real Apache httpd process on a loopback address.

A host's server root mirrors a CentOS /etc/httpd: conf/httpd.conf, conf.d/ (where the tutorial's
lbsisjarkom.conf goes), htpasswd, html/ (the document root) and logs/. Addresses keep the
tutorial's host octets (127.0.43.71, .92, .65) so every host can listen on the same port.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from string import Template

from labctl import templates
from labctl.errors import ProviderError
from labctl.lab import Host
from labctl.providers.base import Action, HostPaths, HostStatus, Say, Stage
from labctl.shield import uninterruptible
from labctl.state import LabState, StateDir
from labctl.transport import LocalTransport, Transport

# Modules the tutorial's CentOS 7 httpd loads that the lab relies on. mod_access_compat is
# there because the tutorial's first manager block says "allow from all" (Apache 2.2 syntax).
MODULES = (
    "mpm_event", "unixd", "log_config", "authz_core", "authz_host", "authn_core", "authn_file",
    "auth_basic", "authz_user", "access_compat", "dir", "mime", "alias", "headers", "slotmem_shm",
    "proxy", "proxy_http", "proxy_balancer", "lbmethod_byrequests", "lbmethod_bytraffic",
    "lbmethod_bybusyness",
)  # fmt: skip
REQUIRED = {"proxy", "proxy_http", "proxy_balancer", "slotmem_shm", "lbmethod_byrequests"}
MIME_TYPES = "text/html html htm\ntext/plain txt\ntext/css css\n"


@dataclass(frozen=True)
class Apache:
    binary: str
    modules_dir: Path
    run_user: str  # the user a root-started httpd serves files as
    htpasswd: str | None

    @property
    def install_hint(self) -> str:
        return "apache2-utils" if "apache2" in self.binary else "httpd-tools"


# (binary, module directories, run user) by distribution family
_CANDIDATES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("apache2", ("/usr/lib/apache2/modules",), "www-data"),
    ("httpd", ("/usr/lib64/httpd/modules", "/usr/lib/httpd/modules", "/etc/httpd/modules"),
     "apache"),
    ("httpd", ("/opt/homebrew/lib/httpd/modules", "/usr/local/lib/httpd/modules"), "_www"),
)  # fmt: skip
_SBIN = "/usr/sbin:/usr/local/sbin:/sbin:/opt/homebrew/bin:/usr/local/bin"


def find_apache() -> Apache:
    path = os.environ.get("PATH", "") + os.pathsep + _SBIN
    for name, module_dirs, user in _CANDIDATES:
        binary = shutil.which(name, path=path)
        modules = next((Path(d) for d in module_dirs if Path(d, "mod_proxy.so").exists()), None)
        if binary and modules:
            return Apache(binary, modules, user, shutil.which("htpasswd", path=path))
    raise ProviderError(
        "Apache httpd is not installed: `sudo apt-get install apache2` (Debian/Ubuntu) or "
        "`sudo dnf install httpd` (Fedora/RHEL), then `labctl up` again"
    )


class LocalProvider:
    name = "local"

    def __init__(self, state: LabState, state_dir: StateDir) -> None:
        self.state = state
        self.state_dir = state_dir
        self.lab = state.lab

    # --- where things are -----------------------------------------------------------------

    @property
    def port(self) -> int:
        return int(self.state.facts.get("port", self.lab.local.port))

    @property
    def tree(self) -> Path:
        return Path(self.state.facts.get("tree", self.state_dir.root / "hosts"))

    def server_root(self, host: Host) -> Path:
        return self.tree / host.name

    def endpoint(self, host: Host) -> tuple[str, int]:
        return self.lab.local_address(host), self.port

    def transport(self, host: Host) -> Transport:
        return LocalTransport(host.name)

    def paths(self, host: Host) -> HostPaths:
        root = self.server_root(host)
        return HostPaths(
            conf_d=str(root / "conf.d"),
            htpasswd=str(root / "htpasswd"),
            document_root=str(root / "html"),
            error_log=str(root / "logs" / "error_log"),
        )

    # --- lifecycle ------------------------------------------------------------------------

    def up(self, *, stage: Stage, say: Say) -> None:
        apache = find_apache()
        hosts = self.lab.hosts
        pending = [h for h in hosts if not self._alive(h)]
        if pending:
            self._choose_port(pending, say)
        self._choose_tree(apache)
        self.state.stage = stage
        self.state.facts["apache"] = apache.binary
        # Saved before anything starts, so an interrupted `up` leaves a state that `down` and
        # `destroy` can clean up from.
        self.state_dir.save(self.state)
        changed = {h.name: self._render(h, apache, stage) for h in hosts}
        started: list[Host] = []
        try:
            with ThreadPoolExecutor(max_workers=len(hosts)) as pool:
                jobs = []
                for h in hosts:
                    if h in pending:
                        started.append(h)
                        jobs.append(pool.submit(self._start, h, apache))
                    elif changed[h.name]:
                        jobs.append(pool.submit(self._restart, h, apache))
                for job in jobs:
                    job.result()  # re-raises the first host's error
            for h in hosts:
                self._wait_answering(h)
        except BaseException:
            with uninterruptible():
                for h in started:
                    self._stop(h)
            raise

    def down(self) -> None:
        with ThreadPoolExecutor(max_workers=len(self.lab.hosts)) as pool:
            list(pool.map(self._stop, self.lab.hosts))

    def destroy(self) -> None:
        self.down()
        tree = self.tree
        if tree.is_symlink() or self.state_dir.root / "hosts" != tree:
            shutil.rmtree(tree, ignore_errors=True)
        link = self.state_dir.root / "hosts"
        if link.is_symlink():
            link.unlink()
        self.state_dir.remove()

    def discard(self) -> bool:
        self.destroy()
        return True

    def status(self) -> list[HostStatus]:
        out = []
        for h in self.lab.hosts:
            address, port = self.endpoint(h)
            pid = self._pid(h)
            running = pid is not None and _accepts(address, port)
            detail = f"pid {pid}" if pid else "stopped"
            out.append(HostStatus(h.name, h.role, address, port, running, detail))
        return out

    def service(self, host: str, action: Action) -> None:
        h = self.lab.host(host)
        apache = find_apache()
        if action == "stop":
            self._stop(h)
        elif action == "start":
            if not self._alive(h):
                self._start(h, apache)
            self._wait_answering(h)
        else:
            self._configtest(h, apache)
            self._stop(h)
            self._start(h, apache)
            self._wait_answering(h)

    # --- the pieces -----------------------------------------------------------------------

    def _choose_port(self, hosts: list[Host], say: Say) -> None:
        port = self.lab.local.port
        for h in hosts:
            address = self.lab.local_address(h)
            problem = _bind_problem(address, port)
            if problem == errno.EACCES and port < 1024 and port == self.lab.local.port:
                fallback = self.lab.local.fallback_port
                say(f"port {port} needs root here; the embedded lab uses port {fallback}")
                port = fallback
                problem = _bind_problem(address, port)
            if problem == errno.EADDRINUSE:
                raise ProviderError(
                    f"{address}:{port} is already in use (another lab or web server?): stop it, "
                    "or set [local] subnet or port in lab.toml"
                )
            if problem == errno.EADDRNOTAVAIL:
                raise ProviderError(
                    f"{address} is not a local address here; on macOS add it with "
                    f'`sudo ifconfig lo0 alias {address}`, or set [local] subnet = "127.0.0.0/24"'
                )
            if problem:
                raise ProviderError(f"cannot listen on {address}:{port}: {os.strerror(problem)}")
        self.state.facts["port"] = port

    def _choose_tree(self, apache: Apache) -> None:
        if "tree" in self.state.facts and self.tree.is_dir():
            return
        link = self.state_dir.root / "hosts"
        self.state_dir.root.mkdir(parents=True, exist_ok=True)
        if _is_root() and not _world_traversable(self.state_dir.root):
            # Root's httpd serves files as its run user (www-data), who cannot enter /root:
            # the server roots live in a private temporary directory, linked from .labctl/.
            tree = Path(tempfile.mkdtemp(prefix="labctl-"))
            tree.chmod(0o755)
            if link.is_symlink() or link.exists():
                link.unlink() if link.is_symlink() else shutil.rmtree(link)
            link.symlink_to(tree)
        else:
            tree = link
            tree.mkdir(exist_ok=True)
        self.state.facts["tree"] = str(tree)

    def _render(self, h: Host, apache: Apache, stage: Stage) -> bool:
        """Write ``h``'s server root; True when a file the running httpd reads has changed."""
        root = self.server_root(h)
        for sub in ("conf", "conf.d", "html", "logs", "run"):
            (root / sub).mkdir(parents=True, exist_ok=True)
        address, port = self.endpoint(h)
        loads = []
        for module in MODULES:
            so = apache.modules_dir / f"mod_{module}.so"
            # Modules compiled into the binary (unixd and log_config on Debian) have no .so and
            # must not be loaded again.
            if so.exists():
                loads.append(f"LoadModule {module}_module {so}")
            elif module in REQUIRED:
                raise ProviderError(f"Apache module {so} is missing: mod_{module} is needed")
        run_as = ""
        if _is_root():
            run_as = f"User {apache.run_user}\nGroup {_group_of(apache.run_user)}"
        conf = Template(templates.read(templates.TEMPLATE_DIR / "embedded-httpd.conf")).substitute(
            server_root=root,
            host_name=h.name,
            address=address,
            port=port,
            modules="\n".join(loads),
            run_as=run_as,
        )
        changed = _write(root / "conf" / "httpd.conf", conf)
        changed |= _write(root / "conf" / "mime.types", MIME_TYPES)
        if h.role == "server":
            changed |= _write(root / "html" / "index.html", templates.index_html(h))
        elif stage == "full":
            password = self.state_dir.password(self.lab)
            htpasswd = self.paths(h).htpasswd
            members = tuple(self.lab.local_address(s) for s in self.lab.servers)
            balancer = templates.balancer_conf(
                self.lab, member_addresses=(members[0], members[1]), port=port, htpasswd=htpasswd
            )
            changed |= _write(root / "conf.d" / templates.BALANCER_CONF, balancer)
            changed |= _ensure_htpasswd(apache, Path(htpasswd), self.lab.manager_user, password)
        return changed

    def _start(self, h: Host, apache: Apache) -> None:
        conf = self.server_root(h) / "conf" / "httpd.conf"
        if _clear_stale_pid(self.server_root(h)):
            # A parent killed with SIGKILL (a crash) leaves its workers behind, still holding
            # the port and deaf to SIGTERM.
            _kill_leftovers(conf)
        proc = subprocess.run(
            [apache.binary, "-f", str(conf), "-k", "start"],
            capture_output=True,
            text=True,
            check=False,
        )
        if proc.returncode != 0:
            raise ProviderError(f"{h.name}: Apache did not start: {_first_error(proc)}")
        # The daemon listens before it writes its pid file; a `stop` right after `start` must
        # find the pid, so the start is not over until the file is there.
        deadline = time.monotonic() + 10
        while self._pid(h) is None:
            if time.monotonic() > deadline:
                raise ProviderError(f"{h.name}: httpd started but wrote no pid file")
            time.sleep(0.002)

    def _restart(self, h: Host, apache: Apache) -> None:
        self._configtest(h, apache)
        self._stop(h)
        self._start(h, apache)

    def _configtest(self, h: Host, apache: Apache) -> None:
        conf = self.server_root(h) / "conf" / "httpd.conf"
        proc = subprocess.run(
            [apache.binary, "-f", str(conf), "-t"], capture_output=True, text=True, check=False
        )
        if proc.returncode != 0:
            raise ProviderError(
                f"{h.name}: configuration broken, Apache left as it was: {_first_error(proc)}"
            )

    def _stop(self, h: Host) -> None:
        pid = self._pid(h)
        if pid is None:
            return
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + 10
        while _running(pid):
            if time.monotonic() > deadline:
                os.kill(pid, signal.SIGKILL)
                raise ProviderError(f"{h.name}: httpd (pid {pid}) ignored SIGTERM; killed it")
            time.sleep(0.002)
        # Apache removes its pid file itself; a SIGKILLed one would leave it for the next start.
        _clear_stale_pid(self.server_root(h))

    def _wait_answering(self, h: Host, timeout: float = 10.0) -> None:
        address, port = self.endpoint(h)
        deadline = time.monotonic() + timeout
        while not _accepts(address, port):
            if time.monotonic() > deadline:
                raise ProviderError(f"{h.name}: httpd started but {address}:{port} does not answer")
            time.sleep(0.003)

    def _pid(self, h: Host) -> int | None:
        try:
            pid = int((self.server_root(h) / "run" / "httpd.pid").read_text().strip())
        except (OSError, ValueError):
            return None
        return pid if _running(pid) else None

    def _alive(self, h: Host) -> bool:
        return self._pid(h) is not None


# --- small helpers ------------------------------------------------------------------------


def _write(path: Path, content: str, mode: int = 0o644) -> bool:
    try:
        if path.read_text(encoding="utf-8") == content:
            return False
    except OSError:
        pass
    path.write_text(content, encoding="utf-8")
    path.chmod(mode)
    return True


def _ensure_htpasswd(apache: Apache, path: Path, user: str, password: str) -> bool:
    """The tutorial's `htpasswd -c`, with the real tool, rewritten only when it does not match."""
    if apache.htpasswd is None:
        raise ProviderError(
            f"the htpasswd tool is missing: `sudo apt-get install {apache.install_hint}`"
        )
    if path.exists():
        check = subprocess.run(
            [apache.htpasswd, "-v", "-i", str(path), user],
            input=password, capture_output=True, text=True, check=False,
        )  # fmt: skip
        if check.returncode == 0:
            return False
    made = subprocess.run(
        [apache.htpasswd, "-c", "-i", "-B", str(path), user],
        input=password, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if made.returncode != 0:
        raise ProviderError(f"htpasswd failed: {made.stderr.strip()}")
    if _is_root():
        # Readable by the user httpd serves as, by nobody else.
        import pwd

        os.chown(path, 0, pwd.getpwnam(apache.run_user).pw_gid)
        path.chmod(0o640)
    return True


def _is_root() -> bool:
    # Windows has no euid (nor an embedded lab: `labctl doctor` must still import this module)
    return getattr(os, "geteuid", lambda: -1)() == 0


def _group_of(user: str) -> str:
    import grp
    import pwd

    return grp.getgrgid(pwd.getpwnam(user).pw_gid).gr_name


def _world_traversable(path: Path) -> bool:
    return all(not (p.exists() and not p.stat().st_mode & 1) for p in (path, *path.parents))


def _bind_problem(address: str, port: int) -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        # Apache sets SO_REUSEADDR too: a port in TIME_WAIT after `down` is free for it.
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((address, port))
        except OSError as exc:
            return exc.errno or errno.EINVAL
    return 0


def _accepts(address: str, port: int) -> bool:
    try:
        with socket.create_connection((address, port), timeout=0.5):
            return True
    except OSError:
        return False


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A daemon whose parent does not reap it lingers as a zombie: it is gone for our purposes.
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][0] != "Z"
    except (OSError, IndexError):
        return True


def _clear_stale_pid(root: Path) -> bool:
    """Remove a pid file whose process is gone; True if there was one."""
    pidfile = root / "run" / "httpd.pid"
    try:
        pid = int(pidfile.read_text().strip())
    except FileNotFoundError:
        return False
    except (OSError, ValueError):
        pid = 0
    if pid and _running(pid):
        return False
    pidfile.unlink(missing_ok=True)
    return True


def remove_unknown_lab(state_root: Path) -> None:
    """Stop and remove an embedded lab whose lab.json is lost or damaged, by its paths alone."""
    link = state_root / "hosts"
    tree = link.resolve() if link.is_symlink() else link
    _kill_leftovers(f"{tree}/")
    if link.is_symlink():
        shutil.rmtree(tree, ignore_errors=True)


def _kill_leftovers(conf: Path | str) -> None:
    marker = str(conf).encode()
    proc = Path("/proc")
    if not proc.is_dir():
        subprocess.run(["pkill", "-9", "-f", str(conf)], check=False, capture_output=True)
        return
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if marker in (entry / "cmdline").read_bytes():
                os.kill(int(entry.name), signal.SIGKILL)
        except (OSError, ProcessLookupError):
            continue


def _first_error(proc: subprocess.CompletedProcess[str]) -> str:
    lines = [line for line in (proc.stderr + proc.stdout).splitlines() if line.strip()]
    return " | ".join(lines[-3:]) or f"exit status {proc.returncode}"
