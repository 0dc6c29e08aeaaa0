"""`vagrant`, run for one lab directory through python-vagrant: its output read as the UTF-8
Vagrant writes, followed line by line, and its failures turned into one line with the fix we
know. The Vagrant provider (labctl/providers/vagrant.py) and `labctl box` drive VMs through it.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import shutil
import subprocess
import threading
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from labctl import templates
from labctl.errors import Message, ProviderError, VagrantError
from labctl.providers.base import Say

if TYPE_CHECKING:
    import vagrant

# python-vagrant warns through logging at import when vagrant is missing; we say it ourselves.
logging.getLogger("vagrant").addHandler(logging.NullHandler())

VAGRANTFILE_ENV = "LABCTL_VAGRANTFILE"  # a Vagrantfile of the instructor's instead of labctl's


def find_vagrantfile() -> Path:
    override = os.environ.get(VAGRANTFILE_ENV)
    path = Path(override) if override else templates.VAGRANTFILE
    if not path.is_file():
        raise ProviderError(Message("vagrant.no-vagrantfile", path=path, env=VAGRANTFILE_ENV))
    return path.resolve()


@contextlib.contextmanager
def _line_pipe(*sinks: Callable[[str], None]) -> Iterator[IO[str]]:
    """A file a subprocess writes to; each line reaches ``sinks`` as soon as it is written.

    python-vagrant hands out_cm/err_cm's file straight to subprocess, so it must be a real file
    descriptor, not a Python object.
    """
    read_fd, write_fd = os.pipe()
    reader = os.fdopen(read_fd, "r", encoding="utf-8", errors="replace")
    writer = os.fdopen(write_fd, "w", encoding="utf-8")

    def pump() -> None:
        for line in reader:
            for sink in sinks:
                sink(line.rstrip("\r\n"))

    thread = threading.Thread(target=pump, name="vagrant-output", daemon=True)
    thread.start()
    try:
        yield writer
    finally:
        writer.close()
        # A guest helper that inherited the pipe could keep it open; do not hang on it.
        thread.join(timeout=5)
        if not thread.is_alive():
            reader.close()


class VagrantCLI:
    """`vagrant` for one lab directory, through python-vagrant, with errors that say why.

    python-vagrant throws stderr away by default and raises a bare CalledProcessError; here
    stderr is kept (last lines) and logged, and failures become one VagrantError line.
    """

    def __init__(
        self,
        project: Path,
        state_root: Path,
        *,
        vagrantfile: Path | None = None,
        log_path: Path | None = None,
        executable: str | None = None,
        provider: str | None = None,
    ) -> None:
        self.executable = executable or shutil.which("vagrant")
        if self.executable is None:
            raise ProviderError(Message("vagrant.not-installed"))
        self.project = project
        self.state_root = state_root
        self.vagrantfile = vagrantfile or find_vagrantfile()
        self.log_path = log_path
        self.env = {
            # env= replaces the whole environment: keep the user's (PATH, HOME, LIBVIRT_...).
            **os.environ,
            "VAGRANT_VAGRANTFILE": str(self.vagrantfile),
            "VAGRANT_DOTFILE_PATH": str(state_root / "vagrant"),
            "LABCTL_STATE_DIR": str(state_root),
            # no version check against HashiCorp's servers on every command
            "VAGRANT_CHECKPOINT_DISABLE": "1",
        }
        if provider:
            # `vagrant status` of machines not created yet would otherwise name the first
            # usable provider, not the lab's (and skip an unusable VirtualBox silently).
            self.env["VAGRANT_DEFAULT_PROVIDER"] = provider
        self.stderr: deque[str] = deque(maxlen=60)

    def _log(self, line: str) -> None:
        if self.log_path is None:
            return
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("a", encoding="utf-8") as fh:
            fh.write(line + "\n")

    def _instance(self, say: Say | None) -> vagrant.Vagrant:
        def out(line: str) -> None:
            self._log(line)
            # `vagrant package` and `box add` redraw a progress meter (ESC[K + "Progress: N%"):
            # kept in the log, not shown line by line.
            shown = line.replace("\x1b[K", "").strip()
            if say is not None and shown and not shown.startswith("Progress:"):
                say(shown)

        def err(line: str) -> None:
            self._log(line)
            self.stderr.append(line)

        instance = _utf8_vagrant()(
            root=str(self.project),
            env=self.env,
            out_cm=lambda: _line_pipe(out),
            err_cm=lambda: _line_pipe(err),
        )
        instance._vagrant_exe = self.executable  # the one we checked, not a second PATH lookup
        return instance

    def call(
        self, what: str, action: Callable[[vagrant.Vagrant], Any], say: Say | None = None
    ) -> Any:
        self.stderr.clear()
        self._log(f"# vagrant {what}")
        try:
            return action(self._instance(say))
        except subprocess.CalledProcessError as exc:
            # machine-readable commands print their error on stdout as an error-exit line
            text = "\n".join(self.stderr) or machine_readable_error(_text(exc.output))
            raise VagrantError(explain_vagrant_error(what, text)) from None
        except OSError as exc:
            raise VagrantError(
                Message("vagrant.cannot-run", what=what, why=exc.strerror or exc)
            ) from None
        except (ValueError, IndexError, KeyError, TypeError, RuntimeError) as exc:
            # python-vagrant's parsers index and unpack lines as they expect them; a plugin's
            # warning or a translated message in the output makes them raise instead.
            why = f"{type(exc).__name__}: {exc}"
            raise VagrantError(Message("vagrant.unreadable", what=what, why=why)) from None

    def version(self) -> str:
        return str(self.call("--version", lambda v: v.version()))

    def up(self, provider: str, say: Say) -> None:
        # No --parallel flag needed: `vagrant up` is parallel by default wherever the provider
        # supports it (libvirt) and serial where it does not (VirtualBox).
        self.call("up", lambda v: v.up(provider=provider, no_provision=True), say)

    def status(self) -> dict[str, tuple[str, str]]:
        statuses = self.call("status", lambda v: v.status())
        return {s.name: (s.state or "unknown", s.provider or "") for s in statuses}

    def ssh_config(self, machine: str) -> str:
        text = str(self.call(f"ssh-config {machine}", lambda v: v.ssh_config(machine)))
        if "HostName" not in text:
            raise VagrantError(Message("vagrant.no-hostname", machine=machine, text=text.strip()))
        return text

    def box_add(self, name: str, path: Path, say: Say | None = None) -> None:
        argv = ["box", "add", "--name", name, "--force", str(path)]
        self.call("box add", lambda v: v._call_vagrant_command(argv), say)

    def package(
        self,
        machine: str,
        output: Path,
        *,
        vagrantfile: Path | None = None,
        include: Sequence[Path] = (),
        extra_path: Path | None = None,
        say: Say | None = None,
    ) -> None:
        argv = ["package", machine, "--output", str(output)]
        if vagrantfile is not None:
            argv += ["--vagrantfile", str(vagrantfile)]
        if include:
            argv += ["--include", ",".join(str(p) for p in include)]
        saved = self.env.get("PATH", "")
        if extra_path is not None:
            self.env["PATH"] = f"{extra_path}{os.pathsep}{saved}"
        try:
            self.call("package", lambda v: v._call_vagrant_command(argv), say)
        finally:
            self.env["PATH"] = saved

    def halt(self, say: Say | None = None) -> None:
        self.call("halt", lambda v: v.halt(), say)

    def destroy(self, say: Say | None = None) -> None:
        self.call("destroy", lambda v: v.destroy(), say)


@functools.cache
def _utf8_vagrant() -> type[vagrant.Vagrant]:
    """python-vagrant's Vagrant, reading Vagrant's output as the UTF-8 Vagrant writes.

    python-vagrant decodes with the locale's code page (cp1252 on most Windows laptops), so a
    user name or box path with a non-ASCII letter raises UnicodeDecodeError in the middle of
    `vagrant status`.
    """
    import vagrant

    class Utf8Vagrant(vagrant.Vagrant):
        def _run_vagrant_command(self, args: Sequence[str | None]) -> str:
            command = self._make_vagrant_command(args)
            with self.err_cm() as err_fh:
                out = subprocess.check_output(command, cwd=self.root, env=self.env, stderr=err_fh)
            return out.decode("utf-8", "replace")

    return Utf8Vagrant


def _text(data: bytes | str | None) -> str:
    if data is None:
        return ""
    return data.decode("utf-8", "replace") if isinstance(data, bytes) else data


def machine_readable_error(output: str) -> str:
    for line in output.splitlines():
        parts = line.split(",", 4)
        if len(parts) >= 5 and parts[2] == "error-exit":
            return parts[4].replace("%!(VAGRANT_COMMA)", ",").replace("\\n", "\n")
    return output


# (substring of Vagrant's message, vagrant.advice-KEY: what to tell the user); the first match
# wins. Sources: the messages of hashicorp/vagrant (templates/locales/en.yml) and VirtualBox's
# VERR_* codes as users report them (vagrant issues 3868, 13501, 11853, 10396, 6059, 11431,
# 13404).
_KNOWN_ERRORS: tuple[tuple[str, str], ...] = (
    ("could not detect VirtualBox", "no-vbox"),
    ("not supported by this version of Vagrant", "old-vagrant"),
    ("vboxdrv kernel module is not loaded", "vboxdrv"),
    ("VERR_VMX_IN_VMX_ROOT_MODE", "kvm"),
    ("VERR_SVM_IN_USE", "kvm"),
    ("VERR_SVM_DISABLED", "svm-off"),
    ("VERR_VMX_MSR_ALL_VMX_DISABLED", "vtx-off"),
    ("Failed to create the host-only adapter", "hostonly-adapter"),
    ("not within the allowed ranges", "hostonly-range"),
    ("Timed out while waiting for the machine to boot", "boot-timeout"),
    ("UndefinedConversionError", "non-ascii-home"),
    ("vbguest", "vbguest"),
    ("could not be found, but was requested", "no-plugin"),
    ("Error while connecting to Libvirt", "libvirt"),
    ("KVM kernel module", "no-kvm"),
    ("VT-x is not available", "no-vtx"),
    ("could not be found or could not be accessed in the remote catalog", "box"),
    ("error occurred while downloading the remote file", "box"),
    ("not yet ready for SSH", "not-running"),
)


_REASON_LIMIT = 600


def explain_vagrant_error(what: str, text: str) -> Message:
    """One line: the fix we know for Vagrant's message, then Vagrant's own reason (whole, not
    its first sentence: the reason is often in the second, e.g. "isn't usable ... The reason is
    shown below: ..."), capped so that one line stays readable."""
    flat = " ".join(text.split())
    reason = flat.split("The reason is shown below:", 1)[-1].strip()
    if len(reason) > _REASON_LIMIT:
        reason = reason[: _REASON_LIMIT - 3] + "..."
    for needle, advice in _KNOWN_ERRORS:
        if needle in flat:
            fix = Message(f"vagrant.advice-{advice}")
            return Message("vagrant.advised", what=what, advice=fix, reason=reason)
    if not reason:
        return Message("vagrant.no-reason", what=what)
    return Message("vagrant.failed", what=what, reason=reason)


def created_machines(dotfile: Path) -> dict[str, str]:
    """{machine: provider} of the machines a Vagrant data directory says exist.

    Vagrant records a created machine as machines/<name>/<provider>/id; reading it needs no
    provider, so it works even where the hypervisor is gone.
    """
    return {p.parent.parent.name: p.parent.name for p in sorted(dotfile.glob("machines/*/*/id"))}
