#!/usr/bin/env bash
# server.sh - provision server1 or server2 of the tutorial: Apache serving one page.
#
# Tutorial sections: "Install Essential Tools", "Install Apache" and "Konfigurasi Server 1 dan
# Server 2". Run as root, from the directory that also holds common.sh and the rendered
# index.html ("Selamat Datang di Server N"):
#     sudo bash server.sh
# Safe to run again: a second run changes nothing. Stage (LABCTL_STAGE) makes no difference on a
# server - both stages leave it complete. See common.sh for the markers it prints.

# shellcheck source-path=SCRIPTDIR
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

FAMILY_NAME=$(detect_family)
set_family "$FAMILY_NAME"

if [[ $FAMILY == centos7 ]]; then
    run_step vault-repos "Point yum at vault.centos.org (CentOS 7 mirrors are gone)" step_vault_repos
fi
run_step install-packages "Install Apache (${PKG} install ${PACKAGES[*]})" step_install_packages
run_step start-apache "Enable and start $SERVICE" step_start_apache
run_step open-firewall "Open the firewall for http (port 80)" step_open_firewall

# "nano /var/www/html/index.html": the page that tells the two servers apart when the load
# balancer alternates between them. On Debian this replaces the distribution's default page.
# Apache serves it as it is, so no restart is needed.
step_index_html() {
    install_file index.html "$DOCUMENT_ROOT/index.html" 0644
}
run_step index-html "Write $DOCUMENT_ROOT/index.html" step_index_html

# Not in the tutorial: a directory that labctl verify requests without its final slash. Apache
# answers 301 with the server's own address in Location, which ProxyPassReverse must rewrite.
step_redirect_dir() {
    install_file index.html "$DOCUMENT_ROOT/labctl/index.html" 0644
}
run_step redirect-dir "Write $DOCUMENT_ROOT/labctl/index.html (for labctl verify)" step_redirect_dir

finish
