"""Part of the verify corpus graded as a normal user without sudo, on real Apache.

labctl runs as `nobody` (see tests/test_nonroot.py for why and how); the student's files are
written as that user. Each case must score exactly as it does for root (tests/verify_corpus.py).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from test_nonroot import _python_for_nobody, nobody_site  # noqa: F401 - the fixture
from verify_corpus import CASES

from embedded import free_subnet, httpd_pids

NAMES = (
    "tutorial", "unsecured-first-version", "no-trailing-slash", "vm-htpasswd-path-on-embedded",
    "htpasswd-user-capitalised", "location-trailing-slash", "exclusion-in-a-later-file",
    "typo-balancermember", "utf8-bom", "smart-quotes-realm",
)  # fmt: skip


def test_corpus_as_a_normal_user(nobody_site: Path) -> None:  # noqa: F811
    if os.geteuid() != 0:
        pytest.fail("the test switches to `nobody` and needs root for that (CI runs as root)")
    workdir = Path("/tmp") / f"labctl-verify-nobody-{os.getpid()}"
    workdir.mkdir()
    shutil.chown(workdir, "nobody")
    (workdir / "lab.toml").write_text(
        f'[lab]\nprovider = "local"\n[local]\nsubnet = "{free_subnet()}"\nfallback_port = 8080\n'
    )
    env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "PYTHONPATH": str(nobody_site),
           "HOME": str(workdir), "LABCTL_NETWORK_ALLOW": "127.0.0.0/8"}  # fmt: skip
    python = _python_for_nobody()

    def as_nobody(*argv: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", *argv],
            cwd=workdir, env=env, input=stdin, capture_output=True, text=True, timeout=120,
            check=False,
        )  # fmt: skip

    def labctl(*args: str) -> subprocess.CompletedProcess[str]:
        return as_nobody(python, "-m", "labctl", *args)

    try:
        up = labctl("up", "--stage", "base")
        assert up.returncode == 0, up.stderr
        where = dict(line.split(": ", 1) for line in labctl("path").stdout.splitlines())
        conf_d = Path(labctl("path", "loadbalancer", "conf.d").stdout.strip())
        htpasswd = labctl("path", "loadbalancer", "htpasswd").stdout.strip()
        password = labctl("credentials").stdout
        fields = {"s1": where["server1"], "s2": where["server2"], "htpasswd": htpasswd,
                  "conf_d": str(conf_d)}  # fmt: skip
        for case in [c for c in CASES if c.name in NAMES]:
            for old in conf_d.iterdir():
                old.unlink()
            for name, content in case.files.items():
                text = content if isinstance(content, str) else content.decode("utf-8")
                for key, value in fields.items():
                    text = text.replace("{" + key + "}", value)
                made = as_nobody("sh", "-c", f"cat > {conf_d / name}", stdin=text)
                assert made.returncode == 0, made.stderr
            user = "admin" if case.htpasswd == "lab" else case.htpasswd[0]  # type: ignore[index]
            lab_password = _password(password)
            as_nobody("htpasswd", "-c", "-i", htpasswd, user, stdin=lab_password)
            labctl("restart", "loadbalancer")
            proc = labctl("verify", "--json", "--lang", "en")
            assert proc.returncode in (0, 1), proc.stderr
            checks = json.loads(proc.stdout)["scenarios"][0]["checks"]
            got = {c["id"]: c["cause"] for c in checks if not c["passed"]}
            assert got == case.causes, (case.name, [(c["id"], c["hint"]) for c in checks])
            owners = {p.stat().st_uid for p in conf_d.parent.rglob("*")}
            assert owners == {_uid("nobody")}, case.name  # verify made nothing of root's
    finally:
        labctl("destroy")
        leftovers = httpd_pids(str(workdir))
        shutil.rmtree(workdir, ignore_errors=True)
    assert leftovers == []


def _password(credentials: str) -> str:
    """The password from `labctl credentials` ("USER PASSWORD")."""
    return credentials.split()[-1]


def _uid(user: str) -> int:
    import pwd

    return pwd.getpwnam(user).pw_uid
