"""provision/*.sh: shellcheck, and the CentOS 7 path against stand-in commands.

CentOS 7 (yum, firewalld, SELinux, httpd) cannot run on this Debian machine, so the CentOS 7
path runs here against stub commands on PATH that stand in for a CentOS 7 VM. Each stub records
how it was called (``calls``) and behaves like the real command on the paths these scripts use:

- ``rpm -q PKG`` exits 1 ("package PKG is not installed") until the stub ``yum install``
  has recorded PKG as installed;
- ``yum install`` fails with CentOS 7's post-2024 "Cannot find a valid baseurl" error while a
  CentOS-*.repo file still has an active ``mirrorlist=`` line, and with EPEL's dead-metalink
  error when an enabled epel.repo is present and the command line does not disable it (boxes
  such as generic/centos7 ship EPEL); ``yum clean all`` is accepted;
- ``systemctl`` keeps enabled/active state per unit and refuses units whose package is missing;
- ``firewall-cmd`` keeps a permanent and a runtime set of services; ``--reload`` copies the
  permanent set into the runtime one; it fails while firewalld is not running;
- ``getenforce``/``getsebool``/``setsebool`` keep SELinux's mode and boolean;
- ``httpd -M``/``apachectl -M`` print CentOS 7's module list (the proxy modules can be
  removed), ``apachectl configtest`` answers "Syntax OK" (or a syntax error on demand);
- ``htpasswd`` records its arguments and runs the real htpasswd.

Every path the scripts read or write is redirected into a temp dir with ``LABCTL_ROOT`` (a
test-only prefix documented in provision/common.sh). The scripts ``chgrp`` the htpasswd file to
the ``apache`` group, which this machine lacks: each run therefore happens in a private mount
namespace (``unshare --mount``) where an overlay on /etc has a group file with that group -
nothing outside the namespace sees it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from labctl.provisioning import family_of, parse_os_release

REPO = Path(__file__).resolve().parent.parent
PROVISION = REPO / "provision"
PASSWORD = "s3cret-Pass word"

CENTOS7_OS_RELEASE = """NAME="CentOS Linux"
VERSION="7 (Core)"
ID="centos"
ID_LIKE="rhel fedora"
VERSION_ID="7"
PRETTY_NAME="CentOS Linux 7 (Core)"
"""

# The enabled repositories of CentOS 7.9's CentOS-Base.repo, as shipped.
CENTOS_BASE_REPO = """[base]
name=CentOS-$releasever - Base
mirrorlist=http://mirrorlist.centos.org/?release=$releasever&arch=$basearch&repo=os&infra=$infra
#baseurl=http://mirror.centos.org/centos/$releasever/os/$basearch/
gpgcheck=1
gpgkey=file:///etc/pki/rpm-gpg/RPM-GPG-KEY-CentOS-7

[updates]
name=CentOS-$releasever - Updates
mirrorlist=http://mirrorlist.centos.org/?release=$releasever&arch=$basearch&repo=updates&infra=$infra
#baseurl=http://mirror.centos.org/centos/$releasever/updates/$basearch/
gpgcheck=1
gpgkey=file:///etc/pki/rpm-gpg/RPM-GPG-KEY-CentOS-7
"""

# CentOS-Sources.repo already points at the vault: it must be left alone.
CENTOS_SOURCES_REPO = """[base-source]
name=CentOS-$releasever - Base Sources
baseurl=http://vault.centos.org/centos/$releasever/os/Source/
gpgcheck=1
enabled=0
"""

CENTOS7_MODULES = """Loaded Modules:
 core_module (static)
 so_module (static)
 http_module (static)
 auth_basic_module (shared)
 authn_file_module (shared)
 authz_user_module (shared)
 proxy_module (shared)
 lbmethod_byrequests_module (shared)
 proxy_balancer_module (shared)
 proxy_http_module (shared)
 systemd_module (shared)
"""

STUBS: dict[str, str] = {
    "rpm": r"""
[[ $1 == -q ]] || { echo "rpm stub: only -q" >&2; exit 2; }
shift; rc=0
for p in "$@"; do
    if grep -qx "$p" "$STATE/rpms"; then echo "$p-1.0-1.el7.x86_64"
    else echo "package $p is not installed"; rc=1; fi
done
exit $rc
""",
    "yum": r"""
