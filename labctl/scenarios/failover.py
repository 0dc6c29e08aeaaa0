"""'Bagaimana jika salah satu server mati?' and 'Bagaimana jika kedua server mati?'.

Apache detects a dead member passively: the first request that hits it still gets a 200 (the
balancer retries on the other member inside that request), and only then does the manager show
the member in error. So the requests come first and the manager is read after them.
"""

from collections.abc import Iterator

from labctl.errors import Message
from labctl.scenarios.base import Check, LabDriver, scenario


@scenario("failover", Message("scn.failover"))
def failover(lab: LabDriver) -> Iterator[Check]:
    yield lab.expect_alternation("baseline-alternation", requests=4)
    with lab.stopped("server1"):
        yield lab.expect_all_from("server1-down-survivor-serves", "server2", requests=4)
        yield lab.expect_member("server1-down-member-error", "server1", "error")
        with lab.stopped("server2"):
            yield lab.expect_status("both-down-503", 503, requests=3)
            yield lab.expect_member("both-down-server2-error", "server2", "error")
    yield lab.expect_service_back("both-back-service")
