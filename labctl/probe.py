"""HTTP through the balancer: who answered a request, and what balancer-manager says.

Measured on Apache 2.4.71: ``/balancer-manager?xml=1`` answers XML only with a same-origin
Referer (otherwise Apache logs AH10187 and serves the HTML page); worker status reads
``Init Ok`` / ``Init Err``. CentOS 7's 2.4.6 prints ``Ok`` / ``Err`` style values. Both are
parsed, and the HTML table (by column name) is the fallback when XML is not offered.
"""

from __future__ import annotations

import base64
import codecs
import http.client
import io
import re
import socket
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any, Literal
from urllib.parse import urlencode, urlsplit

from labctl.errors import Message, ProbeError
from labctl.netguard import check_target

MemberState = Literal["ok", "error", "disabled", "unknown"]
_SERVER_RE = re.compile(r"Server\s+(\d+)", re.IGNORECASE)
_NS = {"httpd": "http://httpd.apache.org"}
# An Apache page of the lab is a few kB; the manager page of a big cluster some tens.
MAX_BYTES = 1 << 20


@dataclass(frozen=True)
class Reply:
    status: int
    server: int | None  # N of the "Server N" page that answered, None if unrecognised
    body: str
    headers: dict[str, str]

    @property
    def reason_line(self) -> str:
        return f"{self.status} " + _REASONS.get(self.status, "")


_REASONS = {
    200: "OK",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
}


@dataclass(frozen=True)
class Member:
    url: str
    status: str  # Apache's own words, e.g. "Init Err"
    state: MemberState
    # How often the balancer chose the member, and its requests in progress; None where the
    # page has no such column (2.4.6's HTML has no Busy).
    elected: int | None = None
    busy: int | None = None
    # Every field the manager shows for it (XML element or HTML column name, lower case):
    # loadfactor, route, lbset, "hc method", "hc interval"... what the exercises read.
    info: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    @property
    def host(self) -> str:
        return urlsplit(self.url).hostname or self.url

    @property
    def port(self) -> int:
        return urlsplit(self.url).port or 80


@dataclass(frozen=True)
class ManagerPage:
    status: int
    members: tuple[Member, ...] = ()
    balancer: str | None = None
    lbmethod: str | None = None
    realm: str | None = None  # from WWW-Authenticate on a 401
    auth_scheme: str | None = None
    body: str = ""
    source: Literal["xml", "html", "none"] = "none"
    # The balancer's own fields (XML: stickysession, nonce, timeout...), lower case.
    info: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    def member_at(self, address: str, port: int) -> Member | None:
        for m in self.members:
            if m.host == address and m.port == port:
                return m
        return None


def member_state(status: str) -> MemberState:
    """Classify a worker status of any Apache 2.4 release ('Init Err ', 'Err', 'Ok', 'Dis')."""
    words = status.lower().split()
    # HcFl: mod_proxy_hcheck's health check failed; the member is out of rotation as with Err.
    if any(w.startswith(("err", "hcfl")) for w in words):
        return "error"
    # Drn: drained through the manager (takes only its sticky sessions, no new clients).
    if any(w.startswith(("dis", "stop", "drn")) for w in words):
        return "disabled"
    if any(w == "ok" for w in words):
        return "ok"
    return "unknown"


def server_of(body: str) -> int | None:
    """'Selamat Datang di Server 2' -> 2: the title or h1 of the page that answered."""
    match = _SERVER_RE.search(body)
    return int(match.group(1)) if match else None