only_vault=0
while [[ $1 == --* ]]; do [[ $1 == "--disablerepo=*" ]] && only_vault=1; shift; done
[[ $1 == clean ]] && exit 0
[[ $1 == install ]] || { echo "yum stub: only install and clean" >&2; exit 2; }
if grep -q '^mirrorlist=' "$LABCTL_ROOT"/etc/yum.repos.d/CentOS-*.repo; then
    echo "Cannot find a valid baseurl for repo: base/7/x86_64" >&2; exit 1
fi
if ((!only_vault)) && grep -qs '^enabled=1' "$LABCTL_ROOT"/etc/yum.repos.d/epel.repo; then
    echo "Cannot retrieve metalink for repository: epel/x86_64. Please verify its path" >&2
    exit 1
fi
shift
for p in "$@"; do [[ $p == -* ]] || echo "$p" >>"$STATE/rpms"; done
""",
    "systemctl": r"""
args=(); for a in "$@"; do [[ $a == --quiet ]] || args+=("$a"); done
verb=${args[0]}; unit=${args[1]}
grep -qx "$unit" "$STATE/rpms" || { echo "Unit $unit.service not found." >&2; exit 5; }
case $verb in
    is-enabled) grep -qx "$unit" "$STATE/enabled" ;;
    is-active) grep -qx "$unit" "$STATE/active" ;;
    enable) grep -qx "$unit" "$STATE/enabled" || echo "$unit" >>"$STATE/enabled" ;;
    start | restart) grep -qx "$unit" "$STATE/active" || echo "$unit" >>"$STATE/active" ;;
    *) echo "systemctl stub: $verb" >&2; exit 2 ;;
esac
""",
    "firewall-cmd": r"""
grep -qx firewalld "$STATE/active" || { echo "FirewallD is not running"; exit 252; }
query() { if grep -qx http "$1"; then echo yes; else echo no; exit 1; fi; }
case "$*" in
    "--permanent --query-service=http") query "$STATE/fw-permanent" ;;
    "--query-service=http") query "$STATE/fw-runtime" ;;
    "--permanent --add-service=http") echo http >>"$STATE/fw-permanent"; echo success ;;
    "--reload") cp "$STATE/fw-permanent" "$STATE/fw-runtime"; echo success ;;
    *) echo "firewall-cmd stub: $*" >&2; exit 2 ;;
esac
""",
    "getenforce": r"""cat "$STATE/selinux" """,
    "getsebool": r"""echo "$1 --> $(cat "$STATE/sebool")" """,
    "setsebool": r"""
[[ $1 == -P && $2 == httpd_can_network_connect ]] || exit 2
echo "$3" >"$STATE/sebool"
""",
    "httpd": r"""
grep -qx httpd "$STATE/rpms" || exit 127
[[ $1 == -M ]] || exit 2
if [[ -e $STATE/no-proxy-balancer ]]; then grep -v proxy_balancer "$STATE/modules"
else cat "$STATE/modules"; fi
""",
    "apachectl": r"""
case $1 in
    -M) exec httpd -M ;;
    configtest)
        if [[ -e $STATE/configtest-fails ]]; then
            echo "AH00526: Syntax error on line 3 of /etc/httpd/conf.d/lbsisjarkom.conf:" >&2
            exit 1
        fi
        echo "Syntax OK" >&2 ;;
    *) echo "apachectl stub: $1" >&2; exit 2 ;;
