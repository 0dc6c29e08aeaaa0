"""HTTP through the balancer: who answered a request, and what balancer-manager says.

Measured on Apache 2.4.71: ``/balancer-manager?xml=1`` answers XML only with a same-origin
Referer (otherwise Apache logs AH10187 and serves the HTML page); worker status reads
``Init Ok`` / ``Init Err``. CentOS 7's 2.4.6 prints ``Ok`` / ``Err`` style values. Both are
parsed, and the HTML table (by column name) is the fallback when XML is not offered.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Literal
from urllib.parse import urlsplit

import requests

from labctl.errors import LabctlError
from labctl.netguard import check_target

MemberState = Literal["ok", "error", "disabled", "unknown"]
_SERVER_RE = re.compile(r"Server\s+(\d+)", re.IGNORECASE)
_NS = {"httpd": "http://httpd.apache.org"}


class ProbeError(LabctlError):
    """The balancer could not be reached at all (refused, timeout)."""


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

    def member_at(self, address: str, port: int) -> Member | None:
        for m in self.members:
            if m.host == address and m.port == port:
                return m
        return None


def member_state(status: str) -> MemberState:
    """Classify a worker status of any Apache 2.4 release ('Init Err ', 'Err', 'Ok', 'Dis')."""
    words = status.lower().split()
    if any(w.startswith("err") for w in words):
        return "error"
    if any(w.startswith(("dis", "stop")) for w in words):
        return "disabled"
    if any(w == "ok" for w in words):
        return "ok"
    return "unknown"


def server_of(body: str) -> int | None:
    """'Selamat Datang di Server 2' -> 2: the title or h1 of the page that answered."""
    match = _SERVER_RE.search(body)
    return int(match.group(1)) if match else None


class Probe:
    """A client of the lab's balancer at ``address``:``port`` (one keep-alive session)."""

    def __init__(self, address: str, port: int = 80, *, timeout: float = 5.0) -> None:
        check_target(address)
        self.base = f"http://{address}" + ("" if port == 80 else f":{port}")
        self.timeout = timeout
        self.session = requests.Session()
        # Environment proxies would send lab traffic somewhere else entirely.
        self.session.trust_env = False

    def close(self) -> None:
        self.session.close()

    def get(self, path: str = "/", *, auth: tuple[str, str] | None = None) -> Reply:
        try:
            r = self.session.get(
                self.base + path, auth=auth, timeout=self.timeout, allow_redirects=False
            )
        except requests.ConnectionError as exc:
            raise ProbeError(
                f"{self.base}{path}: connection refused or reset ({_short(exc)})"
            ) from exc
        except requests.Timeout as exc:
            raise ProbeError(f"{self.base}{path}: no answer within {self.timeout} s") from exc
        return Reply(r.status_code, server_of(r.text), r.text, dict(r.headers))

    def manager(self, auth: tuple[str, str] | None = None) -> ManagerPage:
        """Read /balancer-manager: XML when Apache offers it, the HTML table otherwise."""
        headers = {"Referer": f"{self.base}/balancer-manager"}
        try:
            r = self.session.get(
                f"{self.base}/balancer-manager?xml=1",
                auth=auth,
                headers=headers,
                timeout=self.timeout,
                allow_redirects=False,
            )
        except requests.RequestException as exc:
            raise ProbeError(f"{self.base}/balancer-manager: {_short(exc)}") from exc
        if r.status_code != 200:
            scheme, realm = _www_authenticate(r.headers.get("WWW-Authenticate", ""))
            return ManagerPage(r.status_code, realm=realm, auth_scheme=scheme, body=r.text)
        return parse_manager(r.text, r.status_code)


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
    balancer = lbmethod = None
    for b in root.iterfind(".//httpd:balancer", _NS):
        balancer = balancer or (b.findtext("httpd:name", default="", namespaces=_NS) or None)
        lbmethod = lbmethod or b.findtext("httpd:lbmethod", namespaces=_NS)
        for w in b.iterfind(".//httpd:worker", _NS):
            url = (w.findtext("httpd:name", default="", namespaces=_NS)).strip()
            st = (w.findtext("httpd:status", default="", namespaces=_NS)).strip()
            members.append(Member(url, st, member_state(st)))
    return ManagerPage(status, tuple(members), balancer, lbmethod, body=text, source="xml")


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
    for row in parser.rows:
        lowered = [c.lower() for c in row]
        if "worker url" in lowered and "status" in lowered:
            url_col, status_col = lowered.index("worker url"), lowered.index("status")
            continue
        if url_col is not None and status_col is not None and len(row) > max(url_col, status_col):
            url = row[url_col]
            if "://" in url:
                members.append(Member(url, row[status_col], member_state(row[status_col])))
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
