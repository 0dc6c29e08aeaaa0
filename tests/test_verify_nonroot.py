"""Part of the verify corpus graded as a normal user without sudo, on real Apache.

labctl runs as `nobody` (see tests/test_nonroot.py for why and how); the student's files are
written as that user. Each case must score exactly as it does for root (tests/verify_corpus.py).
"""

from __future__ import annotations

import json
from pathlib import Path

from test_nonroot import nobody_lab, nobody_site, uid  # noqa: F401 - the fixture
from verify_corpus import CASES

NAMES = (
    "tutorial", "unsecured-first-version", "no-trailing-slash", "vm-htpasswd-path-on-embedded",
    "htpasswd-user-capitalised", "location-trailing-slash", "exclusion-in-a-later-file",
    "typo-balancermember", "utf8-bom", "smart-quotes-realm",
)  # fmt: skip


def test_corpus_as_a_normal_user(nobody_site: Path) -> None:  # noqa: F811
    with nobody_lab(nobody_site, "verify-nobody") as (_, labctl):
        up = labctl("up", "--stage", "base")
        assert up.returncode == 0, up.stderr
        where = dict(line.split(": ", 1) for line in labctl("path").stdout.splitlines())
        conf_d = Path(labctl("path", "loadbalancer", "conf.d").stdout.strip())
        htpasswd = labctl("path", "loadbalancer", "htpasswd").stdout.strip()
        lab_password = labctl("credentials").stdout.split()[-1]  # "USER PASSWORD"
        fields = {"s1": where["server1"], "s2": where["server2"], "htpasswd": htpasswd,
                  "conf_d": str(conf_d)}  # fmt: skip
        for case in [c for c in CASES if c.name in NAMES]:
            for old in conf_d.iterdir():
                old.unlink()
            for name, content in case.files.items():
                text = content if isinstance(content, str) else content.decode("utf-8")
                for key, value in fields.items():
                    text = text.replace("{" + key + "}", value)
                made = labctl("sh", "-c", f"cat > {conf_d / name}", stdin=text, raw=True)
                assert made.returncode == 0, made.stderr
            user = case.htpasswd[0] if isinstance(case.htpasswd, tuple) else "admin"
            labctl("htpasswd", "-c", "-i", htpasswd, user, stdin=lab_password, raw=True)
            labctl("restart", "loadbalancer")
            proc = labctl("verify", "--json", "--lang", "en")
            assert proc.returncode in (0, 1), proc.stderr
            checks = json.loads(proc.stdout)["scenarios"][0]["checks"]
            got = {c["id"]: c["cause"] for c in checks if not c["passed"]}
            assert got == case.causes, (case.name, [(c["id"], c["hint"]) for c in checks])
            owners = {p.stat().st_uid for p in conf_d.parent.rglob("*")}
            assert owners == {uid("nobody")}, case.name  # verify made nothing of root's
