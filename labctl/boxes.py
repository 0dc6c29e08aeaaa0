"""`labctl box build` and `labctl up --box FILE`: the classroom's own box, made once.

Thirty laptops each downloading a 0.5 GB box and then every package from one vault server is
the slowest part of the lab. The instructor builds one box instead: a VM of the lab's box,
provisioned by provision/box.sh (the lab's own steps up to the package installation), packaged
by `vagrant package` into a .box file. Students add that file (`labctl up --box FILE`) and
provisioning then changes only what is left: the lab's configuration, with no package download.

The builder VM is separate from any lab of the directory: its own Vagrant data directory and
lab.json in .labctl-box/, one machine named labctl-box, no lab address (NAT only).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import tarfile
import tempfile
from dataclasses import asdict, replace
from pathlib import Path
from typing import TYPE_CHECKING

from labctl.errors import (
    BoxError,
    ConfigError,
    LabctlError,
    Message,
    ProvisionError,
    VagrantError,
)
from labctl.lab import Lab
from labctl.providers.base import Say

if TYPE_CHECKING:
    from labctl.vagrantcli import VagrantCLI

BUILDER = "labctl-box"
WORK_DIR = ".labctl-box"
BOX_PREFIX = "labctl/"
# libvirt: what `vagrant package` runs on the disk image when libguestfs-tools is installed.
LIBGUESTFS_TOOLS = ("virt-sysprep", "virt-sparsify")
# Files of a libvirt box that `vagrant package` writes itself.
_PACKAGED_BY_VAGRANT = {"metadata.json", "Vagrantfile", "box.img", "box_update_check"}


def default_output(lab: Lab) -> Path:
    """labctl-<box>.box in the working directory, e.g. labctl-centos-7.box."""
    return Path(f"labctl-{re.sub(r'[^A-Za-z0-9._-]+', '-', lab.vagrant.box)}.box")


def box_name(path: Path) -> str:
    """The name a .box file is added under: labctl/<file name without .box>."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", path.name.removesuffix(".box")) or "box"
    return BOX_PREFIX + stem


def box_provider(path: Path) -> str:
    """The provider a .box file is for, from its metadata.json (a box is a tar, maybe gzip)."""
    try:
        with tarfile.open(path, mode="r:*") as tar:
            for member in tar:
                if member.name.lstrip("./") == "metadata.json" and member.isfile():
                    handle = tar.extractfile(member)
                    if handle is None:
                        break
                    provider = json.loads(handle.read().decode("utf-8")).get("provider")
                    if isinstance(provider, str) and provider:
                        return provider
                    break
    except (OSError, tarfile.TarError, ValueError) as exc:
        # tarfile's ReadError lists each compression it tried, one per line
        why = " ".join(str(exc).split())
        raise BoxError(Message("box.not-a-box", path=path, why=why)) from None
    raise BoxError(Message("box.no-metadata", path=path))


def use_box(lab: Lab, path: Path, say: Say) -> Lab:
    """Add the .box file to Vagrant (as labctl/<name>) and return ``lab`` using it."""
    from labctl.vagrantcli import VagrantCLI

    if not path.is_file():
        raise BoxError(Message("box.no-file", path=path))
    provider = box_provider(path)
    if provider != lab.vagrant.hypervisor:
        raise ConfigError(
            Message("box.provider", path=path, box=provider, lab=lab.vagrant.hypervisor)
        )
    name = box_name(path)
    say(f"adding {path} as box {name} ({provider})")
    # Vagrant sets up its data directory even for `box add`: a throwaway one, not the lab's.
    with tempfile.TemporaryDirectory(prefix="labctl-box-add-") as scratch:
        VagrantCLI(Path.cwd(), Path(scratch)).box_add(name, path.resolve(), say)
    return replace(lab, vagrant=replace(lab.vagrant, box=name))


