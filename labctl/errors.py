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

What an error says is a `Message`: a key of i18n.MESSAGES and its values, rendered in the
language of the moment it is shown (`str(error)`), so the CLI's one-line renderer prints it in
the language the student chose. A plain string is for words that are not labctl's (Vagrant's,
Apache's, SSH's), passed on as they were written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from labctl.i18n import MESSAGES, Lang, t, tr


class Message:
    """A line of i18n.MESSAGES with its values, not yet put in words: `str()` renders it in the
    current language, `in_lang()` in a given one. A value may be a Message (or an error made of
    one) itself: it is rendered in the same language when the line is."""

    __slots__ = ("key", "values")

    def __init__(self, key: str, /, **values: object) -> None:
        if key not in MESSAGES:  # a typo fails where the message is made, not where it is shown
            raise KeyError(key)
        self.key = key
        self.values = values

    def in_lang(self, lang: Lang) -> str:
        return t(lang, self.key, **{k: _in(lang, v) for k, v in self.values.items()})

    def __str__(self) -> str:
        return tr(self.key, **self.values)

    def __repr__(self) -> str:
        return f"Message({self.key!r}, **{self.values!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Message) and (self.key, self.values) == (other.key, other.values)

    def __hash__(self) -> int:
        return hash(self.key)


def _in(lang: Lang, value: object) -> object:
    """``value`` as a line of ``lang`` when it is labctl's words (a Message, an error of one)."""
    message = value.args[0] if isinstance(value, LabctlError) and value.args else value
    return message.in_lang(lang) if isinstance(message, Message) else value


class LabctlError(Exception):
    """An environment, usage or configuration problem: one line for the user, exit code 2."""

    exit_code = 2

    def in_lang(self, lang: Lang) -> str:
        """The error's line in ``lang`` (a class graded in its own language)."""
        return str(_in(lang, self))


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

    def __init__(self, host: str, apache_says: str) -> None:
        super().__init__(Message("err.config-broken", host=host, why=apache_says))
        self.apache_says = apache_says  # as Apache wrote it, whatever the language


class VagrantError(ProviderError):
    """A vagrant command failed; the message is Vagrant's reason in one line plus a fix."""


class ProvisioningFailed(ProviderError):
    """Provisioning stopped on a VM; the VMs are left running for inspection."""


class TransportError(LabctlError):
    """A command could not be run on a host (SSH refused, auth failure, timeout...)."""


class ProvisionError(LabctlError):
    """A provisioning step failed on a host; the host is left as it is for inspection."""

    def __init__(
        self, host: str, step: str | Message, message: object, output_tail: Sequence[str] = ()
    ) -> None:
        # ``step``: the provisioning script's own name for it (as the script says it), or
        # labctl's for the steps before the script (a Message)
        super().__init__(Message("prov.step-failed", host=host, step=step, why=message))
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


# click's words for a mistyped command (the click bundled in typer says them in English only),
# by their shape, so whichever click it is a message it does not know still reaches the user.
_USAGE: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), key)
    for pattern, key in (
        (
            r"No such option: (?P<option>\S+) \(Possible options: (?P<known>.*)\)",
            "usage.no-option-maybe",
        ),
        (r"No such option: (?P<option>\S+)", "usage.no-option"),
        (r"No such command '(?P<name>.*)'\.", "usage.no-command"),
        (r"Missing (?P<kind>argument|option|parameter) (?P<name>.+?)\.", "usage.missing"),
        (r"Got unexpected extra arguments? \((?P<extra>.*)\)", "usage.extra"),
        (r"Got unexpected extra argument\(s\) \((?P<extra>.*)\)", "usage.extra"),
        (r"Option '(?P<option>.*)' requires an argument\.", "usage.needs-value"),
        (r"Option '(?P<option>.*)' requires (?P<count>\d+) arguments\.", "usage.needs-values"),
        (r"Invalid value for (?P<name>.+?): (?P<why>.*)", "usage.invalid"),
    )
)


def usage_message(exc: Exception) -> Message | None:
    """A usage error of click's as one line: what is wrong and the command's --help; None for
    the help a bare `labctl` shows instead."""
    if type(exc).__name__ == "NoArgsIsHelpError":
        return None
    format_message = getattr(exc, "format_message", None)
    said = format_message() if callable(format_message) else str(exc)
    ctx = getattr(exc, "ctx", None)
    command = getattr(ctx, "command_path", None) or "labctl"
    for pattern, key in _USAGE:
        found = pattern.fullmatch(said)
        if found:
            what = found.groupdict()
            if key == "usage.missing":
                kinds = {"argument": "usage.argument", "option": "usage.option"}
                what["kind"] = Message(kinds.get(what["kind"], "usage.parameter"))
            return Message("usage.with-help", message=Message(key, **what), command=command)
    return Message("usage.with-help", message=said, command=command)


class FaultError(LabctlError):
    """`labctl fault`: a kind, argument or host refused, or a fault that could not be applied
    or cleared (the message names the host and what is left)."""
