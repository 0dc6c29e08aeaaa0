# shellcheck shell=bash
# Variables set here are read by the scripts that source this file:
# shellcheck disable=SC2034
# Shared helpers for server.sh and loadbalancer.sh - sourced, never run on its own.
#
# The tutorial ("Implementasi Loadbalancing Server Dengan Reverse Proxy Apache di Centos 7") types
# its commands by hand on CentOS 7. These scripts do the same steps, but:
#   - they can run again: every step first checks whether its work is already done, so a second
#     run changes nothing (and says so);
#   - they run on three families of distributions, detected from /etc/os-release:
#       centos7  CentOS 7 (yum, httpd) - the tutorial's own system
#       el       Rocky / Alma / RHEL 8-9 (dnf, httpd) - the same layout as CentOS 7
#       debian   Debian 12 / Ubuntu (apt, apache2) - other paths and a2enmod/a2enconf
#
# Protocol with labctl (labctl/provisioning.py reads stdout line by line):
#   ::family NAME            once, after /etc/os-release was read
#   ::step ID TITLE          a step begins; everything printed until the next marker belongs to it
#   ::changed ID WHAT        the step changed something on this host (zero or more per step)
#   ::ok ID                  the step finished; it changed something iff a ::changed line came
#   ::fail ID STATUS         the step failed; the script stops with a non-zero exit status
#   ::done CHANGES           the whole script finished; CHANGES = number of ::changed lines
# Any other line is the output of the commands a step ran, kept for the error message.
#
# Environment (all optional):
#   LABCTL_STAGE         full (default) | base. base = the servers are complete and the load
#                        balancer is a plain Apache with the proxy modules, WITHOUT
#                        lbsisjarkom.conf and htpasswd - the part a student does by hand.
#   LABCTL_MANAGER_USER  the balancer-manager user for htpasswd (default: admin)
#   LABCTL_VAULT_URL     CentOS 7 only: where the CentOS vault tree is (default
#                        http://vault.centos.org; a classroom mirror or cache with the same
#                        layout, <url>/7.9.2009/os/x86_64/, works the same)
#   LABCTL_ROOT          FOR TESTS ONLY: a directory prefixed to every path these scripts read or
#                        write (/etc/os-release, /etc/yum.repos.d, /etc/httpd, /var/www, /run),
#                        so that tests can run the CentOS 7 path against a fake file tree.
#                        Empty (the default) on a real host.
# The manager password (loadbalancer, stage full) is read from standard input, one line, so that
# it never shows on a command line (ps, /proc/PID/cmdline, shell history).
#
# Files: the runner copies these scripts and the rendered files (lbsisjarkom.conf for the load
# balancer, index.html for a server) into one staging directory; the scripts take the files from
# the directory they are in.

set -Eeuo pipefail
umask 022

ROOT=${LABCTL_ROOT:-}
STAGE=${LABCTL_STAGE:-full}
VAULT_URL=${LABCTL_VAULT_URL:-http://vault.centos.org}
VAULT_URL=${VAULT_URL%/}
MANAGER_USER=${LABCTL_MANAGER_USER:-admin}
STAGING=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

case $STAGE in
    base | full) ;;
    *)
        echo "LABCTL_STAGE must be 'base' or 'full', not '$STAGE'" >&2
        exit 2
        ;;
esac

# --- markers and steps ------------------------------------------------------------------------

STEP=setup
CHANGES=0
RESTART_NEEDED=0 # set when an Apache configuration file or module changed

# Under set -e a failing command ends the script; this trap names the step it failed in first.
trap 'echo "::fail $STEP $?"' ERR

# run_step ID TITLE COMMAND [ARGS...]: run one step of the tutorial between markers.
# It is called as a plain command (never inside `if` or `||`) so that set -e stays in force.
run_step() {
    STEP=$1
    echo "::step $1 $2"
    shift 2
    "$@"
    echo "::ok $STEP"
}

# changed WHAT: record that the current step changed the host.
changed() {
    echo "::changed $STEP $*"
    CHANGES=$((CHANGES + 1))
}

note() {
    echo "  $*"
}

die() {
    echo "error: $*" >&2
    echo "::fail $STEP 1"
    exit 1
}

finish() {
    echo "::done $CHANGES"
    if ((CHANGES == 0)); then
        echo "Nothing to change: this host was already provisioned (stage $STAGE)."
    else
        echo "$CHANGES change(s) made (stage $STAGE)."
    fi
}

# --- the distribution -------------------------------------------------------------------------

