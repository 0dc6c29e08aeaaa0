"""Renders provision/templates/* for a lab: one renderer, every provider.

The templates use ``${name}`` placeholders (string.Template) so that a student reading them next
to the tutorial sees the tutorial's file with only the addresses left open.
"""

from __future__ import annotations

from pathlib import Path
from string import Template

from labctl.errors import LabctlError
from labctl.lab import Host, Lab

PROVISION_DIR = Path(__file__).resolve().parent.parent / "provision"
TEMPLATE_DIR = PROVISION_DIR / "templates"
BALANCER_CONF = "lbsisjarkom.conf"
INDEX_HTML = "index.html"


def _template(name: str) -> Template:
    path = TEMPLATE_DIR / name
    try:
        return Template(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise LabctlError(
            f"template {path} is missing: is labctl installed from its clone?"
        ) from exc


def balancer_conf(lab: Lab, *, member_addresses: tuple[str, str], port: int, htpasswd: str) -> str:
    """The tutorial's lbsisjarkom.conf for ``lab``, members at ``member_addresses``:``port``."""
    return _template(BALANCER_CONF).substitute(
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
        raise LabctlError(f"{host.name} is not a server: it has no index.html")
    return _template(INDEX_HTML).substitute(number=host.number)
