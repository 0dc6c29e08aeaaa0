"""Shared pytest fixtures."""

import os

# Network rule, enforced in code: every HTTP probe and SSH connection the tests make goes to
# loopback, or labctl refuses it (labctl/netguard.py). The real-VM test widens this inside its
# own network namespace only.
os.environ.setdefault("LABCTL_NETWORK_ALLOW", "127.0.0.0/8,::1/128")

# Embedded labs of real Apache httpd (tests/embedded.py).
from embedded import lab_factory, sleeper  # noqa: F401

# A throwaway OpenSSH server on 127.0.0.1 (tests/sshd.py) for any test that needs a real SSH peer.
from sshd import sshd, sshd_factory, sshd_nosudo_user, sshd_sudo_user  # noqa: F401
