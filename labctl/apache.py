"""Apache httpd on this machine: where it is installed, and one httpd process of the embedded
lab, known by its own config file (start with a configtest first, stop, its pid).

Every provider of processes on this machine goes through here, so "configtest, then the
action, then wait for it" has one home.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from labctl import procs
from labctl.errors import ConfigRefused, Message, ProviderError

# Modules the tutorial's CentOS 7 httpd loads that the lab relies on. mod_access_compat is
# there because the tutorial's first manager block says "allow from all" (Apache 2.2 syntax).
MODULES = (
    "mpm_event", "unixd", "log_config", "authz_core", "authz_host", "authn_core", "authn_file",
    "auth_basic", "authz_user", "access_compat", "dir", "mime", "alias", "headers", "slotmem_shm",
    "proxy", "proxy_http", "proxy_balancer", "lbmethod_byrequests", "lbmethod_bytraffic",
    "lbmethod_bybusyness",
    # Optional, for `labctl exercise health-check` (httpd >= 2.4.21): loaded when installed.
    "watchdog", "proxy_hcheck",
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
    raise ProviderError(Message("err.no-apache"))


def write_file(path: Path, content: str, mode: int = 0o644) -> bool:
    try:
        if path.read_text(encoding="utf-8") == content:
            return False
    except OSError:
        pass
    path.write_text(content, encoding="utf-8")
    path.chmod(mode)
    return True


def ensure_htpasswd(apache: Apache, path: Path, user: str, password: str) -> bool:
    """The tutorial's `htpasswd -c`, with the real tool, rewritten only when it does not match."""
    if apache.htpasswd is None:
        raise ProviderError(Message("err.no-htpasswd", package=apache.install_hint))
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
        raise ProviderError(Message("err.htpasswd-failed", why=made.stderr.strip()))
    if is_root():
        # Readable by the user httpd serves as, by nobody else.
        os.chown(path, 0, gid_of(apache.run_user))
        path.chmod(0o640)
    else:
        path.chmod(0o600)  # httpd runs as this user: nobody else needs to read the hashes
    return True


def is_root() -> bool:
    # Windows has no euid (nor an embedded lab: `labctl doctor` must still import this module)
    return getattr(os, "geteuid", lambda: -1)() == 0


def uid_of(user: str) -> int:
    import pwd

    return pwd.getpwnam(user).pw_uid


def gid_of(user: str) -> int:
    import pwd  # POSIX only: this module is imported on Windows too (doctor)

    return pwd.getpwnam(user).pw_gid


def group_of(user: str) -> str:
    import grp

    return grp.getgrgid(gid_of(user)).gr_name


def apache_says(stdout: str, stderr: str, status: int) -> str:
    """What Apache said when it refused (a configtest, a start), in one line: its last lines,
    "Syntax OK" aside."""
    lines = [
        line.strip()
        for line in (stderr + "\n" + stdout).splitlines()
        if line.strip() and line.strip() != "Syntax OK"
    ]
    return " | ".join(lines[-3:]) or f"exit status {status}"


def first_error(proc: subprocess.CompletedProcess[str]) -> str:
    return apache_says(proc.stdout, proc.stderr, proc.returncode)


class Httpd:
    """One httpd of the embedded lab. Its identity is its config file: the process runs
    ``APACHE -f CONF``, owned by the user running labctl (root's: root and the run user).
    ``identities`` may add the config path it was started with before its lab was moved."""

    def __init__(self, name: str, apache: Apache, server_root: Path, identities: set[Path]):
        self.name = name
        self.apache = apache
        self.conf = server_root / "conf" / "httpd.conf"
        self.pid_file = server_root / "run" / "httpd.pid"
        self.identities = identities | {self.conf}
        uid = os.geteuid()
        self.uids = {uid, uid_of(apache.run_user)} if uid == 0 else {uid}

    def configtest(self) -> None:
        proc = subprocess.run(
            [self.apache.binary, "-f", str(self.conf), "-t"],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        if proc.returncode != 0:
            raise ConfigRefused(self.name, first_error(proc))

    def start(self) -> None:
        self.clear_crash()
        proc = subprocess.run(
            [self.apache.binary, "-f", str(self.conf), "-k", "start"],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        if proc.returncode != 0:
            raise ProviderError(Message("err.no-start", host=self.name, why=first_error(proc)))
        # The daemon listens before it writes its pid file; a `stop` right after `start` must
        # find the pid, so the start is not over until the file is there.
        deadline = time.monotonic() + 10
        while self.pid_from_file() is None:
            if time.monotonic() > deadline:
                raise ProviderError(Message("err.no-pid-file", host=self.name))
            time.sleep(0.002)

    def stop(self) -> None:
        """Ends this httpd, found by what it is whatever its pid file says; nothing else is
        signalled."""
        found = self.processes()
        if found and not procs.end(found):
            raise ProviderError(Message("err.no-stop", host=self.name))
        # Apache removes its pid file itself; a SIGKILLed one would leave it for the next start.
        self.pid_file.unlink(missing_ok=True)

    def clear_crash(self) -> None:
        """What a crash left: a pid file that names no httpd of this host, and the workers of
        a parent killed with SIGKILL, still holding the port and deaf to SIGTERM."""
        if self.pid_from_file() is not None:
            return
        leftovers = self.processes()
        if procs.parent_of(leftovers) is None and not procs.end(leftovers, grace=0.5):
            raise ProviderError(Message("err.crash-left", host=self.name))
        self.pid_file.unlink(missing_ok=True)

    def processes(self) -> list[procs.Proc]:
        return [p for conf in self.identities for p in procs.of_config(conf, self.uids)]

    def pid_from_file(self) -> int | None:
        """The pid file's pid, when it is this httpd (a stale or forged one is not)."""
        try:
            pid = int(self.pid_file.read_text().strip())
        except (OSError, ValueError):
            return None
        found = procs.find(pid)
        if found is None or found.uid not in self.uids:
            return None
        return pid if any(found.runs(conf) for conf in self.identities) else None

    def pid(self) -> int | None:
        pid = self.pid_from_file()
        if pid is not None:
            return pid
        parent = procs.parent_of(self.processes())  # the pid file lies, or is gone
        return parent.pid if parent is not None else None
