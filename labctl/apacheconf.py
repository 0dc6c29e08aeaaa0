"""Reads a student's conf.d/*.conf the way Apache does, enough to name a mistake.

Not a full Apache parser: directives, <sections>, quotes, comments and backslash continuations,
case-insensitive as Apache is (the tutorial writes `<proxy>` and `<location>` in lowercase).
`labctl verify` uses it for hints only; pass or fail always comes from what Apache does.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from labctl.errors import LabctlError
from labctl.transports import Transport

MANAGER_PATH = "/balancer-manager"
_FILE_MARK = "==> labctl-conf-file "


def read_conf_d(transport: Transport, conf_d: str) -> dict[str, str]:
    """Every conf.d/*.conf on the host, by file name; {} when the host cannot be read."""
    script = (
        f'cd {shlex.quote(conf_d)} 2>/dev/null || exit 0; for f in *.conf; do [ -f "$f" ] || '
        f"continue; printf '\\n{_FILE_MARK}%s\\n' \"$f\"; cat \"$f\"; done; printf '\\n'"
    )
    try:
        result = transport.run(script, sudo=True, timeout=20)
    except LabctlError:
        return {}
    files: dict[str, str] = {}
    name = None
    # Each file is followed by one "\n" of the script's own (before the next mark, at the end):
    # taking it off again gives the file byte for byte, with or without its final newline.
    for line in result.stdout.splitlines(keepends=True):
        if line.startswith(_FILE_MARK):
            if name is not None:
                files[name] = files[name][:-1]
            name = line[len(_FILE_MARK) :].rstrip("\n")
            files[name] = ""
        elif name is not None:
            files[name] += line
    if name is not None:
        files[name] = files[name][:-1]
    return files


@dataclass(frozen=True)
class Directive:
    name: str  # lowercased
    args: tuple[str, ...]
    file: str
    line: int
    sections: tuple[tuple[str, str], ...]  # enclosing (section lowercased, its argument)

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"

    def inside(self, section: str) -> tuple[str, str] | None:
        return next((s for s in self.sections if s[0] == section), None)


def parse(text: str, file: str) -> list[Directive]:
    out: list[Directive] = []
    stack: list[tuple[str, str]] = []
    for number, line in _logical_lines(text):
        if line.startswith("</"):
            name = line[2:].rstrip(">").strip().lower()
            if stack and stack[-1][0] == name:
                stack.pop()
            continue
        if line.startswith("<"):
            head = line[1:].rstrip().removesuffix(">").strip()
            name, _, arg = head.partition(" ")
            stack.append((name.lower(), _unquote(arg.strip())))
            continue
        words = _split(line)
        if words:
            out.append(Directive(words[0].lower(), tuple(words[1:]), file, number, tuple(stack)))
    return out


def _logical_lines(text: str) -> list[tuple[int, str]]:
    lines: list[tuple[int, str]] = []
    pending, start = "", 0
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
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
    return value.strip().strip("\"'")


def _path(value: str) -> str:
    return value.rstrip("/") or "/"


@dataclass
class StudentConfig:
    """What the load balancer's conf.d says about the tutorial's pieces."""

    files: list[str] = field(default_factory=list)
    directives: list[Directive] = field(default_factory=list)

    @classmethod
    def from_files(cls, files: dict[str, str]) -> StudentConfig:
        config = cls(files=sorted(files))
        for name in config.files:  # Apache includes conf.d/*.conf in this order
            config.directives += parse(files[name], name)
        return config

    def named(self, name: str) -> list[Directive]:
        return [d for d in self.directives if d.name == name]

    # --- the proxy ----------------------------------------------------------------------

    def proxypass(self) -> list[Directive]:
        """Server-wide ProxyPass lines (inside <Location> they take one argument less)."""
        return [d for d in self.named("proxypass") if d.inside("location") is None and d.args]

    def root_pass(self) -> Directive | None:
        return next((d for d in self.proxypass() if _path(d.args[0]) == "/"), None)

    def manager_exclusion(self) -> Directive | None:
        return next(
            (
                d
                for d in self.proxypass()
                if _path(d.args[0]) == MANAGER_PATH and d.args[1:2] == ("!",)
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
            if section and section[1].lower().startswith("balancer://"):
                out.setdefault(_balancer(section[1]), [])
                if d.name == "balancermember" and d.args:
                    out[_balancer(section[1])].append(d)
            elif d.name == "balancermember" and len(d.args) > 1:
                out.setdefault(_balancer(d.args[0]), []).append(d)
        return out

    def member_urls(self, balancer: str) -> list[str]:
        members = self.balancers().get(_balancer(balancer), [])
        return [d.args[-1] if d.inside("proxy") is None else d.args[0] for d in members]

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

    def manager_block(self) -> list[Directive]:
        """Directives inside <Location /balancer-manager>, however it is quoted or cased."""
        return [
            d
            for d in self.directives
            if (loc := d.inside("location")) is not None and _path(loc[1]) == MANAGER_PATH
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


def _balancer(url: str) -> str:
    parts = urlsplit(url.strip().strip("\"'"))
    return f"balancer://{parts.netloc.lower()}"


def balancer_of(url: str) -> str | None:
    """balancer://NAME of a ProxyPass target, None when it is not a balancer."""
    return _balancer(url) if url.lower().startswith("balancer://") else None


def member_matches(url: str, address: str, port: int) -> bool:
    parts = urlsplit(url if "://" in url else f"http://{url}")
    return parts.hostname == address and (parts.port or 80) == port
