#!/usr/bin/env bash
# Build the Debian 12 libvirt box for the real-VM test, offline from Debian packages only, and add
# it to the test's VAGRANT_HOME.
#
#   tests/vm/build_box.sh                 build (or reuse) the box, add it; prints the .box path
#   tests/vm/build_box.sh --vagrant-home  print the VAGRANT_HOME the box is added to (no build)
#   tests/vm/build_box.sh --key           print the cache key
#
# Cache: $LABCTL_VM_CACHE (default /var/cache/labctl-vm), OUTSIDE the clone so CI runs reuse it.
# The key is a hash of this script's own content: change the recipe, get a new box.
#   $CACHE/box-$KEY/labctl-debian12.box   the box (box.img + kernel + initrd + Vagrantfile)
#   $CACHE/vagrant.d-$KEY/                VAGRANT_HOME with the box added as labctl/debian12
#
# The box: debootstrap minbase bookworm + kernel, systemd, sshd, apache2, curl, sudo, ifupdown,
# isc-dhcp-client; user vagrant (passwordless sudo, Vagrant's insecure key); ext4 root directly
# on /dev/vda (no partition table, no bootloader: libvirt boots the box's kernel + initrd);
# eth0 by DHCP (net.ifnames=0); empty machine-id; a small initrd (MODULES=list: virtio + ext4).
#
# Network: only the Debian mirror from apt's own configuration is contacted (debootstrap).
# `vagrant box add` runs in a fresh empty network namespace (unshare -n): it needs no network.
set -euo pipefail

SELF=$(readlink -f "${BASH_SOURCE[0]}")
CACHE=${LABCTL_VM_CACHE:-/var/cache/labctl-vm}
KEY=$(sha256sum "$SELF" | cut -c1-12)
BOX_NAME=labctl/debian12
BOX_DIR=$CACHE/box-$KEY
BOX_FILE=$BOX_DIR/labctl-debian12.box
VAGRANT_HOME_DIR=$CACHE/vagrant.d-$KEY
SUITE=bookworm

case "${1:-}" in
    --vagrant-home) echo "$VAGRANT_HOME_DIR"; exit 0 ;;
    --key) echo "$KEY"; exit 0 ;;
    "") ;;
    *) echo "usage: $0 [--vagrant-home|--key]" >&2; exit 2 ;;
esac

