"""Reading the load balancer's files and logs over a real transport (labctl/hostreader.py)."""

from __future__ import annotations

import os
import shlex
import shutil
import tempfile
from pathlib import Path

import pytest

from labctl.hostreader import HostReader, Unread
from labctl.transports import CommandResult, LocalTransport


class AsNobody:
    """A transport whose commands run as `nobody`: a student without the rights to a file."""

    host = "loadbalancer"

    def run(self, command: str, **_: object) -> CommandResult:
        wrapped = (
            f"setpriv --reuid=nobody --regid=nogroup --clear-groups sh -c {shlex.quote(command)}"
        )
        return LocalTransport(elevate=False).run(wrapped)

    def close(self) -> None:
        return None


def test_conf_d_in_apaches_order_with_includes(tmp_path: Path) -> None:
    conf_d = tmp_path / "conf.d"
    (conf_d / "inc").mkdir(parents=True)
    # Apache sorts the matches byte-wise (strcmp): "B" < "a" < "ä", whatever the locale says.
    (conf_d / "a.conf").write_text("ProxyPass / balancer://c/\nInclude conf.d/inc/*.inc\n")
    (conf_d / "B.conf").write_text("ProxyPass /balancer-manager !\n")
    (conf_d / "\u00e4.conf").write_bytes(b"\xef\xbb\xbfProxyPassReverse / balancer://c/\r\n")
    (conf_d / "notes.txt").write_text("ProxyPass / nowhere\n")
    (conf_d / "inc" / "m.inc").write_text(
        "<Proxy balancer://c>\nBalancerMember http://x\n</Proxy>\n"
    )
    config, unread = HostReader(LocalTransport(elevate=False)).config(str(conf_d))
    assert unread == []
    assert [f.path for f in config.files] == [
        "conf.d/B.conf", "conf.d/a.conf", "conf.d/inc/m.inc", "conf.d/\u00e4.conf",
    ]  # fmt: skip
    assert [d.where for d in config.directives] == [
        "conf.d/B.conf:1", "conf.d/a.conf:1", "conf.d/a.conf:2", "conf.d/inc/m.inc:2",
        "conf.d/\u00e4.conf:1",
    ]  # fmt: skip
    assert config.files[-1].bom and config.files[-1].crlf
    assert [url for url, _ in config.members("balancer://c")] == ["http://x"]


@pytest.mark.skipif(os.geteuid() != 0, reason="switches to nobody")
def test_what_cannot_be_read_is_said_with_the_reason() -> None:
    # pytest's own temporary directories are root's (0700): nobody could not enter them at all.
    tmp_path = Path(tempfile.mkdtemp(prefix="labctl-reader-"))
    tmp_path.chmod(0o755)
    try:
        _unreadable(tmp_path)
    finally:
        shutil.rmtree(tmp_path)


def _unreadable(tmp_path: Path) -> None:
    conf_d = tmp_path / "conf.d"
    conf_d.mkdir()
    (conf_d / "open.conf").write_text("ProxyPass /balancer-manager !\n")
    secret = conf_d / "lbsisjarkom.conf"
    secret.write_text("ProxyPass / balancer://c/\n")
    secret.chmod(0o600)
    reader = HostReader(AsNobody())  # type: ignore[arg-type]
    config, unread = reader.config(str(conf_d))
    assert [f.path for f in config.files] == ["conf.d/open.conf"]
    assert unread == [Unread(str(secret), "Permission denied")]
    conf_d.chmod(0o700)
    config, unread = reader.config(str(conf_d))
    assert config.files == [] and unread == [Unread(str(conf_d), "Permission denied")]
    log = tmp_path / "error_log"
    log.write_text("old\n")
    log.chmod(0o600)
    assert reader.size(str(log)) == Unread(str(log), "Permission denied")
    missing = reader.users(str(tmp_path / "htpasswd"))
    # dash says "No such file", bash "No such file or directory": hints look for the former.
    assert isinstance(missing, Unread) and missing.reason.startswith("No such file")


def test_a_log_window_holds_only_what_was_written_after_the_mark(tmp_path: Path) -> None:
    log = tmp_path / "error_log"
    log.write_text("(111)Connection refused: AH00957: old line from an earlier run\n")
    reader = HostReader(LocalTransport(elevate=False))
    mark = reader.size(str(log))
    assert isinstance(mark, int)
    with log.open("a") as fh:
        fh.write("new line\n")
    assert reader.since(str(log), mark) == "new line\n"
    log.write_text("rotated\n")  # shorter than the mark: a new file, all of it is new
    assert reader.since(str(log), mark) == "rotated\n"


def test_following_a_log_gives_each_new_line_once(tmp_path: Path) -> None:
    log = tmp_path / "error_log"
    log.write_text("old\n")
    reader = HostReader(LocalTransport(elevate=False))
    start = reader.follow(str(log), 0)
    assert start == (4, "old\n")
    with log.open("a") as fh:
        fh.write("one\ntwo\n")
    mark, text = reader.follow(str(log), 4)  # type: ignore[misc]
    assert (mark, text) == (12, "one\ntwo\n")
    assert reader.follow(str(log), mark) == (12, "")
    log.write_text("rotated\n")  # shorter than the mark: a new file, all of it is new
    assert reader.follow(str(log), mark) == (8, "rotated\n")
    log.write_text("x" * 100 + "\nlast\n")
    assert reader.follow(str(log), 0, cap=5) == (106, "last\n")
    gone = reader.follow(str(tmp_path / "missing"), 0)
    assert isinstance(gone, Unread) and gone.reason.startswith("No such file")