class Probe:
    """A client of the lab's balancer at ``address``:``port``.

    Every request has a total deadline (connect, headers and body together, not per read)
    and a size cap on the answer: a server that drips a byte a second or sends an endless
    body costs one bounded ProbeError, never a stalled or exhausted grader. Within a
    `budget()` block the deadline is also cut to what is left of the block's time. One
    connection per request: no half-read keep-alive connection can leak into the next probe.
    """

    def __init__(
        self, address: str, port: int = 80, *, timeout: float = 5.0, max_bytes: int = MAX_BYTES
    ) -> None:
        check_target(address)
        self.address, self.port = address, port
        self.base = f"http://{address}" + ("" if port == 80 else f":{port}")
        self.timeout = timeout
        self.max_bytes = max_bytes

    def close(self) -> None:
        """Nothing stays open between requests; kept so callers need not know."""

    def get(
        self,
        path: str = "/",
        *,
        auth: tuple[str, str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> Reply:
        status, got, body = self._fetch(path, auth, headers or {})
        return Reply(status, server_of(body), body, got)

    def post(
        self,
        path: str,
        form: dict[str, str],
        *,
        auth: tuple[str, str] | None = None,
        referer: bool = True,
    ) -> Reply:
        """A form sent as a browser sends it: urlencoded, with the page's own Referer (the
        balancer-manager ignores a form without one: AH10187); ``referer=False``: as a plain
        `curl -d` sends it."""
        extra = {"Content-Type": "application/x-www-form-urlencoded"}
        if referer:
            extra["Referer"] = f"{self.base}{path.split('?')[0]}"
        status, got, body = self._fetch(path, auth, extra, urlencode(form).encode())
        return Reply(status, server_of(body), body, got)

    def manager(self, auth: tuple[str, str] | None = None) -> ManagerPage:
        """Read /balancer-manager: XML when Apache offers it, the HTML table otherwise."""
        extra = {"Referer": f"{self.base}/balancer-manager"}
        status, headers, body = self._fetch("/balancer-manager?xml=1", auth, extra)
        if status != 200:
            scheme, realm = _www_authenticate(headers.get("WWW-Authenticate", ""))
            return ManagerPage(status, realm=realm, auth_scheme=scheme, body=body)
        return parse_manager(body, status)

    def _fetch(
        self,
        path: str,
        auth: tuple[str, str] | None,
        extra: dict[str, str],
        data: bytes | None = None,
    ) -> tuple[int, dict[str, str], str]:
        url = self.base + path
        now = time.monotonic()
        deadline = min(now + self.timeout, _budget_end())
        if deadline <= now:
            why = getattr(_budget, "why", None) or "the time for this lab is used up"
            raise ProbeError(f"{url}: not asked, {why}")
        headers = {"Host": self.base.removeprefix("http://"), "Connection": "close", **extra}
        if auth is not None:
            token = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode("ascii")
            headers["Authorization"] = f"Basic {token}"
        conn = _DeadlineConnection(self.address, self.port, deadline)
        try:
            conn.request("GET" if data is None else "POST", path, body=data, headers=headers)
            response = conn.getresponse()
            body = response.read(self.max_bytes + 1)
            if len(body) > self.max_bytes:
                _stalled(f"{url} sent more than {self.max_bytes} bytes")
                raise ProbeError(f"{url}: the answer is larger than {self.max_bytes} bytes")
            got = _joined(response.getheaders())
            return response.status, got, body.decode(_charset(got), errors="replace")
        except TimeoutError as exc:
            limit = deadline - now
            if conn.received:
                # Apache sends an answer at once or not at all (a member it waits for): bytes
                # that trickle in past the deadline come from something that stalls on purpose.
                _stalled(f"{url} answered a few bytes at a time")
            raise ProbeError(f"{url}: no complete answer within {limit:.1f} s") from exc
        except (OSError, http.client.HTTPException) as exc:
            raise ProbeError(f"{url}: connection refused or reset ({_short(exc)})") from exc
        finally:
            conn.shut()


_budget = threading.local()


@contextmanager
def budget(seconds: float) -> Iterator[None]:
    """Every probe made by this thread inside the block ends by ``seconds`` from now.

    Within the block, an answer that drips in past its deadline or outgrows the size cap ends
    the block's time at once: the lab stalls on purpose, and asking it again costs a deadline
    per probe for nothing.
    """
    previous = getattr(_budget, "end", None), getattr(_budget, "why", None)
    _budget.end, _budget.why = time.monotonic() + seconds, None
    try:
        yield
    finally:
        _budget.end, _budget.why = previous


def _stalled(why: str) -> None:
    if getattr(_budget, "end", None) is not None:
        _budget.end, _budget.why = time.monotonic(), why


def _budget_end() -> float:
    end = getattr(_budget, "end", None)
    return float("inf") if end is None else end


def in_words(error: str) -> Message:
    """A ProbeError's line (English, read by its shape: verify's hints and the scenarios both
    show it) as a Message: the URL and what happened, in the student's language."""
    url, _, what = error.partition(": ")
    if what.startswith("connection refused or reset"):
        return Message("hint.conn-refused", url=url)
    timeout = re.match(r"no (?:complete )?answer within ([\d.]+) s", what)
    if timeout:
        return Message("hint.conn-timeout", url=url, seconds=timeout.group(1))
    if what.startswith("not asked, "):  # a lab whose time ran out: why, in Probe's words
        return Message("hint.conn-not-asked", url=url, why=what.removeprefix("not asked, "))
    return Message("hint.conn-other", url=url, detail=what)


class _DeadlineConnection(http.client.HTTPConnection):
    """An HTTP connection whose every socket operation gets only the time left to a deadline."""

    def __init__(self, host: str, port: int, deadline: float) -> None:
        super().__init__(host, port, timeout=max(0.001, deadline - time.monotonic()))
        self.deadline = deadline

    raw: socket.socket | None = None
    wrapped: _DeadlineSocket | None = None

    @property
    def received(self) -> int:
        return self.wrapped.received if self.wrapped is not None else 0

    def connect(self) -> None:
        super().connect()
        self.raw = self.sock
        self.wrapped = _DeadlineSocket(self.raw, self.deadline)
        self.sock = self.wrapped

    def close(self) -> None:
        # http.client closes the connection as soon as the headers say "close", while the
        # response still reads its body from the socket: only the probe ends it (shut()).
        self.sock = None

    def shut(self) -> None:
        if self.raw is not None:
            self.raw.close()


class _DeadlineSocket:
    """The few socket calls http.client makes, each with the time left as its timeout."""

    def __init__(self, sock: socket.socket, deadline: float) -> None:
        self.sock = sock
        self.deadline = deadline
        self.received = 0

    def _left(self) -> float:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("deadline reached")
        self.sock.settimeout(left)
        return left

    def sendall(self, data: bytes) -> None:
        self._left()
        self.sock.sendall(data)

    def recv_into(self, buffer: Any, nbytes: int = 0) -> int:
        self._left()
        count = self.sock.recv_into(buffer, nbytes)
        self.received += count
        return count

    def makefile(self, mode: str) -> io.BufferedReader:
        return io.BufferedReader(_Reader(self))


class _Reader(io.RawIOBase):
    def __init__(self, sock: _DeadlineSocket) -> None:
        self.sock = sock

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        return self.sock.recv_into(buffer)


def _joined(pairs: list[tuple[str, str]]) -> dict[str, str]:
    """Headers by name, case-insensitively merged as requests did (repeats joined by ', ')."""
    out: dict[str, str] = {}
    names: dict[str, str] = {}
    for name, value in pairs:
        key = names.setdefault(name.lower(), name)
        out[key] = f"{out[key]}, {value}" if key in out else value
    return out


def _charset(headers: dict[str, str]) -> str:
    match = re.search(r"charset=([\w.-]+)", headers.get("Content-Type", ""), re.IGNORECASE)
    if match:
        try:
            return codecs.lookup(match.group(1)).name
        except LookupError:
            pass
    return "utf-8"


def parse_manager(text: str, status: int = 200) -> ManagerPage:
    if text.lstrip().startswith("<?xml") or "<httpd:manager" in text:
        try:
            return _parse_xml(text, status)
        except ET.ParseError:
            pass
    return _parse_html(text, status)


def _parse_xml(text: str, status: int) -> ManagerPage:
    root = ET.fromstring(text)
    members: list[Member] = []
    balancer: str | None = None
    lbmethod: str | None = None
    info: dict[str, str] = {}
    for b in root.iterfind(".//httpd:balancer", _NS):
        balancer = balancer or (b.findtext("httpd:name", default="", namespaces=_NS) or None)
        lbmethod = lbmethod or b.findtext("httpd:lbmethod", namespaces=_NS)
        info = info or _children(b)
        for w in b.iterfind(".//httpd:worker", _NS):
            url = (w.findtext("httpd:name", default="", namespaces=_NS)).strip()
            st = (w.findtext("httpd:status", default="", namespaces=_NS)).strip()
            elected = _count(w.findtext("httpd:elected", namespaces=_NS))
            busy = _count(w.findtext("httpd:busy", namespaces=_NS))
            members.append(Member(url, st, member_state(st), elected, busy, _children(w)))
    return ManagerPage(
        status, tuple(members), balancer, lbmethod, body=text, source="xml", info=info
    )


def _children(element: ET.Element) -> dict[str, str]:
    """An element's simple children by local name: {"loadfactor": "3.00", "route": ...}."""
    return {
        child.tag.rsplit("}", 1)[-1].lower(): (child.text or "").strip()
        for child in element
        if len(child) == 0
    }


class _Tables(HTMLParser):
    """Collects every table row as a list of cell texts."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self.rows:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _parse_html(text: str, status: int) -> ManagerPage:
    parser = _Tables()
    parser.feed(text)
    members: list[Member] = []
    url_col = status_col = None
    columns: list[str] = []
    for row in parser.rows:
        lowered = [c.lower() for c in row]
        if "worker url" in lowered and "status" in lowered:
            url_col, status_col = lowered.index("worker url"), lowered.index("status")
            columns = lowered
            continue
        if url_col is not None and status_col is not None and len(row) > max(url_col, status_col):
            url = row[url_col]
            if "://" in url:
                cell = dict(zip(columns, row, strict=False))  # a short row lacks the last cells
                members.append(
                    Member(
                        url,
                        row[status_col],
                        member_state(row[status_col]),
                        _count(cell.get("elected")),
                        _count(cell.get("busy")),
                        cell,
                    )
                )
    name = re.search(r"balancer://[\w.-]+", text)
    method = re.search(r"<td>(by\w+)</td>", text)
    return ManagerPage(
        status,
        tuple(members),
        name.group(0) if name else None,
        method.group(1) if method else None,
        body=text,
        source="html" if members else "none",
    )


def _count(text: str | None) -> int | None:
    """A counter cell of the manager page ('12', ' 0 '), None when absent or not a number."""
    value = (text or "").strip()
    return int(value) if value.isdigit() else None


def _www_authenticate(value: str) -> tuple[str | None, str | None]:
    if not value:
        return None, None
    scheme = value.split()[0]
    realm = re.search(r'realm="([^"]*)"', value)
    return scheme, realm.group(1) if realm else None


def _short(exc: Exception) -> str:
    text = str(exc)
    match = re.search(r"\[Errno -?\d+\] [^'\")\]]+", text)
    return match.group(0) if match else text.splitlines()[0][:160]
