"""'Mengamankan Balancer Manager': /balancer-manager asks for a password, and only the right one."""

from collections.abc import Iterator

from labctl.errors import Message
from labctl.i18n import tr
from labctl.scenarios.base import Check, LabDriver, scenario


@scenario("manager-auth", Message("scn.manager-auth"))
def manager_auth(lab: LabDriver) -> Iterator[Check]:
    user, password = lab.credentials
    yield lab.expect_manager(
        "anonymous-refused",
        tr("scn.title-anonymous"),
        auth=None,
        status=401,
        realm="balancer-manager",
    )
    yield lab.expect_manager(
        "wrong-password-refused",
        tr("scn.title-wrong-password"),
        auth=(user, password + "-wrong"),
        status=401,
    )
    yield lab.expect_manager(
        "right-password-admitted",
        tr("scn.title-admitted"),
        auth=(user, password),
        status=200,
        members=True,
    )
