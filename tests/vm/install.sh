#!/usr/bin/env bash
# Install what the real-VM test (tests/vm/) needs, from Debian's apt repositories. Idempotent.
#
# Deliberately NOT libvirt-daemon-system: it drags in polkitd, init scripts / systemd units and
# the host-wide /etc/libvirt config. tests/vm/netns.py runs its own libvirtd + virtlogd with a
# private config inside a network + mount namespace, so only the binaries are needed.
#
# Daemons: the install must not start any (no systemd as PID 1 here; a postinst could still call
# invoke-rc.d). We install with a policy-rc.d that forbids starting services (restored after).
set -euo pipefail

if [[ $EUID -ne 0 ]]; then
    echo "install.sh: must run as root" >&2
    exit 1
fi

PACKAGES=(
    vagrant                      # 2.3.4 on bookworm
    vagrant-libvirt              # 0.11.2 (+ ruby-libvirt, ruby-fog-libvirt)
    libvirt-daemon               # libvirtd, virtlogd + network/storage drivers
    libvirt-daemon-driver-qemu   # the QEMU driver
    libvirt-clients              # virsh (cleanup, diagnostics)
    qemu-system-x86              # qemu-system-x86_64 (TCG)
    qemu-utils                   # qemu-img
    dnsmasq-base                 # DHCP on libvirt networks
    iptables                     # libvirt's network driver programs NAT/filter rules (in the netns)
    iproute2                     # ip netns
    util-linux                   # nsenter, unshare, flock
    debootstrap                  # building the box
    e2fsprogs                    # mkfs.ext4 -d
    libarchive-tools             # bsdtar, used by vagrant box add
    openssh-client               # ssh into the VMs (vagrant ssh)
    curl                         # curl from inside the namespace
    ca-certificates
)

missing=()
for p in "${PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
        missing+=("$p")
    fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
    echo "install.sh: all packages present"
else
    echo "install.sh: installing ${missing[*]}"
    policy=/usr/sbin/policy-rc.d
    created_policy=0
    if [[ ! -e $policy ]]; then
        printf '#!/bin/sh\nexit 101\n' >"$policy"
        chmod 755 "$policy"
        created_policy=1
    fi
    trap 'if [[ $created_policy -eq 1 ]]; then rm -f "$policy"; fi' EXIT
    export DEBIAN_FRONTEND=noninteractive
    # Refresh the lists only if apt cannot see a candidate for one of the missing packages.
    if ! apt-get install -y -qq --no-install-recommends --simulate "${missing[@]}" >/dev/null 2>&1; then
        apt-get update -qq
    fi
    apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# python-vagrant for tests that drive Vagrant from Python (labctl depends on it too).
if ! python3 -c 'import vagrant' 2>/dev/null; then
    python3 -m pip install -q 'python-vagrant>=1.0'
fi

# Belt and braces: a package's postinst must not have left a host daemon running (we only ever
# run libvirtd/virtlogd/dnsmasq inside our own namespaces, started by netns.py).
for d in libvirtd virtlogd virtlockd; do
    if pid=$(pidof -s "$d" 2>/dev/null) && [[ -n $pid ]]; then
        netns=$(ip netns identify "$pid" 2>/dev/null || true)
        if [[ -z $netns ]]; then
            echo "install.sh: WARNING: $d (pid $pid) runs in the host namespace; not touching it" >&2
        fi
    fi
done

vagrant --version
qemu-system-x86_64 --version | head -1
libvirtd --version