detect_family() {
    [[ -r $ROOT/etc/os-release ]] || die "cannot read /etc/os-release: unknown distribution"
    local id version like major
    # os-release is shell syntax; read it in a subshell so that its variables (NAME, VERSION...)
    # cannot overwrite ours.
    {
        IFS= read -r id
        IFS= read -r version
        IFS= read -r like
    } < <(
        # shellcheck source=/dev/null
        . "$ROOT/etc/os-release"
        printf '%s\n' "${ID:-}" "${VERSION_ID:-}" "${ID_LIKE:-}"
    )
    like=" $like "
    major=${version%%.*}
    if [[ $id == centos && $major == 7 ]]; then
        echo centos7
    elif [[ $id =~ ^(rhel|centos|rocky|almalinux|ol)$ || $like == *" rhel "* || $like == *" fedora "* ]] \
        && [[ $major =~ ^[0-9]+$ ]] && ((major >= 8)); then
        echo el
    elif [[ $id == debian || $id == ubuntu || $like == *" debian "* ]]; then
        echo debian
    else
        die "unsupported distribution '$id $version' (supported: CentOS 7, Rocky/Alma 8-9, Debian 12, Ubuntu)"
    fi
}

# Names and places per family. The tutorial's names are the CentOS ones.
set_family() {
    FAMILY=$1
    case $FAMILY in
        centos7 | el)
            PKG=yum
            [[ $FAMILY == el ]] && PKG=dnf
            PACKAGES=(net-tools nano httpd) # "Install Essential Tools" + "Install Apache"
            REPO_OPTS=()
            if [[ $FAMILY == centos7 ]]; then
                # Only the vault's three repositories: boxes that ship EPEL or other repos
                # (generic/centos7) would fail the whole install on their dead metalinks.
                REPO_OPTS=("--disablerepo=*" --enablerepo=base --enablerepo=updates --enablerepo=extras)
            fi
            SERVICE=httpd
            APACHECTL=apachectl
            MODULES_CMD=(httpd -M) # the tutorial's own check
            APACHE_GROUP=apache
            CONF_FILE=/etc/httpd/conf.d/lbsisjarkom.conf
            HTPASSWD_FILE=/etc/httpd/htpasswd
            PID_FILE=/run/httpd/httpd.pid
            ;;
        debian)
            PKG=apt-get
            PACKAGES=(apache2 apache2-utils) # apache2-utils has htpasswd
            REPO_OPTS=()
            SERVICE=apache2
            APACHECTL=apache2ctl
            MODULES_CMD=(apache2ctl -M) # apache2 alone lacks the variables of /etc/apache2/envvars
            APACHE_GROUP=www-data
            # Debian keeps extra configuration in conf-available/ and enables it with a2enconf.
            CONF_FILE=/etc/apache2/conf-available/lbsisjarkom.conf
            HTPASSWD_FILE=/etc/apache2/htpasswd
            PID_FILE=/run/apache2/apache2.pid
            ;;
    esac
    DOCUMENT_ROOT=/var/www/html
    echo "::family $FAMILY"
}

# --- steps shared by both roles -----------------------------------------------------------------

# CentOS 7 reached its end of life on 30 June 2024 and its mirrors (mirror.centos.org and the
# mirrorlist service) are gone: `yum install` fails with "Cannot find a valid baseurl for repo".
# The packages are still on vault.centos.org, frozen at the last release, 7.9.2009 (or on the
# classroom's own copy, LABCTL_VAULT_URL).
step_vault_repos() {
    # The URLs the CentOS 7 repo files ship with; $releasever and $contentdir are yum's own
    # variables, matched literally. A baseurl already pointed at another vault copy
    # (.../7.9.2009/) is pointed at this one. grep and sed share these patterns, so whatever grep
    # finds sed rewrites, and a second run finds nothing.
    # shellcheck disable=SC2016
    local mirror='http://mirror\.centos\.org/(centos|\$contentdir)/\$releasever/'
    local frozen='https?://[^ ]*/7\.9\.2009/'
    local vault=$VAULT_URL/7.9.2009/
    local repo
    for repo in "$ROOT"/etc/yum.repos.d/CentOS-*.repo; do
        [[ -f $repo ]] || continue
        if grep -Eq "^mirrorlist=|^#?baseurl=$mirror" "$repo" \
            || grep -E "^baseurl=$frozen" "$repo" | grep -vqF "baseurl=$vault"; then
            sed -E -i -e 's/^mirrorlist=/#mirrorlist=/' -e "s,^#?baseurl=$mirror,baseurl=$vault," \
                -e "s,^baseurl=$frozen,baseurl=$vault," "$repo"
            changed "pointed ${repo#"$ROOT"} at $vault"
        fi
    done
}

package_installed() {
    case $FAMILY in
        debian) [[ $(dpkg-query -W -f='${Status}' "$1" 2>/dev/null) == "install ok installed" ]] ;;
        *) rpm -q "$1" >/dev/null 2>&1 ;;
    esac
}

