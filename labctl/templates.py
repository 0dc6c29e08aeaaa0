"""Renders provision/templates/* for a lab: one renderer, every provider.

The templates use ``${name}`` placeholders (string.Template) so that a student reading them next
to the tutorial sees the tutorial's file with only the addresses left open.
"""

from __future__ import annotations

import re
from importlib.util import find_spec
from pathlib import Path
from string import Template

from labctl.errors import LabctlError, Message
from labctl.lab import Host, Lab


def _provision_dir() -> Path:
    """provision/ of the repository: installed as the package labctl.provision (a wheel, pipx),
    or the clone's own directory (an editable install maps no subpackage from elsewhere)."""
    try:
        spec = find_spec("labctl.provision")
    except ModuleNotFoundError:
        spec = None
    # A directory of data, not code: it is a namespace package, whose one location is it.
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    if locations:
        return Path(locations[0])
    return Path(__file__).resolve().parent.parent / "provision"


PROVISION_DIR = _provision_dir()
TEMPLATE_DIR = PROVISION_DIR / "templates"
VAGRANTFILE = PROVISION_DIR / "Vagrantfile"
BALANCER_CONF = "lbsisjarkom.conf"
INDEX_HTML = "index.html"


def read(path: Path) -> str:
    """A file labctl ships, as text with LF line ends (a Windows checkout or editor adds CR)."""
    try:
        return path.read_text(encoding="utf-8").replace("\r\n", "\n")
    except OSError as exc:
        raise LabctlError(Message("err.template-missing", path=path, why=exc.strerror)) from exc


def _template(name: str) -> Template:
    return Template(read(TEMPLATE_DIR / name))


# The tutorial's cluster block, with the comment above it: what an exercise's solution replaces.
_CLUSTER = re.compile(r"^# The cluster:.*?^</Proxy>\n", re.MULTILINE | re.DOTALL)


def balancer_conf(
    lab: Lab,
    *,
    member_addresses: tuple[str, str],
    port: int,
    htpasswd: str,
    exercise: str | None = None,
) -> str:
    """The tutorial's lbsisjarkom.conf for ``lab``, members at ``member_addresses``:``port``;
    with ``exercise``, its cluster block is exercise-NAME.conf's (the exercise's solution)."""
    text = read(TEMPLATE_DIR / BALANCER_CONF)
    if exercise is not None:
        block = read(TEMPLATE_DIR / f"exercise-{exercise}.conf")
        text = _CLUSTER.sub(lambda _m: block, text, count=1)
    return Template(text).substitute(
        balancer=lab.balancer,
        lbmethod=lab.lbmethod,
        server1_address=member_addresses[0],
        server2_address=member_addresses[1],
        port=port,
        htpasswd=htpasswd,
        manager_user=lab.manager_user,
    )


def index_html(host: Host) -> str:
    """The page a server answers with: 'Selamat Datang di Server N'."""
    if host.number is None:
        raise LabctlError(Message("err.not-a-server", host=host.name))
    return _template(INDEX_HTML).substitute(number=host.number)
