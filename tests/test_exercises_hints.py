"""Each exercise's hint rules on tables of evidence, without Apache: what the manager page
showed and what the clients got -> the hint key naming the cause (and its values)."""

from __future__ import annotations

import pytest

from labctl.exercises import (
    drain,
    failonstatus,
    health_check,
    hot_standby,
    sticky,
    timeouts,
    weights,
)
from labctl.exercises.timeouts import Timed
from labctl.i18n import LANGS
from labctl.probe import ManagerPage, Member, Reply, member_state
from labctl.verify.evidence import Seen


def replies(*pairs: tuple[int, int | None], cookie: str | None = None) -> Seen:
    headers = {"Set-Cookie": cookie} if cookie else {}
    return Seen(tuple(Reply(status, server, "", dict(headers)) for status, server in pairs))


def member(url: str, status: str = "Init Ok", **info: str) -> Member:
    return Member(url, status, member_state(status), info=info)


def page(*members: Member, **info: str) -> ManagerPage:
    return ManagerPage(200, members, "balancer://mycluster", "byrequests", info=info)


@pytest.mark.parametrize(
    ("factors", "lbmethod", "seen", "key"),
    [
        ((1.0, 1.0), "byrequests", None, "weights-equal"),
        ((1.0, 3.0), "byrequests", None, "weights-swapped"),
        ((2.0, 1.0), "byrequests", None, "weights-ratio"),
        ((3.0, None), "byrequests", None, "weights-member-missing"),
        ((3.0, 1.0), "bytraffic", None, "weights-lbmethod"),
        ((3.0, 1.0), "byrequests", replies((503, None)), "weights-errors"),
        ((30.0, 10.0), "byrequests", replies((200, 1)), "weights-other"),
    ],
)
def test_weights(factors: tuple[float | None, ...], lbmethod: str, seen: Seen, key: str) -> None:
    assert weights.cause(factors, lbmethod, seen).key == key


def test_weights_counts_only_good_replies() -> None:
    assert weights.counts(replies((200, 1), (200, 1), (500, None), (200, 2))) == (2, 1)


ROUTED = (member("http://s1", route="server1"), member("http://s2", route="server2"))


@pytest.mark.parametrize(
    ("manager", "seen", "failover", "key"),
    [
        (page(*ROUTED), replies((200, 1)), False, "sticky-no-stickysession"),
        (page(member("http://s1"), member("http://s2"), stickysession="ROUTEID"), Seen(), False,
         "sticky-no-route"),
        (page(*ROUTED, stickysession="ROUTEID"), replies((200, 1)), False, "sticky-no-header"),
        (page(*ROUTED, stickysession="JSESSIONID"), replies((200, 1), cookie="ROUTEID=.server1"),
         False, "sticky-cookie-name"),
        (page(*ROUTED, stickysession="ROUTEID"), replies((200, 1), cookie="ROUTEID=server1"),
         False, "sticky-no-dot"),
        (page(*ROUTED, stickysession="ROUTEID"), replies((200, 1), cookie="ROUTEID=."), False,
         "sticky-no-route"),
        (page(*ROUTED, stickysession="ROUTEID"), replies((503, None)), True, "sticky-nofailover"),
        (page(*ROUTED, stickysession="ROUTEID"), replies((200, 1)), True, "sticky-failover"),
        ("no answer", Seen(), False, "sticky-manager"),
    ],
)  # fmt: skip
def test_sticky(manager: ManagerPage | str, seen: Seen, failover: bool, key: str) -> None:
    assert sticky.cause(manager, seen, failover=failover).key == key


def test_sticky_reads_the_cookie_apache_sent() -> None:
    reply = Reply(200, 1, "", {"Set-Cookie": "ROUTEID=.server1; path=/"})
    assert sticky.set_cookie(reply) == ("ROUTEID", ".server1")
    assert sticky.set_cookie(Reply(200, 1, "", {})) is None


@pytest.mark.parametrize(
    ("first", "second", "seen", "returning", "key"),
    [
        (False, False, None, False, "standby-missing"),
        (True, False, None, False, "standby-wrong-member"),
        (True, True, None, False, "standby-both"),
        (False, True, replies((503, None)), False, "standby-503"),
        (False, True, replies((200, 2)), True, "standby-retry"),
        (False, True, replies((200, 2)), False, "standby-other"),
    ],
)
def test_hot_standby(
    first: bool, second: bool, seen: Seen | None, returning: bool, key: str
) -> None:
    assert hot_standby.standby_cause(first, second, seen, returning=returning).key == key


