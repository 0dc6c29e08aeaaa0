"""What a check saw, in the student's language (HTTP status lines stay as Apache sends them)."""

from __future__ import annotations

import re

from labctl.i18n import Lang, t
from labctl.probe import Reply
from labctl.verify.evidence import Evidence, Seen
from labctl.verify.hints import connection


def describe(reply: Reply, lang: Lang) -> str:
    if reply.status == 200 and reply.server is not None:
        return t(lang, "obs.server-page", number=reply.server)
    if reply.status == 200 and re.search(r"balancer manager|<httpd:manager", reply.body, re.I):
        return t(lang, "obs.manager-page")
    location = reply.headers.get("Location", "").split("?")[0]
    line = reply.reason_line.strip()
    return f"{line} -> {location}" if location else line


def replies_line(seen: Seen, lang: Lang, *, paths: bool = False) -> str:
    if seen.error is not None:
        return unreachable(seen.error, lang)
    words = [describe(r, lang) for r in seen.replies]
    if paths:
        labels = ("/", "/index.html", t(lang, "obs.missing-page"))
        words = [f"{label}: {w}" for label, w in zip(labels, words, strict=False)]
    return ", ".join(words) or t(lang, "none")


def unreachable(error: str, lang: Lang) -> str:
    return connection(error).render(lang)


def members_line(ev: Evidence, lang: Lang) -> str:
    key = "obs.members-manager" if ev.members_from == "manager" else "obs.members-file"
    shown = []
    for m in ev.members:
        resolved = "/".join(m.addresses) or t(lang, "obs.unresolved")
        shown.append(m.url if m.host in m.addresses else f"{m.url} ({resolved})")
    return t(lang, key, members=", ".join(shown) or t(lang, "none"))


def header(reply: Reply, name: str) -> str:
    """A header's bytes as UTF-8 (HTTP clients decode them as Latin-1: “ would be â\x80\x9c)."""
    value = reply.headers.get(name, "")
    try:
        return value.encode("latin-1").decode("utf-8")
    except UnicodeError:
        return value


def www_authenticate(reply: Reply) -> tuple[str | None, str | None]:
    value = header(reply, "WWW-Authenticate")
    if not value:
        return None, None
    realm = re.search(r'realm="([^"]*)"', value)
    return value.split()[0], realm.group(1) if realm else None
