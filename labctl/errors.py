"""Errors labctl reports to a user as one line (exit 2), never as a traceback."""


class LabctlError(Exception):
    """An environment, usage or configuration problem: one line for the user, exit code 2."""

    exit_code = 2


class ConfigError(LabctlError):
    """lab.toml is malformed or contradictory; the message names file, line and field."""


class ProviderError(LabctlError):
    """A provider could not do what was asked (Apache missing, port in use, VM not running...)."""


class TransportError(LabctlError):
    """A command could not be run on a host (SSH refused, auth failure, timeout...)."""


class StateError(LabctlError):
    """The .labctl/ directory is missing, stale or from another lab."""


class LabCopied(StateError):
    """The lab directory is a copy of another lab (`cp -a`): that lab's servers and files are
    not this one's to stop or remove."""
