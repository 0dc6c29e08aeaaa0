"""The embedded lab: each host is a real Apache httpd process on a loopback address.

A host's server root mirrors a CentOS /etc/httpd: conf/httpd.conf, conf.d/ (where the tutorial's
lbsisjarkom.conf goes), htpasswd, html/ (the document root) and logs/. Addresses keep the
tutorial's host octets (127.0.43.71, .92, .65) so every host can listen on the same port.
"""

from __future__ import annotations

import os
import secrets
import shutil
import stat
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from string import Template

from labctl import procs, templates
from labctl.apache import (
    MIME_TYPES,
    MODULES,
    REQUIRED,
    Apache,
    Httpd,
    ensure_htpasswd,
    find_apache,
    gid_of,
    group_of,
    is_root,
    uid_of,
    write_file,
)
from labctl.errors import LabCopied, ProviderError, StateError
from labctl.lab import LOCAL_SUBNET, Action, Host, Stage
from labctl.net import accepts, check_free, choose_place, wait_until
from labctl.providers.base import FaultMeans, HostPaths, HostStatus, Say
from labctl.shield import uninterruptible
from labctl.state import TREE_MARKER, LabState, LocalFacts, StateDir
from labctl.transports import LocalTransport, Transport


class LocalProvider:
    name = "local"

    def __init__(self, state: LabState, state_dir: StateDir, remember: Callable[[], None]) -> None:
        self.state = state
        # Writes what this provider learned (facts) to lab.json: control's writer, the only one.
        self.remember = remember
        self.state_dir = state_dir
        self.lab = state.lab
        if not isinstance(state.facts, LocalFacts):
            state.facts = LocalFacts()
        self.facts: LocalFacts = state.facts

    # --- where things are -----------------------------------------------------------------

    @property
    def port(self) -> int:
        return self.facts.port or self.lab.local.port

    @property
    def subnet(self) -> str:
        """The loopback subnet this lab's hosts listen on, chosen at the first `up`."""
        return self.facts.subnet or self.lab.local.subnet or LOCAL_SUBNET

    def address(self, host: Host) -> str:
        return self.lab.local_address(host, self.subnet)

    @property
    def lab_id(self) -> str | None:
        return self.facts.id

    @property
    def tree(self) -> Path:
        """Where this lab's server roots are now (proven this lab's own: see own_tree)."""
        return own_tree(self.state_dir, self.lab_id)

    @property
    def started_tree(self) -> Path:
        """Where the running httpd were started from. It differs from ``tree`` once the lab's
        directory was moved: their identity (``-f CONF``) keeps the old path."""
        return Path(self.facts.tree) if self.facts.tree else self.tree

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
            self._httpd(h, apache).clear_crash()  # a crashed run's workers hold the port
        if pending and self.facts.subnet is not None:
            check_free([self.address(h) for h in pending], self.port)
        elif pending:
            subnet, port = choose_place(self.lab, pending, say)
            self.facts.subnet, self.facts.port = subnet, port
        self._choose_tree(apache)
        # Saved before anything starts, so an interrupted `up` leaves a state that `down` and
        # `destroy` can clean up from.
        self.remember()
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
            self.facts.tree = str(self.tree)  # every httpd now runs from here
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
            pid = self.pid(h)
            running = pid is not None and accepts(address, port)
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
            self._restart(h, apache)
            self._wait_answering(h)

    # --- the pieces -----------------------------------------------------------------------

    def _choose_tree(self, apache: Apache) -> None:
        self.facts.id = self.facts.id or secrets.token_hex(8)
        link = self.state_dir.root / "hosts"
        self.state_dir.make()
        tree = self.tree
        if not tree.is_dir():
            if is_root() and not _world_traversable(self.state_dir.root):
                # Root's httpd serves files as its run user (www-data), who cannot enter
                # .labctl/: the server roots live in a temporary directory, linked from it.
                tree = Path(tempfile.mkdtemp(prefix="labctl-"))
                # Entered by root and by the run user's group only: the lab's files are
                # nobody else's to read on a shared machine.
                os.chown(tree, 0, gid_of(apache.run_user))
                tree.chmod(0o710)
                link.unlink(missing_ok=True)
                link.symlink_to(tree)
            else:
                tree.mkdir(mode=0o700)
        # Names the lab the tree belongs to: how a copied or moved lab is recognised, and how
        # `labctl` run inside a tree kept outside .labctl/ (a student in conf.d/) finds its lab.
        write_file(tree / TREE_MARKER, f"{self.state_dir.root}\n{self.lab_id}\n", 0o644)

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
        if is_root():
            run_as = f"User {apache.run_user}\nGroup {group_of(apache.run_user)}"
        conf = Template(templates.read(templates.TEMPLATE_DIR / "embedded-httpd.conf")).substitute(
            server_root=root,
            host_name=h.name,
            address=address,
            port=port,
            modules="\n".join(loads),
            run_as=run_as,
        )
        changed = write_file(root / "conf" / "httpd.conf", conf)
        changed |= write_file(root / "conf" / "mime.types", MIME_TYPES)
        if h.role == "server":
            changed |= write_file(root / "html" / "index.html", templates.index_html(h))
            # A directory for verify: /labctl (no slash) -> 301, to test ProxyPassReverse.
            (root / "html" / "labctl").mkdir(exist_ok=True)
            changed |= write_file(root / "html" / "labctl" / "index.html", templates.index_html(h))
        elif stage == "full":
            password = self.state_dir.password(self.lab)
            htpasswd = self.paths(h).htpasswd
            members = tuple(self.address(s) for s in self.lab.servers)
            balancer = templates.balancer_conf(
                self.lab, member_addresses=(members[0], members[1]), port=port, htpasswd=htpasswd
            )
            changed |= write_file(root / "conf.d" / templates.BALANCER_CONF, balancer)
            changed |= ensure_htpasswd(apache, Path(htpasswd), self.lab.manager_user, password)
        return changed

    def _httpd(self, h: Host, apache: Apache | None = None) -> Httpd:
        # The config path it was started with counts too: the lab's directory may have moved.
        started = self.started_tree / h.name / "conf" / "httpd.conf"
        return Httpd(h.name, apache or find_apache(), self.server_root(h), {started})

    def _start(self, h: Host, apache: Apache) -> None:
        self._httpd(h, apache).start()

    def _restart(self, h: Host, apache: Apache) -> None:
        httpd = self._httpd(h, apache)
        httpd.configtest()
        httpd.stop()
        httpd.start()

    def _stop(self, h: Host) -> None:
        self._httpd(h).stop()

    def _wait_answering(self, h: Host) -> None:
        address, port = self.endpoint(h)
        failure = f"{h.name}: httpd started but {address}:{port} does not answer"
        wait_until(lambda: accepts(address, port), failure)

    def pid(self, h: Host) -> int | None:
        return self._httpd(h).pid()

    def processes(self, h: Host) -> list[procs.Proc]:
        """``h``'s httpd processes, parent and workers, proven this lab's."""
        return self._httpd(h).processes()

    def fault_means(self) -> FaultMeans:
        from labctl.providers.local_faults import LocalFaultMeans

        return LocalFaultMeans(self.processes, self.server_root, lambda: find_apache().modules_dir)

    def _alive(self, h: Host) -> bool:
        return self.pid(h) is not None


# --- small helpers ------------------------------------------------------------------------


def _world_traversable(path: Path) -> bool:
    return all(not (p.exists() and not p.stat().st_mode & 1) for p in (path, *path.parents))


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
            facts = original.load().facts if original.exists() else None
            original_id = facts.id if isinstance(facts, LocalFacts) else None
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
    if is_root():
        uids |= {uid_of(find_apache().run_user)}
    for root in tree.iterdir():
        if not root.is_symlink() and root.is_dir():
            procs.end(procs.of_config(root / "conf" / "httpd.conf", uids))
    if tree != sd.root / "hosts":
        shutil.rmtree(tree, ignore_errors=True)