@pytest.mark.parametrize(
    ("found", "refused", "key"),
    [
        ((None, member("http://s2")), False, "drain-removed"),
        ((member("http://s1"), member("http://s2", "Init Drn Ok")), False, "drain-wrong-member"),
        ((member("http://s1", "Init Dis"), member("http://s2")), False, "drain-other-switch"),
        ((member("http://s1", "Init Stop"), member("http://s2")), False, "drain-other-switch"),
        ((member("http://s1"), member("http://s2")), True, "drain-referer"),
        ((member("http://s1"), member("http://s2")), False, "drain-how"),
        ((member("http://s1", "Init Drn Ok"), member("http://s2")), False, "drain-other"),
    ],
)
def test_drain(found: tuple[Member | None, Member | None], refused: bool, key: str) -> None:
    assert drain.cause(found, refused=refused).key == key


def hc(status: str = "Init Ok", method: str = "GET", uri: str = "/", ms: str = "1000ms") -> Member:
    info = {"hc method": method, "hc uri": uri, "hc interval": ms}
    return Member("http://s", status, member_state(status), info=info)


@pytest.mark.parametrize(
    ("members", "waited", "key"),
    [
        ((member("http://s1"), member("http://s2")), False, "hc-no-module"),
        ((hc(method="NONE"), hc()), False, "hc-not-enabled"),
        ((hc("Init HcFl", uri=""), hc("Init HcFl", uri="")), False, "hc-uri-missing"),
        ((hc("Init HcFl", uri="/nope"), hc("Init HcFl", uri="/nope")), False, "hc-uri-fails"),
        ((hc(ms="30000ms"), hc(ms="30000ms")), True, "hc-interval"),
        ((hc(), hc()), True, "hc-other"),
    ],
)
def test_health_check(members: tuple[Member, ...], waited: bool, key: str) -> None:
    found = health_check.cause(page(*members), "Apache/2.4.6 (CentOS)", waited=waited)
    assert found.key == key
    if key == "hc-no-module":
        for lang in LANGS:  # names the version it saw and a box where it runs
            text = found.render(lang)
            assert "Apache/2.4.6 (CentOS)" in text and "2.4.21" in text and "Rocky" in text


@pytest.mark.parametrize(
    ("first", "later", "in_error", "key"),
    [
        (Timed(Seen(error="no complete answer within 5.0 s"), 5.0), None, None,
         "timeouts-no-timeout"),
        (Timed(replies((502, None)), 7.0), None, None, "timeouts-no-timeout"),
        (Timed(replies((502, None)), 2.0), replies((200, 2), (502, None)), None,
         "timeouts-failontimeout"),
        (Timed(replies((502, None)), 2.0), None, False, "timeouts-failontimeout"),
        (Timed(replies((502, None)), 2.0), replies((200, 1)), True, "timeouts-other"),
    ],
)  # fmt: skip
def test_timeouts(first: Timed, later: Seen | None, in_error: bool | None, key: str) -> None:
    assert timeouts.cause(first, later, in_error).key == key


@pytest.mark.parametrize(
    ("codes", "seen", "key"),
    [
        (None, None, "failonstatus-missing"),
        ("503", None, "failonstatus-code"),
        ("500,503", replies((503, None)), "failonstatus-503"),
        ("500", replies((500, None), (500, None)), "failonstatus-other"),
    ],
)
def test_failonstatus(codes: str | None, seen: Seen | None, key: str) -> None:
    assert failonstatus.cause(codes, seen).key == key


def test_failonstatus_judges_the_replies() -> None:
    assert failonstatus.taken_out(replies((500, None), (200, 2), (200, 2), (200, 2)))
    assert failonstatus.taken_out(replies((200, 2), (500, None), (200, 2), (200, 2)))
    assert not failonstatus.taken_out(replies((500, None), (200, 2), (500, None), (200, 2)))
    assert not failonstatus.taken_out(replies((200, 2), (200, 1), (200, 2)))
