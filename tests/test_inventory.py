"""A class's inventory (labctl/inventory.py): class.toml read and checked whole before any lab
is graded, one line with file:line for each mistake."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from installed import lab_dir, students, this_tree  # noqa: F401 - fixtures

from labctl import control
from labctl.inventory import read
from labctl.verify import CHECK_IDS

from classlabs import server1_stops, student
from embedded import LabFactory, run_cli

DIR_LAB = '[[lab]]\nlabel = "a"\ndir = "a"\n'
URL_LAB = (
    '[[lab]]\nlabel = "u"\nurl = "http://127.0.0.1/"\n'
    'servers = { server1 = "127.0.0.2", server2 = "127.0.0.3:81" }\n'
    'ssh = { user = "vagrant", key = "k", port = 22 }\n'
)
BAD_ENTRIES = [
    ('[[lab]]\ndir = "a"\n', "class.toml:1: lab #1: needs a label"),
    (
        '[[lab]]\nlabel = "a"\ndir = "a"\n\n[[lab]]\nlabel = "b"\ndir = "b"\nurl = "http://127.0.0.1/"\n',
        "class.toml:5: lab #2 'b': give either dir",
    ),
    ('[[lab]]\nlabel = "a"\nurl = "ftp://x"\n', "class.toml:1: lab #1 'a': url 'ftp://x' must"),
    ('[[lab]]\nlabel = "a"\ndir = "a"\ncolour = 1\n', "lab #1 'a': unknown field 'colour'"),
    (
        '[[lab]]\nlabel = "a"\ndir = "a"\n[[lab]]\nlabel = "a"\ndir = "b"\n',
        "class.toml:4: lab 'a': the label is used twice",
    ),
    (
        '[[lab]]\nlabel = "a"\nurl = "http://127.0.0.1/"\n',
        "lab #1 'a': servers = { server1 = ",
    ),
    ('[[lab]\nlabel = "a"\n', "class.toml: "),
    ("", "no [[lab]] entries"),
    # Wrong types and port typos (issue 10 item 7): one line, before any lab is graded.
    ('[[lab]]\nlabel = 5\ndir = "a"\n', "lab #1: needs a label"),
    ('[[lab]]\nlabel = "a"\ndir = ["a"]\n', "lab #1 'a': dir must be a string"),
    ('[[lab]]\nlabel = "a"\ndir = "a"\npassword = 1234\n', "password must be a string"),
    (URL_LAB.replace("127.0.0.1/", "127.0.0.1:8O/"), "url 'http://127.0.0.1:8O/': the port is not"),
    (URL_LAB.replace('"127.0.0.2"', '"127.0.0.2:8O"'), "servers.server1 '127.0.0.2:8O': the port"),
    (URL_LAB.replace('"127.0.0.3:81"', "81"), "servers.server2 must be a string"),
    (URL_LAB.replace("port = 22", 'port = "22"'), "ssh.port must be a number from 1 to 65535"),
    (URL_LAB.replace("port = 22", "port = 70000"), "ssh.port must be a number from 1 to 65535"),
    (URL_LAB.replace("port = 22", 'hosts = { server1 = "h:2x" }'), "ssh.hosts.server1 'h:2x'"),
    (URL_LAB.replace("port = 22", "connect_timeout = true"), "ssh.connect_timeout must be"),
    (URL_LAB + 'service = "systemctl {verb} httpd"\n', "only {action} and {host}"),
    ('[[lab]]\nlabel = "a"\ndir = "a"\nservers = {}\n', "servers is for a url entry"),
    ('[defaults]\nuser = 1\n[[lab]]\nlabel = "a"\ndir = "a"\n', "[defaults] user must be a"),
    ('[points]\nalternation = "3"\n' + DIR_LAB, "[points] alternation must be a number"),
    ("[points]\nalternashun = 3\n" + DIR_LAB, "[points] alternashun: unknown"),
    ("[points]\n" + "".join(f"{i} = 0\n" for i in CHECK_IDS) + DIR_LAB, "every check is worth 0"),
    ("[grading]\nlab_timeout = 0\n" + DIR_LAB, "lab_timeout must be more than 0"),
    ('[grading]\nlang = "fr"\n' + DIR_LAB, "lang must be id or en"),
    ('[moodle]\nidentifier = "nim"\n' + DIR_LAB, "identifier must be username, email, idnumber"),
]


@pytest.mark.parametrize(("text", "message"), BAD_ENTRIES)
def test_bad_inventory_entries(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "class.toml").write_text(text)
    proc = run_cli("verify", "--inventory", "class.toml", cwd=tmp_path)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    assert message in " ".join(proc.stderr.split()), proc.stderr
    assert not (tmp_path / "class-results.csv").exists()


def test_missing_inventory(tmp_path: Path) -> None:
    proc = run_cli("verify", "--inventory", "nope.toml", cwd=tmp_path)
    assert proc.returncode == 2 and "cannot read the inventory" in proc.stderr


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.write_bytes(b'[[lab]]\nlabel = "d\xe9wi"\ndir = "a"\n'), ":2: not UTF-8 text"),
        (lambda p: p.mkdir(), "not a regular file"),
        (lambda p: p.symlink_to("/dev/zero"), "not a regular file"),
        (lambda p: p.symlink_to("gone.toml"), "cannot read the inventory"),
    ],
    ids=["latin-1", "directory", "device", "dangling-symlink"],
)
def test_an_inventory_that_is_not_a_text_file(
    tmp_path: Path, make: Callable[[Path], object], message: str
) -> None:
    make(tmp_path / "class.toml")
    proc = run_cli("verify", "--inventory", "class.toml", cwd=tmp_path)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr and message in proc.stderr, proc.stderr


@pytest.fixture
def graded_once(lab_factory: LabFactory, tmp_path: Path) -> control.OpenLab:
    """A real lab as the first entry: proof that a later mistake stops the run before it."""
    return student(lab_factory, tmp_path / "andi")


def test_a_mistake_in_the_last_entry_grades_nobody(
    graded_once: control.OpenLab, tmp_path: Path
) -> None:
    (tmp_path / "class.toml").write_text(
        '[[lab]]\nlabel = "andi"\ndir = "andi"\n\n' + URL_LAB.replace("127.0.0.1/", "127.0.0.1:8O/")
    )
    proc = run_cli("verify", "--inventory", "class.toml", cwd=tmp_path)
    assert proc.returncode == 2 and "class.toml:5: lab #2 'u'" in proc.stderr, proc.stderr
    assert server1_stops(graded_once) == 0
    assert not (tmp_path / "class-results.csv").exists()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--out", "results"], "results.csv: is a directory"),
        (["--junit", "notes.txt/class.xml"], "notes.txt is not a directory"),
        (["--junit", "/proc/labctl-nowhere/class.xml"], "cannot write in /proc"),
        (["--format", "gradescope", "--out", "notes.txt/x"], "notes.txt is not a directory"),
        (["--format", "gradescope", "--out", "gs"], "gs-gradescope: is a file"),
        (["--format", "moodle"], 'email = "..." is needed for --format moodle'),
        (["--format", "pdf"], "--format pdf: unknown"),
        (["--delimiter", "|"], "--delimiter must be"),
    ],
)
def test_outputs_are_checked_before_grading(
    graded_once: control.OpenLab, tmp_path: Path, options: list[str], message: str
) -> None:
    """A bad destination is one line before any lab is touched: no result is ever lost."""
    (tmp_path / "results.csv").mkdir()
    (tmp_path / "notes.txt").write_text("not a directory\n")
    (tmp_path / "gs-gradescope").write_text("a file\n")
    (tmp_path / "class.toml").write_text(
        '[moodle]\nidentifier = "email"\n\n[[lab]]\nlabel = "andi"\ndir = "andi"\n'
    )
    proc = run_cli("verify", "--inventory", "class.toml", *options, cwd=tmp_path)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr and message in proc.stderr, proc.stderr
    assert server1_stops(graded_once) == 0
    assert not (tmp_path / "class-results.json").exists()


def test_load_reads_defaults_and_relative_dirs(tmp_path: Path) -> None:
    (tmp_path / "class.toml").write_text(
        '[defaults]\nuser = "guru"\npassword = "rahasia"\n'
        'ssh = { user = "vagrant", key = "~/.ssh/id_ed25519" }\n\n'
        '[[lab]]\nlabel = "a"\ndir = "labs/a"\n\n'
        '[[lab]]\nlabel = "b"\nurl = "http://127.0.0.1:8080/"\n'
        'servers = { server1 = "127.0.0.2", server2 = "127.0.0.3:81" }\n'
    )
    a, b = read(tmp_path / "class.toml").entries
    assert a.directory == tmp_path / "labs" / "a" and a.user == "guru" and a.where.endswith(":6")
    assert b.password == "rahasia" and b.ssh["user"] == "vagrant"
    assert b.servers == {"server1": "127.0.0.2", "server2": "127.0.0.3:81"}