esac
""",
    "htpasswd": r"""exec /usr/bin/htpasswd "$@" """,
}


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str
    calls: list[list[str]]  # this run's stub calls, argv with the command name first

    @property
    def changes(self) -> list[str]:
        return [line for line in self.stdout.splitlines() if line.startswith("::changed ")]

    def called(self, *argv: str) -> int:
        return sum(1 for call in self.calls if call[: len(argv)] == list(argv))

    def index(self, *argv: str) -> int:
        return next(i for i, call in enumerate(self.calls) if call[: len(argv)] == list(argv))


class FakeCentOS7:
    """A CentOS 7 host as a temp file tree plus stub commands (see the module docstring)."""

    def __init__(self, base: Path) -> None:
        self.root = base / "root"
        self.state = base / "state"
        self.bin = base / "bin"
        self.staging = base / "staging"
        for d in (self.state, self.bin, self.staging, self.root / "etc/yum.repos.d"):
            d.mkdir(parents=True)
        (self.root / "run/systemd/system").mkdir(parents=True)  # systemd is PID 1 on the VM
        (self.root / "etc/os-release").write_text(CENTOS7_OS_RELEASE)
        (self.root / "etc/yum.repos.d/CentOS-Base.repo").write_text(CENTOS_BASE_REPO)
        (self.root / "etc/yum.repos.d/CentOS-Sources.repo").write_text(CENTOS_SOURCES_REPO)
        (self.state / "rpms").write_text("nano\n")  # the box has nano, lacks the rest
        for name in ("enabled", "active", "fw-permanent", "fw-runtime", "calls"):
            (self.state / name).write_text("")
        (self.state / "selinux").write_text("Enforcing\n")
        (self.state / "sebool").write_text("off\n")
        (self.state / "modules").write_text(CENTOS7_MODULES)
        for name, body in STUBS.items():
            stub = self.bin / name
            # each call: one line, argv joined by a tab
            stub.write_text(
                "#!/bin/bash\n"
                f'(IFS=$\'\\t\'; echo "{name}${{*:+\t}}$*") >>"$STATE/calls"\n' + body.lstrip("\n")
            )
            stub.chmod(0o755)
        for script in PROVISION.glob("*.sh"):
            shutil.copy(script, self.staging / script.name)
        (self.staging / "index.html").write_text(
            "<html><body><h1> Selamat Datang di Server 1</h1></body></html>\n"
        )
        (self.staging / "lbsisjarkom.conf").write_text(
            "<Proxy balancer://mycluster>\n    BalancerMember http://127.0.43.92:80\n</Proxy>\n"
        )
        # An /etc of the runs' own, layered over the machine's: its group file knows CentOS's
        # apache group. Layered over the directory, not bound over the file: another test's
        # useradd (parallel runs) replaces /etc/group by a rename, which a bind mount on the
        # file does not survive.
        self.etc_upper, self.etc_work = base / "etc-upper", base / "etc-work"
        self.etc_upper.mkdir()
        self.etc_work.mkdir()
        (self.etc_upper / "group").write_text("root:x:0:\napache:x:48:\nnogroup:x:65534:\n")

    def run(self, role: str, *, stage: str = "full", password: str = PASSWORD, **extra: str) -> Run:
        before = len(self.calls())
        env = {
            **extra,
            "PATH": f"{self.bin}:/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin",
            "LABCTL_ROOT": str(self.root),
            "LABCTL_STAGE": stage,
            "LABCTL_MANAGER_USER": "admin",
            "STATE": str(self.state),
            "LANG": "C.UTF-8",
        }
        script = self.staging / f"{role}.sh"
        # a private mount namespace in which /etc/group knows the CentOS 'apache' group
        layers = f"lowerdir=/etc,upperdir={self.etc_upper},workdir={self.etc_work}"
        wrapper = f'mount -t overlay overlay -o "{layers}" /etc && exec bash "{script}"'
        proc = subprocess.run(
            ["unshare", "--mount", "--propagation", "private", "bash", "-c", wrapper],
            input=password + "\n",
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
            check=False,
        )
        return Run(proc.returncode, proc.stdout, proc.stderr, self.calls()[before:])

    def calls(self) -> list[list[str]]:
        text = (self.state / "calls").read_text()
        return [line.split("\t") for line in text.splitlines()]

    def installed(self) -> list[str]:
        return (self.state / "rpms").read_text().split()


YUM_VAULT = [
    "yum",
    "--disablerepo=*",
    "--enablerepo=base",
    "--enablerepo=updates",
    "--enablerepo=extras",
]


@pytest.fixture
def centos(tmp_path: Path) -> FakeCentOS7:
    if os.geteuid() != 0:
        pytest.fail("these tests need root (unshare --mount); CI runs them as root")
    return FakeCentOS7(tmp_path)


def repo_texts(host: FakeCentOS7) -> dict[str, str]:
    return {p.name: p.read_text() for p in (host.root / "etc/yum.repos.d").iterdir()}


# --- shellcheck -------------------------------------------------------------------------------


def test_shellcheck_clean() -> None:
    shellcheck = shutil.which("shellcheck")
    if shellcheck is None:
        pytest.fail("shellcheck not found: apt-get install shellcheck")
    scripts = sorted(str(p) for p in PROVISION.glob("*.sh"))
    assert len(scripts) >= 3
    proc = subprocess.run(
        [shellcheck, "--external-sources", *scripts],
        capture_output=True,
        text=True,
        cwd=PROVISION,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


# --- CentOS 7 ---------------------------------------------------------------------------------


def test_server_first_run_then_nothing_to_change(centos: FakeCentOS7) -> None:
    first = centos.run("server")
    assert first.returncode == 0, first.stdout + first.stderr
    assert "::family centos7" in first.stdout

    base = (centos.root / "etc/yum.repos.d/CentOS-Base.repo").read_text()
    assert "\n#mirrorlist=http://mirrorlist.centos.org/?release=$releasever" in base
    assert "\nbaseurl=http://vault.centos.org/7.9.2009/os/$basearch/\n" in base
    assert "\nbaseurl=http://vault.centos.org/7.9.2009/updates/$basearch/\n" in base
    assert "\nmirrorlist=" not in base
    sources = (centos.root / "etc/yum.repos.d/CentOS-Sources.repo").read_text()
    assert sources == CENTOS_SOURCES_REPO

    # only what was missing (nano was there already), from the vault's three repositories only
    assert [*YUM_VAULT, "install", "-y", "net-tools", "httpd"] in first.calls
    assert [*YUM_VAULT, "install", "-y", "firewalld"] in first.calls
    assert first.called("yum") == 2
    assert first.called("systemctl", "enable", "httpd") == 1
    assert first.called("systemctl", "start", "httpd") == 1
    assert first.called("systemctl", "start", "firewalld") == 1
    assert first.called("firewall-cmd", "--permanent", "--add-service=http") == 1
    assert first.called("firewall-cmd", "--reload") == 1
    index = centos.root / "var/www/html/index.html"
    assert index.read_text() == (centos.staging / "index.html").read_text()
    assert oct(index.stat().st_mode & 0o777) == "0o644"
    # a server has no proxy to check and no SELinux boolean to set
    assert first.called("setsebool") == 0
    assert first.called("systemctl", "restart") == 0

    repos = repo_texts(centos)
    second = centos.run("server")
    assert second.returncode == 0, second.stdout + second.stderr
    assert second.changes == []
    assert "::done 0" in second.stdout
    assert repo_texts(centos) == repos
    assert second.called("yum") == 0
    assert second.called("firewall-cmd", "--permanent", "--add-service=http") == 0
    assert second.called("firewall-cmd", "--reload") == 0
    assert second.called("systemctl", "enable") == 0
    assert second.called("systemctl", "start") == 0


# EPEL's repo file as generic/centos7 ships it (epel-release 7): enabled, a metalink only.
EPEL_REPO = """[epel]
name=Extra Packages for Enterprise Linux 7 - $basearch
metalink=https://mirrors.fedoraproject.org/metalink?repo=epel-7&arch=$basearch
enabled=1
gpgcheck=1
"""


def test_install_uses_only_the_vault_repositories(centos: FakeCentOS7) -> None:
    (centos.root / "etc/yum.repos.d/epel.repo").write_text(EPEL_REPO)
    run = centos.run("server")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "httpd" in centos.installed()
    assert all(call[:5] == YUM_VAULT for call in run.calls if call[0] == "yum")
    assert (centos.root / "etc/yum.repos.d/epel.repo").read_text() == EPEL_REPO  # left alone


def test_vault_url_is_configurable_and_follows_a_change(centos: FakeCentOS7) -> None:
    mirror = "http://10.43.0.5/centos-vault"  # a classroom mirror (only written, never fetched)
    first = centos.run("server", LABCTL_VAULT_URL=mirror + "/")
    assert first.returncode == 0, first.stdout + first.stderr
    base = (centos.root / "etc/yum.repos.d/CentOS-Base.repo").read_text()
    assert f"\nbaseurl={mirror}/7.9.2009/os/$basearch/\n" in base
    assert f"\nbaseurl={mirror}/7.9.2009/updates/$basearch/\n" in base
    again = centos.run("server", LABCTL_VAULT_URL=mirror)
    assert again.changes == []
    # back to the default vault: the files follow, once
    back = centos.run("server")
    assert [c.split(" ", 2)[1] for c in back.changes] == ["vault-repos"]
    base = (centos.root / "etc/yum.repos.d/CentOS-Base.repo").read_text()
    assert "\nbaseurl=http://vault.centos.org/7.9.2009/os/$basearch/\n" in base
    assert mirror not in base
    assert (centos.root / "etc/yum.repos.d/CentOS-Sources.repo").read_text() == (
        CENTOS_SOURCES_REPO
    )
    assert centos.run("server").changes == []


def test_box_script_installs_everything_then_provisioning_downloads_nothing(
    centos: FakeCentOS7,
) -> None:
    (centos.root / "etc/machine-id").write_text("4f1c0ffee4f1c0ffee4f1c0ffee4f1c0\n")
    box = centos.run("box")
    assert box.returncode == 0, box.stdout + box.stderr
    assert {"net-tools", "nano", "httpd", "firewalld"} <= set(centos.installed())
    assert box.called("yum", "clean", "all") == 1
    assert (centos.root / "etc/machine-id").read_text() == ""  # a new one at each VM's boot
    assert "centos7 with net-tools nano httpd" in (centos.root / "etc/labctl-box").read_text()
    # nothing of the lab itself: no service enabled, no page, no balancer
    assert box.called("systemctl") == 0
    assert not (centos.root / "var/www/html/index.html").exists()
    # a VM of that box: provisioning installs nothing
    for role in ("server", "loadbalancer"):
        run = centos.run(role)
        assert run.returncode == 0, run.stdout + run.stderr
        assert run.called("yum") == 0, run.calls


def test_loadbalancer_full_then_idempotent(centos: FakeCentOS7) -> None:
    first = centos.run("loadbalancer")
    assert first.returncode == 0, first.stdout + first.stderr
    assert first.called("setsebool", "-P", "httpd_can_network_connect", "on") == 1
    assert first.called("httpd", "-M") == 1  # the tutorial's own check
    conf = centos.root / "etc/httpd/conf.d/lbsisjarkom.conf"
    assert conf.read_text() == (centos.staging / "lbsisjarkom.conf").read_text()
    # configtest, then one restart
    assert first.called("systemctl", "restart", "httpd") == 1
    assert first.index("apachectl", "configtest") < first.index("systemctl", "restart", "httpd")

    htpasswd = centos.root / "etc/httpd/htpasswd"
    verify = subprocess.run(
        ["htpasswd", "-v", "-i", str(htpasswd), "admin"],
        input=PASSWORD,
        capture_output=True,
        text=True,
        check=False,
    )
    assert verify.returncode == 0, verify.stderr
    assert htpasswd.read_text().startswith("admin:$2y$")  # bcrypt
    assert oct(htpasswd.stat().st_mode & 0o777) == "0o640"
    assert htpasswd.stat().st_gid == 48  # the CentOS 'apache' group

    second = centos.run("loadbalancer")
    assert second.returncode == 0, second.stdout + second.stderr
    assert second.changes == []
    assert second.called("setsebool") == 0
    assert second.called("apachectl", "configtest") == 0
    assert second.called("systemctl", "restart") == 0
    # verified, not rewritten
    assert [c for c in second.calls if c[0] == "htpasswd"] == [
        ["htpasswd", "-v", "-i", str(htpasswd), "admin"]
    ]

    # the password never appears in any command's arguments
    for call in centos.calls():
        assert not any(PASSWORD in arg or "s3cret" in arg for arg in call), call


def test_new_password_rewrites_htpasswd_without_restart(centos: FakeCentOS7) -> None:
    assert centos.run("loadbalancer").returncode == 0
    third = centos.run("loadbalancer", password="another one")
    assert third.returncode == 0, third.stdout + third.stderr
    assert [c.split(" ", 2)[1] for c in third.changes] == ["htpasswd"]
    assert third.called("systemctl", "restart") == 0  # Apache rereads htpasswd per request


def test_changed_conf_restarts_after_configtest(centos: FakeCentOS7) -> None:
    assert centos.run("loadbalancer").returncode == 0
    (centos.staging / "lbsisjarkom.conf").write_text("# members changed\n")
    run = centos.run("loadbalancer")
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.called("systemctl", "restart", "httpd") == 1
    assert run.index("apachectl", "configtest") < run.index("systemctl", "restart", "httpd")


def test_configtest_failure_keeps_apache_running(centos: FakeCentOS7) -> None:
    (centos.state / "configtest-fails").touch()
    run = centos.run("loadbalancer")
    assert run.returncode != 0
    assert "::fail restart-apache" in run.stdout
    assert "AH00526: Syntax error" in run.stderr
    assert "was not restarted" in run.stderr
    assert run.called("systemctl", "restart") == 0


def test_loadbalancer_base_leaves_students_files(centos: FakeCentOS7) -> None:
    conf = centos.root / "etc/httpd/conf.d/lbsisjarkom.conf"
    conf.parent.mkdir(parents=True)
    conf.write_text("# the student's own attempt\n")
    run = centos.run("loadbalancer", stage="base", password="")
    assert run.returncode == 0, run.stdout + run.stderr
    assert conf.read_text() == "# the student's own attempt\n"
    assert not (centos.root / "etc/httpd/htpasswd").exists()
    assert run.called("htpasswd") == 0
    assert "httpd" in centos.installed()
    assert run.called("setsebool", "-P", "httpd_can_network_connect", "on") == 1
    assert run.called("systemctl", "restart") == 0


def test_missing_proxy_balancer_fails_clearly(centos: FakeCentOS7) -> None:
    (centos.state / "no-proxy-balancer").touch()
    run = centos.run("loadbalancer")
    assert run.returncode != 0
    assert "::fail proxy-modules" in run.stdout
    assert "proxy_balancer_module is not loaded" in run.stderr
    assert not (centos.root / "etc/httpd/conf.d/lbsisjarkom.conf").exists()


def test_selinux_disabled_leaves_boolean(centos: FakeCentOS7) -> None:
    (centos.state / "selinux").write_text("Disabled\n")
    run = centos.run("loadbalancer")
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.called("getsebool") == 0
    assert run.called("setsebool") == 0


def test_missing_password_changes_nothing(centos: FakeCentOS7) -> None:
    run = centos.run("loadbalancer", password="")
    assert run.returncode != 0
    assert "no balancer-manager password" in run.stderr
    assert run.calls == []


# --- family detection: the script and labctl agree ---------------------------------------------

OS_RELEASES = {
    "centos7": CENTOS7_OS_RELEASE,
    "rocky9": 'ID="rocky"\nID_LIKE="rhel centos fedora"\nVERSION_ID="9.4"\n',
    "alma8": 'ID="almalinux"\nID_LIKE="rhel centos fedora"\nVERSION_ID="8.10"\n',
    "stream9": 'ID="centos"\nID_LIKE="rhel fedora"\nVERSION_ID="9"\n',
    "debian12": 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\n',
    "ubuntu2404": 'ID=ubuntu\nID_LIKE=debian\nVERSION_ID="24.04"\n',
    "mint": 'ID=linuxmint\nID_LIKE="ubuntu debian"\nVERSION_ID="21.3"\n',
}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("centos7", "centos7"),
        ("rocky9", "el"),
        ("alma8", "el"),
        ("stream9", "el"),
        ("debian12", "debian"),
        ("ubuntu2404", "debian"),
        ("mint", "debian"),
    ],
)
def test_family_detection_agrees(tmp_path: Path, name: str, expected: str) -> None:
    (tmp_path / "etc").mkdir()
    (tmp_path / "etc/os-release").write_text(OS_RELEASES[name])
    proc = subprocess.run(
        ["bash", "-c", f'source "{PROVISION}/common.sh" && detect_family'],
        env={"LABCTL_ROOT": str(tmp_path), "PATH": os.environ["PATH"]},
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == expected
    assert family_of(parse_os_release(OS_RELEASES[name])) == expected


def test_unsupported_distribution_is_named(tmp_path: Path) -> None:
    (tmp_path / "etc").mkdir()
    (tmp_path / "etc/os-release").write_text('ID=alpine\nVERSION_ID="3.20"\n')
    proc = subprocess.run(
        ["bash", "-c", f'source "{PROVISION}/common.sh" && detect_family'],
        env={"LABCTL_ROOT": str(tmp_path), "PATH": os.environ["PATH"]},
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode != 0
    assert "unsupported distribution 'alpine 3.20'" in proc.stderr
