"""Students' labs for the class-grading tests: real embedded labs a student has configured."""

from __future__ import annotations

from pathlib import Path

from verify_configs import install, make_htpasswd, tutorial_conf

from labctl import control

from embedded import LabFactory, free_subnet


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


def silent_lab(label: str, extra: str = "") -> str:
    """A class.toml entry for a balancer nobody serves: a /24 of loopback no lab holds."""
    nobody = free_subnet().removesuffix(".0/24")
    return (
        f'[[lab]]\nlabel = "{label}"\n{extra}url = "http://{nobody}.71/"\npassword = "x"\n'
        f'servers = {{ server1 = "{nobody}.92", server2 = "{nobody}.65" }}\n'
        'ssh = { user = "root", key = "/nonexistent" }\n'
    )


def a_class(
    lab_factory: LabFactory,
    where: Path,
    *,
    header: str = "",
    budi: str = "budi",
    extra: dict[str, str] | None = None,
) -> Path:
    """where/class.toml: andi (the tutorial's file), budi (one BalancerMember), citra (nobody
    answers), after ``header``; ``extra`` adds lines to a student's entry."""
    extra = extra or {}
    student(lab_factory, where / "andi")
    student(lab_factory, where / "budi", members=1)
    path = where / "class.toml"
    path.write_text(
        header
        + f'[[lab]]\nlabel = "andi"\n{extra.get("andi", "")}dir = "andi"\n\n'
        + f'[[lab]]\nlabel = "{budi}"\n{extra.get("budi", "")}dir = "budi"\n\n'
        + silent_lab("citra", extra.get("citra", ""))
    )
    return path
