"""Configurations a student might write for the load balancer, for the verify tests.

The tutorial's own text (lowercase `<proxy>` and `<location>`, as it writes them) with the lab's
addresses; each broken variant is one mistake a student makes.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from labctl import control
from labctl.apache import find_apache

UNSECURED_BLOCK = """<Location /balancer-manager>
    SetHandler balancer-manager
    allow from all
</Location>"""

SECURED_BLOCK = """<location "/balancer-manager">
    SetHandler balancer-manager
    AuthType "basic"
    AuthName "balancer-manager"
    AuthUserFile {htpasswd}
    Require valid-user
</location>"""

TUTORIAL = """<proxy balancer://mycluster>
    BalancerMember http://{server1}
    BalancerMember http://{server2}
    ProxySet lbmethod=byrequests
</proxy>

{manager}

ProxyPass /balancer-manager !
ProxyPass / balancer://mycluster/
ProxyPassReverse / balancer://mycluster/
"""


def tutorial_conf(opened: control.OpenLab, *, secured: bool = True) -> str:
    """The tutorial's lbsisjarkom.conf for this lab (its final, secured form by default)."""
    server1, server2 = (":".join(map(str, opened.provider.endpoint(s))) for s in opened.lab.servers)
    htpasswd = opened.provider.paths(opened.lab.loadbalancer).htpasswd
    manager = SECURED_BLOCK.format(htpasswd=htpasswd) if secured else UNSECURED_BLOCK
    return TUTORIAL.format(server1=server1, server2=server2, manager=manager)


def make_htpasswd(opened: control.OpenLab, user: str | None = None) -> Path:
    """`htpasswd -c /etc/httpd/htpasswd admin` with the real tool and the lab's password."""
    path = Path(opened.provider.paths(opened.lab.loadbalancer).htpasswd)
    lab_user, password = opened.credentials()
    tool = find_apache().htpasswd
    assert tool is not None, "apache2-utils is needed for the tests"
    subprocess.run(
        [tool, "-c", "-i", str(path), user or lab_user],
        input=password, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return path


def install(opened: control.OpenLab, text: str, name: str = "lbsisjarkom.conf") -> Path:
    """Write the student's file into conf.d, then `labctl restart loadbalancer`."""
    path = Path(opened.provider.paths(opened.lab.loadbalancer).conf_d, name)
    path.write_text(text)
    opened.provider.service(opened.lab.loadbalancer.name, "restart")
    return path
