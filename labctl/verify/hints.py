"""Hints: pure functions from evidence to the likely cause and its fix.

Each function takes an `Evidence` (and what the failed check saw) and returns a `Hint`: a message
key naming the cause (``hint.<key>`` in labctl/i18n.py) and the values it shows. Nothing here
reads the lab, so every rule is tested on a table of evidence (tests/test_verify_hints.py).
"""

from __future__ import annotations

import difflib
import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from labctl import diagnose
from labctl.apacheconf import MANAGER_PATH, SMART_QUOTES, Section, balancer_of
from labctl.hostreader import Unread
from labctl.i18n import Lang, t
from labctl.probe import Reply, in_words
from labctl.verify.evidence import Evidence, Seen

# Directives of the tutorial, for "did you mean" on Apache's "Invalid command".
KNOWN = (
    "BalancerMember", "ProxySet", "ProxyPass", "ProxyPassReverse", "SetHandler", "AuthType",
    "AuthName", "AuthUserFile", "Require", "Order", "Allow", "Deny", "ProxyPreserveHost",
)  # fmt: skip


@dataclass(frozen=True)
class Hint:
    key: str  # the cause: hint.<key> in MESSAGES
    values: Mapping[str, object] = field(default_factory=dict)

    def render(self, lang: Lang) -> str:
        values = {k: _value(v, lang) for k, v in self.values.items()}
        return t(lang, f"hint.{self.key}", **values)


def _value(value: object, lang: Lang) -> str:
    if isinstance(value, Hint):
        return value.render(lang)
    if isinstance(value, list | tuple):
        return "; ".join(_value(v, lang) for v in value)
    return str(value)


# --- the files on disk --------------------------------------------------------------------

_SYNTAX = re.compile(r"Syntax error on line (\d+) of ([^:]+):\s*(?:\|\s*)?(.*)")


def refused(ev: Evidence) -> Hint:
    """Apache's configtest refused the files: which line, and what it means."""
    text = ev.refusal or ""
    # Apache nests them ("Syntax error on line 57 of httpd.conf: Syntax error on line 5 of
    # conf.d/x.conf: ..."): the innermost one is the student's line.
    found = _SYNTAX.match(text[text.rfind("Syntax error on line") :])
    if not found:
        return Hint("refused", {"where": "", "message": text})
    line, path, message = found.groups()
    message = message.split(" | ")[0].strip()
    message = re.sub(r"^\S+:\d+: ", "", message)  # Apache repeats "FILE:LINE: " in some
    source = next((f for f in ev.config.files if path.endswith(f.path)), None)
    name = source.path if source else path
    where = f"{name}:{line}"
    if source is not None and source.bom:
        # Apache 2.4.71 reads the BOM as part of the first word, whatever the first line is.
        return Hint("bom", {"file": name, "path": _full(ev, name)})
    if source is not None and int(line) in source.smart_quotes:
        return Hint("smart-quotes", {"where": where, "line": _line(source.text, int(line))})
    if "\\xe2\\x80\\x9c" in message or "\\xe2\\x80\\x9d" in message:
        return Hint("smart-quotes", {"where": where, "line": message})
    invalid = re.search(r"Invalid command '([^']+)'", message)
    if invalid:
        close = difflib.get_close_matches(invalid.group(1), KNOWN, n=1, cutoff=0.75)
        key = "invalid-command-typo" if close else "invalid-command"
        return Hint(key, {"where": where, "command": invalid.group(1), "known": "".join(close)})
    if re.search(r"was not closed|without matching|Expected </", message):
        return Hint("unclosed-section", {"where": where, "message": message})
    return Hint("refused", {"where": where, "message": message})


def _full(ev: Evidence, name: str) -> str:
    """A file's path for a command: names are relative to the server root (conf.d/x.conf)."""
    root = posixpath.dirname(ev.paths.conf_d.rstrip("/"))
    return name if posixpath.isabs(name) else posixpath.join(root, name)


def _line(text: str, number: int) -> str:
    lines = text.split("\n")
    return lines[number - 1].strip() if 0 < number <= len(lines) else ""


