"""What an error says is labctl's words in both languages: errors carry a key of i18n.MESSAGES."""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path

import pytest

import labctl
from labctl import errors
from labctl.errors import ConfigError, LabctlError, Message, StateError, usage_message
from labctl.i18n import MESSAGES, use

PACKAGE = Path(labctl.__file__).parent
# The modules whose every error is a Message. Not here: probe.py (a ProbeError's English line
# is read by its shape, probe.in_words, and shown translated) and netguard.py (the tests'
# seatbelt, never met by a student).
CONVERTED = [
    "apache.py", "boxes.py", "cli.py", "control.py", "exports.py", "httpd.py", "inventory.py",
    "lab.py", "lock.py", "net.py", "provisioning.py", "providers/local.py",
    "providers/vagrant.py", "reset.py", "state.py", "templates.py",
    "scenarios/base.py", "scenarios/alternation.py", "scenarios/failover.py",
    "scenarios/manager_auth.py", "transports/local.py", "transports/ssh.py",
    "transports/sshconfig.py", "transports/sshconnect.py",
    "faults.py", "watch.py", "providers/local_faults.py", "providers/vagrant_faults.py",
    "scenarios/faults.py", "exercises/__init__.py", "exercises/base.py", "exercises/drain.py",
]  # fmt: skip
ERRORS = {
    name
    for name, cls in inspect.getmembers(errors, inspect.isclass)
    if issubclass(cls, LabctlError)
}
# Where a key is the argument, not words: Message(KEY, ...), tr(KEY, ...), t(LANG, KEY, ...),
# and the lab.toml field an error is located at
KEY_ARG = {"Message": 0, "tr": 0, "t": 1, "where": 0}  # where(FIELD, ...): lab.toml
# A config field or option as it is written (lab.subnet, local.) is not English.
IDENTIFIER = re.compile(r"[\w-]*[._][\w.-]*")


def _name(call: ast.Call) -> str:
    func = call.func
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")


def _words(node: ast.AST) -> list[str]:
    """Literal text in ``node`` that reads as words, keys of MESSAGES left out."""
    keys: set[int] = set()
    for call in (n for n in ast.walk(node) if isinstance(n, ast.Call)):
        index = KEY_ARG.get(_name(call))
        if index is not None and len(call.args) > index:
            keys.add(id(call.args[index]))
    keys |= {id(n.slice) for n in ast.walk(node) if isinstance(n, ast.Subscript)}  # a dict's key
    found = []
    for n in ast.walk(node):
        literal = isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in keys
        if literal and re.search(r"[A-Za-z]{2,}", IDENTIFIER.sub("", n.value)):
            found.append(n.value)
    return found


def _english_errors(source: str) -> list[str]:
    """Every error made (or `_fail`ed) with literal words instead of a Message."""
    bare = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and (_name(node) in ERRORS or _name(node) == "_fail"):
            bare += [f"line {node.lineno}: {w!r}" for w in _words(node)]
    return bare


@pytest.mark.parametrize("module", CONVERTED)
def test_no_error_in_these_modules_is_bare_english(module: str) -> None:
    assert _english_errors((PACKAGE / module).read_text(encoding="utf-8")) == []


def test_the_check_finds_bare_english() -> None:
    """The walk above can fail: each shape an English error takes in the code is caught."""
    source = (
        'raise StateError("no lab here")\n'
        'raise ProviderError(f"{name}: httpd failed")\n'
        'raise ConfigError(where(key, "unknown field"))\n'
        "_fail(f\"--stage must be base or full, not '{value}'\")\n"
        'bad = ConfigError("{}: unknown".format(path))\n'
    )
    assert len(_english_errors(source)) == 5
    fine = (
        'raise StateError(Message("state.no-lab", where=cwd))\n'
        'raise ConfigError(where(key, Message("err.toml-port", field=f"local.{key}")))\n'
        'raise LabctlError(t(lang, "class.no-lab", where=d))\n'
        'raise ProviderError(", ".join(names))\n'
    )
    assert _english_errors(fine) == []


def test_every_message_key_in_the_code_exists() -> None:
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            # bad(KEY, ...): inventory.py's shorthand for an error in one [[lab]] entry
            if isinstance(node, ast.Call) and _name(node) in ("Message", "bad") and node.args:
                key = node.args[0]
                if isinstance(key, ast.Constant):
                    assert key.value in MESSAGES, (path, node.lineno, key.value)


def test_an_error_speaks_the_language_of_the_moment_it_is_shown() -> None:
    error = StateError(Message("state.busy", command="up", pid=42))
    try:
        use("id")
        indonesian = str(error)
        use("en")
        english = str(error)
    finally:
        use(None)
    assert indonesian == MESSAGES["state.busy"][1].format(command="up", pid=42)
    assert english == MESSAGES["state.busy"][0].format(command="up", pid=42)
    assert error.in_lang("id") == indonesian


def test_a_message_inside_a_message_is_in_the_same_language() -> None:
    """lab.toml:LINE: what is wrong - the place wraps the finding, both in one language."""
    inner = ConfigError(Message("err.toml-section", section="nope"))
    error = ConfigError(Message("err.at", where="lab.toml:3", message=inner))
    assert error.in_lang("id") == "lab.toml:3: bagian [nope] tidak dikenal"
    assert error.in_lang("en") == "lab.toml:3: unknown section [nope]"


def test_a_misspelt_key_fails_where_the_message_is_made() -> None:
    with pytest.raises(KeyError):
        Message("err.no-such-key")


def test_click_words_it_does_not_know_reach_the_user_as_they_are() -> None:
    said = usage_message(Exception("Something new went wrong."))
    assert said is not None
    assert "Something new went wrong." in said.in_lang("id")
