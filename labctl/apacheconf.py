"""Reads a student's configuration files the way Apache does, enough to name a mistake.

Not a full Apache parser: directives, <sections> (with the line they open on), quotes, comments
and backslash continuations, case-insensitive as Apache is (the tutorial writes `<proxy>` and
`<location>` in lowercase). Files are parsed from their bytes, so what an editor or a web page
put there - a UTF-8 byte order mark, CRLF line ends, typographic quotes - can be named.
`labctl verify` uses it for hints and for what HTTP cannot show; pass or fail comes from Apache.
"""

from __future__ import annotations

import posixpath
import shlex
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

MANAGER_PATH = "/balancer-manager"
BOM = b"\xef\xbb\xbf"
SMART_QUOTES = "\u201c\u201d\u2018\u2019\u201e\u00ab\u00bb"


@dataclass(frozen=True)
class Section:
    name: str  # lowercased: "proxy", "location"
    arg: str  # as Apache reads it: ASCII quotes removed, anything else kept
    file: str
    line: int

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True)
class Directive:
    name: str  # lowercased
    args: tuple[str, ...]
    file: str
    line: int
    sections: tuple[Section, ...]  # the enclosing sections, outermost first

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"

    def inside(self, section: str) -> Section | None:
        return next((s for s in self.sections if s.name == section), None)


@dataclass(frozen=True)
class SourceFile:
    """One file as Apache reads it: its text and what an editor may have slipped in."""

    path: str
    text: str
    bom: bool = False
    crlf: bool = False
    smart_quotes: tuple[int, ...] = ()  # line numbers
    not_utf8: bool = False

    @classmethod
    def from_bytes(cls, path: str, data: bytes) -> SourceFile:
        bom = data.startswith(BOM)
        try:
            text, not_utf8 = data.decode("utf-8"), False
        except UnicodeDecodeError:
            text, not_utf8 = data.decode("latin-1"), True
        text = text.removeprefix("\ufeff")
        lines = text.split("\n")
        quotes = tuple(n for n, line in enumerate(lines, 1) if any(q in line for q in SMART_QUOTES))
        crlf = any(line.endswith("\r") for line in lines)
        return cls(path, text, bom, crlf, quotes, not_utf8)


def parse(text: str, file: str) -> list[Directive]:
    out: list[Directive] = []
    stack: list[Section] = []
    for number, line in _logical_lines(text):
        if line.startswith("</"):
            name = line[2:].rstrip(">").strip().lower()
            if stack and stack[-1].name == name:
                stack.pop()
            continue
        if line.startswith("<"):
            head = line[1:].rstrip().removesuffix(">").strip()
            name, _, arg = head.partition(" ")
            stack.append(Section(name.lower(), _unquote(arg.strip()), file, number))
            continue
        words = _split(line)
        if words:
            out.append(Directive(words[0].lower(), tuple(words[1:]), file, number, tuple(stack)))
    return out


def _logical_lines(text: str) -> list[tuple[int, str]]:
    lines: list[tuple[int, str]] = []
    pending, start = "", 0
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()  # Apache strips trailing white space, a CR included
        if not pending:
            start = number
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        line = (pending + line).strip()
        pending = ""
        if line and not line.startswith("#"):
            lines.append((start, line))
    return lines


def _split(line: str) -> list[str]:
    try:
        return shlex.split(line, comments=False, posix=True)
    except ValueError:  # an unbalanced quote: Apache rejects it too, keep the words
        return line.split()


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def _path(value: str) -> str:
    return value.rstrip("/") or "/"


def includes(directive: Directive, server_root: str) -> str | None:
    """The file pattern an Include/IncludeOptional names, absolute as Apache resolves it."""
    if directive.name not in ("include", "includeoptional") or not directive.args:
        return None
    pattern = directive.args[0]
    return pattern if posixpath.isabs(pattern) else posixpath.join(server_root, pattern)


