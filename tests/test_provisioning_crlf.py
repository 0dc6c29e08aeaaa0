"""A Windows checkout: provision/ with CRLF line ends still provisions, over real SSH.

git on Windows with core.autocrlf=true (the Git for Windows installer's default) checks text
files out with CRLF unless .gitattributes says otherwise; a zip download or an editor can do
the same. bash then fails on the first line (`$'\\r': command not found`, vagrant issue 5543:
Vagrant's own shell provisioner strips CR, labctl's runner bypasses it) and Apache reads
"Require valid-user\\r". Here every script and template is converted to CRLF and the whole lab
is provisioned through the real sshd with the real Debian-family scripts and Apache (the
namespaced hosts of test_provisioning.py): it must come up as from LF files.
"""

from __future__ import annotations

import base64
import io
import shutil
import subprocess
import tarfile
from dataclasses import replace
from pathlib import Path

import pytest
import test_provisioning as tp
from test_provisioning import PASSWORD, NamespacedTransport, Network

from labctl import provisioning, templates
from labctl.lab import Lab

# the namespaced hosts over real SSH, as in test_provisioning.py
lab, network, transports = tp.lab, tp.network, tp.transports

REPO = Path(__file__).resolve().parent.parent


def _crlf_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "provision"
    shutil.copytree(templates.PROVISION_DIR, copy)
    converted = 0
    for path in [*copy.glob("*.sh"), *copy.glob("templates/*"), copy / "Vagrantfile"]:
        path.write_bytes(path.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
        converted += 1
    assert converted >= 8
    # as bash sees such a file: it fails
    bad = subprocess.run(
        ["bash", "-n", str(copy / "server.sh")], capture_output=True, text=True, check=False
    )
    assert bad.returncode != 0 and "syntax error" in bad.stderr
    return copy


def test_crlf_checkout_provisions_like_lf(
    lab: Lab,
    network: Network,
    transports: dict[str, NamespacedTransport],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    copy = _crlf_copy(tmp_path)
    monkeypatch.setattr(templates, "PROVISION_DIR", copy)
    monkeypatch.setattr(templates, "TEMPLATE_DIR", copy / "templates")
    lines: list[str] = []
    # a classroom mirror in lab.toml reaches the scripts (CentOS 7 only uses it)
    mirror = "http://10.43.0.5:3142/centos-vault"
    lab = replace(lab, vagrant=replace(lab.vagrant, vault_url=mirror))
    run = provisioning.provision(lab, transports, stage="full", password=PASSWORD, say=lines.append)
    commands = "".join(log.read_text() for log in (tmp_path / "ssh").iterdir())
    assert f"LABCTL_VAULT_URL={mirror} bash /tmp/labctl-provision/server.sh" in commands
    assert [r.host for r in run] == ["loadbalancer", "server1", "server2"], lines
    conf = network.hosts["loadbalancer"].exec("cat /etc/apache2/conf-available/lbsisjarkom.conf")
    assert "\r" not in conf.stdout and "balancer://mycluster" in conf.stdout
    page = network.hosts["server1"].exec("cat /var/www/html/index.html").stdout
    assert "\r" not in page and "Server 1" in page
    status, body = network.http("http://127.0.43.71/balancer-manager", auth=("admin", PASSWORD))
    assert status == 200 and "balancer://mycluster" in body


def test_anything_staged_loses_its_cr() -> None:
    # not only what templates.read returns: whatever reaches the staging archive
    archive = provisioning._archive({"extra.sh": b"echo one\r\necho two\r\n", "a.conf": b"x\n"})
    with tarfile.open(fileobj=io.BytesIO(base64.b64decode(archive)), mode="r:gz") as tar:
        staged = {m.name: tar.extractfile(m).read() for m in tar}  # type: ignore[union-attr]
    assert staged == {"extra.sh": b"echo one\necho two\n", "a.conf": b"x\n"}


def test_gitattributes_keep_lf_for_what_runs_on_linux() -> None:
    files = ["provision/common.sh", "provision/templates/lbsisjarkom.conf", "Vagrantfile"]
    files.append("provision/Vagrantfile")
    proc = subprocess.run(
        ["git", "check-attr", "eol", "--", *files],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    assert proc.stdout.splitlines() == [f"{f}: eol: lf" for f in files]
