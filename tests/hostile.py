"""A hostile HTTP server on 127.0.0.1: what a broken or malicious balancer URL can do to a grader.

Modes: ``silent`` takes the request and says nothing; ``endless`` answers 200 and then
sends body bytes without end; ``drip`` sends its status line one byte at a time;
``drip-body`` sends headers with a Content-Length and then the body one byte at a time. Each
connection gives up by itself after ``give_up`` seconds or ``max_bytes`` bytes, so a grader
without deadlines or size caps gets a complete, harmless answer late instead of hanging the
test run: the test then fails on its assertions.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

_HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"


class HostileServer:
    def __init__(
        self, mode: str, *, interval: float = 0.2, give_up: float = 60.0, max_bytes: int = 64 << 20
    ) -> None:
        self.mode = mode
        self.interval = interval
        self.give_up = give_up
        self.max_bytes = max_bytes
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.sock.settimeout(0.05)  # so that close() is noticed
        self.connections = 0
        self.requests = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self.sock.close()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn: socket.socket) -> None:
        end = time.monotonic() + self.give_up
        try:
            conn.settimeout(5)
            if not conn.recv(65536).startswith(b"GET "):
                return  # a port check (connect, close), not a request
            self.requests += 1
            if self.mode == "silent":  # like a balancer waiting for a member that drops packets
                while time.monotonic() < end and not self._stop.is_set():
                    time.sleep(0.05)
            elif self.mode == "endless":
                conn.sendall(_HEAD + b"\r\n")
                chunk = b"Server 1 " * 7000
                sent = 0
                while sent < self.max_bytes and time.monotonic() < end and not self._stop.is_set():
                    conn.sendall(chunk)
                    sent += len(chunk)
            else:
                body = b"<h1>Selamat Datang di Server 1</h1>"
                if self.mode == "drip":
                    slow, fast = _HEAD + b"Content-Length: %d\r\n\r\n" % len(body), body
                else:  # drip-body: the headers at once, then the body a byte at a time
                    fast, slow = _HEAD + b"Content-Length: %d\r\n\r\n" % len(body), body
                    conn.sendall(fast)
                    fast = b""
                for i in range(len(slow)):
                    if time.monotonic() > end or self._stop.is_set():
                        conn.sendall(slow[i:])  # gave up dripping: the rest at once
                        break
                    conn.sendall(slow[i : i + 1])
                    time.sleep(self.interval)
                conn.sendall(fast)
        except OSError:
            pass
        finally:
            conn.close()


@contextmanager
def hostile_server(mode: str, **options: float) -> Iterator[HostileServer]:
    server = HostileServer(mode, **options)  # type: ignore[arg-type]
    try:
        yield server
    finally:
        server.close()
