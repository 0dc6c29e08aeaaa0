"""The tutorial's files, rendered: the same text for the embedded lab and the VMs."""

from __future__ import annotations

import pytest

from labctl import templates
from labctl.errors import LabctlError
from labctl.lab import default_lab


def test_balancer_conf_is_the_tutorials_secured_file() -> None:
    lab = default_lab()
    text = templates.balancer_conf(
        lab,
        member_addresses=("192.168.43.92", "192.168.43.65"),
        port=80,
        htpasswd="/etc/httpd/htpasswd",
    )
    lines = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    assert lines == [
        "<Proxy balancer://mycluster>",
        "BalancerMember http://192.168.43.92:80",
        "BalancerMember http://192.168.43.65:80",
        "ProxySet lbmethod=byrequests",
        "</Proxy>",
        '<Location "/balancer-manager">',
        "SetHandler balancer-manager",
        "AuthType Basic",
        'AuthName "balancer-manager"',
        "AuthUserFile /etc/httpd/htpasswd",
        "Require valid-user",
        "</Location>",
        "ProxyPass /balancer-manager !",
        "ProxyPass / balancer://mycluster/",
        "ProxyPassReverse / balancer://mycluster/",
    ]


def test_pages_tell_the_servers_apart() -> None:
    lab = default_lab()
    first, second = (templates.index_html(s) for s in lab.servers)
    assert "<title>Server 1</title>" in first and "Selamat Datang di Server 1" in first
    assert "Selamat Datang di Server 2" in second
    with pytest.raises(LabctlError):
        templates.index_html(lab.loadbalancer)
