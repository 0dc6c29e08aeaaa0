"""Part of the verify corpus graded as an ordinary user without sudo, on real Apache.

The installed wheel is run by a student account (tests/installed.py); the student's files are
that user's. Each case must name exactly the causes it names for root (tests/verify_corpus.py).
"""

from __future__ import annotations

import json
import os
import pwd
from pathlib import Path

from installed import Installed, installed, lab_dir, students  # noqa: F401 - fixtures
from verify_corpus import CASES

NAMES = (
    "tutorial", "unsecured-first-version", "no-trailing-slash", "vm-htpasswd-path-on-embedded",
    "htpasswd-user-capitalised", "location-trailing-slash", "exclusion-in-a-later-file",
    "typo-balancermember", "utf8-bom", "smart-quotes-realm",
)  # fmt: skip


def test_corpus_as_a_normal_user(
    installed: Installed,  # noqa: F811
    students: list[pwd.struct_passwd],  # noqa: F811
) -> None:
    account = students[0]
    user, work = account.pw_name, lab_dir(account)

    def labctl(*args: str) -> str:
        done = installed.run(*args, cwd=work, user=user)
        refused = args[0] == "restart" and "configuration broken" in done.stderr  # exit 2
        assert done.returncode in (0, 1) or refused, done.stderr
        return done.stdout

    labctl("up", "--provider", "local", "--stage", "base")
    try:
        where = dict(line.split(": ", 1) for line in labctl("path").splitlines())
        conf_d = Path(labctl("path", "loadbalancer", "conf.d").strip())
        htpasswd = labctl("path", "loadbalancer", "htpasswd").strip()
        password = labctl("credentials").split()[-1]  # "USER PASSWORD"
        fields = {"s1": where["server1"], "s2": where["server2"], "htpasswd": htpasswd,
                  "conf_d": str(conf_d)}  # fmt: skip
        for case in [c for c in CASES if c.name in NAMES]:
            for old in conf_d.iterdir():
                old.unlink()
            for name, content in case.files.items():
                data = content if isinstance(content, bytes) else content.encode()
                for key, value in fields.items():
                    data = data.replace(b"{" + key.encode() + b"}", value.encode())
                (conf_d / name).write_bytes(data)
                os.chown(conf_d / name, account.pw_uid, account.pw_gid)  # the student's file
            login = case.htpasswd[0] if isinstance(case.htpasswd, tuple) else "admin"
            made = installed.shell(
                f"printf %s '{password}' | htpasswd -c -i {htpasswd} {login}", cwd=work, user=user
            )
            assert made.returncode == 0, made.stderr
            labctl("restart", "loadbalancer")
            checks = json.loads(labctl("verify", "--json", "--lang", "en"))["scenarios"][0][
                "checks"
            ]
            got = {c["id"]: c["cause"] for c in checks if not c["passed"]}
            assert got == case.causes, (case.name, [(c["id"], c["hint"]) for c in checks])
            owners = {p.stat().st_uid for p in conf_d.parent.rglob("*")}
            assert owners == {account.pw_uid}, case.name  # verify made nothing of root's
    finally:
        installed.run("destroy", cwd=work, user=user)
