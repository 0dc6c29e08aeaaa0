"""Every error labctl reports to a user: one line (exit 2), never a traceback.

LabctlError                 an environment, usage or configuration problem
+-- ConfigError             lab.toml or class.toml is malformed or contradictory
+-- StateError              .labctl/ is missing, stale, another user's or from another lab
|   +-- LabCopied           a copy of another lab (`cp -a`): the original is not touched
+-- ProviderError           a provider could not do what was asked
|   +-- ConfigRefused       Apache's configtest refused the files; the running httpd untouched
|   +-- VagrantError        a vagrant command failed: its reason and the fix
|   +-- ProvisioningFailed  provisioning stopped on a VM (left for inspection)
+-- TransportError          a command could not be run on a host (SSH, sudo, timeout)
+-- ProvisionError          one provisioning step failed on one host
+-- ProbeError              the balancer could not be reached over HTTP at all
+-- NetworkNotAllowed       LABCTL_NETWORK_ALLOW refuses the address (tests' seatbelt)
+-- BoxError                the classroom box could not be built or added
+-- OutputError             a results file cannot be written where it was asked for
+-- FaultError              a fault refused (bad kind, argument, host) or not applied/cleared
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path


class LabctlError(Exception):
    """An environment, usage or configuration problem: one line for the user, exit code 2."""

    exit_code = 2


class ConfigError(LabctlError):
    """lab.toml is malformed or contradictory; the message names file, line and field."""


class StateError(LabctlError):
    """The .labctl/ directory is missing, stale, another user's or from another lab."""


class LabCopied(StateError):
    """The lab directory is a copy of another lab (`cp -a`): that lab's servers and files are
    not this one's to stop or remove."""


class ProviderError(LabctlError):
    """A provider could not do what was asked (Apache missing, port in use, VM not running...)."""


class ConfigRefused(ProviderError):
    """`restart` found the configuration broken (configtest failed): Apache's own words, and
    the httpd that was running is left as it was."""


class VagrantError(ProviderError):
    """A vagrant command failed; the message is Vagrant's reason in one line plus a fix."""


class ProvisioningFailed(ProviderError):
    """Provisioning stopped on a VM; the VMs are left running for inspection."""


class TransportError(LabctlError):
    """A command could not be run on a host (SSH refused, auth failure, timeout...)."""


class ProvisionError(LabctlError):
    """A provisioning step failed on a host; the host is left as it is for inspection."""

    def __init__(self, host: str, step: str, message: str, output_tail: Sequence[str] = ()) -> None:
        super().__init__(f"{host}: step '{step}' failed: {message}")
        self.host = host
        self.step = step
        self.output_tail: tuple[str, ...] = tuple(output_tail)  # for display under the message
        self.log_path: Path | None = None  # the host's whole script output, when log_dir was given


class ProbeError(LabctlError):
    """The balancer could not be reached at all (refused, timeout)."""


class NetworkNotAllowed(LabctlError):
    """LABCTL_NETWORK_ALLOW is set and does not include the address labctl was to contact."""


class BoxError(LabctlError):
    """The box could not be built or added; nothing half-made is left in the lab."""


class OutputError(LabctlError):
    """A results file cannot be written where it was asked for."""


class FaultError(LabctlError):
    """`labctl fault`: a kind, argument or host refused, or a fault that could not be applied
    or cleared (the message names the host and what is left)."""