def unread(ev: Evidence) -> Hint | None:
    """A file labctl could not read: said as such, never as 'there is no ...'."""
    if not ev.unread:
        return None
    first = ev.unread[0]
    return Hint("could-not-read", {"path": first.path, "reason": first.reason})


# --- the proxy --------------------------------------------------------------------------


def proxy(ev: Evidence) -> Hint | None:
    """Why requests do not reach both servers through a balancer, from the files."""
    cfg = ev.config
    root = cfg.root_pass()
    balancers = cfg.balancers()
    if root is None and not balancers:
        return unread(ev) or Hint("no-config", {"conf_d": ev.paths.conf_d})
    target = balancer_of(root.args[1]) if root is not None and len(root.args) > 1 else None
    if root is None or target is None:
        return unread(ev) or Hint("no-proxypass-root", {"balancer": balancer_name(ev)})
    if target not in balancers:
        defined = ", ".join(balancers) or "-"
        return Hint("unknown-balancer", {"where": root.where, "target": target, "defined": defined})
    members = cfg.members(target)
    https = [(u, d) for u, d in members if u.lower().startswith("https://")]
    if https:  # the servers speak HTTP; without SSLProxyEngine Apache has no handler (AH01144)
        return Hint("member-https", {"where": https[0][1].where, "url": https[0][0]})
    with_path = [(u, d) for u, d in members if urlsplit(u).path not in ("", "/")]
    if with_path:
        return Hint("member-path", {"where": with_path[0][1].where, "url": with_path[0][0]})
    missing = ev.missing()
    if missing and len(members) < len(ev.servers):
        where = members[0][1].where if members else root.where
        urls = ", ".join(s.url for s in missing)
        return Hint(
            "few-members",
            {"count": len(members), "balancer": target, "where": where, "missing": urls},
        )
    if missing:
        return member_missing(ev, missing[0].name)
    return None


def member_missing(ev: Evidence, name: str) -> Hint:
    server = ev.server(name)
    unresolved = [m for m in ev.members if not m.addresses]
    if unresolved:
        return Hint("member-unresolved", {"host": unresolved[0].host, "url": unresolved[0].url})
    seen = ", ".join(f"{m.url} -> {'/'.join(m.addresses)}" for m in ev.members) or "-"
    return Hint("member-missing", {"host": name, "url": server.url, "seen": seen})


def no_slash(ev: Evidence, seen: Seen) -> Hint | None:
    """`ProxyPass / balancer://x` without the final slash: / works, every other URL is a 500."""
    root = ev.config.root_pass()
    if root is None or len(root.args) < 2 or 500 not in seen.statuses:
        return None
    if root.args[1].endswith("/") == root.args[0].endswith("/"):
        return None
    return Hint("proxypass-no-slash", {"where": root.where, "line": " ".join(root.args)})


def log(ev: Evidence) -> Hint | None:
    """The error log written during the failed check: an errno names the cause."""
    if isinstance(ev.log, Unread):
        return Hint("could-not-read", {"path": ev.log.path, "reason": ev.log.reason})
    causes = [
        Hint(f.cause.key.removeprefix("hint."), f.cause.values) for f in diagnose.findings(ev.log)
    ]
    if causes:
        return Hint("error-log", {"causes": causes[-2:]})
    if "AH01144" in ev.log:
        return Hint("no-protocol-handler", {})
    return None


def silent(error: str) -> Hint:
    """The balancer did not answer at all: Probe's words, in the student's language."""
    return Hint("lb-silent", {"error": connection(error)})


def connection(error: str) -> Hint:
    """Probe's ProbeError words as a message: the URL and what happened, in any language."""
    said = in_words(error)
    return Hint(said.key.removeprefix("hint."), said.values)


def same_page(ev: Evidence) -> Hint | None:
    """From the pages read at the start: later, a stopped server would hide the cause."""
    numbers = [n for n in ev.pages.values() if n is not None]
    if len(numbers) < 2 or len(set(numbers)) != 1:
        return None
    wrong = next((s for s in ev.servers if s.number != numbers[0]), ev.servers[-1])
    return Hint(
        "same-page", {"page": f"Server {numbers[0]}", "host": wrong.name, "number": wrong.number}
    )


