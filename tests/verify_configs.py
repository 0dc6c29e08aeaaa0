"""Configurations a student might write for the load balancer, for the verify tests.

The tutorial's own text (lowercase `<proxy>` and `<location>`, as it writes them) with the lab's
addresses; each broken variant is one mistake a student makes.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from corpus_lab import values
from verify_corpus import CLUSTER, PASSES, SECURED, UNSECURED

from labctl import control
from labctl.apache import find_apache

# The same text with str.format fields, for tests that fill it in outside a lab object.
SECURED_BLOCK = SECURED
TUTORIAL = f"{CLUSTER}\n\n{{manager}}\n\n{PASSES}\n".replace("{s1}", "{server1}").replace(
    "{s2}", "{server2}"
)


def tutorial_conf(opened: control.OpenLab, *, secured: bool = True) -> str:
    """The tutorial's lbsisjarkom.conf for this lab (its final, secured form by default)."""
    text = f"{CLUSTER}\n\n{SECURED if secured else UNSECURED}\n\n{PASSES}\n"
    for key, value in values(opened).items():
        text = text.replace("{" + key + "}", value)
    return text


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
