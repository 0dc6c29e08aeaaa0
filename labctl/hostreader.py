"""Reading the load balancer over its transport: the files Apache reads, its logs, its resolver.

Every read goes through ``provider.transport(lb).run(..., sudo=True)``: on a VM the files are
root's; the embedded lab's transport runs as the invoking user, who owns every file there. A
read that fails is evidence of its own (``Unread``: the path and the system's reason), never
"there is no ...".
"""

from __future__ import annotations

import base64
import binascii
import posixpath
import shlex
from dataclasses import dataclass, replace

from labctl.apacheconf import SourceFile, StudentConfig, includes, parse
from labctl.errors import LabctlError
from labctl.transports import Transport

_MAX_INCLUDE_ROUNDS = 4


@dataclass(frozen=True)
class Unread:
    """A file labctl could not read, and why (the system's words)."""

    path: str
    reason: str


class HostReader:
    """Reads on one host through its transport; every method says what it could not read."""

    def __init__(self, transport: Transport) -> None:
        self.transport = transport

    def _run(self, script: str) -> tuple[int, str, str]:
        try:
            result = self.transport.run(script, sudo=True, timeout=20)
        except LabctlError as exc:
            return 255, "", str(exc)
        return result.exit_status, result.stdout, result.stderr

    # --- configuration files ------------------------------------------------------------

    def config(self, conf_d: str) -> tuple[StudentConfig, list[Unread]]:
        """conf.d/*.conf in Apache's order, with the files their Include lines name."""
        server_root = posixpath.dirname(conf_d.rstrip("/"))
        top, unread = self.files(posixpath.join(conf_d, "*.conf"), listing=conf_d)
        included: dict[str, list[SourceFile]] = {}
        pending = _include_patterns(top, server_root)
        for _ in range(_MAX_INCLUDE_ROUNDS):
            pending = [p for p in pending if p not in included]
            if not pending:
                break
            found: list[SourceFile] = []
            for pattern in pending:
                included[pattern], missed = self.files(pattern)
                found += included[pattern]
                unread += missed
            pending = _include_patterns(found, server_root)
        names = {s.path: _display(s.path, server_root) for s in top}
        for sources in included.values():
            names.update({s.path: _display(s.path, server_root) for s in sources})
        config = StudentConfig.from_sources(
            [_renamed(s, names) for s in top],
            {p: [_renamed(s, names) for s in v] for p, v in included.items()},
            server_root,
        )
        return config, unread  # full paths: the student runs `ls -l` on them

    def files(
        self, pattern: str, *, listing: str | None = None
    ) -> tuple[list[SourceFile], list[Unread]]:
        """The regular files ``pattern`` matches, byte-wise sorted as Apache sorts them."""
        found, unread = self.raw(pattern, listing=listing)
        return [SourceFile.from_bytes(path, data) for path, data in found], unread

    def raw(
        self, pattern: str, *, listing: str | None = None
    ) -> tuple[list[tuple[str, bytes]], list[Unread]]:
        """(path, bytes) of the regular files ``pattern`` matches, byte-wise sorted; bytes as
        they are on disk (base64 over the transport), whatever their encoding."""
        check = ""
        if listing is not None:
            q = shlex.quote(listing)
            check = (
                f"if ! msg=$(ls -- {q} 2>&1 >/dev/null); then printf 'X %s\\n%s\\n.\\n' {q} "
                '"$msg"; exit 0; fi; '
            )
        directory, glob = posixpath.split(pattern)
        script = (
            f"{check}cd {shlex.quote(directory)} 2>/dev/null || exit 0; "
            f'for f in {_glob(glob)}; do [ -f "$f" ] || continue; '
            f'if out=$(base64 "$f" 2>&1); then printf \'F %s\\n%s\\n.\\n\' "$f" "$out"; '
            f'else printf \'X %s\\n%s\\n.\\n\' "$f" "$out"; fi; done'
        )
        status, stdout, stderr = self._run(script)
        if status != 0:
            return [], [Unread(pattern, _reason(stderr or stdout))]
        found: list[tuple[str, bytes]] = []
        unread: list[Unread] = []
        for kind, name, body in _records(stdout):
            path = name if posixpath.isabs(name) else posixpath.join(directory, name)
            if kind == "X":
                unread.append(Unread(path, _reason(body)))
                continue
            try:
                data = base64.b64decode(body)
            except (binascii.Error, ValueError):
                unread.append(Unread(path, "unreadable output"))
                continue
            found.append((path, data))
        found.sort(key=lambda f: f[0].encode())
        return found, unread

    # --- logs ---------------------------------------------------------------------------

    def size(self, path: str) -> int | Unread:
        status, stdout, stderr = self._run(f"wc -c < {shlex.quote(path)}")
        if status != 0 or not stdout.strip().isdigit():
            return Unread(path, _reason(stderr or stdout))
        return int(stdout.strip())

    def since(self, path: str, offset: int) -> str | Unread:
        """What was written to ``path`` after byte ``offset`` (all of it if it was rotated)."""
        q = shlex.quote(path)
        status, stdout, stderr = self._run(
            f'n=$(wc -c < {q}) || exit 1; if [ "$n" -lt {offset} ]; then cat {q}; '
            f"else tail -c +{offset + 1} {q}; fi | tail -n 500"
        )
        if status != 0:
            return Unread(path, _reason(stderr or stdout))
        return stdout

    def follow(self, path: str, mark: int, *, cap: int = 65536) -> tuple[int, str] | Unread:
        """What was written to ``path`` since byte ``mark`` (all of it after a rotation, at most
        the last ``cap`` bytes), and the mark to pass next time: `tail -f` in steps, one
        command a step, for a log that grows while it is watched."""
        q = shlex.quote(path)
        status, stdout, stderr = self._run(
            f'n=$(wc -c < {q}) || exit 1; o={mark}; [ "$n" -lt "$o" ] && o=0; '
            f'[ $((n - o)) -gt {cap} ] && o=$((n - {cap})); echo "$n"; '
            f"tail -c +$((o + 1)) {q} | head -c $((n - o))"
        )
        head, _, text = stdout.partition("\n")
        if status != 0 or not head.strip().isdigit():
            return Unread(path, _reason(stderr or stdout))
        return int(head), text

    # --- the rest -----------------------------------------------------------------------

    def resolve(self, names: list[str]) -> dict[str, tuple[str, ...]]:
        """The addresses each host name resolves to on this host (its /etc/hosts, its DNS)."""
        if not names:
            return {}
        script = "; ".join(
            f"printf 'N %s\\n' {shlex.quote(n)}; getent ahosts {shlex.quote(n)} || true"
            for n in names
        )
        _, stdout, _ = self._run(script)
        out: dict[str, list[str]] = {n: [] for n in names}
        current = None
        for line in stdout.splitlines():
            if line.startswith("N "):
                current = line[2:]
            elif current in out and line.split():
                address = line.split()[0]
                if address not in out[current]:
                    out[current].append(address)
        return {n: tuple(v) for n, v in out.items()}

    def users(self, path: str) -> tuple[str, ...] | Unread:
        """The user names of an htpasswd file (never the hashes)."""
        status, stdout, stderr = self._run(f"cut -d: -f1 < {shlex.quote(path)}")
        if status != 0:
            return Unread(path, _reason(stderr or stdout))
        return tuple(line.strip() for line in stdout.splitlines() if line.strip())

    def is_dir(self, path: str) -> bool:
        status, _, _ = self._run(f"test -d {shlex.quote(path)}")
        return status == 0


