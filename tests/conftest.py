"""Shared pytest fixtures."""

import os

import pytest

# Network rule, enforced in code: every HTTP probe and SSH connection the tests make goes to
# loopback, or labctl refuses it (labctl/netguard.py). The real-VM test widens this inside its
# own network namespace only.
os.environ.setdefault("LABCTL_NETWORK_ALLOW", "127.0.0.0/8,::1/128")

# Embedded labs of real Apache httpd (tests/embedded.py).
from embedded import lab_factory, sleeper  # noqa: F401

# A throwaway OpenSSH server on 127.0.0.1 (tests/sshd.py) for any test that needs a real SSH peer.
from sshd import sshd, sshd_factory, sshd_nosudo_user, sshd_sudo_user  # noqa: F401

# Tests that share this machine's state (the student accounts, the default place
# 127.0.43.0/24:80, the wheel built once per run) run one after another on one worker of a
# parallel run (`pytest -n N --dist loadgroup`, as scripts/test.sh runs the suite); the others
# are shared out among the workers.
MACHINE_FIXTURES = {"students", "installed", "this_tree"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if fixtures & MACHINE_FIXTURES or item.get_closest_marker("shared_machine"):
            item.add_marker(pytest.mark.xdist_group("machine"))
