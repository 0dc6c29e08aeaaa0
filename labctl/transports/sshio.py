"""The byte-level side of an SSH command: stdin, stdout and stderr pumped together through
one channel, decoded into lines as they form, and a per-host log of it all."""

from __future__ import annotations

import codecs
import select
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    import paramiko

_CHUNK = 32768


class LogFile:
    """Opens the per-host log for appending, creating its directory; a no-op without a path."""

    def __init__(self, path: Path | None) -> None:
        self._path = path
        self._file: TextIO | None = None

    def __enter__(self) -> TextIO | None:
        if self._path is not None:
            self._path.parent.mkdir(parents=True, exist_ok=True)
            self._file = self._path.open("a", encoding="utf-8")
        return self._file

    def __exit__(self, *exc_info: object) -> None:
        if self._file is not None:
            self._file.close()


class Lines:
    """Decodes one output stream incrementally, handing out complete lines as they form."""

    def __init__(self, emit: Callable[[list[str]], None]) -> None:
        self._decoder = codecs.getincrementaldecoder("utf-8")("replace")
        self._emit = emit
        self._partial = ""
        self._chunks: list[str] = []

    def feed(self, data: bytes, final: bool = False) -> None:
        text = self._decoder.decode(data, final)
        self._chunks.append(text)
        *lines, self._partial = (self._partial + text).split("\n")
        if final and self._partial:
            lines.append(self._partial)
            self._partial = ""
        if lines:
            self._emit([line.removesuffix("\r") for line in lines])

    @property
    def text(self) -> str:
        return "".join(self._chunks)


def pump(
    channel: paramiko.Channel,
    stdin: str | None,
    deadline: float | None,
    emit: Callable[[list[str]], None],
) -> tuple[str, str] | None:
    """Feed stdin and drain stdout/stderr together (so neither side can block the other).

    Returns (stdout, stderr) once the remote side sent EOF and its exit status (or the channel
    closed), or None if ``deadline`` passed first.
    """
    out, err = Lines(emit), Lines(emit)
    pending = memoryview(stdin.encode()) if stdin else memoryview(b"")
    if not pending:
        channel.shutdown_write()
    # The channel's fileno is a pipe paramiko sets whenever data or EOF arrives on it.
    readable = [channel]
    while True:
        while channel.recv_ready():
            out.feed(channel.recv(_CHUNK))
        while channel.recv_stderr_ready():
            err.feed(channel.recv_stderr(_CHUNK))
        while pending and channel.send_ready():
            pending = pending[channel.send(bytes(pending[:_CHUNK])) :]
            if not pending:
                channel.shutdown_write()
        if (channel.eof_received or channel.closed) and not (
            channel.recv_ready() or channel.recv_stderr_ready()
        ):
            break
        remaining = None if deadline is None else deadline - time.monotonic()
        if remaining is not None and remaining <= 0:
            return None
        # Sending has no wake-up pipe, so poll briefly while stdin is still going out.
        wait = 0.02 if pending else 1.0
        select.select(readable, [], [], wait if remaining is None else min(wait, remaining))
    out.feed(b"", final=True)
    err.feed(b"", final=True)
    # OpenSSH sends EOF before the exit status, so give the status a moment to arrive.
    remaining = None if deadline is None else max(deadline - time.monotonic(), 0)
    if not channel.status_event.wait(remaining):
        return None
    return out.text, err.text
