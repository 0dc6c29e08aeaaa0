"""Apache on this machine and one httpd of the embedded lab (labctl/apache.py), on the real
Apache binary: found by what it is, started until its pid file is there, stopped without
signalling anything else, refused with Apache's own words; the tutorial's `htpasswd -c`."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
from pathlib import Path

import pytest

from labctl import procs
from labctl.apache import Httpd, apache_says, ensure_htpasswd, find_apache, write_file
from labctl.errors import ConfigRefused
from labctl.net import accepts

from embedded import LabFactory, httpd_pids


def _server1(lab_factory: LabFactory) -> tuple[Httpd, tuple[str, int]]:
    """server1 of a real embedded lab as a bare Httpd, stopped: the test drives it alone."""
    opened = lab_factory()
    server1 = opened.lab.servers[0]
    opened.provider.service("server1", "stop")
    root = Path(opened.provider.paths(server1).conf_d).parent
    return Httpd("server1", find_apache(), root, set()), opened.provider.endpoint(server1)


def test_the_machines_apache_has_the_proxy_modules() -> None:
    apache = find_apache()
    assert os.access(apache.binary, os.X_OK)
    assert (apache.modules_dir / "mod_proxy_balancer.so").exists()
    assert apache.htpasswd is not None


def test_start_is_over_when_the_pid_is_known_and_stop_ends_only_it(
    lab_factory: LabFactory, sleeper: int
) -> None:
    httpd, endpoint = _server1(lab_factory)
    httpd.start()
    pid = httpd.pid_from_file()
    assert pid is not None and httpd.pid() == pid and accepts(*endpoint)
    # A pid file that names another process is not this httpd: it is found by what it runs.
    httpd.pid_file.write_text(f"{sleeper}\n")
    assert httpd.pid_from_file() is None and httpd.pid() == pid
    httpd.stop()
    assert not accepts(*endpoint) and procs.alive([pid]) == []
    assert not httpd.pid_file.exists()


def test_workers_of_a_killed_parent_are_cleared_by_the_next_start(
    lab_factory: LabFactory,
) -> None:
    httpd, endpoint = _server1(lab_factory)
    httpd.start()
    parent = httpd.pid()
    assert parent is not None
    os.kill(parent, signal.SIGKILL)
    assert procs.wait_gone([procs.Proc(parent, 0, 0, ())], 5.0)
    orphans = set(httpd_pids(str(httpd.conf)))
    assert orphans, "Apache's workers outlive a SIGKILLed parent"
    httpd.start()  # the leftover workers still hold the port: cleared first
    assert accepts(*endpoint) and not orphans & set(httpd_pids(str(httpd.conf)))
    httpd.stop()


def test_a_broken_configuration_is_refused_with_apaches_words(lab_factory: LabFactory) -> None:
    httpd, _ = _server1(lab_factory)
    conf_d = httpd.conf.parent.parent / "conf.d"
    (conf_d / "typo.conf").write_text("ProxyPas / balancer://mycluster/\n")
    with pytest.raises(ConfigRefused) as caught:
        httpd.configtest()
    assert "ProxyPas" in caught.value.apache_says and "typo.conf" in caught.value.apache_says
    assert "\n" not in str(caught.value)


def test_apache_says_its_last_lines_without_syntax_ok() -> None:
    said = apache_says("Syntax OK\n", "one\ntwo\nthree\nfour\n", 1)
    assert said == "two | three | four"
    assert apache_says("Syntax OK\n", "", 1) == "exit status 1"


def test_htpasswd_is_the_real_tool_and_written_only_when_it_differs(tmp_path: Path) -> None:
    apache = find_apache()
    path = tmp_path / "htpasswd"
    assert ensure_htpasswd(apache, path, "admin", "rahasia") is True
    user, digest = path.read_text().strip().split(":", 1)
    assert user == "admin" and digest.startswith("$2y$")  # bcrypt, as the VMs' htpasswd -B
    check = [str(apache.htpasswd), "-v", "-b", str(path), "admin", "rahasia"]
    assert subprocess.run(check, capture_output=True, check=False).returncode == 0
    assert ensure_htpasswd(apache, path, "admin", "rahasia") is False  # the same: untouched
    assert ensure_htpasswd(apache, path, "admin", "lain") is True
    mode = stat.S_IMODE(path.stat().st_mode)
    assert mode == (0o640 if os.geteuid() == 0 else 0o600)  # no one else reads the hashes


def test_write_file_says_whether_it_changed_anything(tmp_path: Path) -> None:
    path = tmp_path / "index.html"
    assert write_file(path, "Server 1\n") is True
    assert write_file(path, "Server 1\n") is False
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