def build(lab: Lab, output: Path, say: Say, *, project: Path | None = None) -> Path:
    """Build the classroom box from ``lab``'s box into ``output`` (a .box file)."""
    from labctl import provisioning
    from labctl.netguard import check_target
    from labctl.providers.vagrant import preflight
    from labctl.transports.ssh import SSHTransport
    from labctl.vagrantcli import VagrantCLI, created_machines

    project = (project or Path.cwd()).resolve()
    output = (project / output).resolve()
    if output.exists():
        raise BoxError(Message("box.exists", path=output))
    if not output.parent.is_dir():
        raise BoxError(Message("box.not-dir", path=output.parent))
    preflight(lab, ignore=("network",))  # the builder VM has no lab address
    work = project / WORK_DIR
    logs = work / "logs"
    cli = VagrantCLI(project, work, log_path=logs / "vagrant.log", provider=lab.vagrant.hypervisor)
    if created_machines(work / "vagrant"):
        say(f"removing the builder VM an interrupted build left ({work})")
        cli.destroy(say)
    shutil.rmtree(work, ignore_errors=True)
    (work / "logs").mkdir(parents=True)
    write_builder_json(lab, work)
    done = False
    try:
        say(f"vagrant up {BUILDER} ({lab.vagrant.hypervisor}, box {lab.vagrant.box})")
        cli.up(lab.vagrant.hypervisor, say)
        transport = SSHTransport.from_ssh_config(
            BUILDER,
            cli.ssh_config(BUILDER),
            work / "known_hosts",
            work / "logs" / f"{BUILDER}.log",
            retries_until=120.0,
        )
        check_target(transport.hostname)
        try:
            provisioning.prepare_box(lab, transport, say=say, log_dir=work / "logs")
        except ProvisionError as exc:
            tail = "".join(f"\n    {line}" for line in exc.output_tail)
            raise BoxError(
                Message("box.failed-log", error=exc, log=exc.log_path, tail=tail)
            ) from None
        finally:
            with contextlib.suppress(LabctlError, OSError):
                transport.close()
        _package(lab, cli, output, work, say)
        done = True
    except VagrantError as exc:
        raise BoxError(Message("box.failed-logs", error=exc, logs=logs)) from None
    finally:
        if created_machines(work / "vagrant"):
            with contextlib.suppress(LabctlError):
                cli.destroy(say)
        if done:
            shutil.rmtree(work, ignore_errors=True)
        else:
            output.unlink(missing_ok=True)  # a half-written box is no box; the logs stay
    size = output.stat().st_size / 2**20
    say(f"box written: {output} ({size:.0f} MB); students: `labctl up --box {output.name}`")
    return output


def write_builder_json(lab: Lab, work: Path) -> None:
    """lab.json for the Vagrantfile: one machine without a lab address, the insecure key kept."""
    vagrant = {**asdict(lab.vagrant), "insert_key": False}
    data = {"lab": {"hosts": [{"name": BUILDER, "role": "server"}], "vagrant": vagrant}}
    (work / "lab.json").write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


def _package(lab: Lab, cli: VagrantCLI, output: Path, work: Path, say: Say) -> None:
    vagrantfile = None
    include: list[Path] = []
    shims = None
    if lab.vagrant.hypervisor == "libvirt":
        # vagrant-libvirt's package writes a Vagrantfile of its own; a box that boots its own
        # kernel (or sets anything else there) needs its Vagrantfile and files carried over.
        base = base_box_dir(lab.vagrant.box, "libvirt")
        if base is not None:
            if (base / "Vagrantfile").is_file():
                vagrantfile = base / "Vagrantfile"
            include = sorted(
                p for p in base.iterdir() if p.is_file() and p.name not in _PACKAGED_BY_VAGRANT
            )
        shims = libguestfs_shims(work, say)
    say(f"vagrant package {BUILDER} --output {output}")
    cli.package(
        BUILDER, output, vagrantfile=vagrantfile, include=include, extra_path=shims, say=say
    )


def base_box_dir(box: str, provider: str) -> Path | None:
    """Where Vagrant unpacked ``box`` for ``provider`` (the newest version), if it did."""
    home = Path(os.environ.get("VAGRANT_HOME") or Path.home() / ".vagrant.d")
    root = home / "boxes" / box.replace("/", "-VAGRANTSLASH-")
    versions = [d / provider for d in root.glob("*") if (d / provider).is_dir()]
    if not versions:
        return None

    def key(path: Path) -> tuple[int, ...]:
        return tuple(int(n) for n in re.findall(r"\d+", path.parent.name))

    return max(versions, key=key)


def libguestfs_shims(work: Path, say: Say) -> Path | None:
    """vagrant-libvirt runs virt-sysprep and virt-sparsify on the image and fails when they are
    missing; box.sh has already done the clean-up that matters (machine-id, leases, caches)."""
    missing = [t for t in LIBGUESTFS_TOOLS if shutil.which(t) is None]
    if not missing:
        return None
    shims = work / "shims"
    shims.mkdir(exist_ok=True)
    for tool in missing:
        shim = shims / tool
        shim.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
        shim.chmod(0o755)
    say(
        f"{', '.join(missing)} not installed (libguestfs-tools): packaging without them; "
        "box.sh already reset machine-id, leases and package caches"
    )
    return shims