@dataclass
class StudentConfig:
    """What the load balancer's files say about the tutorial's pieces, in Apache's order."""

    files: list[SourceFile] = field(default_factory=list)
    directives: list[Directive] = field(default_factory=list)

    @classmethod
    def from_sources(
        cls,
        sources: list[SourceFile],
        included: Mapping[str, list[SourceFile]] | None = None,
        server_root: str = "/",
    ) -> StudentConfig:
        """``sources`` in Apache's order; an Include line reads ``included[pattern]`` there."""
        config = cls()

        def add(source: SourceFile, depth: int) -> None:
            config.files.append(source)
            for d in parse(source.text, source.path):
                config.directives.append(d)
                pattern = includes(d, server_root)
                if pattern is not None and included and depth < 4:
                    for inner in included.get(pattern, []):
                        add(inner, depth + 1)

        for source in sources:
            add(source, 0)
        return config

    def named(self, name: str) -> list[Directive]:
        return [d for d in self.directives if d.name == name]

    def source(self, path: str) -> SourceFile | None:
        return next((f for f in self.files if f.path == path), None)

    # --- the proxy ----------------------------------------------------------------------

    def proxypass(self) -> list[Directive]:
        """Server-wide ProxyPass lines (inside <Location> they take one argument less)."""
        return [d for d in self.named("proxypass") if d.inside("location") is None and d.args]

    def root_pass(self) -> Directive | None:
        return next((d for d in self.proxypass() if _path(d.args[0]) == "/"), None)

    def manager_exclusion(self, *, exact: bool = True) -> Directive | None:
        """`ProxyPass /balancer-manager !`; with ``exact=False`` also a near miss that Apache
        does not match to /balancer-manager (`/balancer-manager/ !`)."""
        return next(
            (
                d
                for d in self.proxypass()
                if d.args[1:2] == ("!",)
                and (d.args[0] == MANAGER_PATH if exact else _path(d.args[0]) == MANAGER_PATH)
            ),
            None,
        )

    def exclusion_after_root(self) -> tuple[Directive, Directive] | None:
        root, exclusion = self.root_pass(), self.manager_exclusion()
        if root is None or exclusion is None:
            return None
        if self.directives.index(root) < self.directives.index(exclusion):
            return root, exclusion
        return None

    def balancers(self) -> dict[str, list[Directive]]:
        """balancer://NAME (lowercased, as Apache compares them) -> its BalancerMember lines."""
        out: dict[str, list[Directive]] = {}
        for d in self.directives:
            section = d.inside("proxy")
            if section and section.arg.lower().startswith("balancer://"):
                out.setdefault(_balancer(section.arg), [])
                if d.name == "balancermember" and d.args:
                    out[_balancer(section.arg)].append(d)
            elif d.name == "balancermember" and len(d.args) > 1:
                out.setdefault(_balancer(d.args[0]), []).append(d)
        return out

    def members(self, balancer: str) -> list[tuple[str, Directive]]:
        """(member URL, its line) of ``balancer``."""
        lines = self.balancers().get(_balancer(balancer), [])
        return [(d.args[-1] if d.inside("proxy") is None else d.args[0], d) for d in lines]

    def lbmethod(self) -> tuple[str, Directive] | None:
        """The balancer's lbmethod=... (ProxySet, or a parameter of ProxyPass), if set."""
        for d in self.directives:
            if d.name in ("proxyset", "proxypass"):
                for arg in d.args:
                    key, _, value = arg.partition("=")
                    if key.lower() == "lbmethod" and value:
                        return value.lower(), d
        return None

    def reverse(self) -> Directive | None:
        return next(
            (
                d
                for d in self.named("proxypassreverse")
                if d.inside("location") is None and d.args and _path(d.args[0]) == "/"
            ),
            None,
        )

    # --- the manager --------------------------------------------------------------------

    def manager_sections(self) -> list[Section]:
        """Every <Location> meant for the manager, exact or nearly (slash, quotes, case)."""
        seen: dict[tuple[str, int], Section] = {}
        for d in self.directives:
            loc = d.inside("location")
            if loc is not None and _near_manager(loc.arg):
                seen.setdefault((loc.file, loc.line), loc)
        return list(seen.values())

    def manager_block(self) -> list[Directive]:
        """Directives inside <Location /balancer-manager> as Apache matches it (exactly)."""
        return [
            d
            for d in self.directives
            if (loc := d.inside("location")) is not None and loc.arg == MANAGER_PATH
        ]

    def manager_handler(self) -> Directive | None:
        return next(
            (
                d
                for d in self.manager_block()
                if d.name == "sethandler" and [a.lower() for a in d.args] == ["balancer-manager"]
            ),
            None,
        )

    def manager_auth(self, name: str) -> Directive | None:
        return next((d for d in self.manager_block() if d.name == name), None)

    def allows_all(self) -> Directive | None:
        return next(
            (
                d
                for d in self.manager_block()
                if (d.name == "allow" and [a.lower() for a in d.args] == ["from", "all"])
                or (d.name == "require" and [a.lower() for a in d.args] == ["all", "granted"])
            ),
            None,
        )


def _near_manager(arg: str) -> bool:
    bare = arg.strip(SMART_QUOTES + "\"' ").rstrip("/").lower()
    return bare == MANAGER_PATH


def _balancer(url: str) -> str:
    parts = urlsplit(url.strip().strip("\"'"))
    return f"balancer://{parts.netloc.lower()}"


def balancer_of(url: str) -> str | None:
    """balancer://NAME of a ProxyPass target, None when it is not a balancer."""
    return _balancer(url) if url.lower().startswith("balancer://") else None
