"""Error-log lines as Apache 2.4.71 writes them (the 111 line is copied from a real run)."""

from pathlib import Path

from labctl.diagnose import explain, findings
from labctl.scenarios.base import LabDriver

from embedded import LabFactory

REFUSED = (
    "[Wed Nov 25 01:57:50.368283 2026] [proxy:error] [pid 10185:tid 10225] (111)Connection "
    "refused: AH00957: http: attempt to connect to 127.0.43.92:80 (127.0.43.92:80) failed"
)
SELINUX = (
    "[Thu Dec 10 10:00:00.000000 2020] [proxy:error] [pid 1234] (13)Permission denied: "
    "AH00957: HTTP: attempt to connect to 192.168.43.92:80 (192.168.43.92) failed"
)
FIREWALL = (
    "[Thu Dec 10 10:00:01.000000 2020] [proxy:error] [pid 1234] (113)No route to host: "
    "AH00957: HTTP: attempt to connect to 192.168.43.65:80 (192.168.43.65) failed"
)


def test_refused_names_the_stopped_server() -> None:
    text = explain(REFUSED, target="127.0.43.92:80")
    assert text is not None
    assert "httpd is not running on 127.0.43.92:80" in text


def test_selinux_and_firewall_are_told_apart() -> None:
    log = "\n".join([SELINUX, FIREWALL, "[notice] AH00094: Command line: 'httpd'"])
    found = findings(log)
    assert [(f.errno, f.target) for f in found] == [
        (13, "192.168.43.92:80"),
        (113, "192.168.43.65:80"),
    ]
    assert "httpd_can_network_connect" in str(found[0].cause)
    assert "firewall-cmd --permanent --add-service=http" in str(found[1].cause)


def test_nothing_to_say() -> None:
    assert explain("") is None
    assert explain(REFUSED, target="127.0.43.65:80") is None


def test_a_scenario_diagnosis_reads_only_the_log_of_its_own_check(
    lab_factory: LabFactory,
) -> None:
    """A stale errno line (from an earlier, interrupted run) must not name today's cause."""
    opened = lab_factory(stage="full")
    lb, s1, _ = opened.lab.hosts
    log = Path(opened.provider.paths(lb).error_log)
    address, port = opened.provider.endpoint(s1)
    with log.open("a") as fh:
        fh.write(REFUSED.replace("127.0.43.92:80", f"{address}:{port}") + "\n")
    driver = LabDriver(opened.provider, opened.credentials())
    try:
        assert driver.diagnosis(s1) is None  # no check has begun: nothing is its own
        with driver.stopped(s1.name):
            check = driver.expect_all_from("survivor", "server2")  # passes: s1 is skipped
            assert check.passed
            driver.begin_check()
            assert driver.diagnosis(s1) is None  # the stale line and the check's own are older
        driver.restore()  # server1 out of its error state, as a new scenario finds it
        driver.begin_check()
        with driver.stopped(s1.name):
            driver.requests(2)
            diagnosis = driver.diagnosis(s1)
        assert diagnosis is not None and f"httpd is not running on {address}:{port}" in diagnosis
    finally:
        driver.close()
