"""Students' labs for the class-grading tests: real embedded labs a student has configured."""

from __future__ import annotations

from pathlib import Path

from verify_configs import install, make_htpasswd, tutorial_conf

from labctl import control

from embedded import LabFactory


def student(lab_factory: LabFactory, directory: Path, *, members: int = 2) -> control.OpenLab:
    """A lab at stage base with the tutorial's file (or, members=1, without server2)."""
    opened = lab_factory(stage="base", directory=directory)
    make_htpasswd(opened)
    text = tutorial_conf(opened)
    if members == 1:
        server2 = ":".join(map(str, opened.provider.endpoint(opened.lab.servers[1])))
        text = text.replace(f"    BalancerMember http://{server2}\n", "")
    install(opened, text)
    return opened


def server1_stops(opened: control.OpenLab) -> int:
    """How many times server1's httpd was stopped: once per verify run on this lab."""
    log = Path(opened.provider.paths(opened.lab.servers[0]).error_log)
    return log.read_text().count("caught SIGTERM") if log.exists() else 0