log() { printf '[build_box %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }

if [[ $EUID -ne 0 ]]; then
    echo "build_box.sh: must run as root (debootstrap, chroot, mkfs)" >&2
    exit 1
fi

mkdir -p "$CACHE"
# One builder at a time (parallel CI jobs on one machine share the cache).
exec 9>"$CACHE/.lock"
flock 9

# The Debian mirror apt uses (deb822 .sources or one-line .list), for $SUITE.
debian_mirror() {
    python3 - "$SUITE" <<'PY'
import glob, re, sys
suite = sys.argv[1]
found = []
for path in sorted(glob.glob("/etc/apt/sources.list.d/*.sources")):
    for stanza in re.split(r"\n\s*\n", open(path).read()):
        fields = {}
        for line in stanza.splitlines():
            if line.startswith("#") or ":" not in line or line[0].isspace():
                continue
            k, v = line.split(":", 1)
            fields[k.strip().lower()] = v.split()
        if "deb" in fields.get("types", []) and suite in fields.get("suites", []) \
                and fields.get("enabled", ["yes"])[0].lower() != "no":
            found += fields.get("uris", [])
for path in ["/etc/apt/sources.list"] + sorted(glob.glob("/etc/apt/sources.list.d/*.list")):
    try:
        lines = open(path).read().splitlines()
    except OSError:
        continue
    for line in lines:
        parts = re.sub(r"\[[^]]*\]", "", line.split("#", 1)[0]).split()
        if len(parts) >= 3 and parts[0] == "deb" and parts[2] == suite:
            found.append(parts[1])
print(found[0] if found else "http://deb.debian.org/debian")
PY
}

add_box() {
    local stamp=$VAGRANT_HOME_DIR/.labctl-box-added
    if [[ -e $stamp ]]; then
        return
    fi
    log "vagrant box add $BOX_NAME (VAGRANT_HOME=$VAGRANT_HOME_DIR)"
    mkdir -p "$VAGRANT_HOME_DIR"
    # No network at all for vagrant here (a fresh netns with nothing but a down lo).
    unshare --net env VAGRANT_HOME="$VAGRANT_HOME_DIR" VAGRANT_CHECKPOINT_DISABLE=1 \
        VAGRANT_BOX_UPDATE_CHECK_DISABLE=1 VAGRANT_NO_PLUGINS= \
        vagrant box add --name "$BOX_NAME" --provider libvirt --force "$BOX_FILE" >&2
    touch "$stamp"
}

if [[ -s $BOX_FILE ]]; then
    log "cached: $BOX_FILE"
    add_box
    echo "$BOX_FILE"
    exit 0
fi

VAGRANT_PUB=$(ls /usr/share/rubygems-integration/all/gems/vagrant-*/keys/vagrant.pub 2>/dev/null | head -1)
[[ -n $VAGRANT_PUB ]] || { echo "build_box.sh: vagrant's insecure key not found (install.sh?)" >&2; exit 1; }
MIRROR=$(debian_mirror)

WORK=$(mktemp -d "$CACHE/build-$KEY.XXXXXX")
cleanup() { rm -rf "$WORK"; }
trap cleanup EXIT
ROOTFS=$WORK/rootfs
T0=$SECONDS

log "debootstrap $SUITE from $MIRROR"
debootstrap --variant=minbase \
    --include=linux-image-amd64,initramfs-tools,zstd,systemd-sysv,udev,openssh-server,apache2,curl,sudo,iproute2,ifupdown,isc-dhcp-client,netbase,procps,less \
    "$SUITE" "$ROOTFS" "$MIRROR" >"$WORK/debootstrap.log" 2>&1 \
    || { tail -30 "$WORK/debootstrap.log" >&2; exit 1; }
log "debootstrap done ($((SECONDS - T0)) s)"

cat >"$ROOTFS/etc/fstab" <<'FSTAB'
/dev/vda / ext4 defaults,noatime 0 0
FSTAB
echo labctl-box >"$ROOTFS/etc/hostname"
cat >"$ROOTFS/etc/hosts" <<'HOSTS'
127.0.0.1 localhost
127.0.1.1 labctl-box
::1 localhost ip6-localhost ip6-loopback
HOSTS
cat >"$ROOTFS/etc/network/interfaces" <<'IFACES'
# Written by labctl tests/vm/build_box.sh; Vagrant appends its private networks below.
source /etc/network/interfaces.d/*

auto lo
iface lo inet loopback

allow-hotplug eth0
iface eth0 inet dhcp
IFACES
: >"$ROOTFS/etc/machine-id"
rm -f "$ROOTFS/var/lib/dbus/machine-id"

# Small initrd: only what a virtio disk with ext4 needs (TCG decompresses every byte of it).
sed -i 's/^MODULES=.*/MODULES=list/' "$ROOTFS/etc/initramfs-tools/initramfs.conf"
printf '%s\n' virtio_pci virtio_blk virtio_net virtio_console ext4 >>"$ROOTFS/etc/initramfs-tools/modules"

# QEMU's qemu64 CPU advertises SVM: udev would load kvm/kvm_amd for nothing, under emulation.
printf 'blacklist %s\n' kvm kvm_amd kvm_intel >"$ROOTFS/etc/modprobe.d/labctl-no-kvm.conf"

install -d -m 0755 "$ROOTFS/etc/ssh/sshd_config.d"
cat >"$ROOTFS/etc/ssh/sshd_config.d/labctl.conf" <<'SSHD'
UseDNS no
GSSAPIAuthentication no
SSHD

# Background jobs that only steal emulated CPU in a short-lived test VM.
for unit in apt-daily.timer apt-daily-upgrade.timer e2scrub_all.timer e2scrub_reap.service \
            fstrim.timer apache-htcacheclean.service; do
    ln -sf /dev/null "$ROOTFS/etc/systemd/system/$unit"
done

# Chroot steps in a private mount namespace: /proc etc. vanish with it, nothing leaks.
install -m 0644 "$VAGRANT_PUB" "$WORK/vagrant.pub"
unshare --mount --propagation private bash -euo pipefail -c '
    R=$1
    mount -t proc proc "$R/proc"
    mount -t sysfs sysfs "$R/sys"
    mount --bind /dev "$R/dev"
    chroot "$R" /usr/sbin/useradd --create-home --shell /bin/bash --user-group vagrant
    chroot "$R" /usr/bin/passwd --delete vagrant >/dev/null
    install -d -m 0700 -o 1000 -g 1000 "$R/home/vagrant/.ssh"
    install -m 0600 -o 1000 -g 1000 "$2" "$R/home/vagrant/.ssh/authorized_keys"
    echo "vagrant ALL=(ALL) NOPASSWD: ALL" >"$R/etc/sudoers.d/vagrant"
    chmod 0440 "$R/etc/sudoers.d/vagrant"
    chroot "$R" /usr/sbin/update-initramfs -u -k all >/dev/null 2>&1
    chroot "$R" /usr/bin/apt-get clean
' _ "$ROOTFS" "$WORK/vagrant.pub"
[[ $(stat -c %u "$ROOTFS/home/vagrant") == 1000 ]] || { echo "vagrant user is not uid 1000" >&2; exit 1; }
rm -rf "$ROOTFS"/var/lib/apt/lists/* "$ROOTFS"/var/cache/apt/*.bin "$ROOTFS"/var/log/*.log \
    "$ROOTFS"/tmp/* "$ROOTFS"/var/tmp/*

OUT=$WORK/box
mkdir -p "$OUT"
cp "$(ls "$ROOTFS"/boot/vmlinuz-* | sort -V | tail -1)" "$OUT/vmlinuz"
cp "$(ls "$ROOTFS"/boot/initrd.img-* | sort -V | tail -1)" "$OUT/initrd.img"
log "kernel $(du -h "$OUT/vmlinuz" | cut -f1), initrd $(du -h "$OUT/initrd.img" | cut -f1)"

log "mkfs.ext4 -d (4 GB) + qemu-img convert -c"
truncate -s 4G "$WORK/root.raw"
mkfs.ext4 -q -F -L labctl-root -d "$ROOTFS" "$WORK/root.raw"
qemu-img convert -c -O qcow2 "$WORK/root.raw" "$OUT/box.img"
rm -f "$WORK/root.raw"

cat >"$OUT/metadata.json" <<'META'
{"provider": "libvirt", "format": "qcow2", "virtual_size": 4}
META
cat >"$OUT/Vagrantfile" <<'VF'
# labctl/debian12: Debian 12 for the real-VM test (built by labctl tests/vm/build_box.sh).
# No bootloader: libvirt boots the kernel and initrd shipped in this box directory.
Vagrant.configure("2") do |config|
  config.vm.synced_folder ".", "/vagrant", disabled: true
  # Keep Vagrant's insecure key: replacing it costs ~45 s per VM under TCG, and these VMs live
  # in a private network namespace for minutes. A project Vagrantfile may override this.
  config.ssh.insert_key = false
  config.vm.provider :libvirt do |libvirt|
    box_dir = File.expand_path(File.dirname(__FILE__))
    libvirt.kernel = File.join(box_dir, "vmlinuz")
    libvirt.initrd = File.join(box_dir, "initrd.img")
    # quiet: every console byte is an emulated UART write; errors still reach ttyS0.
    libvirt.cmd_line = "root=/dev/vda rw console=ttyS0 net.ifnames=0 quiet"
    libvirt.driver = "qemu"          # TCG: /dev/kvm may be unusable (PVM) or absent
    libvirt.cpu_mode = "custom"
    libvirt.cpu_model = "qemu64"
    libvirt.disk_bus = "virtio"
    libvirt.graphics_type = "none"   # no VNC/VGA to emulate
    libvirt.video_type = "none"
  end
end
VF

log "tar"
tar -C "$OUT" -cf "$WORK/labctl-debian12.box" metadata.json Vagrantfile vmlinuz initrd.img box.img
mkdir -p "$BOX_DIR.tmp"
mv "$WORK/labctl-debian12.box" "$BOX_DIR.tmp/"
rm -rf "$BOX_DIR"
mv "$BOX_DIR.tmp" "$BOX_DIR"
log "box built in $((SECONDS - T0)) s: $(du -h "$BOX_FILE" | cut -f1)"

# Old recipes' boxes and VAGRANT_HOMEs (unused for a week) go.
find "$CACHE" -maxdepth 1 \( -name 'box-*' -o -name 'vagrant.d-*' -o -name 'build-*' \) \
    ! -name "*-$KEY" ! -name "build-$KEY.*" -mtime +7 -exec rm -rf {} + 2>/dev/null || true

add_box
echo "$BOX_FILE"
