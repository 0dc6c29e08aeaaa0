"""The embedded lab: each host is a real Apache httpd process on a loopback address.

A host's server root mirrors a CentOS /etc/httpd: conf/httpd.conf, conf.d/ (where the tutorial's
lbsisjarkom.conf goes), htpasswd, html/ (the document root) and logs/. Addresses keep the
tutorial's host octets (127.0.43.71, .92, .65) so every host can listen on the same port.
"""

from __future__ import annotations

import errno
import os
import secrets
import shutil
import socket
import stat
import subprocess
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from string import Template

from labctl import procs, templates
from labctl.errors import LabCopied, ProviderError, StateError
from labctl.lab import LOCAL_SUBNET, Host
from labctl.procs import parent_of
from labctl.providers.base import Action, HostPaths, HostStatus, Say, Stage
from labctl.shield import uninterruptible
from labctl.state import TREE_MARKER, LabState, StateDir
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
    def subnet(self) -> str:
        """The loopback subnet this lab's hosts listen on, chosen at the first `up`."""
        return str(self.state.facts.get("subnet") or self.lab.local.subnet or LOCAL_SUBNET)

    def address(self, host: Host) -> str:
        return self.lab.local_address(host, self.subnet)

    @property
    def lab_id(self) -> str | None:
        return self.state.facts.get("id")

    @property
    def tree(self) -> Path:
        """Where this lab's server roots are now (proven this lab's own: see own_tree)."""
        return own_tree(self.state_dir, self.lab_id)

    @property
    def started_tree(self) -> Path:
        """Where the running httpd were started from. It differs from ``tree`` once the lab's
        directory was moved: their identity (``-f CONF``) keeps the old path."""
        return Path(self.state.facts.get("tree") or self.tree)

    def server_root(self, host: Host) -> Path:
        return self.tree / host.name

    def endpoint(self, host: Host) -> tuple[str, int]:
        return self.address(host), self.port

    def transport(self, host: Host) -> Transport:
        # Every file of the embedded lab belongs to the user running labctl: nothing needs sudo,
        # and a student without sudo reads exactly what root would.
        return LocalTransport(host.name, elevate=False)

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
        for h in pending:
            self._clear_crash(h)  # a crashed run's workers would hold the port
        if pending:
            self._choose_place(pending, say)
        self._choose_tree(apache)
        self.state.stage = stage
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
            self.state.facts["tree"] = str(self.tree)  # every httpd now runs from here
        except BaseException:
            with uninterruptible():
                for h in started:
                    self._stop(h)
            raise

    def down(self) -> None:
        with ThreadPoolExecutor(max_workers=len(self.lab.hosts)) as pool:
            list(pool.map(self._stop, self.lab.hosts))

    def destroy(self) -> None:
        tree = self.tree  # proven this lab's own before anything is stopped or removed
        self.down()
        if tree != self.state_dir.root / "hosts":
            shutil.rmtree(tree, ignore_errors=True)
        self.state_dir.remove()  # the link itself, never followed

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

    def _choose_place(self, hosts: list[Host], say: Say) -> None:
        """The subnet and port of this lab: kept from an earlier `up`; at the first, the
        default, else - on a shared lab server, where a classmate's lab holds it - a place of
        this user's own, the same at every `up`, said once."""
        if "subnet" in self.state.facts:
            self._check_free(hosts, self.subnet, self.port)
            return
        port = self.lab.local.port
        default = self.lab.local.subnet or LOCAL_SUBNET
        lb = self.lab.loadbalancer
        if _bind_problem(self.lab.local_address(lb, default), port) == errno.EACCES and port < 1024:
            port = self.lab.local.fallback_port
            say(f"port {self.lab.local.port} needs root here; the embedded lab uses port {port}")
        places = [(default, port)]
        if self.lab.local.subnet is None:
            places += list(_own_places(port))
        for subnet, candidate in places:
            if not any(_bind_problem(self.lab.local_address(h, subnet), candidate) for h in hosts):
                break
        else:
            subnet, candidate = default, port  # none free: say why for the default
        if (subnet, candidate) != (default, port):
            holder = _holder(self.lab.local_address(lb, default), port)
            say(
                f"{self.lab.local_address(lb, default)}:{port} is taken ({holder}): this lab "
                f"uses {subnet} port {candidate} (`labctl status` shows where)"
            )
        self._check_free(hosts, subnet, candidate)
        self.state.facts["subnet"] = subnet
        self.state.facts["port"] = candidate

    def _check_free(self, hosts: list[Host], subnet: str, port: int) -> None:
        for h in hosts:
            address = self.lab.local_address(h, subnet)
            problem = _bind_problem(address, port)
            # Workers of a crashed httpd exit by themselves at a moment of their own; one that
            # is exiting holds the port a few milliseconds more.
            deadline = time.monotonic() + 1.0
            while problem == errno.EADDRINUSE and time.monotonic() < deadline:
                time.sleep(0.01)
                problem = _bind_problem(address, port)
            if problem == errno.EADDRINUSE:
                raise ProviderError(
                    f"{address}:{port} is already in use ({_holder(address, port)}): stop it, "
                    "or set [local] subnet or port in lab.toml"
                )
            if problem == errno.EADDRNOTAVAIL:
                raise ProviderError(
                    f"{address} is not a local address here; on macOS add it with "
                    f'`sudo ifconfig lo0 alias {address}`, or set [local] subnet = "127.0.0.0/24"'
                )
            if problem:
                raise ProviderError(f"cannot listen on {address}:{port}: {os.strerror(problem)}")

    def _choose_tree(self, apache: Apache) -> None:
        self.state.facts.setdefault("id", secrets.token_hex(8))
        link = self.state_dir.root / "hosts"
        self.state_dir.make()
        tree = self.tree
        if not tree.is_dir():
            if _is_root() and not _world_traversable(self.state_dir.root):
                # Root's httpd serves files as its run user (www-data), who cannot enter
                # .labctl/: the server roots live in a temporary directory, linked from it.
                tree = Path(tempfile.mkdtemp(prefix="labctl-"))
                # Entered by root and by the run user's group only: the lab's files are
                # nobody else's to read on a shared machine.
                os.chown(tree, 0, _gid_of(apache.run_user))
                tree.chmod(0o710)
                link.unlink(missing_ok=True)
                link.symlink_to(tree)
            else:
                tree.mkdir(mode=0o700)
        # Names the lab the tree belongs to: how a copied or moved lab is recognised, and how
        # `labctl` run inside a tree kept outside .labctl/ (a student in conf.d/) finds its lab.
        _write(tree / TREE_MARKER, f"{self.state_dir.root}\n{self.lab_id}\n", 0o644)

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
            members = tuple(self.address(s) for s in self.lab.servers)
            balancer = templates.balancer_conf(
                self.lab, member_addresses=(members[0], members[1]), port=port, htpasswd=htpasswd
            )
            changed |= _write(root / "conf.d" / templates.BALANCER_CONF, balancer)
            changed |= _ensure_htpasswd(apache, Path(htpasswd), self.lab.manager_user, password)
        return changed

    def _start(self, h: Host, apache: Apache) -> None:
        self._clear_crash(h)
        proc = subprocess.run(
            [apache.binary, "-f", str(self._conf(h)), "-k", "start"],
            capture_output=True,
            text=True,
            check=False,
        )
        if proc.returncode != 0:
            raise ProviderError(f"{h.name}: Apache did not start: {_first_error(proc)}")
        # The daemon listens before it writes its pid file; a `stop` right after `start` must
        # find the pid, so the start is not over until the file is there.
        deadline = time.monotonic() + 10
        while self._pid_from_file(h) is None:
            if time.monotonic() > deadline:
                raise ProviderError(f"{h.name}: httpd started but wrote no pid file")
            time.sleep(0.002)

    def _clear_crash(self, h: Host) -> None:
        """What a crash left: a pid file that names no httpd of this host, and the workers of
        a parent killed with SIGKILL, still holding the port and deaf to SIGTERM."""
        if self._pid_from_file(h) is not None:
            return
        leftovers = self._procs(h)
        if parent_of(leftovers) is None and not procs.end(leftovers, grace=0.5):
            raise ProviderError(f"{h.name}: httpd processes of a crashed run would not end")
        self._pid_file(h).unlink(missing_ok=True)

    def _restart(self, h: Host, apache: Apache) -> None:
        self._configtest(h, apache)
        self._stop(h)
        self._start(h, apache)

    def _configtest(self, h: Host, apache: Apache) -> None:
        conf = self._conf(h)
        proc = subprocess.run(
            [apache.binary, "-f", str(conf), "-t"], capture_output=True, text=True, check=False
        )
        if proc.returncode != 0:
            raise ProviderError(
                f"{h.name}: configuration broken, Apache left as it was: {_first_error(proc)}"
            )

    def _stop(self, h: Host) -> None:
        """Ends this host's httpd, found by what it is (binary and config file), whatever its
        pid file says; nothing else is signalled."""
        found = self._procs(h)
        if found and not procs.end(found):
            raise ProviderError(f"{h.name}: httpd would not stop, not even with SIGKILL")
        # Apache removes its pid file itself; a SIGKILLed one would leave it for the next start.
        self._pid_file(h).unlink(missing_ok=True)

    def _wait_answering(self, h: Host, timeout: float = 10.0) -> None:
        address, port = self.endpoint(h)
        deadline = time.monotonic() + timeout
        while not _accepts(address, port):
            if time.monotonic() > deadline:
                raise ProviderError(f"{h.name}: httpd started but {address}:{port} does not answer")
            time.sleep(0.003)

    def _conf(self, h: Host) -> Path:
        return self.server_root(h) / "conf" / "httpd.conf"

    def _identities(self, h: Host) -> set[Path]:
        """The config files this host's httpd may run with: its own, and - after the lab's
        directory was moved - the one it was started with, where the lab was before."""
        return {self._conf(h), self.started_tree / h.name / "conf" / "httpd.conf"}

    def _pid_file(self, h: Host) -> Path:
        return self.server_root(h) / "run" / "httpd.pid"

    def _uids(self) -> set[int]:
        """Who this lab's httpd runs as: the user running labctl; root's drop to a run user."""
        uid = os.geteuid()
        return {uid, pwd_uid(find_apache().run_user)} if uid == 0 else {uid}

    def _procs(self, h: Host) -> list[procs.Proc]:
        return [p for conf in self._identities(h) for p in procs.of_config(conf, self._uids())]

    def _pid_from_file(self, h: Host) -> int | None:
        """The pid file's pid, when it is this host's httpd (a stale or forged one is not)."""
        try:
            pid = int(self._pid_file(h).read_text().strip())
        except (OSError, ValueError):
            return None
        found = procs.find(pid)
        ours = (
            found is not None
            and found.uid in self._uids()
            and any(found.runs(conf) for conf in self._identities(h))
        )
        return pid if ours else None

    def _pid(self, h: Host) -> int | None:
        pid = self._pid_from_file(h)
        if pid is not None:
            return pid
        parent = parent_of(self._procs(h))  # the pid file lies, or is gone
        return parent.pid if parent is not None else None

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
        os.chown(path, 0, _gid_of(apache.run_user))
        path.chmod(0o640)
    else:
        path.chmod(0o600)  # httpd runs as this user: nobody else needs to read the hashes
    return True


