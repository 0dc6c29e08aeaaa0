"""'Mengamankan Balancer Manager': /balancer-manager asks for a password, and only the right one."""

from collections.abc import Iterator

from labctl.scenarios.base import Check, LabDriver, scenario


@scenario("manager-auth", "/balancer-manager is locked with basic auth")
def manager_auth(lab: LabDriver) -> Iterator[Check]:
    user, password = lab.credentials
    yield lab.expect_manager(
        "anonymous-refused",
        "without credentials: 401 asking for Basic auth",
        auth=None,
        status=401,
        realm="balancer-manager",
    )
    yield lab.expect_manager(
        "wrong-password-refused",
        "with a wrong password: 401",
        auth=(user, password + "-wrong"),
        status=401,
    )
    yield lab.expect_manager(
        "right-password-admitted",
        "with the lab's credentials: 200 listing both members",
        auth=(user, password),
        status=200,
        members=True,
    )
