"""'Reload browser, Loadbalancer akan mengakses server 1 dan server 2 secara bergantian'."""

from collections.abc import Iterator

from labctl.errors import Message
from labctl.scenarios.base import Check, LabDriver, scenario


@scenario("alternation", Message("scn.alternation"))
def alternation(lab: LabDriver) -> Iterator[Check]:
    yield lab.expect_alternation("alternation", requests=6)