def _glob(pattern: str) -> str:
    """A shell glob with every character but * ? [ ] quoted."""
    out = ""
    for ch in pattern:
        out += ch if ch in "*?[]" else shlex.quote(ch)
    return out


def _records(stdout: str) -> list[tuple[str, str, str]]:
    out: list[tuple[str, str, str]] = []
    head: tuple[str, str] | None = None
    body: list[str] = []
    for line in stdout.splitlines():
        if head is None:
            if line[:2] in ("F ", "X "):
                head, body = (line[0], line[2:]), []
        elif line == ".":
            out.append((head[0], head[1], "\n".join(body)))
            head = None
        else:
            body.append(line)
    return out


def _reason(text: str) -> str:
    """'sh: 1: cannot open x: Permission denied' -> 'Permission denied'."""
    lines = [line for line in text.strip().splitlines() if line.strip()]
    if not lines:
        return "no output"
    return lines[-1].rsplit(": ", 1)[-1].strip()


def _display(path: str, server_root: str) -> str:
    """conf.d/lbsisjarkom.conf for files under the server root, the full path otherwise."""
    prefix = server_root.rstrip("/") + "/"
    return path[len(prefix) :] if path.startswith(prefix) else path


def _renamed(source: SourceFile, names: dict[str, str]) -> SourceFile:
    return replace(source, path=names.get(source.path, source.path))


def _include_patterns(sources: list[SourceFile], server_root: str) -> list[str]:
    patterns: list[str] = []
    for source in sources:
        for d in parse(source.text, source.path):
            pattern = includes(d, server_root)
            if pattern is not None and pattern not in patterns:
                patterns.append(pattern)
    return patterns
