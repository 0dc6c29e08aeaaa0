#!/usr/bin/env bash
# System packages labctl needs on Debian/Ubuntu, installed only when missing (idempotent).
#   scripts/install-system.sh          what `labctl up` needs: Apache httpd and htpasswd
#   scripts/install-system.sh --test   plus what the test suite talks to for real: an OpenSSH
#                                      server, sudo, shellcheck, Vagrant, iproute2, and
#                                      Chromium (the class HTML report is rendered headless)
set -euo pipefail

packages=(apache2 apache2-utils python3 python3-venv python3-pip)
if [[ "${1:-}" == "--test" ]]; then
    packages+=(openssh-server openssh-client sudo shellcheck vagrant iproute2 util-linux procps
        chromium)
fi

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$' || missing+=("$p")
done
if ((${#missing[@]})); then
    SUDO=""
    [[ $EUID -eq 0 ]] || SUDO="sudo"
    echo "installing: ${missing[*]}"
    # A package's postinst must not start a system Apache on port 80 under the lab's feet, nor
    # an sshd on port 22: the lab and the tests start their own.
    policy=/usr/sbin/policy-rc.d
    had_policy=0
    [[ -e $policy ]] && had_policy=1
    if ((!had_policy)); then
        printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$policy" >/dev/null
        $SUDO chmod 755 "$policy"
    fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
        "${missing[@]}" >/dev/null || { ((had_policy)) || $SUDO rm -f "$policy"; exit 1; }
    ((had_policy)) || $SUDO rm -f "$policy"
fi
