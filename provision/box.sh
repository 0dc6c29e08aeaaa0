#!/usr/bin/env bash
# box.sh - prepare one VM to become the classroom's own box (`labctl box build`).
#
# A class of thirty laptops each downloading the packages from one vault server is the slowest
# part of the lab. The instructor runs this once, through `labctl box build`, on a VM of the
# lab's box: the same steps as server.sh and loadbalancer.sh up to the package installation
# (the yum repositories, then every package either role installs), and nothing of the lab's own
# configuration. labctl then packages the VM into a .box file; `labctl up --box FILE` on the
# students' laptops provisions from it without downloading a package.
#     sudo bash box.sh
# See common.sh for the markers it prints.

# shellcheck source-path=SCRIPTDIR
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

FAMILY_NAME=$(detect_family)
set_family "$FAMILY_NAME"

if [[ $FAMILY == centos7 ]]; then
    run_step vault-repos "Point yum at vault.centos.org (CentOS 7 mirrors are gone)" step_vault_repos
fi

# What server.sh and loadbalancer.sh install; firewalld only where they use it.
step_box_packages() {
    install_packages "${PACKAGES[@]}"
    if [[ $FAMILY != debian ]]; then
        install_packages firewalld
    fi
}
run_step box-packages "Install the tutorial's packages (${PACKAGES[*]})" step_box_packages

# Every VM made from the box must start as a new machine: systemd writes a fresh machine-id at
# the first boot when the file is empty, and a lease of the builder's NAT address means nothing
# there. The package caches only make the box bigger.
step_box_clean() {
    case $FAMILY in
        debian)
            apt-get clean
            rm -rf "$ROOT"/var/lib/apt/lists/*
            ;;
        *) "$PKG" clean all ;;
    esac
    rm -f "$ROOT"/var/lib/dhclient/*.lease* "$ROOT"/var/lib/dhcp/*.leases
    : >"$ROOT/etc/machine-id"
    printf 'built by labctl box build on %s: %s with %s\n' \
        "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$FAMILY" "${PACKAGES[*]}" >"$ROOT/etc/labctl-box"
    changed "cleaned package caches and machine-id, wrote /etc/labctl-box"
}
run_step box-clean "Clean the VM for packaging" step_box_clean

finish
