"""`labctl box build` / `labctl up --box`: the parts that need no VM, against the real vagrant.

The whole path (a VM provisioned by box.sh, `vagrant package`, then `labctl up --box` in a
network namespace with no package mirror) runs in tests/vm/test_vm_box.py.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
from dataclasses import replace
from pathlib import Path

import pytest
from test_doctor import _labctl

from labctl import boxes
from labctl.errors import ConfigError, VagrantError
from labctl.lab import VagrantSettings, default_lab

REPO = Path(__file__).resolve().parents[1]
needs_vagrant = pytest.mark.skipif(shutil.which("vagrant") is None, reason="needs vagrant")


def _box(path: Path, provider: str, *, gzip: bool = True) -> Path:
    """A minimal box: metadata.json (as `vagrant package` writes it) and a disk file."""
    files = {
        "metadata.json": json.dumps(
            {"provider": provider, "format": "qcow2", "virtual_size": 1}
        ).encode(),
        "box.img": b"\0" * 512,
        "Vagrantfile": b'Vagrant.configure("2") do |config|\nend\n',
    }
    with tarfile.open(path, "w:gz" if gzip else "w") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(f"./{name}")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def test_names() -> None:
    assert boxes.default_output(default_lab()) == Path("labctl-centos-7.box")
    assert boxes.box_name(Path("/x/labctl-centos-7.box")) == "labctl/labctl-centos-7"
    assert boxes.box_name(Path("kelas TI 2.box")) == "labctl/kelas-TI-2"


def test_box_provider(tmp_path: Path) -> None:
    assert boxes.box_provider(_box(tmp_path / "a.box", "libvirt")) == "libvirt"
    assert boxes.box_provider(_box(tmp_path / "b.box", "virtualbox", gzip=False)) == "virtualbox"
    (tmp_path / "c.box").write_text("not a tar")
    with pytest.raises(boxes.BoxError, match="is not a Vagrant box") as caught:
        boxes.box_provider(tmp_path / "c.box")
    # tarfile lists every compression it tried, one per line: the error stays one line
    assert "\n" not in str(caught.value)


def test_a_box_for_another_provider_is_refused(tmp_path: Path) -> None:
    box = _box(tmp_path / "kelas.box", "libvirt")
    with pytest.raises(ConfigError) as caught:
        boxes.use_box(default_lab(), box, lambda line: None)  # the lab runs on virtualbox
    said = str(caught.value)
    assert "a libvirt box but this lab runs on virtualbox" in said
    assert 'set [vagrant] hypervisor = "libvirt"' in said
    with pytest.raises(boxes.BoxError, match="no such file"):
        boxes.use_box(default_lab(), tmp_path / "missing.box", lambda line: None)


@needs_vagrant
def test_use_box_adds_it_with_the_real_vagrant(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "vagrant.d"
    monkeypatch.setenv("VAGRANT_HOME", str(home))
    monkeypatch.setenv("VAGRANT_CHECKPOINT_DISABLE", "1")
    monkeypatch.chdir(tmp_path)
    lab = default_lab()
    lab = replace(lab, vagrant=replace(VagrantSettings(), hypervisor="libvirt"))
    said: list[str] = []
    used = boxes.use_box(lab, _box(tmp_path / "kelas.box", "libvirt"), said.append)
    assert used.vagrant.box == "labctl/kelas"
    assert said[0].startswith("adding ") and "as box labctl/kelas (libvirt)" in said[0]
    unpacked = boxes.base_box_dir("labctl/kelas", "libvirt")
    assert unpacked is not None and (unpacked / "box.img").is_file()
    assert unpacked.parent.parent == home / "boxes" / "labctl-VAGRANTSLASH-kelas"
    # the lab's own directory is untouched: Vagrant's data went to a scratch directory
    assert not (tmp_path / ".labctl").exists() and not (tmp_path / ".vagrant").exists()


def test_base_box_dir_picks_the_newest_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VAGRANT_HOME", str(tmp_path))
    root = tmp_path / "boxes" / "bento-VAGRANTSLASH-rockylinux-9"
    for version in ("202401.31.0", "202510.26.0", "9.0.0"):
        (root / version / "virtualbox").mkdir(parents=True)
    found = boxes.base_box_dir("bento/rockylinux-9", "virtualbox")
    assert found == root / "202510.26.0" / "virtualbox"
    assert boxes.base_box_dir("bento/rockylinux-9", "libvirt") is None


def test_packaging_without_libguestfs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # vagrant-libvirt 0.11.2 runs `virt-sysprep` and `virt-sparsify` with Ruby backticks, which
    # raise Errno::ENOENT when they are not installed: stand-ins that do nothing are put first.
    monkeypatch.setenv("PATH", "/nonexistent")
    said: list[str] = []
    shims = boxes.libguestfs_shims(tmp_path, said.append)
    assert shims is not None
    for tool in boxes.LIBGUESTFS_TOOLS:
        assert subprocess.run([str(shims / tool), "-a", "x"], check=False).returncode == 0
    assert "virt-sysprep, virt-sparsify not installed" in said[0]


def test_up_box_is_for_the_vms(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "labctl", "up", "--provider", "local", "--box", "x.box"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 2
    assert "labctl: error: --box is for the VMs: use it with --provider vagrant" in proc.stderr
    assert not (tmp_path / ".labctl").exists()


def test_box_build_refuses_to_overwrite(tmp_path: Path) -> None:
    (tmp_path / "kelas.box").write_text("an older box")
    with pytest.raises(boxes.BoxError, match="exists already"):
        boxes.build(default_lab(), Path("kelas.box"), lambda line: None, project=tmp_path)
    assert not (tmp_path / boxes.WORK_DIR).exists()


@pytest.mark.skipif(shutil.which("VBoxManage") is not None, reason="VirtualBox is installed")
def test_box_build_without_virtualbox_is_one_line_and_leaves_nothing(tmp_path: Path) -> None:
    proc = _labctl(
        tmp_path, {**os.environ, "PYTHONPATH": str(REPO), "COLUMNS": "400"}, "box", "build"
    )
    assert proc.returncode == 2
    errors = [ln for ln in proc.stderr.splitlines() if ln.startswith("labctl: error:")]
    assert len(errors) == 1 and "VirtualBox is not installed" in errors[0]
    assert list(tmp_path.iterdir()) == []  # no .labctl-box/, no .box


def test_box_build_sets_the_lab_network_aside(monkeypatch: pytest.MonkeyPatch) -> None:
    """The builder VM has no lab address: a clash of the lab's subnet does not stop it."""
    from labctl import doctor
    from labctl.providers import vagrant as vp

    clash = doctor.check_routes("192.168.43.0/24 dev wlan0 proto kernel\n", "192.168.43.0/24")
    assert clash.level == "fail" and clash.about == "network"
    monkeypatch.setattr(doctor, "doctor", lambda lab, provider_hint: [clash])
    vp.preflight(default_lab(), ignore=("network",))
    with pytest.raises(VagrantError, match="already a network of this machine"):
        vp.preflight(default_lab())
