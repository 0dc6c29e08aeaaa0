"""The httpd service over a transport (labctl/httpd.py), as the VMs and class grading drive it:
configtest first for a restart, the service command, then a wait until the port says it happened.

The "service manager" here is labctl itself in an embedded lab's directory (this machine has no
systemd), so the waits meet a real Apache httpd over real loopback.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import pytest

from labctl import httpd
from labctl.apache import find_apache
from labctl.errors import ConfigRefused, Message, ProviderError
from labctl.net import accepts, answers_http
from labctl.transports.local import LocalTransport

from embedded import LabFactory


def _service(lab_dir: Path) -> str:
    """`systemctl {action} httpd`, played by `labctl ACTION server1` in the lab."""
    return f"cd {shlex.quote(str(lab_dir))} && {sys.executable} -m labctl {{action}} server1"


def test_stop_then_start_return_when_the_port_says_so(lab_factory: LabFactory) -> None:
    opened = lab_factory()
    endpoint = opened.provider.endpoint(opened.lab.servers[0])
    service = _service(opened.state_dir.project)
    local = LocalTransport("server1", elevate=False)
    for action in ("stop", "start"):
        httpd.service(
            "server1", local, action, command=service.format(action=action),
            configtest=None, endpoint=endpoint,
        )  # fmt: skip
        assert accepts(*endpoint) is (action == "start")
    assert answers_http(*endpoint)


def test_a_restart_refused_by_configtest_changes_nothing(
    lab_factory: LabFactory, tmp_path: Path
) -> None:
    opened = lab_factory()
    endpoint = opened.provider.endpoint(opened.lab.servers[0])
    pid = opened.provider.pid(opened.lab.servers[0])  # type: ignore[attr-defined]
    conf_d = Path(opened.provider.paths(opened.lab.servers[0]).conf_d)
    (conf_d / "typo.conf").write_text("BalancerMembr http://x\n")  # a student's typo
    configtest = f"{find_apache().binary} -t -f {conf_d.parent / 'conf' / 'httpd.conf'}"
    ran = tmp_path / "service-ran"
    with pytest.raises(ConfigRefused) as caught:
        httpd.service(
            "server1", LocalTransport(elevate=False), "restart",
            command=f"touch {ran}", configtest=configtest, endpoint=endpoint,
        )  # fmt: skip
    assert "BalancerMembr" in caught.value.apache_says  # Apache's own words
    assert "\n" not in str(caught.value)
    assert not ran.exists() and opened.provider.pid(opened.lab.servers[0]) == pid  # type: ignore[attr-defined]


def test_a_failing_service_command_says_what_it_printed(lab_factory: LabFactory) -> None:
    opened = lab_factory()
    endpoint = opened.provider.endpoint(opened.lab.servers[0])
    with pytest.raises(ProviderError) as caught:
        httpd.service(
            "server1", LocalTransport(elevate=False), "start",
            command="echo 'Unit httpd.service not found.' >&2; exit 5",
            configtest=None, endpoint=endpoint,
        )  # fmt: skip
    assert "Unit httpd.service not found." in str(caught.value)


def test_a_start_that_never_answers_is_one_line_with_the_fix(
    lab_factory: LabFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened = lab_factory()
    opened.provider.service("server1", "stop")
    endpoint = opened.provider.endpoint(opened.lab.servers[0])
    monkeypatch.setattr(httpd, "SERVICE_TIMEOUT", 0.3)
    with pytest.raises(ProviderError) as caught:
        httpd.service(
            "server1", LocalTransport(elevate=False), "start", command="true",
            configtest=None, endpoint=endpoint, fix=Message("err.no-apache"),
        )  # fmt: skip
    address, port = endpoint
    for lang in ("en", "id"):
        line = caught.value.in_lang(lang)
        assert f"{address}:{port}" in line and "0.3" in line and "\n" not in line
        assert Message("err.no-apache").in_lang(lang) in line
    opened.provider.service("server1", "start")
