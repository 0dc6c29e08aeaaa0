"""Providers run a Lab somewhere: `local` (Apache processes on loopback) or `vagrant` (VMs)."""

from __future__ import annotations

from labctl.errors import ConfigError
from labctl.providers.base import Provider
from labctl.state import LabState, StateDir


def provider_for(state: LabState, state_dir: StateDir) -> Provider:
    """The provider that runs ``state``'s lab; imported lazily (paramiko is slow to import)."""
    if state.provider == "local":
        from labctl.providers.local import LocalProvider

        return LocalProvider(state, state_dir)
    if state.provider == "vagrant":
        from labctl.providers.vagrant import VagrantProvider

        return VagrantProvider(state, state_dir)
    raise ConfigError(f"unknown provider '{state.provider}' (use local or vagrant)")