def _is_root() -> bool:
    # Windows has no euid (nor an embedded lab: `labctl doctor` must still import this module)
    return getattr(os, "geteuid", lambda: -1)() == 0


def pwd_uid(user: str) -> int:
    import pwd

    return pwd.getpwnam(user).pw_uid


def _gid_of(user: str) -> int:
    import pwd  # POSIX only: this module is imported on Windows too (doctor)

    return pwd.getpwnam(user).pw_gid


def _group_of(user: str) -> str:
    import grp

    return grp.getgrgid(_gid_of(user)).gr_name


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


def _own_places(port: int) -> Iterator[tuple[str, int]]:
    """Where this user's lab goes when the default place is taken: subnets 127.X.Y.0/24 made
    from the uid (X >= 1: never the 127.0.x.x of the default and of the tests), the same at
    every `up`; then other ports, for a loopback with one address (macOS without aliases)."""
    uid = os.getuid() if hasattr(os, "getuid") else 0
    for attempt in range(8):
        n = (uid + attempt * 40503) % (254 * 256)
        yield f"127.{1 + n // 256}.{n % 256}.0/24", port
    for attempt in range(8):
        yield LOCAL_SUBNET, port + 1 + (uid * 7 + attempt) % 500


def _holder(address: str, port: int) -> str:
    """Who listens on address:port, in words: on a lab server, usually a classmate's lab."""
    wanted = {f"{socket.inet_aton(a)[::-1].hex().upper()}:{port:04X}" for a in (address, "0.0.0.0")}
    try:
        lines = Path("/proc/net/tcp").read_text().splitlines()[1:]
    except OSError:
        return "by another program"
    for line in lines:
        fields = line.split()
        if len(fields) > 7 and fields[1] in wanted and fields[3] == "0A":  # 0A: LISTEN
            import pwd

            uid = int(fields[7])
            if uid == os.getuid():
                return "by another lab or program of yours"
            try:
                return f"by user {pwd.getpwuid(uid).pw_name}"
            except KeyError:
                return f"by uid {uid}"
    return "by another program"


