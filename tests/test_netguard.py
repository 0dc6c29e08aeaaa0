"""The tests' seatbelt (labctl/netguard.py): with LABCTL_NETWORK_ALLOW set, no probe or port
check leaves for an address outside it - refused before any socket is made."""

from __future__ import annotations

import socket

import pytest

from labctl import net, netguard
from labctl.errors import NetworkNotAllowed
from labctl.probe import Probe


@pytest.fixture
def no_socket(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Records every connection attempt instead of making it."""
    tried: list[object] = []

    def record(address: object, *args: object, **kwargs: object) -> socket.socket:
        tried.append(address)
        raise OSError("recorded, not sent")

    monkeypatch.setattr(socket, "create_connection", record)
    return tried


@pytest.mark.parametrize("address", ["127.0.0.1", "127.0.43.71", "::1", "localhost"])
def test_loopback_is_allowed(monkeypatch: pytest.MonkeyPatch, address: str) -> None:
    monkeypatch.setenv(netguard.ENV, "127.0.0.0/8,::1/128")
    netguard.check_target(address)


@pytest.mark.parametrize("address", ["192.168.43.71", "10.0.0.1", "172.16.0.1", "8.8.8.8"])
def test_the_tutorials_and_every_other_address_are_refused_before_a_socket(
    monkeypatch: pytest.MonkeyPatch, no_socket: list[object], address: str
) -> None:
    monkeypatch.setenv(netguard.ENV, "127.0.0.0/8,::1/128")
    with pytest.raises(NetworkNotAllowed, match=f"refusing to contact {address}"):
        net.accepts(address, 80)
    with pytest.raises(NetworkNotAllowed):
        net.answers_http(address, 80)
    with pytest.raises(NetworkNotAllowed):
        Probe(address, 80)
    assert no_socket == []


def test_a_name_is_not_resolved_while_the_guard_is_on(
    monkeypatch: pytest.MonkeyPatch, no_socket: list[object]
) -> None:
    monkeypatch.setenv(netguard.ENV, "127.0.0.0/8")
    with pytest.raises(NetworkNotAllowed, match="refusing to resolve 'server1'"):
        net.accepts("server1", 80)
    assert no_socket == []


def test_a_namespaces_subnet_can_be_added(monkeypatch: pytest.MonkeyPatch) -> None:
    # What the real-VM test sets inside its own network namespace.
    monkeypatch.setenv(netguard.ENV, "127.0.0.0/8, 192.168.43.0/24")
    netguard.check_target("192.168.43.71")
    with pytest.raises(NetworkNotAllowed):
        netguard.check_target("192.168.44.71")


def test_unset_the_guard_checks_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(netguard.ENV)
    netguard.check_target("192.168.43.71")  # a check only: nothing is sent
