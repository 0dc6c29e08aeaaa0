#!/usr/bin/env bash
# loadbalancer.sh - provision the tutorial's load balancer: Apache as a reverse proxy.
#
# Tutorial sections: "Install Apache", "Konfigurasi Loadbalancer" and "Mengamankan Balancer
# Manager". Run as root, from the directory that also holds common.sh and the rendered
# lbsisjarkom.conf, with the balancer-manager password on standard input:
#     sudo LABCTL_STAGE=full bash loadbalancer.sh < password-file
# LABCTL_STAGE=base stops before the tutorial's own work (lbsisjarkom.conf, htpasswd) and leaves
# any such files of the student untouched. Safe to run again: a second run changes nothing.
# See common.sh for the markers it prints and the other variables.

# shellcheck source-path=SCRIPTDIR
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

FAMILY_NAME=$(detect_family)
set_family "$FAMILY_NAME"

# The password comes first, before any step runs, so that a missing one changes nothing.
PASSWORD=
if [[ $STAGE == full ]]; then
    IFS= read -r PASSWORD || true
    [[ -n $PASSWORD ]] || die "no balancer-manager password on standard input"
fi

if [[ $FAMILY == centos7 ]]; then
    run_step vault-repos "Point yum at vault.centos.org (CentOS 7 mirrors are gone)" step_vault_repos
fi
run_step install-packages "Install Apache (${PKG} install ${PACKAGES[*]})" step_install_packages
run_step start-apache "Enable and start $SERVICE" step_start_apache
run_step open-firewall "Open the firewall for http (port 80)" step_open_firewall

# "Gunakan perintah berikut untuk memverifikasi ketersediaan mod_proxy":
#     httpd -M | grep proxy
# Careful when copying from the tutorial: it prints "httpd –M" with an en dash (–, U+2013), not
# a hyphen-minus. The shell passes "–M" to httpd as a plain word, not as the -M option, and httpd
# answers with its usage text instead of the module list. Type the minus sign yourself.
step_proxy_modules() {
    local mod out
    if [[ $FAMILY == debian ]]; then
        # CentOS loads every proxy module by default (conf.modules.d/00-proxy.conf); Debian
        # ships them disabled. a2enmod also enables what they depend on (slotmem_shm).
        # headers and proxy_hcheck are for labctl's exercises (sticky: the cookie is sent with
        # mod_headers; health-check: mod_proxy_hcheck, httpd >= 2.4.21), loaded as on Rocky 9.
        # An enabled module is a link in mods-enabled/ (what a2query reads); testing for it
        # directly spares a Perl start per module, which is slow on an emulated VM.
        local missing=()
        for mod in proxy proxy_http proxy_balancer lbmethod_byrequests headers proxy_hcheck; do
            [[ -e $ROOT/etc/apache2/mods-enabled/$mod.load ]] || missing+=("$mod")
        done
        if ((${#missing[@]})); then
            a2enmod -q "${missing[@]}"
            changed "enabled modules ${missing[*]}"
            RESTART_NEEDED=1
        fi
    fi
    # Kept in a variable rather than piped into grep -q: grep would stop reading early and
    # pipefail would then report httpd's broken pipe as a failure.
    if ! out=$("${MODULES_CMD[@]}" 2>&1); then
        printf '%s\n' "$out" >&2
        die "'${MODULES_CMD[*]}' failed: the Apache configuration does not load"
    fi
    grep proxy <<<"$out" || true
    for mod in proxy_module proxy_http_module proxy_balancer_module lbmethod_byrequests_module; do
        grep -q "^ *$mod " <<<"$out" || die "$mod is not loaded: the balancer cannot work without it"
    done
}
run_step proxy-modules "Check mod_proxy (${MODULES_CMD[*]} | grep proxy)" step_proxy_modules

# Not in the tutorial, whose VMs evidently ran with SELinux off: with SELinux enforcing, httpd may
# not open network connections, so every proxied request fails with "permission denied" (errno
# 13). The balancer then marks both members in error and clients get 503 - exactly the symptom
# of "both servers down", while both servers are fine. The boolean below allows the connections.
step_selinux() {
    if ! command -v getenforce >/dev/null || [[ $(getenforce) == Disabled ]]; then
        note "SELinux is disabled: nothing to allow"
        return 0
    fi
    if [[ $(getsebool httpd_can_network_connect) == *"--> on" ]]; then
        note "httpd_can_network_connect is already on"
        return 0
    fi
    # -P writes the policy so that it survives a reboot (it takes a few seconds).
    setsebool -P httpd_can_network_connect on
    changed "allowed httpd to connect to the servers (httpd_can_network_connect=on)"
}
if [[ $FAMILY != debian ]]; then
    run_step selinux "Let httpd connect to the servers (SELinux)" step_selinux
fi

# "nano /etc/httpd/conf.d/lbsisjarkom.conf": the balancer in its secured form, rendered by labctl
# with the servers' addresses and, on Debian, the Debian path of the htpasswd file.
step_balancer_conf() {
    install_file lbsisjarkom.conf "$CONF_FILE" 0644
    if [[ $FAMILY == debian && ! -e $ROOT/etc/apache2/conf-enabled/lbsisjarkom.conf ]]; then
        a2enconf -q lbsisjarkom
        changed "enabled conf lbsisjarkom"
        RESTART_NEEDED=1
    fi
}

# "htpasswd -c /etc/httpd/htpasswd admin" asks for the password twice on the terminal; -i reads
# it from standard input instead (printf is a shell builtin: the password shows up in no
# process's arguments). -B stores a bcrypt hash rather than the old MD5 default.
step_htpasswd() {
    local file=$ROOT$HTPASSWD_FILE
    if [[ -f $file ]] && printf '%s\n' "$PASSWORD" | htpasswd -v -i "$file" "$MANAGER_USER" >/dev/null 2>&1; then
        note "$HTPASSWD_FILE already has this password for $MANAGER_USER"
    else
        # umask 027: the new file is never readable by others, not even before the chmod below.
        printf '%s\n' "$PASSWORD" | (umask 027 && htpasswd -c -i -B "$file" "$MANAGER_USER")
        changed "wrote $HTPASSWD_FILE for $MANAGER_USER"
    fi
    # Apache reads the file as its own user ($APACHE_GROUP), after dropping root. The password
    # file need not be readable by anyone else. Apache rereads it per request: no restart.
    if [[ $(stat -c '%a %G' "$file") != "640 $APACHE_GROUP" ]]; then
        chgrp "$APACHE_GROUP" "$file"
        chmod 0640 "$file"
        changed "made $HTPASSWD_FILE readable by $APACHE_GROUP only"
    fi
}

if [[ $STAGE == full ]]; then
    run_step balancer-conf "Write $CONF_FILE (balancer://mycluster)" step_balancer_conf
    run_step htpasswd "Lock /balancer-manager with $HTPASSWD_FILE" step_htpasswd
fi
run_step restart-apache "Check the configuration and restart $SERVICE" step_restart_apache

finish