def traffic(ev: Evidence, seen: Seen) -> Hint | None:
    """A check of requests through the balancer failed: others' traffic, pages, files, log."""
    if seen.error is not None:
        return silent(seen.error)
    if ev.foreign:
        return Hint("other-traffic", {"count": ev.foreign})
    return same_page(ev) or proxy(ev) or no_slash(ev, seen) or log(ev) or lbmethod(ev)


def lbmethod(ev: Evidence) -> Hint | None:
    """Only byrequests takes turns: bytraffic and bybusyness balance by bytes or load."""
    found = ev.config.lbmethod()
    if found is None or found[0] == "byrequests":
        return None
    return Hint("lbmethod", {"method": found[0], "where": found[1].where})


def members_in_error(ev: Evidence) -> Hint | None:
    return log(ev) or proxy(ev)


# --- the manager ------------------------------------------------------------------------


def manager_location(ev: Evidence) -> Hint | None:
    """A <Location> meant for the manager that Apache does not match to /balancer-manager."""
    sections = ev.config.manager_sections()
    exact = [s for s in sections if s.arg == MANAGER_PATH]
    if exact:
        return None
    for section in sections:
        return _near_miss(section)
    return None


def _near_miss(section: Section) -> Hint:
    values = {"where": section.where, "path": section.arg}
    if any(q in section.arg for q in SMART_QUOTES):
        return Hint("location-smart-quotes", values)
    if section.arg.endswith("/"):
        return Hint("location-slash", values)
    return Hint("location-case", values)


def routing(ev: Evidence, *, handler: bool = True) -> Hint | None:
    """Why /balancer-manager is not the manager page: the ProxyPass lines or no handler."""
    cfg = ev.config
    if cfg.root_pass() is None and not cfg.balancers() and not cfg.manager_sections():
        return unread(ev) or Hint("no-config", {"conf_d": ev.paths.conf_d})
    wrong_order = cfg.exclusion_after_root()
    if wrong_order is not None:
        root, exclusion = wrong_order
        return Hint("exclusion-after-root", {"root": root.where, "exclusion": exclusion.where})
    if cfg.root_pass() is not None and cfg.manager_exclusion() is None:
        near = cfg.manager_exclusion(exact=False)
        if near is not None:
            return Hint("exclusion-slash", {"where": near.where, "path": near.args[0]})
        return Hint("no-exclusion", {})
    misplaced = manager_location(ev)
    if misplaced is not None:
        return misplaced
    if cfg.manager_handler() is None and handler:
        return unread(ev) or Hint("no-manager-location", {})
    return None


def open_manager(ev: Evidence) -> Hint:
    """The manager answered 200 to a visitor without the password."""
    block = ev.config.manager_block()
    grants = ev.config.allows_all()
    missing = [
        name
        for name, directive in (
            ("AuthType", "authtype"),
            ("AuthName", "authname"),
            ("AuthUserFile", "authuserfile"),
            ("Require valid-user", "require"),
        )
        if not any(d.name == directive and (d.name != "require" or _valid_user(d.args))
                   for d in block)
    ]  # fmt: skip
    section = next((d.inside("location") for d in block), None)
    where = section.where if section is not None else ev.paths.conf_d
    if grants is not None and len(missing) < 4:
        return Hint("manager-granted", {"where": grants.where, "line": _words(grants)})
    values = {"where": where, "missing": ", ".join(missing) or "-"}
    if grants is not None:
        return Hint("manager-open-allow", {**values, "line": _words(grants)})
    return Hint("manager-open", values)


def _valid_user(args: tuple[str, ...]) -> bool:
    return bool(args) and args[0].lower() in ("valid-user", "user")


def _words(directive: object) -> str:
    name = getattr(directive, "name", "")
    args = getattr(directive, "args", ())
    return " ".join((name.capitalize(), *args))


