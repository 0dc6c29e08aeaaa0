"""`labctl reset [--stage base|full]`: the lab back to a stage, the student's work kept aside.

The load balancer's conf.d/*.conf and htpasswd are copied to .labctl/backups/<time>/ before
anything is overwritten or removed; then the provider brings the lab to the stage again (the
embedded lab re-renders its host trees, Vagrant re-provisions).
"""

from __future__ import annotations

import os
import posixpath
import re
import shlex
import time
from pathlib import Path
from typing import TYPE_CHECKING

from labctl.errors import Message, ProviderError
from labctl.hostreader import HostReader
from labctl.i18n import tr
from labctl.lab import Stage
from labctl.providers.base import Say

if TYPE_CHECKING:
    from labctl.control import OpenLab

# A file of the student's on a VM: it sets up the tutorial's pieces. The distribution's own
# conf.d files (welcome.conf, autoindex.conf...) do not, and stay.
_STUDENT_FILE = re.compile(r"balancermember|proxypass|balancer-manager", re.IGNORECASE)


def reset(opened: OpenLab, stage: Stage, say: Say) -> Path | None:
    """Back up the student's files, remove them, bring the lab to ``stage``; the backup dir."""
    provider = opened.provider
    lb = opened.lab.loadbalancer
    paths = provider.paths(lb)
    transport = provider.transport(lb)
    # A conf.d replaced by a link would make the removal below reach outside the lab (as root:
    # the machine's own configuration). Asked of the host itself: a VM's paths are the VM's.
    linked = transport.run(
        f"test -L {shlex.quote(paths.conf_d)} || test -L {shlex.quote(paths.htpasswd)}",
        sudo=True, timeout=20,
    )  # fmt: skip
    if linked.ok:
        raise ProviderError(Message("err.reset-link", conf_d=paths.conf_d, htpasswd=paths.htpasswd))
    # Kept byte for byte (a file in Latin-1 or with a BOM is the student's as it is), and
    # nothing is removed unless all of it could be kept.
    reader = HostReader(transport)
    found, unread = reader.raw(posixpath.join(paths.conf_d, "*.conf"))
    secret, unread_secret = reader.raw(paths.htpasswd)
    if unread or unread_secret:
        missed = [*unread, *unread_secret][0]
        raise ProviderError(
            Message("err.reset-unread", host=lb.name, path=missed.path, why=missed.reason)
        )
    files = {posixpath.basename(path): data for path, data in found}
    # In the embedded lab conf.d holds nothing but the student's files.
    mine = [
        n
        for n, data in files.items()
        if provider.name == "local" or _STUDENT_FILE.search(data.decode("utf-8", "replace"))
    ]
    backup = None
    if files or secret:
        opened.state_dir.make()
        backup = _fresh_dir(opened.state_dir.root / "backups", time.strftime("%Y%m%d-%H%M%S"))
        for name, data in files.items():
            (backup / "conf.d").mkdir(exist_ok=True)
            (backup / "conf.d" / name).write_bytes(data)
        for _, data in secret:
            # Password hashes: readable by the owner only, like .labctl/credentials.
            fd = os.open(backup / "htpasswd", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
        say(tr("cmd.backup", path=backup))
    doomed = [f"{paths.conf_d}/{name}" for name in mine] + [paths.htpasswd]
    removed = transport.run(
        "rm -f -- " + " ".join(shlex.quote(p) for p in doomed), sudo=True, timeout=20
    )
    if not removed.ok:
        # Said, never skipped: a reset that changed nothing must not say "lab reset".
        raise ProviderError(Message("err.reset-unremoved", host=lb.name, why=removed.tail(2)))
    provider.up(stage=stage, say=say)
    # The embedded lab restarts a host only when its httpd.conf changed: the balancer must
    # drop the removed files now, as `systemctl restart httpd` would.
    provider.service(lb.name, "restart")
    return backup


def _fresh_dir(parent: Path, name: str) -> Path:
    """parent/name, or name-2, -3... : two resets in one second must not share a backup."""
    parent.mkdir(parents=True, exist_ok=True)
    for n in range(1, 1000):
        path = parent / (name if n == 1 else f"{name}-{n}")
        try:
            path.mkdir()
        except FileExistsError:
            continue
        return path
    raise FileExistsError(parent / name)