def _accepts(address: str, port: int) -> bool:
    try:
        with socket.create_connection((address, port), timeout=0.5):
            return True
    except OSError:
        return False


def _marker(tree: Path) -> tuple[Path, str] | None:
    """(state dir, lab id) that a tree names, if it names one in a file of the user's own."""
    path = tree / TREE_MARKER
    try:
        info = path.lstat()
        if not stat.S_ISREG(info.st_mode) or info.st_uid != os.geteuid():
            return None
        root, lab_id = [*path.read_text(encoding="utf-8").splitlines(), "", ""][:2]
    except (OSError, UnicodeDecodeError):
        return None
    return (Path(root), lab_id) if root else None


def own_tree(sd: StateDir, lab_id: str | None) -> Path:
    """The server-root tree of the lab in ``sd``, proven to be that lab's before labctl uses,
    stops or removes anything in it: .labctl/hosts itself, or - root's labs - the private
    directory it links to, owned by this user, writable by nobody else, naming this lab.
    A copied lab (`cp -a`) is refused: the tree it links or names belongs to the original."""
    link = sd.root / "hosts"
    tree = link
    if link.is_symlink():
        tree = Path(os.readlink(link))
        try:
            info = tree.lstat()
        except FileNotFoundError:
            return tree  # gone (a reboot cleaned /tmp): nothing there to use or to remove
        named = _marker(tree)
        if (
            not tree.is_absolute()
            or not stat.S_ISDIR(info.st_mode)
            or info.st_uid != os.geteuid()
            or info.st_mode & 0o022
            or named is None
            or (named[0] != sd.root and (not lab_id or named[1] != lab_id))
        ):
            raise StateError(
                f"{link} points to {tree}, which is not this lab's own: labctl will neither "
                "use nor remove it (`labctl destroy` removes only .labctl/ here)"
            )
    named = _marker(tree)
    if named is not None and lab_id and named[0] != sd.root and named[1] == lab_id:
        original = StateDir(named[0])
        try:
            original_id = original.load().facts.get("id") if original.exists() else None
        except StateError:
            original_id = None
        if original_id == lab_id:
            raise LabCopied(
                f"this lab is a copy of the lab in {original.project}, whose servers are that "
                "lab's: `labctl destroy` here removes only this copy's .labctl/, then "
                "`labctl up` makes a lab of its own"
            )
    return tree


def remove_unknown_lab(sd: StateDir) -> None:
    """Stop an embedded lab whose lab.json is lost or damaged, by its paths alone: the httpd
    processes of its own server roots; a tree that is not proven its own is left alone."""
    try:
        tree = own_tree(sd, None)
    except StateError:
        return
    if not tree.is_dir():
        return
    uids = {os.geteuid()}
    if _is_root():
        uids |= {pwd_uid(find_apache().run_user)}
    for root in tree.iterdir():
        if not root.is_symlink() and root.is_dir():
            procs.end(procs.of_config(root / "conf" / "httpd.conf", uids))
    if tree != sd.root / "hosts":
        shutil.rmtree(tree, ignore_errors=True)


def _first_error(proc: subprocess.CompletedProcess[str]) -> str:
    lines = [line for line in (proc.stderr + proc.stdout).splitlines() if line.strip()]
    return " | ".join(lines[-3:]) or f"exit status {proc.returncode}"