def password_file(ev: Evidence) -> Hint | None:
    """The AuthUserFile as Apache reads it: there, readable, holding the lab's user."""
    path = ev.user_file
    if isinstance(ev.users, Unread):
        if "No such file" not in ev.users.reason:
            return Hint("could-not-read", {"path": path, "reason": ev.users.reason})
        if not ev.user_file_dir:
            return Hint(
                "htpasswd-dir-missing",
                {"path": path, "dir": posixpath.dirname(path), "lab_path": ev.paths.htpasswd,
                 "user": ev.user},
            )  # fmt: skip
        return Hint("htpasswd-missing", {"path": path, "user": ev.user})
    if isinstance(ev.log, str) and "AH01620" in ev.log:
        return Hint("htpasswd-unreadable", {"path": path})
    if ev.users is not None and ev.user not in ev.users:
        same = [u for u in ev.users if u.lower() == ev.user.lower()]
        if same:
            return Hint("user-case", {"user": ev.user, "found": same[0], "path": path})
        listed = ", ".join(ev.users) or "-"
        return Hint("user-not-in-file", {"user": ev.user, "path": path, "users": listed})
    return None


def auth_type(ev: Evidence) -> Hint | None:
    """An AuthType other than Basic: Apache 2.4.71 answers 500 (no module for Digest here)."""
    line = ev.config.manager_auth("authtype")
    if line is None or not line.args or line.args[0].lower() == "basic":
        return None
    return Hint("not-basic", {"value": line.args[0], "where": line.where})


def admits(ev: Evidence, reply: Reply) -> Hint | None:
    """The right user and password did not open the manager."""
    if _proxied(reply):
        return routing(ev)
    if reply.status == 500 and (found := auth_type(ev)) is not None:
        return found
    if reply.status in (401, 500):
        return password_file(ev) or Hint(
            "credentials-refused", {"user": ev.user, "path": ev.user_file}
        )
    return routing(ev)


def refuses(ev: Evidence, reply: Reply) -> Hint | None:
    """A visitor without (or with a wrong) password was not refused with 401."""
    if reply.status == 200:
        return open_manager(ev)
    if reply.status == 500:
        return auth_type(ev) or password_file(ev)
    return routing(ev, handler=reply.status != 401)


def realm(ev: Evidence, reply: Reply, scheme: str | None, name: str | None) -> Hint | None:
    if reply.status != 401:
        return refuses(ev, reply)
    if (scheme or "").lower() != "basic":
        where = _where(ev, "authtype")
        return Hint("not-basic", {"value": scheme or "-", "where": where})
    if name and any(q in name for q in SMART_QUOTES):
        return Hint("realm-smart-quotes", {"realm": name, "where": _where(ev, "authname")})
    return Hint("wrong-realm", {"realm": name or "", "where": _where(ev, "authname")})


def _where(ev: Evidence, directive: str) -> str:
    found = ev.config.manager_auth(directive)
    return found.where if found is not None else ev.paths.conf_d


def _proxied(reply: Reply) -> bool:
    """A reply that came from (or via) the cluster rather than the manager handler."""
    return reply.status in (404, 502, 503) or reply.server is not None


# --- ProxyPassReverse -------------------------------------------------------------------


def reverse(ev: Evidence, seen: Seen, location: str | None) -> Hint:
    """A server's redirect left the browser outside the balancer (or no redirect at all)."""
    if location is None:  # no redirect came back at all: the proxy itself is the cause
        return no_slash(ev, seen) or proxy(ev) or log(ev) or Hint("compare", {
            "conf_d": ev.paths.conf_d})  # fmt: skip
    return reverse_line(ev, location)


def reverse_line(ev: Evidence, location: str | None) -> Hint:
    """What the ProxyPassReverse line lacks (also where no redirect can be produced)."""
    line = ev.config.reverse()
    if line is None and ev.unread:
        return unread(ev) or Hint("compare", {"conf_d": ev.paths.conf_d})
    if line is None:
        return Hint(
            "no-proxypassreverse", {"balancer": balancer_name(ev), "location": location or "-"}
        )
    return Hint(
        "proxypassreverse-wrong",
        {"where": line.where, "line": " ".join(line.args), "location": location or "-"},
    )


def balancer_name(ev: Evidence) -> str:
    root = ev.config.root_pass()
    target = balancer_of(root.args[1]) if root is not None and len(root.args) > 1 else None
    return target.removeprefix("balancer://") if target else ev.balancer
