"""This machine as a lab host (labctl/transports/local.py) and the contract every transport
keeps (labctl/transports/base.py): exit statuses are results, not exceptions; a command that
cannot run or runs too long is one line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from labctl.errors import TransportError
from labctl.transports.base import CommandResult, shell_argv
from labctl.transports.local import LocalTransport


def test_a_failing_command_is_a_result() -> None:
    result = LocalTransport().run("echo out; echo err >&2; exit 3")
    assert (result.exit_status, result.stdout, result.stderr) == (3, "out\n", "err\n")
    assert not result.ok and result.tail() == "out\nerr"


def test_input_and_each_line_as_it_is_read() -> None:
    lines: list[str] = []
    result = LocalTransport().run("cat; echo done", stdin="a\nb\n", on_line=lines.append)
    assert result.ok and lines == ["a", "b", "done"]


def test_a_students_latin_1_file_is_read_not_raised(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_bytes(b"Server caf\xe9\n")
    result = LocalTransport().run(f"cat {tmp_path}/index.html")
    assert result.ok and result.stdout == "Server caf\ufffd\n"


def test_too_long_is_one_line_in_both_languages() -> None:
    with pytest.raises(TransportError) as caught:
        LocalTransport("server1").run("sleep 5", timeout=0.2)
    for lang in ("en", "id"):
        line = caught.value.in_lang(lang)
        assert "server1" in line and "sleep 5" in line and "\n" not in line
    assert caught.value.in_lang("en") != caught.value.in_lang("id")


def test_no_shell_to_run_it_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(TransportError) as caught:
        LocalTransport("server2").run("true")
    assert "server2" in str(caught.value) and "\n" not in str(caught.value)


def test_sudo_is_one_wrapper_and_the_embedded_lab_never_asks_for_it() -> None:
    assert shell_argv("id -u", sudo=False) == ["sh", "-c", "id -u"]
    # -n: a password prompt nobody sees would hang the command instead.
    assert shell_argv("id -u", sudo=True) == ["sudo", "-n", "sh", "-c", "id -u"]
    own = LocalTransport(elevate=False).run("id -u", sudo=True)
    assert own.ok and own.stdout.strip() == str(os.getuid())


def test_tail_keeps_the_last_lines_of_both_streams() -> None:
    result = CommandResult("x", 1, "".join(f"{n}\n" for n in range(20)), "last words\n")
    assert result.tail(3) == "18\n19\nlast words"
    assert CommandResult("x", 0, "", "").tail() == ""