# install_packages PKG...: install only what is missing, so a provisioned host needs no network.
install_packages() {
    local pkg missing=()
    for pkg in "$@"; do
        package_installed "$pkg" || missing+=("$pkg")
    done
    if ((${#missing[@]} == 0)); then
        note "already installed: $*"
        return 0
    fi
    case $FAMILY in
        debian)
            apt-get update
            DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
            ;;
        # (bash 4.2 on CentOS 7: an empty array is "unbound" under set -u without the +)
        *) "$PKG" ${REPO_OPTS[@]+"${REPO_OPTS[@]}"} install -y "${missing[@]}" ;;
    esac
    changed "installed ${missing[*]}"
}

step_install_packages() {
    install_packages "${PACKAGES[@]}"
}

# systemd is PID 1 on every VM; a container may have no init at all, where apachectl starts
# Apache directly (the same check as sd_booted(3)).
has_systemd() {
    [[ -d $ROOT/run/systemd/system ]]
}

apache_running() {
    local pid
    [[ -s $ROOT$PID_FILE ]] || return 1
    pid=$(<"$ROOT$PID_FILE")
    kill -0 "$pid" 2>/dev/null
}

# ensure_service UNIT: "systemctl enable UNIT" + "systemctl start UNIT", each only when needed.
ensure_service() {
    local unit=$1
    if ! systemctl is-enabled --quiet "$unit"; then
        systemctl enable "$unit"
        changed "enabled $unit at boot"
    fi
    if ! systemctl is-active --quiet "$unit"; then
        systemctl start "$unit"
        changed "started $unit"
    fi
}

# "Enable service httpd" + "Start service httpd".
step_start_apache() {
    if has_systemd; then
        ensure_service "$SERVICE"
    elif apache_running; then
        note "$SERVICE is running (no systemd on this host: not enabled at boot)"
    else
        "$APACHECTL" start
        changed "started $SERVICE with $APACHECTL (no systemd on this host)"
    fi
}

# "Buka firewall service http/port 80" + "Reload Firewall".
step_open_firewall() {
    case $FAMILY in
        debian) open_firewall_ufw ;;
        *) open_firewall_firewalld ;;
    esac
}

open_firewall_firewalld() {
    # The tutorial assumes firewalld; minimal images (the centos/7 Vagrant box) may lack it.
    # Its default zone keeps ssh open, so starting it does not lock labctl out.
    install_packages firewalld
    ensure_service firewalld
    if ! firewall-cmd --permanent --query-service=http >/dev/null; then
        firewall-cmd --permanent --add-service=http
        changed "allowed http permanently"
    fi
    # --permanent only changes the saved configuration; --reload applies it now.
    if ! firewall-cmd --query-service=http >/dev/null; then
        firewall-cmd --reload
        changed "reloaded firewalld"
    fi
}

open_firewall_ufw() {
    # Debian and Ubuntu ship without an active firewall; only an active ufw needs a rule.
    if ! command -v ufw >/dev/null || ! ufw status | grep -q '^Status: active'; then
        note "no active ufw: port 80 is not filtered"
        return 0
    fi
    if ! ufw status | grep -Eq '^(80(/tcp)?|Apache( Full)?) +ALLOW'; then
        ufw allow 80/tcp
        changed "allowed 80/tcp in ufw"
    fi
}

# cmp is in diffutils, which a minimal CentOS image may lack; sha256sum is always there.
same_content() {
    if command -v cmp >/dev/null; then
        cmp -s "$1" "$2"
    else
        [[ $(sha256sum <"$1") == "$(sha256sum <"$2")" ]]
    fi
}

# install_file NAME DEST MODE: put the staged file NAME at DEST when its content or mode differs.
# Sets RESTART_NEEDED for Apache configuration (anything under /etc).
install_file() {
    local src=$STAGING/$1 dest=$ROOT$2 mode=$3
    [[ -f $src ]] || die "$1 is missing from $STAGING (the runner uploads it next to the scripts)"
    if [[ -f $dest ]] && same_content "$src" "$dest" && [[ $(stat -c %a "$dest") == "${mode#0}" ]]; then
        note "$2 is up to date"
        return 0
    fi
    install -D -m "$mode" "$src" "$dest"
    changed "wrote $2"
    if [[ $2 == /etc/* ]]; then
        RESTART_NEEDED=1
    fi
}

# Apache reads its configuration only when it starts: "Restart service httpd". A broken file must
# not take the running server down, so the configuration is checked first.
step_restart_apache() {
    if ((RESTART_NEEDED == 0)); then
        note "no configuration changed: $SERVICE keeps running as it is"
        return 0
    fi
    local out
    if ! out=$("$APACHECTL" configtest 2>&1); then
        printf '%s\n' "$out" >&2
        die "$APACHECTL configtest failed: $SERVICE was not restarted and runs its old configuration"
    fi
    printf '%s\n' "$out"
    if has_systemd; then
        systemctl restart "$SERVICE"
    else
        "$APACHECTL" restart
    fi
    changed "restarted $SERVICE"
}
