"""Transports: how labctl runs commands on a lab host (this machine, or a VM over SSH)."""

from labctl.transports.base import CommandResult, LineSink, Transport, shell_argv
from labctl.transports.local import LocalTransport

__all__ = ["CommandResult", "LineSink", "LocalTransport", "Transport", "shell_argv"]
