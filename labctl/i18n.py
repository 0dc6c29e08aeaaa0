"""Student-facing words of `labctl verify`, in Indonesian (the tutorial's language) and English.

One table, one entry per message, both languages side by side: a translator sees at once which
message has no Indonesian yet, and a test can check every key has both.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Literal

Lang = Literal["id", "en"]
LANGS: tuple[Lang, ...] = ("id", "en")


def lang_from_env(env: Mapping[str, str] | None = None) -> Lang:
    """The language gettext would choose: LANGUAGE (a list, the first one labctl has) unless
    the locale is C/POSIX, then LC_ALL, LC_MESSAGES, LANG."""
    env = os.environ if env is None else env
    locale = next((env[n] for n in ("LC_ALL", "LC_MESSAGES", "LANG") if env.get(n)), "")
    if locale and locale.split(".")[0] not in ("C", "POSIX"):  # gettext: C ignores it
        for entry in env.get("LANGUAGE", "").split(":"):
            code = entry.lower()[:2]
            if code in LANGS:
                return code
    return "id" if locale.lower().startswith("id") else "en"


_chosen: list[Lang] = []  # the language of this process, once the CLI has chosen it


def use(lang: Lang | None) -> None:
    """The language every later `tr()` speaks: --lang, else the environment's."""
    _chosen[:] = [lang or lang_from_env()]


def current() -> Lang:
    return _chosen[0] if _chosen else lang_from_env()


def tr(key: str, **values: object) -> str:
    """A message in this process's language: for the lines commands say as they work."""
    return t(current(), key, **values)


def check_title(lang: Lang, check_id: str) -> str:
    """A check's title in ``lang``, also for a check that never ran (its id, when untitled)."""
    key = f"title.{check_id}"
    return t(lang, key) if key in MESSAGES else check_id


def t(lang: Lang, key: str, **values: object) -> str:
    en, id_ = MESSAGES[key]
    return (id_ if lang == "id" else en).format(**values)


# key: (English, Indonesian). Placeholders are the same in both.
MESSAGES: dict[str, tuple[str, str]] = {
    # --- what the lab commands say as they work (up, status, stop/start/restart, reset...) ---
    "cmd.lab-up": (
        "lab up ({provider}, stage {stage}): {hosts}",
        "lab menyala ({provider}, tahap {stage}): {hosts}",
    ),
    "cmd.lab-in": ("lab in {project}", "lab di {project}"),
    "cmd.port-fallback": (
        "port {port} needs root here; the embedded lab uses port {fallback}",
        "port {port} butuh root di sini; lab embedded memakai port {fallback}",
    ),
    "cmd.place-taken": (
        "{taken}:{port} is taken ({holder}): this lab uses {subnet} port {candidate} "
        "(`labctl status` shows where)",
        "{taken}:{port} sudah dipakai ({holder}): lab ini memakai {subnet} port {candidate} "
        "(`labctl status` menunjukkan alamatnya)",
    ),
    "cmd.recovering": (
        "`labctl {command}` was interrupted: putting the lab back first",
        "`labctl {command}` terhenti di tengah jalan: lab dipulihkan dulu",
    ),
    "cmd.started": ("{host}: httpd started", "{host}: httpd dinyalakan"),
    "cmd.stopped": ("{host}: httpd stopped", "{host}: httpd dimatikan"),
    "cmd.restarted": ("{host}: httpd restarted", "{host}: httpd dinyalakan ulang"),
    "cmd.lab-stopped": (
        "lab stopped (`labctl up` starts it again)",
        "lab dimatikan (`labctl up` menyalakannya lagi)",
    ),
    "cmd.lab-halted": (
        "lab halted (`labctl up` starts it again)",
        "VM lab dimatikan (`labctl up` menyalakannya lagi)",
    ),
    "cmd.nothing-to-destroy": ("nothing to destroy here", "tidak ada yang perlu dihapus di sini"),
    "cmd.destroyed": ("lab destroyed", "lab dihapus"),
    "cmd.destroyed-by-paths": (
        "lab destroyed (its lab.json was unreadable: removed by its paths)",
        "lab dihapus (lab.json-nya tidak terbaca: dihapus menurut path-nya)",
    ),
    "cmd.copy-removed": (
        "this copy's .labctl/ removed; the lab it was copied from is untouched",
        ".labctl/ salinan ini dihapus; lab aslinya tidak disentuh",
    ),
    "cmd.backup": ("your files are saved in {path}", "file-mu disimpan di {path}"),
    "cmd.reset": ("lab reset to stage {stage}", "lab dikembalikan ke tahap {stage}"),
    "net.by-other": ("by another program", "oleh program lain"),
    "net.by-you": ("by another lab or program of yours", "oleh lab atau program Anda yang lain"),
    "net.by-user": ("by user {user}", "oleh pengguna {user}"),
    "net.in-use": (
        "{address}:{port} is already in use ({holder}): stop it, or set [local] subnet or port "
        "in lab.toml",
        "{address}:{port} sudah dipakai ({holder}): hentikan, atau atur [local] subnet atau port "
        "di lab.toml",
    ),
    "net.not-local": (
        "{address} is not a local address here; on macOS add it with `sudo ifconfig lo0 alias "
        '{address}`, or set [local] subnet = "127.0.0.0/24"',
        "{address} bukan alamat lokal di sini; di macOS tambahkan dengan `sudo ifconfig lo0 "
        'alias {address}`, atau atur [local] subnet = "127.0.0.0/24"',
    ),
    "net.cannot-listen": (
        "cannot listen on {address}:{port}: {why}",
        "tidak bisa mendengarkan di {address}:{port}: {why}",
    ),
    "net.not-own": (
        "{host}: {address}:{port}, where .labctl/lab.json puts this lab, is listened on {holder}, "
        "not by the lab's owner: another user's server is neither run nor graded as this lab "
        "(0 points); `labctl destroy`, then `labctl up`",
        "{host}: {address}:{port}, tempat lab ini menurut .labctl/lab.json, didengarkan {holder}, "
        "bukan oleh pemilik lab: server pengguna lain tidak dijalankan atau dinilai sebagai lab "
        "ini (0 poin); `labctl destroy`, lalu `labctl up`",
    ),
    "status.title": ("lab ({provider}, stage {stage})", "lab ({provider}, tahap {stage})"),
    "status.host": ("host", "host"),
    "status.role": ("role", "peran"),
    "status.address": ("address", "alamat"),
    "status.httpd": ("httpd", "httpd"),
    "status.detail": ("detail", "keterangan"),
    "status.running": ("running", "menyala"),
    "status.stopped": ("stopped", "mati"),
    "status.member": ("member {url}: {status}", "anggota {url}: {status}"),
    "status.manager": ("balancer-manager: {error}", "balancer-manager: {error}"),
    # --- lines `up` and `status` said in English whatever the language (audit of 8/10/12) ---
    "cmd.provider-local": (
        "provider: local, the embedded lab ({why})",
        "provider: local, lab embedded ({why})",
    ),
    "cmd.provider-vagrant": (
        "provider: vagrant ({hypervisor} is usable here)",
        "provider: vagrant ({hypervisor} bisa dipakai di sini)",
    ),
    "cmd.not-installed": ("{what} is not installed", "{what} belum terpasang"),
    "status.lb-stopped": ("the load balancer is stopped", "load balancer mati"),
    "cmd.place-moved": (
        "{taken}:{port} is taken now ({holder}): this lab moves to {subnet} port {candidate}; "
        "addresses in your own files must change too (`labctl status` shows the new ones)",
        "{taken}:{port} sekarang sudah dipakai ({holder}): lab ini pindah ke {subnet} port "
        "{candidate}; alamat di file-mu sendiri juga harus diganti (`labctl status` menunjukkan "
        "yang baru)",
    ),
    "state.belongs": ("this lab belongs to {owner}: {project}", "lab ini milik {owner}: {project}"),
    "state.belongs-root": (
        "this lab belongs to {owner}: {project} (as that user: `sudo -u {owner} labctl ...`)",
        "lab ini milik {owner}: {project} (sebagai pengguna itu: `sudo -u {owner} labctl ...`)",
    ),
    "state.no-lab": (
        "no lab here yet (none in {where} or above): run `labctl up` first, in the directory "
        "you want the lab in",
        "belum ada lab di sini (tidak ada di {where} maupun di atasnya): jalankan `labctl up` "
        "dulu, di direktori tempat lab-mu",
    ),
    "state.busy": (
        "the lab is busy: `labctl {command}` (pid {pid}) is running on it; wait for it to finish",
        "lab sedang dipakai: `labctl {command}` (pid {pid}) sedang berjalan; tunggu sampai selesai",
    ),
    "state.settings-changed": (
        "{lab_toml} has changed since `labctl up`: run `labctl up` to apply it (or undo the "
        "change)",
        "{lab_toml} berubah sejak `labctl up`: jalankan `labctl up` untuk menerapkannya (atau "
        "batalkan perubahannya)",
    ),
    # --- verify: check titles ---------------------------------------------------------------
    "title.config-valid": (
        "Apache accepts the load balancer's configuration (configtest)",
        "Apache menerima konfigurasi load balancer (configtest)",
    ),
    "title.httpd-running": (
        "httpd was running on every host",
        "httpd menyala di semua host",
    ),
    "title.balancer-answers": (
        "the load balancer passes /, /index.html and a missing page to the servers",
        "load balancer meneruskan /, /index.html dan halaman yang tidak ada ke server",
    ),
    "title.both-members": (
        "server1 and server2 are both members of the balancer",
        "server1 dan server2 keduanya anggota balancer",
    ),
    "title.pages-differ": (
        "server1 and server2 serve their own pages (Server 1, Server 2)",
        "server1 dan server2 menyajikan halamannya sendiri (Server 1, Server 2)",
    ),
    "title.alternation": (
        "reloads alternate between Server 1 and Server 2",
        "reload bergantian antara Server 1 dan Server 2",
    ),
    "title.one-down-survivor": (
        "server1 stopped: Server 2 answers every request",
        "server1 dimatikan: Server 2 menjawab semua permintaan",
    ),
    "title.one-down-member-error": (
        "server1 stopped: balancer-manager shows it in error",
        "server1 dimatikan: balancer-manager menampilkan statusnya error",
    ),
    "title.both-down-503": (
        "both servers stopped: 503 Service Unavailable",
        "kedua server dimatikan: 503 Service Unavailable",
    ),
    "title.manager-not-proxied": (
        "/balancer-manager is answered by the load balancer, not passed to the servers",
        "/balancer-manager dijawab oleh load balancer, tidak diteruskan ke server",
    ),
    "title.both-back": (
        "both servers started again: the site is back",
        "kedua server dinyalakan lagi: situs kembali normal",
    ),
    "title.manager-admits": (
        "/balancer-manager opens with the right user and password",
        "/balancer-manager terbuka dengan user dan password yang benar",
    ),
    "title.manager-refuses-anonymous": (
        "/balancer-manager refuses visitors without a password (401)",
        "/balancer-manager menolak pengunjung tanpa password (401)",
    ),
    "title.manager-refuses-wrong-password": (
        "/balancer-manager refuses a wrong password (401)",
        "/balancer-manager menolak password yang salah (401)",
    ),
    "title.manager-realm": (
        'the login prompt is Basic auth with realm "balancer-manager"',
        'jendela login memakai Basic auth dengan realm "balancer-manager"',
    ),
    "title.proxypassreverse": (
        "a server's redirect comes back through the load balancer (ProxyPassReverse)",
        "redirect dari server kembali lewat load balancer (ProxyPassReverse)",
    ),
    # --- verify: what each check expects ----------------------------------------------------
    "expected.config-valid": ("configtest: Syntax OK", "configtest: Syntax OK"),
    "expected.httpd-running": (
        "loadbalancer, server1, server2 running",
        "loadbalancer, server1, server2 menyala",
    ),
    "expected.balancer-answers": (
        "/ and /index.html: 200 with a 'Server N' page; a missing page: the server's 404",
        "/ dan /index.html: 200 dengan halaman 'Server N'; halaman yang tidak ada: 404 dari server",
    ),
    "expected.both-members": (
        "a BalancerMember for server1 and for server2",
        "BalancerMember untuk server1 dan server2",
    ),
    "expected.pages-differ": (
        "server1: 'Server 1', server2: 'Server 2'",
        "server1: 'Server 1', server2: 'Server 2'",
    ),
    "expected.alternation": (
        "4 x 200, Server 1 and Server 2 in turn",
        "4 x 200, Server 1 dan Server 2 bergantian",
    ),
    "expected.one-down-survivor": (
        "4 x 200, all from Server 2",
        "4 x 200, semuanya dari Server 2",
    ),
    "expected.one-down-member-error": (
        "server1's member: Err",
        "anggota server1: Err",
    ),
    "expected.both-down-503": (
        "3 x 503 Service Unavailable",
        "3 x 503 Service Unavailable",
    ),
    "expected.manager-not-proxied": (
        "with both servers stopped, /balancer-manager still answered by the load balancer "
        "(401 or the manager page), not 503",
        "saat kedua server mati, /balancer-manager tetap dijawab load balancer "
        "(401 atau halaman manager), bukan 503",
    ),
    "expected.both-back": (
        "200 from a server within a few seconds",
        "200 dari salah satu server dalam beberapa detik",
    ),
    "expected.manager-admits": (
        "200 and the balancer-manager page",
        "200 dan halaman balancer-manager",
    ),
    "expected.manager-refuses-anonymous": ("401", "401"),
    "expected.manager-refuses-wrong-password": ("401", "401"),
    "expected.manager-realm": (
        'WWW-Authenticate: Basic realm="balancer-manager"',
        'WWW-Authenticate: Basic realm="balancer-manager"',
    ),
    "expected.proxypassreverse": (
        "/labctl: 301 to the load balancer's own address (ProxyPassReverse / "
        "balancer://{balancer}/)",
        "/labctl: 301 ke alamat load balancer sendiri (ProxyPassReverse / balancer://{balancer}/)",
    ),
    # --- verify: what a check saw -----------------------------------------------------------
    "obs.server-page": ("200, 'Server {number}' page", "200, halaman 'Server {number}'"),
    "obs.manager-page": ("200, balancer-manager page", "200, halaman balancer-manager"),
    "obs.missing-page": ("a missing page", "halaman yang tidak ada"),
    "obs.members-manager": (
        "balancer-manager lists: {members}",
        "balancer-manager mencantumkan: {members}",
    ),
    "obs.members-file": (
        "the files list (the manager could not be read): {members}",
        "file mencantumkan (manager tidak bisa dibaca): {members}",
    ),
    "obs.unresolved": ("does not resolve", "tidak bisa di-resolve"),
    "obs.not-listed": ("not listed", "tidak tercantum"),
    "obs.manager-answered": (
        "/balancer-manager answered {status}",
        "/balancer-manager menjawab {status}",
    ),
    "obs.www-authenticate": ("WWW-Authenticate: {value}", "WWW-Authenticate: {value}"),
    "obs.no-header": ("no WWW-Authenticate header", "tanpa header WWW-Authenticate"),
    "obs.stopped": ("stopped: {hosts}", "mati: {hosts}"),
    "obs.reverse-file": (
        "the servers give no redirect to test (no /labctl/ directory): read from the files, "
        "ProxyPassReverse at {line}",
        "server tidak memberi redirect untuk diuji (tidak ada direktori /labctl/): dibaca dari "
        "file, ProxyPassReverse di {line}",
    ),
    "obs.not-run": (
        "not run: Apache refuses the file on disk",
        "tidak dijalankan: Apache menolak file di disk",
    ),
    # --- verify: hints, the likely cause and the fix ----------------------------------------
    "hint.not-run": (
        "fix the file Apache refuses first (see config-valid); this check did not run.",
        "perbaiki dulu file yang ditolak Apache (lihat config-valid); pemeriksaan ini tidak "
        "dijalankan.",
    ),
    "hint.refused": (
        "Apache refuses the configuration at {where}: {message}. Fix that line, then "
        "`labctl restart loadbalancer`. Nothing else was graded: the lab is as it was.",
        "Apache menolak konfigurasi di {where}: {message}. Perbaiki baris itu, lalu "
        "`labctl restart loadbalancer`. Tidak ada yang lain dinilai: lab tetap seperti semula.",
    ),
    "hint.restart-failed": (
        "Apache accepted the configuration, but the load balancer did not come back after "
        "the restart: {error}. The other checks show what it does now.",
        "Apache menerima konfigurasi, tetapi load balancer tidak kembali setelah restart: "
        "{error}. Pemeriksaan lain menunjukkan apa yang dilakukannya sekarang.",
    ),
    "hint.bom": (
        "{file} starts with an invisible UTF-8 byte order mark (BOM) that Apache reads as part "
        "of the first word. Save it as UTF-8 without BOM (nano: rewrite the first line; "
        "`sed -i '1s/^\\xEF\\xBB\\xBF//' {path}`), then `labctl restart loadbalancer`.",
        "{file} diawali byte order mark (BOM) UTF-8 yang tak terlihat, yang dibaca Apache "
        "sebagai bagian dari kata pertama. Simpan sebagai UTF-8 tanpa BOM (`sed -i "
        "'1s/^\\xEF\\xBB\\xBF//' {path}`), lalu `labctl restart loadbalancer`.",
    ),
    "hint.smart-quotes": (
        "{where} has typographic quotes (“ ” ‘ ’), usually copied from a web page or a word "
        'processor: `{line}`. Apache only knows straight quotes ("): retype them.',
        "{where} memakai tanda kutip tipografis (“ ” ‘ ’), biasanya hasil salin dari halaman "
        'web atau pengolah kata: `{line}`. Apache hanya mengenal kutip lurus ("): ketik ulang.',
    ),
    "hint.invalid-command": (
        "Apache does not know `{command}` ({where}): a typo, or a module that is not loaded.",
        "Apache tidak mengenal `{command}` ({where}): salah ketik, atau modulnya tidak dimuat.",
    ),
    "hint.invalid-command-typo": (
        "Apache does not know `{command}` ({where}): did you mean `{known}`?",
        "Apache tidak mengenal `{command}` ({where}): maksudnya `{known}`?",
    ),
    "hint.unclosed-section": (
        "a section is not closed as it was opened ({where}: {message}): every <proxy> needs "
        "its </proxy>, every <location> its </location>.",
        "ada section yang tidak ditutup sesuai pembukanya ({where}: {message}): setiap <proxy> "
        "perlu </proxy>, setiap <location> perlu </location>.",
    ),
    "hint.could-not-read": (
        "could not read {path}: {reason}. labctl cannot see what Apache reads there; check "
        "its permissions (`ls -l {path}`).",
        "tidak bisa membaca {path}: {reason}. labctl tidak bisa melihat apa yang dibaca Apache "
        "di sana; periksa izinnya (`ls -l {path}`).",
    ),
    "hint.host-stopped": (
        "{host}'s httpd is stopped: `labctl start {host}` (on a VM: `systemctl start httpd`). "
        "verify started it for the other checks and stopped it again afterwards. {more}",
        "httpd di {host} mati: `labctl start {host}` (di VM: `systemctl start httpd`). "
        "verify menyalakannya untuk pemeriksaan lain lalu mematikannya lagi. {more}",
    ),
    "hint.host-wont-start": (
        "{host}'s httpd is stopped and does not start: {error} {more}",
        "httpd di {host} mati dan tidak bisa dinyalakan: {error} {more}",
    ),
    "hint.no-config": (
        "no .conf file in {conf_d} sets up a balancer: create {conf_d}/lbsisjarkom.conf as the "
        "tutorial shows, then `labctl restart loadbalancer`.",
        "tidak ada file .conf di {conf_d} yang membuat balancer: buat "
        "{conf_d}/lbsisjarkom.conf seperti di tutorial, lalu `labctl restart loadbalancer`.",
    ),
    "hint.no-proxypass-root": (
        "there is no `ProxyPass / balancer://{balancer}/`: the load balancer serves its own "
        "pages instead of passing requests to the cluster.",
        "tidak ada `ProxyPass / balancer://{balancer}/`: load balancer menyajikan halamannya "
        "sendiri, bukan meneruskan permintaan ke cluster.",
    ),
    "hint.unknown-balancer": (
        "`ProxyPass /` ({where}) sends to {target}, but the <proxy> block defines {defined}: "
        "the two names must be the same.",
        "`ProxyPass /` ({where}) mengarah ke {target}, tetapi blok <proxy> mendefinisikan "
        "{defined}: kedua nama harus sama.",
    ),
    "hint.member-path": (
        "the member {url} ({where}) has a path: Apache adds the request to it, so / becomes a "
        "page the server does not have (404). Write the member as http://ADDRESS:PORT only.",
        "anggota {url} ({where}) memiliki path: Apache menambahkan permintaan di belakangnya, "
        "sehingga / menjadi halaman yang tidak dimiliki server (404). Tulis anggota sebagai "
        "http://ALAMAT:PORT saja.",
    ),
    "hint.member-https": (
        "the member {url} ({where}) uses https://, but the servers speak plain HTTP on port 80 "
        "(and the load balancer has no SSLProxyEngine): every request is a 500 (AH01144). "
        "Write http://.",
        "anggota {url} ({where}) memakai https://, padahal server berbicara HTTP biasa di port "
        "80 (dan load balancer tidak punya SSLProxyEngine): setiap permintaan menjadi 500 "
        "(AH01144). Tulis http://.",
    ),
    "hint.few-members": (
        "only {count} BalancerMember in <proxy {balancer}> ({where}): add one line per server "
        "({missing}).",
        "hanya ada {count} BalancerMember di <proxy {balancer}> ({where}): tambahkan satu baris "
        "untuk setiap server ({missing}).",
    ),
    "hint.member-missing": (
        "no BalancerMember reaches {host} ({url}); the load balancer resolves the members to: "
        "{seen}. Check the address and port on each line.",
        "tidak ada BalancerMember yang mengarah ke {host} ({url}); load balancer me-resolve "
        "anggotanya menjadi: {seen}. Periksa alamat dan port di setiap baris.",
    ),
    "hint.member-unresolved": (
        "the load balancer cannot resolve the host name {host} ({url}): add it to its "
        "/etc/hosts or write the server's address.",
        "load balancer tidak bisa me-resolve nama host {host} ({url}): tambahkan ke "
        "/etc/hosts-nya atau tulis alamat server.",
    ),
    "hint.proxypass-no-slash": (
        "`ProxyPass {line}` ({where}): one side ends with / and the other does not, so / works "
        "but every other page becomes a 500 (AH01144). Write `ProxyPass / balancer://NAME/`.",
        "`ProxyPass {line}` ({where}): satu sisi diakhiri / dan sisi lain tidak, sehingga / "
        "berjalan tetapi setiap halaman lain menjadi 500 (AH01144). Tulis "
        "`ProxyPass / balancer://NAMA/`.",
    ),
    "hint.no-protocol-handler": (
        "the load balancer logged AH01144 (no protocol handler for a balancer URL): check the "
        "ProxyPass target and that mod_proxy_balancer is loaded.",
        "load balancer mencatat AH01144 (tidak ada protocol handler untuk URL balancer): "
        "periksa target ProxyPass dan bahwa mod_proxy_balancer dimuat.",
    ),
    "hint.error-log": (
        "from the load balancer's error log during this check: {causes}",
        "dari error log load balancer selama pemeriksaan ini: {causes}",
    ),
    "hint.errno-111": (
        "connection refused: httpd is not running on {target} (start it there)",
        "koneksi ditolak: httpd tidak berjalan di {target} (nyalakan di sana)",
    ),
    "hint.errno-13": (
        "permission denied: SELinux stops httpd from connecting out "
        "(`setsebool -P httpd_can_network_connect 1` on the load balancer)",
        "izin ditolak: SELinux melarang httpd membuka koneksi keluar "
        "(`setsebool -P httpd_can_network_connect 1` di load balancer)",
    ),
    "hint.errno-113": (
        "no route to host: a firewall on {target} blocks port 80 (`firewall-cmd --permanent "
        "--add-service=http && firewall-cmd --reload`) or the network is down",
        "tidak ada rute ke host: firewall di {target} memblokir port 80 (`firewall-cmd "
        "--permanent --add-service=http && firewall-cmd --reload`) atau jaringannya mati",
    ),
    "hint.errno-110": (
        "connection timed out: {target} does not answer (VM down or traffic dropped)",
        "koneksi habis waktu: {target} tidak menjawab (VM mati atau lalu lintas dibuang)",
    ),
    "hint.errno-101": (
        "network unreachable: the load balancer has no route to {target}",
        "jaringan tidak terjangkau: load balancer tidak punya rute ke {target}",
    ),
    "hint.errno": (
        "error {errno} connecting to {target}",
        "galat {errno} saat menghubungi {target}",
    ),
    "hint.same-page": (
        "both servers serve the same page ('{page}'): edit {host}'s index.html "
        "(`labctl path {host} html`) so that it says Server {number}.",
        "kedua server menyajikan halaman yang sama ('{page}'): ubah index.html di {host} "
        "(`labctl path {host} html`) agar bertuliskan Server {number}.",
    ),
    "hint.server-page": (
        "{host} does not serve a 'Server {number}' page ({observed}): check its index.html "
        "(`labctl path {host} html`).",
        "{host} tidak menyajikan halaman 'Server {number}' ({observed}): periksa index.html-nya "
        "(`labctl path {host} html`).",
    ),
    "hint.other-traffic": (
        "{count} request(s) from someone else reached the load balancer during this check, in "
        "every attempt (its access log says so): the order cannot be judged. Stop the other "
        "traffic (a browser reloading, a script) and run verify again.",
        "{count} permintaan dari pihak lain masuk ke load balancer selama pemeriksaan ini, di "
        "setiap percobaan (menurut access log-nya): urutannya tidak bisa dinilai. Hentikan lalu "
        "lintas lain (browser yang me-reload, skrip) lalu jalankan verify lagi.",
    ),
    "hint.lbmethod": (
        "lbmethod={method} ({where}) balances by {method}, not by turns: reloads do not simply "
        "alternate. The tutorial's `ProxySet lbmethod=byrequests` takes turns.",
        "lbmethod={method} ({where}) membagi beban menurut {method}, bukan bergiliran: reload "
        "tidak selalu bergantian. `ProxySet lbmethod=byrequests` di tutorial bergiliran.",
    ),
    "hint.exclusion-after-root": (
        "`ProxyPass /` ({root}) comes before `ProxyPass /balancer-manager !` ({exclusion}): "
        "Apache uses the first ProxyPass that matches, and / matches everything, so "
        "/balancer-manager is passed to the servers. Put the exclusion line first.",
        "`ProxyPass /` ({root}) berada sebelum `ProxyPass /balancer-manager !` ({exclusion}): "
        "Apache memakai ProxyPass pertama yang cocok, dan / cocok dengan semuanya, sehingga "
        "/balancer-manager diteruskan ke server. Letakkan baris pengecualian lebih dulu.",
    ),
    "hint.no-exclusion": (
        "there is no `ProxyPass /balancer-manager !`: /balancer-manager is passed to the "
        "servers like every other page. Add it before `ProxyPass /`.",
        "tidak ada `ProxyPass /balancer-manager !`: /balancer-manager diteruskan ke server "
        "seperti halaman lain. Tambahkan sebelum `ProxyPass /`.",
    ),
    "hint.exclusion-slash": (
        "`ProxyPass {path} !` ({where}) excludes only what is below {path}: /balancer-manager "
        "itself is still passed to the servers. Write `ProxyPass /balancer-manager !`.",
        "`ProxyPass {path} !` ({where}) hanya mengecualikan yang ada di bawah {path}: "
        "/balancer-manager sendiri tetap diteruskan ke server. Tulis "
        "`ProxyPass /balancer-manager !`.",
    ),
    "hint.no-manager-location": (
        "there is no <location /balancer-manager> with `SetHandler balancer-manager`: add the "
        "tutorial's block.",
        "tidak ada <location /balancer-manager> dengan `SetHandler balancer-manager`: "
        "tambahkan blok dari tutorial.",
    ),
    "hint.location-slash": (
        "<location {path}> ({where}) ends with a slash: it does not match /balancer-manager "
        'itself. Write <location "/balancer-manager">.',
        "<location {path}> ({where}) diakhiri garis miring: tidak cocok dengan "
        '/balancer-manager itu sendiri. Tulis <location "/balancer-manager">.',
    ),
    "hint.location-smart-quotes": (
        "<location {path}> ({where}) has typographic quotes, which Apache takes as part of the "
        'path: retype them as straight quotes, <location "/balancer-manager">.',
        "<location {path}> ({where}) memakai kutip tipografis, yang dianggap Apache sebagai "
        'bagian dari path: ketik ulang dengan kutip lurus, <location "/balancer-manager">.',
    ),
    "hint.location-case": (
        "<location {path}> ({where}): paths are case-sensitive, the manager is at "
        "/balancer-manager (all lowercase).",
        "<location {path}> ({where}): path membedakan huruf besar dan kecil, manager ada di "
        "/balancer-manager (huruf kecil semua).",
    ),
    "hint.manager-open": (
        "the manager is open to everyone: <location /balancer-manager> ({where}) lacks "
        "{missing}. Do the tutorial's step 'Mengamankan Balancer Manager'.",
        "manager terbuka untuk semua orang: <location /balancer-manager> ({where}) tidak punya "
        "{missing}. Kerjakan langkah 'Mengamankan Balancer Manager' di tutorial.",
    ),
    "hint.manager-open-allow": (
        "the manager is open to everyone: <location /balancer-manager> ({where}) lacks "
        "{missing}, and `{line}` lets everybody in. Do the tutorial's step 'Mengamankan "
        "Balancer Manager'.",
        "manager terbuka untuk semua orang: <location /balancer-manager> ({where}) tidak punya "
        "{missing}, dan `{line}` mengizinkan semua orang masuk. Kerjakan langkah 'Mengamankan "
        "Balancer Manager' di tutorial.",
    ),
    "hint.manager-granted": (
        "`{line}` ({where}) lets everyone in: next to `Require valid-user` it is enough that "
        "one Require holds. Remove that line.",
        "`{line}` ({where}) mengizinkan semua orang masuk: bersama `Require valid-user`, cukup "
        "satu Require yang terpenuhi. Hapus baris itu.",
    ),
    "hint.wrong-realm": (
        'the realm is "{realm}": the tutorial\'s `AuthName` is "balancer-manager" ({where}).',
        'realm-nya "{realm}": `AuthName` di tutorial adalah "balancer-manager" ({where}).',
    ),
    "hint.realm-smart-quotes": (
        "the realm is {realm}: `AuthName` ({where}) has typographic quotes, which Apache keeps "
        'as part of the name. Retype them as straight quotes: AuthName "balancer-manager".',
        "realm-nya {realm}: `AuthName` ({where}) memakai kutip tipografis, yang disimpan "
        "Apache sebagai bagian dari nama. Ketik ulang dengan kutip lurus: AuthName "
        '"balancer-manager".',
    ),
    "hint.not-basic": (
        "`AuthType {value}` ({where}): the tutorial uses basic authentication, `AuthType basic`.",
        "`AuthType {value}` ({where}): tutorial memakai autentikasi basic, `AuthType basic`.",
    ),
    "hint.htpasswd-missing": (
        "the password file {path} (AuthUserFile) does not exist: create it with "
        "`htpasswd -c {path} {user}`.",
        "file password {path} (AuthUserFile) tidak ada: buat dengan `htpasswd -c {path} {user}`.",
    ),
    "hint.htpasswd-dir-missing": (
        "`AuthUserFile {path}`: the directory {dir} does not exist on this lab's load "
        "balancer (that is the VM's path). Here the file belongs at {lab_path} "
        "(`labctl path loadbalancer htpasswd`): set `AuthUserFile {lab_path}` and run "
        "`htpasswd -c {lab_path} {user}`.",
        "`AuthUserFile {path}`: direktori {dir} tidak ada di load balancer lab ini (itu path "
        "di VM). Di sini file-nya ada di {lab_path} (`labctl path loadbalancer htpasswd`): "
        "tulis `AuthUserFile {lab_path}` lalu jalankan `htpasswd -c {lab_path} {user}`.",
    ),
    "hint.htpasswd-unreadable": (
        "Apache cannot read the password file {path}: `chmod 644 {path}`.",
        "Apache tidak bisa membaca file password {path}: `chmod 644 {path}`.",
    ),
    "hint.user-case": (
        "{path} has the user '{found}', not '{user}': user names are case-sensitive. "
        "`htpasswd {path} {user}`, or log in as {found} (--user {found}).",
        "{path} berisi user '{found}', bukan '{user}': nama user membedakan huruf besar dan "
        "kecil. `htpasswd {path} {user}`, atau login sebagai {found} (--user {found}).",
    ),
    "hint.user-not-in-file": (
        "{path} has no user '{user}' (it has: {users}): `htpasswd {path} {user}` with the "
        "password from `labctl credentials`.",
        "{path} tidak berisi user '{user}' (isinya: {users}): `htpasswd {path} {user}` dengan "
        "password dari `labctl credentials`.",
    ),
    "hint.credentials-refused": (
        "user '{user}' is in {path} but the lab's password is refused: set it again with "
        "`htpasswd {path} {user}` and the password from `labctl credentials`, or give yours "
        "with --user/--password.",
        "user '{user}' ada di {path} tetapi password lab ditolak: atur ulang dengan "
        "`htpasswd {path} {user}` dan password dari `labctl credentials`, atau berikan "
        "milikmu dengan --user/--password.",
    ),
    "hint.no-proxypassreverse": (
        "a server's redirect ({location}) sends the browser to the server's own address, "
        "around the load balancer: there is no `ProxyPassReverse / balancer://{balancer}/`. "
        "Add the tutorial's line.",
        "redirect dari server ({location}) mengarahkan browser ke alamat server itu sendiri, "
        "melewati load balancer: tidak ada `ProxyPassReverse / balancer://{balancer}/`. "
        "Tambahkan baris dari tutorial.",
    ),
    "hint.proxypassreverse-wrong": (
        "`ProxyPassReverse {line}` ({where}) does not rewrite the servers' redirects "
        "({location}): it must name the same balancer as `ProxyPass /`, with the final slash.",
        "`ProxyPassReverse {line}` ({where}) tidak menulis ulang redirect dari server "
        "({location}): harus menyebut balancer yang sama dengan `ProxyPass /`, dengan garis "
        "miring di akhir.",
    ),
    "hint.lb-silent": (
        "the load balancer does not answer ({error}): is its httpd running? "
        "`labctl start loadbalancer`.",
        "load balancer tidak menjawab ({error}): apakah httpd-nya menyala? "
        "`labctl start loadbalancer`.",
    ),
    "hint.conn-refused": (
        "{url}: connection refused or reset",
        "{url}: koneksi ditolak atau terputus",
    ),
    "hint.conn-timeout": (
        "{url}: no complete answer within {seconds} s",
        "{url}: tidak ada jawaban lengkap dalam {seconds} detik",
    ),
    "hint.conn-not-asked": ("{url}: not asked, {why}", "{url}: tidak ditanyakan, {why}"),
    "hint.conn-other": ("{url}: {detail}", "{url}: {detail}"),
    "hint.compare": (
        "compare {conf_d}/*.conf with the tutorial's lbsisjarkom.conf line by line.",
        "bandingkan {conf_d}/*.conf dengan lbsisjarkom.conf di tutorial baris demi baris.",
    ),
    # --- lines around the checks ------------------------------------------------------------
    "score": (
        "Score: {passed}/{total} checks passed",
        "Nilai: {passed}/{total} pemeriksaan lulus",
    ),
    "all-passed": (
        "Every check passed: the balancer does what was asked.",
        "Semua pemeriksaan lulus: balancer bekerja seperti yang diminta.",
    ),
    "checking": (
        "Checking the lab at {address}:{port} with its configuration as it is now ...",
        "Memeriksa lab di {address}:{port} dengan konfigurasinya saat ini ...",
    ),
    "restored": (
        "The lab is back as it was found (running: {running}).",
        "Lab sudah dikembalikan seperti semula (menyala: {running}).",
    ),
    "no-lab": (
        "no lab here yet: run `labctl up --stage base` first (no .labctl/ in {where})",
        "belum ada lab di sini: jalankan `labctl up --stage base` dulu (tidak ada .labctl/ "
        "di {where})",
    ),
    "none": ("none", "tidak ada"),
    "pass": ("PASS", "LULUS"),
    "fail": ("FAIL", "GAGAL"),
    "observed": ("seen", "terlihat"),
    "expected": ("expected", "diharapkan"),
    "aborted": (
        "verify stopped before the end: {error}",
        "verify berhenti sebelum selesai: {error}",
    ),
    "unreachable": ("unreachable: {error}", "tidak bisa dihubungi: {error}"),
    # --- grading a class (labctl verify --inventory): table, progress, exports, report ------
    "class.no-lab": (
        "{where}: no lab there (no .labctl/lab.json)",
        "{where}: tidak ada lab di sana (tidak ada .labctl/lab.json)",
    ),
    "class.silent": ("the balancer {url} does not answer", "balancer {url} tidak menjawab"),
    "class.no-password": (
        "no manager password for this lab (password = ... in its entry)",
        "tidak ada password manager untuk lab ini (password = ... di entrinya)",
    ),
    "class.crashed": (
        "labctl could not grade this lab ({error}); please report it",
        "labctl gagal menilai lab ini ({error}); mohon laporkan",
    ),
    "class.not-run": (
        "{check} did not run ({reason})",
        "{check} tidak dijalankan ({reason})",
    ),
    "class.title": ("labctl verify --inventory", "labctl verify --inventory"),
    "class.lab": ("lab", "lab"),
    "class.points": ("points", "poin"),
    "class.grade": ("grade", "nilai"),
    "class.failed": ("failed checks / reason", "pemeriksaan gagal / alasan"),
    "class.same-as": (
        "the same lab as '{label}' (graded once)",
        "lab yang sama dengan '{label}' (dinilai sekali)",
    ),
    "class.grading": ("grading", "menilai"),
    "class.status": ("status", "status"),
    "status.passed": ("passed", "lulus"),
    "status.failed": ("failed", "gagal"),
    "status.unreachable": ("unreachable", "tidak terhubung"),
    "class.counts": (
        "{passed} passed, {failed} failed, {unreachable} unreachable",
        "{passed} lulus, {failed} gagal, {unreachable} tidak bisa dihubungi",
    ),
    "class.wrote": ("wrote {files}", "ditulis: {files}"),
    "report.title": ("Class results", "Hasil kelas"),
    "report.chart": ("Pass rate per check", "Persentase lulus per pemeriksaan"),
    "report.chart-note": (
        "Short bars: the parts of the tutorial the class did not get yet.",
        "Batang pendek: bagian tutorial yang belum dikuasai kelas.",
    ),
    "report.students": ("Students", "Mahasiswa"),
    "report.labs": ("{n} labs", "{n} lab"),
    "report.max": ("At most {points} points.", "Poin maksimum: {points}."),
    "report.sort": ("Click a column header to sort.", "Klik judul kolom untuk mengurutkan."),
    "report.hints": ("hints", "petunjuk"),
    "report.made": ("Made by labctl on {when}.", "Dibuat oleh labctl pada {when}."),
    "report.check": ("check", "pemeriksaan"),
    "report.rate": ("passed", "lulus"),
    # --- labctl doctor (labctl/doctor.py): what this machine lacks for the lab, and the fix ---
    # doctor.KEY is a finding, doctor.KEY.fix its fix; values in {} are data (versions, paths).
    "doctor.where-mac": ("Apple silicon", "Apple silicon"),
    "doctor.where-arm": ("this {machine} machine", "mesin {machine} ini"),
    "doctor.none": ("none", "tidak ada"),
    "doctor.size-centos": ("about 0.5 GB", "sekitar 0,5 GB"),
    "doctor.size-other": ("several hundred MB", "beberapa ratus MB"),
    "doctor.apache-ok": ("embedded lab: Apache at {binary}", "lab embedded: Apache di {binary}"),
    "doctor.apache-missing": (
        "embedded lab: Apache httpd not found",
        "lab embedded: Apache httpd tidak ditemukan",
    ),
    "doctor.apache-missing.fix": ("{reason}", "{reason}"),
    "doctor.provider-unknown": (
        "labctl does not drive Vagrant's {provider}",
        "labctl tidak mengendalikan provider Vagrant {provider}",
    ),
    "doctor.vagrant-missing": ("Vagrant is not installed", "Vagrant belum terpasang"),
    "doctor.vagrant-missing.fix": (
        "install it (https://developer.hashicorp.com/vagrant/install or "
        "`sudo apt-get install vagrant`), or use --provider local",
        "pasang Vagrant (https://developer.hashicorp.com/vagrant/install atau "
        "`sudo apt-get install vagrant`), atau pakai --provider local",
    ),
    "doctor.vagrant-unreadable": (
        "cannot read the Vagrant version from {text}",
        "versi Vagrant tidak terbaca dari {text}",
    ),
    "doctor.vagrant-old": (
        "Vagrant {version} is too old (labctl needs {minimum} or newer)",
        "Vagrant {version} terlalu lama (labctl butuh {minimum} atau lebih baru)",
    ),
    "doctor.vagrant-old.fix": (
        "upgrade Vagrant, or use --provider local",
        "perbarui Vagrant, atau pakai --provider local",
    ),
    "doctor.vagrant-ok": ("Vagrant {version}", "Vagrant {version}"),
    "doctor.vbox-missing": (
        "VirtualBox is not installed (VBoxManage not found)",
        "VirtualBox belum terpasang (VBoxManage tidak ditemukan)",
    ),
    "doctor.vbox-missing.fix": (
        "install VirtualBox (https://www.virtualbox.org/wiki/Downloads), "
        'or use --provider local, or libvirt (lab.toml: vagrant.hypervisor = "libvirt")',
        "pasang VirtualBox (https://www.virtualbox.org/wiki/Downloads), "
        'atau pakai --provider local, atau libvirt (lab.toml: vagrant.hypervisor = "libvirt")',
    ),
    "doctor.vbox-no-module": (
        "VirtualBox is installed but its kernel module (vboxdrv) is not loaded",
        "VirtualBox terpasang tetapi modul kernelnya (vboxdrv) tidak dimuat",
    ),
    "doctor.vbox-no-module.fix": (
        "sudo /sbin/vboxconfig (and on Secure Boot machines, enrol the module's key)",
        "sudo /sbin/vboxconfig (dan di mesin dengan Secure Boot, daftarkan kunci modulnya)",
    ),
    "doctor.vbox-unreadable": (
        "cannot read the VirtualBox version from {text}",
        "versi VirtualBox tidak terbaca dari {text}",
    ),
    "doctor.vbox-ok": ("VirtualBox {version}", "VirtualBox {version}"),
    "doctor.vbox-newer": (
        "VirtualBox {vbox} is newer than labctl knows; Vagrant {vagrant} may not support it yet",
        "VirtualBox {vbox} lebih baru dari yang dikenal labctl; Vagrant {vagrant} mungkin belum "
        "mendukungnya",
    ),
    "doctor.vbox-newer.fix": (
        'if `labctl up` says "isn\'t usable", install the newest Vagrant ({url})',
        'jika `labctl up` berkata "isn\'t usable", pasang Vagrant terbaru ({url})',
    ),
    "doctor.vbox-supported": (
        "Vagrant {vagrant} supports VirtualBox {series}",
        "Vagrant {vagrant} mendukung VirtualBox {series}",
    ),
    "doctor.vbox-unsupported": (
        "Vagrant {vagrant} does not support VirtualBox {vbox} (VirtualBox {series} needs "
        "Vagrant {needed} or newer)",
        "Vagrant {vagrant} tidak mendukung VirtualBox {vbox} (VirtualBox {series} butuh "
        "Vagrant {needed} atau lebih baru)",
    ),
    "doctor.vbox-unsupported.fix": (
        "install Vagrant >= {needed} from HashiCorp ({url}; distribution packages such as "
        "Debian's 2.3.4 are older), or install VirtualBox {older} instead",
        "pasang Vagrant >= {needed} dari HashiCorp ({url}; paket distribusi seperti 2.3.4 "
        "milik Debian lebih lama), atau pasang VirtualBox {older} saja",
    ),
    "doctor.vbox-arm64-old": (
        "VirtualBox {vbox} cannot run arm64 VMs (VirtualBox {since} or newer can)",
        "VirtualBox {vbox} tidak bisa menjalankan VM arm64 (VirtualBox {since} atau lebih baru "
        "bisa)",
    ),
    "doctor.vbox-arm64-old.fix": (
        "install VirtualBox {since} or newer for Apple silicon "
        "(https://www.virtualbox.org/wiki/Downloads), or use --provider local",
        "pasang VirtualBox {since} atau lebih baru untuk Apple silicon "
        "(https://www.virtualbox.org/wiki/Downloads), atau pakai --provider local",
    ),
    "doctor.kvm-none": (
        "no KVM module loaded: VirtualBox has VT-x/AMD-V to itself",
        "tidak ada modul KVM yang dimuat: VT-x/AMD-V hanya dipakai VirtualBox",
    ),
    "doctor.kvm-old-kernel": (
        "{module} is loaded; on Linux {kernel} it leaves VT-x/AMD-V to VirtualBox",
        "{module} dimuat; di Linux {kernel} modul itu membiarkan VT-x/AMD-V untuk VirtualBox",
    ),
    "doctor.kvm-holds": (
        "{module} is loaded and Linux {kernel} (>= 6.12) hands VT-x/AMD-V to KVM at load: "
        "VirtualBox VMs would not start ({code})",
        "{module} dimuat dan Linux {kernel} (>= 6.12) menyerahkan VT-x/AMD-V ke KVM saat modul "
        "dimuat: VM VirtualBox tidak akan menyala ({code})",
    ),
    "doctor.kvm-holds.fix": (
        "`sudo modprobe -r {module} kvm` now; to keep it off, `echo 'options kvm "
        "enable_virt_at_load=0' | sudo tee /etc/modprobe.d/kvm-virtualbox.conf`; or use "
        'libvirt (lab.toml: vagrant.hypervisor = "libvirt"), which uses KVM itself',
        "`sudo modprobe -r {module} kvm` sekarang; agar tetap begitu, `echo 'options kvm "
        "enable_virt_at_load=0' | sudo tee /etc/modprobe.d/kvm-virtualbox.conf`; atau pakai "
        'libvirt (lab.toml: vagrant.hypervisor = "libvirt"), yang memakai KVM sendiri',
    ),
    "doctor.windows-hypervisor-none": (
        "no Windows hypervisor (Hyper-V, WSL2, Memory Integrity) is running",
        "tidak ada hypervisor Windows (Hyper-V, WSL2, Memory Integrity) yang berjalan",
    ),
    "doctor.windows-hypervisor": (
        "Windows runs a hypervisor (Hyper-V, WSL2, Windows Sandbox or Memory Integrity): "
        "VirtualBox then runs VMs through it, several times slower (a green turtle in the VM "
        "window); boots may time out",
        "Windows menjalankan hypervisor (Hyper-V, WSL2, Windows Sandbox atau Memory Integrity): "
        "VirtualBox lalu menjalankan VM lewat hypervisor itu, beberapa kali lebih lambat "
        "(kura-kura hijau di jendela VM); boot bisa melewati batas waktu",
    ),
    "doctor.windows-hypervisor.fix": (
        "turn them off for fast VMs: Windows Security > Device security > Core isolation > "
        "Memory integrity off, and in an administrator prompt `bcdedit /set "
        "hypervisorlaunchtype off`, then restart (labctl waits up to boot_timeout = 600 s)",
        "matikan agar VM cepat: Windows Security > Device security > Core isolation > "
        "Memory integrity off, dan di prompt administrator `bcdedit /set "
        "hypervisorlaunchtype off`, lalu restart (labctl menunggu sampai boot_timeout = 600 s)",
    ),
    "doctor.windows-home": (
        "Vagrant cannot work under {where} (a non-ASCII name: vagrant fails with "
        "Encoding::UndefinedConversionError)",
        "Vagrant tidak bisa bekerja di {where} (nama dengan huruf non-ASCII: vagrant gagal "
        "dengan Encoding::UndefinedConversionError)",
    ),
    "doctor.windows-home.fix": (
        "give Vagrant an ASCII-only home: `setx VAGRANT_HOME C:\\vagrant.d`, then open a new "
        "terminal",
        "beri Vagrant folder yang namanya ASCII saja: `setx VAGRANT_HOME C:\\vagrant.d`, lalu "
        "buka terminal baru",
    ),
    "doctor.vbguest": (
        "vagrant-vbguest is installed: labctl's Vagrantfile turns its auto update off (it "
        "would run yum against CentOS 7's dead mirrors, and crashes on Ruby >= 3.2)",
        "vagrant-vbguest terpasang: Vagrantfile labctl mematikan auto update-nya (plugin itu "
        "akan menjalankan yum ke mirror CentOS 7 yang sudah mati, dan crash di Ruby >= 3.2)",
    ),
    "doctor.hostonly-any": (
        "VirtualBox {version} accepts host-only network {net}",
        "VirtualBox {version} menerima jaringan host-only {net}",
    ),
    "doctor.hostonly-allowed": (
        "VirtualBox allows host-only network {net}",
        "VirtualBox mengizinkan jaringan host-only {net}",
    ),
    "doctor.hostonly-refused": (
        "VirtualBox {version} refuses host-only addresses in {net} (allowed: {allowed})",
        "VirtualBox {version} menolak alamat host-only di {net} (yang diizinkan: {allowed})",
    ),
    "doctor.hostonly-refused.fix": (
        "add the line `* {net}` to {conf}, or use --subnet {safe}",
        "tambahkan baris `* {net}` ke {conf}, atau pakai --subnet {safe}",
    ),
    "doctor.hostonly-no-conf.fix": (
        "add the line `* {net}` to {conf} (and `* {default}` to keep VirtualBox's default), "
        "or use --subnet {safe}",
        "tambahkan baris `* {net}` ke {conf} (dan `* {default}` agar bawaan VirtualBox tetap "
        "berlaku), atau pakai --subnet {safe}",
    ),
    "doctor.libvirt-no-plugin": (
        "Vagrant has no libvirt provider (plugin vagrant-libvirt missing)",
        "Vagrant tidak punya provider libvirt (plugin vagrant-libvirt tidak ada)",
    ),
    "doctor.libvirt-no-plugin.fix": (
        "`sudo apt-get install vagrant-libvirt` or `vagrant plugin install vagrant-libvirt`",
        "`sudo apt-get install vagrant-libvirt` atau `vagrant plugin install vagrant-libvirt`",
    ),
    "doctor.libvirt-socket": (
        "libvirt socket present (virsh not installed to check further)",
        "socket libvirt ada (virsh tidak terpasang untuk memeriksa lebih jauh)",
    ),
    "doctor.libvirt-missing": (
        "libvirt is not installed (no virsh, no libvirtd socket)",
        "libvirt belum terpasang (tidak ada virsh, tidak ada socket libvirtd)",
    ),
    "doctor.libvirt-missing.fix": (
        "`sudo apt-get install libvirt-daemon-system vagrant-libvirt`, or use --provider local",
        "`sudo apt-get install libvirt-daemon-system vagrant-libvirt`, atau pakai --provider local",
    ),
    "doctor.libvirt-ok": ("libvirt at {uri}{detail}", "libvirt di {uri}{detail}"),
    "doctor.libvirt-unusable": (
        "libvirt is not usable: {error}",
        "libvirt tidak bisa dipakai: {error}",
    ),
    "doctor.libvirt-group.fix": (
        "`sudo usermod -aG libvirt $USER`, then log in again",
        "`sudo usermod -aG libvirt $USER`, lalu login ulang",
    ),
    "doctor.libvirt-daemon.fix": (
        "start libvirtd: `sudo systemctl enable --now libvirtd`",
        "jalankan libvirtd: `sudo systemctl enable --now libvirtd`",
    ),
    "doctor.libvirt-other.fix": (
        "check `virsh -c {uri} version`",
        "periksa `virsh -c {uri} version`",
    ),
    "doctor.no-kvm-device": (
        "no /dev/kvm: libvirt can only emulate the VMs (TCG), several times slower",
        "tidak ada /dev/kvm: libvirt hanya bisa mengemulasi VM (TCG), beberapa kali lebih lambat",
    ),
    "doctor.no-kvm-device.fix": (
        "export LABCTL_LIBVIRT_DRIVER=qemu before `labctl up`",
        "jalankan export LABCTL_LIBVIRT_DRIVER=qemu sebelum `labctl up`",
    ),
    "doctor.routes-free": (
        "{net} is not used by this machine's other networks",
        "{net} tidak dipakai jaringan lain di mesin ini",
    ),
    "doctor.routes-clash": (
        "{net} is already a network of this machine ({route} via {iface}): the lab's VMs "
        "would clash with it",
        "{net} sudah menjadi jaringan mesin ini ({route} lewat {iface}): VM lab akan bentrok "
        "dengannya",
    ),
    "doctor.routes-hotspot": (
        "{net} is already a network of this machine ({route} via {iface} - 192.168.43.0/24 is "
        "the Android hotspot default): the lab's VMs would clash with it",
        "{net} sudah menjadi jaringan mesin ini ({route} lewat {iface} - 192.168.43.0/24 adalah "
        "bawaan hotspot Android): VM lab akan bentrok dengannya",
    ),
    "doctor.routes-clash.fix": (
        "`labctl up --provider vagrant --subnet {other}` (the tutorial's host numbers stay: "
        "{octets})",
        "`labctl up --provider vagrant --subnet {other}` (nomor host tutorial tetap: {octets})",
    ),
    "doctor.arch-x86-box": (
        "{where} cannot run the x86_64 box {box} (no CentOS 7 exists for arm64)",
        "{where} tidak bisa menjalankan box x86_64 {box} (CentOS 7 tidak ada untuk arm64)",
    ),
    "doctor.arch-x86-box.fix": (
        "remove vagrant.box from lab.toml (the arm64 default is {arm_box}, Rocky Linux 9 with "
        "CentOS 7's layout), with VirtualBox >= 7.1; or use --provider local",
        "hapus vagrant.box dari lab.toml (bawaan untuk arm64 adalah {arm_box}, Rocky Linux 9 "
        "dengan tata letak CentOS 7), dengan VirtualBox >= 7.1; atau pakai --provider local",
    ),
    "doctor.arch-arm-box": (
        "{where}: box {box} (Rocky Linux 9 for arm64: httpd, /etc/httpd/conf.d, firewalld and "
        "SELinux as in the tutorial; centos/7 has no arm64 build)",
        "{where}: box {box} (Rocky Linux 9 untuk arm64: httpd, /etc/httpd/conf.d, firewalld dan "
        "SELinux seperti di tutorial; centos/7 tidak punya build arm64)",
    ),
    "doctor.arch-other": (
        "{machine} host; box {box} must have an {machine} build",
        "host {machine}; box {box} harus punya build {machine}",
    ),
    "doctor.box-ok": (
        "box {box} ({hypervisor}, {version}) is downloaded",
        "box {box} ({hypervisor}, {version}) sudah diunduh",
    ),
    "doctor.box-missing": (
        "box {box} ({hypervisor}) is not downloaded yet: the first `labctl up` fetches {size}",
        "box {box} ({hypervisor}) belum diunduh: `labctl up` pertama mengunduh {size}",
    ),
    "doctor.box-missing.fix": (
        "without internet, copy the {hypervisor} .box file and "
        "`vagrant box add --name {box} /path/to/{file}`, or use the class's own box: "
        "`labctl up --box FILE` (made once by `labctl box build`)",
        "tanpa internet, salin file .box untuk {hypervisor} lalu "
        "`vagrant box add --name {box} /path/to/{file}`, atau pakai box kelas: "
        "`labctl up --box FILE` (dibuat sekali dengan `labctl box build`)",
    ),
    # --- errors (every line in both languages) ---
    # err.KEY: what labctl/errors.py Message("err.KEY", ...) says; usage.KEY: a mistyped command.
    "err.at": ("{where}: {message}", "{where}: {message}"),
    "err.no-lab-json": (
        "no lab here yet: run `labctl up` first (no .labctl/lab.json)",
        "belum ada lab di sini: jalankan `labctl up` dulu (.labctl/lab.json tidak ada)",
    ),
    "err.lab-json-damaged": (
        "{path} is damaged or from another labctl ({why}); run `labctl destroy` and "
        "`labctl up` again",
        "{path} rusak atau dibuat labctl versi lain ({why}); jalankan `labctl destroy` lalu "
        "`labctl up` lagi",
    ),
    "err.cannot-read": ("{path}: cannot read it ({why})", "{path}: tidak bisa dibaca ({why})"),
    "err.secret-link": (
        "{path} is a symbolic link: labctl keeps its secret in a plain file",
        "{path} adalah symbolic link: labctl menyimpan rahasianya di file biasa",
    ),
    "err.unknown-provider": (
        "unknown provider '{provider}' (use local or vagrant)",
        "provider '{provider}' tidak dikenal (pakai local atau vagrant)",
    ),
    "err.provider-option": (
        "--provider must be local or vagrant, not '{provider}'",
        "--provider harus local atau vagrant, bukan '{provider}'",
    ),
    "err.place-changed": (
        "{lab_toml} (or --subnet) changes {what} of a lab that exists: `labctl destroy`, then "
        "`labctl up` to make it anew",
        "{lab_toml} (atau --subnet) mengubah {what} dari lab yang sudah ada: `labctl destroy`, "
        "lalu `labctl up` untuk membuatnya baru",
    ),
    "err.other-provider": (
        "this directory's lab runs on the {provider} provider: `labctl destroy` it before "
        "`labctl up --provider {chosen}`",
        "lab di direktori ini berjalan dengan provider {provider}: `labctl destroy` dulu sebelum "
        "`labctl up --provider {chosen}`",
    ),
    "err.scenario-stage": (
        "the lab is at stage '{stage}': the scenarios need the full lab (`labctl up --stage "
        "full`), or use `labctl verify` to check your own configuration",
        "lab ada di tahap '{stage}': skenario butuh lab lengkap (`labctl up --stage full`), "
        "atau pakai `labctl verify` untuk memeriksa konfigurasimu sendiri",
    ),
    "err.unknown-scenario": (
        "unknown scenario '{name}' (known: {known})",
        "skenario '{name}' tidak dikenal (yang ada: {known})",
    ),
    "err.scenario-stopped": (
        "httpd is stopped on {hosts}: the scenarios start from the whole lab running "
        "(`labctl start {first}`)",
        "httpd mati di {hosts}: skenario dimulai dengan seluruh lab menyala "
        "(`labctl start {first}`)",
    ),
    "err.run-as": (
        "cannot run labctl as {owner} ({python}: {why}): install labctl where every user can "
        "run it (`sudo pipx install --global labctl`)",
        "labctl tidak bisa dijalankan sebagai {owner} ({python}: {why}): pasang labctl di "
        "tempat yang bisa dijalankan semua pengguna (`sudo pipx install --global labctl`)",
    ),
    "err.run-as-timeout": (
        "`labctl verify` as {owner} did not finish in {seconds} s",
        "`labctl verify` sebagai {owner} belum selesai dalam {seconds} detik",
    ),
    "err.run-as-failed": (
        "`labctl verify` as {owner}: {why}",
        "`labctl verify` sebagai {owner}: {why}",
    ),
    "err.vms-left": (
        "{lab_json} is unreadable but VMs of this lab exist: "
        "`VAGRANT_DOTFILE_PATH={vagrant_dir} vagrant destroy -f`, then `labctl destroy`",
        "{lab_json} tidak terbaca tetapi VM lab ini masih ada: "
        "`VAGRANT_DOTFILE_PATH={vagrant_dir} vagrant destroy -f`, lalu `labctl destroy`",
    ),
    "err.cannot-lock": (
        "cannot lock the lab ({path}: {why})",
        "lab tidak bisa dikunci ({path}: {why})",
    ),
    "err.no-apache": (
        "Apache httpd is not installed: `sudo apt-get install apache2` (Debian/Ubuntu) or "
        "`sudo dnf install httpd` (Fedora/RHEL), then `labctl up` again",
        "Apache httpd belum terpasang: `sudo apt-get install apache2` (Debian/Ubuntu) atau "
        "`sudo dnf install httpd` (Fedora/RHEL), lalu `labctl up` lagi",
    ),
    "err.no-htpasswd": (
        "the htpasswd tool is missing: `sudo apt-get install {package}`",
        "program htpasswd belum ada: `sudo apt-get install {package}`",
    ),
    "err.htpasswd-failed": ("htpasswd failed: {why}", "htpasswd gagal: {why}"),
    "err.config-broken": (
        "{host}: configuration broken, Apache left as it was: {why}",
        "{host}: konfigurasi rusak, Apache dibiarkan seperti semula: {why}",
    ),
    "err.no-start": ("{host}: Apache did not start: {why}", "{host}: Apache gagal menyala: {why}"),
    "err.no-pid-file": (
        "{host}: httpd started but wrote no pid file",
        "{host}: httpd menyala tetapi tidak menulis file pid",
    ),
    "err.no-stop": (
        "{host}: httpd would not stop, not even with SIGKILL",
        "{host}: httpd tidak mau berhenti, bahkan dengan SIGKILL",
    ),
    "err.crash-left": (
        "{host}: httpd processes of a crashed run would not end",
        "{host}: proses httpd sisa crash sebelumnya tidak mau berhenti",
    ),
    "err.command-failed": ("{host}: `{command}` failed: {why}", "{host}: `{command}` gagal: {why}"),
    "err.still-open": (
        "{host}: {address}:{port} still open after {seconds} s",
        "{host}: {address}:{port} masih terbuka setelah {seconds} detik",
    ),
    "err.no-answer": (
        "{host}: httpd does not answer on {address}:{port} after {seconds} s",
        "{host}: httpd tidak menjawab di {address}:{port} setelah {seconds} detik",
    ),
    "err.no-answer-fix": (
        "{host}: httpd does not answer on {address}:{port} after {seconds} s ({fix})",
        "{host}: httpd tidak menjawab di {address}:{port} setelah {seconds} detik ({fix})",
    ),
    "err.no-module": (
        "Apache module {path} is missing: mod_{module} is needed",
        "modul Apache {path} tidak ada: mod_{module} dibutuhkan",
    ),
    "err.foreign-tree": (
        "{link} points to {tree}, which is not this lab's own: labctl will neither use nor "
        "remove it (`labctl destroy` removes only .labctl/ here)",
        "{link} menunjuk ke {tree}, yang bukan milik lab ini: labctl tidak akan memakai "
        "maupun menghapusnya (`labctl destroy` hanya menghapus .labctl/ di sini)",
    ),
    "err.lab-copied": (
        "this lab is a copy of the lab in {original}, whose servers are that lab's: "
        "`labctl destroy` here removes only this copy's .labctl/, then `labctl up` makes a lab "
        "of its own",
        "lab ini salinan dari lab di {original}, dan server-servernya milik lab itu: "
        "`labctl destroy` di sini hanya menghapus .labctl/ salinan ini, lalu `labctl up` "
        "membuat lab sendiri",
    ),
    "err.started-silent": (
        "{host}: httpd started but {address}:{port} does not answer",
        "{host}: httpd menyala tetapi {address}:{port} tidak menjawab",
    ),
    "err.reset-link": (
        "{conf_d} or {htpasswd} is a symbolic link: reset removes files only inside the lab; "
        "put the directory and the file back, then `labctl reset` again",
        "{conf_d} atau {htpasswd} adalah symbolic link: reset hanya menghapus file di dalam "
        "lab; kembalikan direktori dan file itu, lalu `labctl reset` lagi",
    ),
    "err.reset-unread": (
        "{host}: could not read {path}: {why}; nothing was reset",
        "{host}: {path} tidak bisa dibaca: {why}; tidak ada yang dikembalikan",
    ),
    "err.reset-unremoved": (
        "{host}: could not remove your files ({why}); nothing was reset",
        "{host}: file-mu tidak bisa dihapus ({why}); tidak ada yang dikembalikan",
    ),
    "err.template-missing": (
        "{path} is missing from labctl's installation ({why}): reinstall labctl "
        "(`pipx reinstall labctl` or `pip install --force-reinstall labctl`)",
        "{path} tidak ada di instalasi labctl ({why}): pasang ulang labctl "
        "(`pipx reinstall labctl` atau `pip install --force-reinstall labctl`)",
    ),
    "err.not-a-server": (
        "{host} is not a server: it has no index.html",
        "{host} bukan server: host ini tidak punya index.html",
    ),
    "err.unknown-host": (
        "unknown host '{name}' (this lab has: {hosts})",
        "host '{name}' tidak dikenal (host lab ini: {hosts})",
    ),
    "err.not-subnet": (
        "{field}: '{value}' is not an IPv4 subnet like 192.168.56.0/24",
        "{field}: '{value}' bukan subnet IPv4 seperti 192.168.56.0/24",
    ),
    "err.subnet-small": (
        "{field}: '{value}' is too small; the tutorial's host octets need a /24",
        "{field}: '{value}' terlalu kecil; oktet host tutorial butuh /24",
    ),
    "err.dangling-link": (
        "{path} is a link to {target}, which does not exist",
        "{path} adalah link ke {target}, yang tidak ada",
    ),
    "err.toml-not-file": (
        "{path} is not a regular file: lab.toml must be a text file",
        "{path} bukan file biasa: lab.toml harus berupa file teks",
    ),
    "err.toml-large": (
        "{path} is larger than {kib} KiB: is it really lab.toml?",
        "{path} lebih besar dari {kib} KiB: benarkah ini lab.toml?",
    ),
    "err.toml-not-utf8": (
        "{path}: byte {byte} is not UTF-8: save the file as UTF-8",
        "{path}: byte {byte} bukan UTF-8: simpan file sebagai UTF-8",
    ),
    "err.toml-section": ("unknown section [{section}]", "bagian [{section}] tidak dikenal"),
    "err.toml-table": (
        "'{section}' must be a [{section}] table",
        "'{section}' harus berupa tabel [{section}]",
    ),
    "err.toml-field": (
        "unknown field {field} (known: {known})",
        "kolom {field} tidak dikenal (yang ada: {known})",
    ),
    "err.toml-type": ("{field} must be a {kind}, got {got}", "{field} harus {kind}, bukan {got}"),
    "err.toml-hypervisor-twice": (
        "vagrant.hypervisor and vagrant.provider name the same setting: keep one",
        "vagrant.hypervisor dan vagrant.provider adalah pengaturan yang sama: pakai salah satu",
    ),
    "err.toml-provider": (
        "lab.provider must be one of {known}",
        "lab.provider harus salah satu dari {known}",
    ),
    "err.toml-lbmethod": (
        "lab.lbmethod must be one of {known}",
        "lab.lbmethod harus salah satu dari {known}",
    ),
    "err.toml-balancer": (
        "lab.balancer may hold letters, digits, - and _",
        "lab.balancer hanya boleh berisi huruf, angka, - dan _",
    ),
    "err.toml-user": (
        "manager.user may hold letters, digits, '.', '-', '_'",
        "manager.user hanya boleh berisi huruf, angka, '.', '-', '_'",
    ),
    "err.toml-password": (
        "manager.password must be one non-empty line",
        "manager.password harus satu baris yang tidak kosong",
    ),
    "err.toml-port": (
        "{field} must be a port from 1 to 65535",
        "{field} harus nomor port dari 1 sampai 65535",
    ),
    "err.toml-loopback": (
        "local.subnet must be inside 127.0.0.0/8, got {got}",
        "local.subnet harus di dalam 127.0.0.0/8, bukan {got}",
    ),
    "err.toml-memory": (
        "vagrant.memory must be >= 256 and vagrant.cpus >= 1",
        "vagrant.memory harus >= 256 dan vagrant.cpus >= 1",
    ),
    "err.toml-vault-url": (
        "vagrant.vault_url must be a plain http:// or https:// URL",
        "vagrant.vault_url harus URL http:// atau https:// biasa",
    ),
    "err.toml-boot-timeout": (
        "vagrant.boot_timeout must be >= 60 seconds",
        "vagrant.boot_timeout harus >= 60 detik",
    ),
    "err.toml-address": (
        "hosts.{host}: '{value}' is not an IPv4 address",
        "hosts.{host}: '{value}' bukan alamat IPv4",
    ),
    "err.toml-outside": (
        "hosts.{host}: {address} is outside lab.subnet {subnet}",
        "hosts.{host}: {address} berada di luar lab.subnet {subnet}",
    ),
    "err.toml-shared": (
        "hosts: two hosts share one address",
        "hosts: dua host memakai alamat yang sama",
    ),
    # labctl scenario: the scenarios, their checks, and the table after them
    "scn.alternation": (
        "Reloads alternate between Server 1 and Server 2 (byrequests)",
        "Reload bergantian antara Server 1 dan Server 2 (byrequests)",
    ),
    "scn.failover": (
        "One server down, then both: the survivor serves, then 503, then back",
        "Satu server mati, lalu keduanya: yang hidup melayani, lalu 503, lalu pulih",
    ),
    "scn.manager-auth": (
        "/balancer-manager is locked with basic auth",
        "/balancer-manager dikunci dengan basic auth",
    ),
    "scn.title-alternation": (
        "requests alternate between the servers",
        "permintaan bergantian antara kedua server",
    ),
    "scn.expected-alternation": (
        "{requests} x 200, Server 1 and Server 2 in turn, equal shares",
        "{requests} x 200, Server 1 dan Server 2 bergiliran, sama banyak",
    ),
    "scn.title-all-from": (
        "Server {number} takes all the traffic",
        "Server {number} menerima semua lalu lintas",
    ),
    "scn.expected-all-from": (
        "{requests} x 200, all from Server {number}",
        "{requests} x 200, semuanya dari Server {number}",
    ),
    "scn.title-status": ("the proxy answers {reason}", "proxy menjawab {reason}"),
    "scn.title-member": (
        "balancer-manager shows {host} {state}",
        "balancer-manager menunjukkan {host} {state}",
    ),
    "scn.expected-member": ("member of {host}: {state}", "anggota {host}: {state}"),
    "scn.manager-answered": (
        "/balancer-manager answered {status}",
        "/balancer-manager menjawab {status}",
    ),
    "scn.title-back": ("service is back", "layanan pulih"),
    "scn.expected-back": (
        "200 from a server within a few seconds",
        "200 dari sebuah server dalam beberapa detik",
    ),
    "scn.no-reply": ("no reply", "tidak ada jawaban"),
    "scn.expected-members": (
        "both servers listed as members",
        "kedua server tercantum sebagai anggota",
    ),
    "scn.members": ("members: {urls}", "anggota: {urls}"),
    "scn.title-anonymous": (
        "without credentials: 401 asking for Basic auth",
        "tanpa kredensial: 401 yang meminta Basic auth",
    ),
    "scn.title-wrong-password": ("with a wrong password: 401", "dengan password salah: 401"),
    "scn.title-admitted": (
        "with the lab's credentials: 200 listing both members",
        "dengan kredensial lab: 200 yang mencantumkan kedua anggota",
    ),
    "scn.why-not-server-page": (
        "a reply is not a 'Server N' page: is the proxy passing / to the balancer?",
        "ada jawaban yang bukan halaman 'Server N': apakah proxy meneruskan / ke balancer?",
    ),
    "scn.why-few-members": (
        "the balancer has {count} member(s) only: {urls}",
        "balancer hanya punya {count} anggota: {urls}",
    ),
    "scn.why-member-error": (
        "a member is in error: it is skipped for `retry`",
        "ada anggota berstatus error: anggota itu dilewati selama `retry`",
    ),
    "scn.why-same-page": (
        "every reply is the 'Server {number}' page: do both servers serve it?",
        "semua jawaban adalah halaman 'Server {number}': apakah kedua server menyajikannya?",
    ),
    "scn.table-title": ("labctl scenarios", "skenario labctl"),
    "scn.table-scenario": ("scenario", "skenario"),
    "scn.table-checks": ("checks", "pemeriksaan"),
    "scn.table-time": ("time", "waktu"),
    "scn.table-result": ("result", "hasil"),
    "scn.table-failed": ("FAILED", "GAGAL"),
    "err.no-space": (
        "no space left on the device of {path}",
        "ruang kosong di perangkat {path} sudah habis",
    ),
    "cmd.interrupted": (
        "interrupted; the lab was put back as it was",
        "dihentikan; lab dikembalikan seperti semula",
    ),
    "usage.with-help": (
        "{message} (`{command} --help` shows the usage)",
        "{message} (`{command} --help` menunjukkan cara pakainya)",
    ),
    "usage.no-option": ("No such option: {option}", "opsi {option} tidak ada"),
    "usage.no-option-maybe": (
        "No such option: {option} (Possible options: {known})",
        "opsi {option} tidak ada (mungkin maksudnya: {known})",
    ),
    "usage.no-command": ("No such command '{name}'.", "perintah '{name}' tidak ada."),
    "usage.missing": ("Missing {kind} {name}.", "{kind} {name} belum diberikan."),
    "usage.argument": ("argument", "argumen"),
    "usage.option": ("option", "opsi"),
    "usage.parameter": ("parameter", "parameter"),
    "usage.extra": (
        "Got unexpected extra argument(s) ({extra})",
        "ada argumen lebih yang tidak dikenal ({extra})",
    ),
    "usage.needs-value": (
        "Option '{option}' requires an argument.",
        "opsi '{option}' butuh sebuah nilai.",
    ),
    "usage.needs-values": (
        "Option '{option}' requires {count} arguments.",
        "opsi '{option}' butuh {count} nilai.",
    ),
    "usage.invalid": ("Invalid value for {name}: {why}", "nilai {name} tidak sah: {why}"),
    "usage.lang": (
        "--lang must be id or en, not '{value}'",
        "--lang harus id atau en, bukan '{value}'",
    ),
    "usage.stage": (
        "--stage must be base or full, not '{value}'",
        "--stage harus base atau full, bukan '{value}'",
    ),
    "usage.box": (
        "--box is for the VMs: use it with --provider vagrant",
        "--box untuk VM: pakai bersama --provider vagrant",
    ),
    "usage.path": (
        "unknown path '{what}' (known: {known})",
        "path '{what}' tidak dikenal (yang ada: {known})",
    ),
    "usage.provision": (
        "`labctl provision` is for the vagrant provider; `labctl up` re-renders this lab",
        "`labctl provision` untuk provider vagrant; `labctl up` membuat ulang file lab ini",
    ),
    "usage.ssh": (
        "`labctl ssh` is for the vagrant provider; this lab's hosts run on this machine",
        "`labctl ssh` untuk provider vagrant; host lab ini berjalan di mesin ini",
    ),
    "usage.no-ssh": (
        "the OpenSSH client is not installed (`sudo apt-get install openssh-client`)",
        "klien OpenSSH belum terpasang (`sudo apt-get install openssh-client`)",
    ),
    "usage.check-inventory": (
        "--check grades one lab (the one here), not an --inventory",
        "--check menilai satu lab (yang di sini), bukan --inventory",
    ),
    "usage.check": (
        "--check: unknown check '{check}' (known: {known})",
        "--check: pemeriksaan '{check}' tidak dikenal (yang ada: {known})",
    ),
    "usage.one-format": (
        "one lab: --format json or --format gradescope (the other formats are for a class)",
        "satu lab: --format json atau --format gradescope (format lain untuk satu kelas)",
    ),
    "usage.format": (
        "--format {value}: unknown (known: {known})",
        "--format {value}: tidak dikenal (yang ada: {known})",
    ),
    "usage.delimiter": (
        "--delimiter must be ',', ';' or tab, not '{value}'",
        "--delimiter harus ',', ';' atau tab, bukan '{value}'",
    ),
    # class.toml (labctl verify --inventory): the instructor's file, checked before grading
    "inv.table": (
        "{path}: unknown table [{table}] (known: {known})",
        "{path}: tabel [{table}] tidak dikenal (yang ada: {known})",
    ),
    "inv.defaults": (
        "{path}: [defaults] may hold {known}, not {got}",
        "{path}: [defaults] hanya boleh berisi {known}, bukan {got}",
    ),
    "inv.string": (
        "{path}: [defaults] {field} must be a string",
        "{path}: [defaults] {field} harus berupa string",
    ),
    "inv.defaults-ssh": (
        "{path}: [defaults] ssh must be a table {example}",
        "{path}: [defaults] ssh harus berupa tabel {example}",
    ),
    "inv.no-labs": (
        "{path}: no [[lab]] entries (each needs a label and a dir or url)",
        "{path}: tidak ada entri [[lab]] (masing-masing butuh label dan dir atau url)",
    ),
    "inv.label-twice": (
        "{where}: lab '{label}': the label is used twice",
        "{where}: lab '{label}': label ini dipakai dua kali",
    ),
    "inv.not-file": (
        "{path}: not a regular file (an inventory is a class.toml)",
        "{path}: bukan file biasa (inventory adalah sebuah class.toml)",
    ),
    "inv.too-big": (
        "{path}: {size} bytes is too big for an inventory",
        "{path}: {size} byte terlalu besar untuk sebuah inventory",
    ),
    "inv.not-utf8": (
        "{where}: not UTF-8 text (byte {byte}): save it as UTF-8",
        "{where}: bukan teks UTF-8 (byte {byte}): simpan sebagai UTF-8",
    ),
    "inv.cannot-read": (
        "{path}: cannot read the inventory ({why})",
        "{path}: inventory tidak bisa dibaca ({why})",
    ),
    "inv.table-kind": ("{path}: [{name}] must be a table", "{path}: [{name}] harus berupa tabel"),
    "inv.key": (
        "{path}: [{name}] {field}: unknown (known: {known})",
        "{path}: [{name}] {field}: tidak dikenal (yang ada: {known})",
    ),
    "inv.number": (
        "{path}: [{name}] {field} must be a number, not {got}",
        "{path}: [{name}] {field} harus berupa angka, bukan {got}",
    ),
    "inv.positive": (
        "{path}: [{name}] {field} must be more than 0, not {got}",
        "{path}: [{name}] {field} harus lebih dari 0, bukan {got}",
    ),
    "inv.no-points": (
        "{path}: [points] every check is worth 0: nothing to grade",
        "{path}: [points] semua pemeriksaan bernilai 0: tidak ada yang dinilai",
    ),
    "inv.lang": (
        "{path}: [grading] lang must be id or en, not {got}",
        "{path}: [grading] lang harus id atau en, bukan {got}",
    ),
    "inv.workers": (
        "{path}: [grading] workers must be a whole number >= 1",
        "{path}: [grading] workers harus bilangan bulat >= 1",
    ),
    "inv.identifier": (
        "{path}: [moodle] identifier must be {known}, not {got}",
        "{path}: [moodle] identifier harus {known}, bukan {got}",
    ),
    "inv.item": (
        "{path}: [moodle] item must be the grade item's name",
        "{path}: [moodle] item harus berupa nama item nilai",
    ),
    "inv.label": (
        "needs a label (the student's name or seat)",
        "butuh label (nama atau tempat duduk mahasiswa)",
    ),
    "inv.field": (
        "unknown field '{field}' (known: {known})",
        "kolom '{field}' tidak dikenal (yang ada: {known})",
    ),
    "inv.string-not": (
        "{field} must be a string, not {got}",
        "{field} harus berupa string, bukan {got}",
    ),
    "inv.dir-or-url": (
        "give either dir (a lab made by `labctl up`) or url (a balancer), not both",
        "isi salah satu: dir (lab buatan `labctl up`) atau url (sebuah balancer), jangan keduanya",
    ),
    "inv.url-only": (
        "{field} is for a url entry; a dir entry uses the lab's own",
        "{field} untuk entri url; entri dir memakai milik lab-nya sendiri",
    ),
    "inv.port": (
        "{what}: the port is not a number from 1 to 65535",
        "{what}: port-nya bukan angka dari 1 sampai 65535",
    ),
    "inv.url": (
        "url '{url}' must look like http://ADDRESS[:PORT]/",
        "url '{url}' harus berbentuk http://ADDRESS[:PORT]/",
    ),
    "inv.servers": (
        "{example} is needed",
        "{example} dibutuhkan",
    ),
    "inv.ssh": (
        "{example} is needed (known: {known})",
        "{example} dibutuhkan (yang ada: {known})",
    ),
    "inv.ssh-key": (
        "ssh.key: the private key file that logs in as ssh.user",
        "ssh.key: file kunci privat untuk masuk sebagai ssh.user",
    ),
    "inv.ssh-port": (
        "ssh.port must be a number from 1 to 65535, not {got}",
        "ssh.port harus angka dari 1 sampai 65535, bukan {got}",
    ),
    "inv.ssh-hosts": (
        "{example} (loadbalancer/server1/server2)",
        "harus berbentuk {example} (loadbalancer/server1/server2)",
    ),
    "inv.ssh-timeout": (
        "ssh.connect_timeout must be a number of seconds, not {got}",
        "ssh.connect_timeout harus berupa jumlah detik, bukan {got}",
    ),
    "inv.service-fields": (
        "service '{service}': only {action} and {host} can be filled in",
        "service '{service}': hanya {action} dan {host} yang bisa diisi",
    ),
    "inv.service-action": (
        "service must contain {action} (e.g. 'systemctl {action} httpd')",
        "service harus memuat {action} (mis. 'systemctl {action} httpd')",
    ),
    "inv.address": (
        '{what} must be a string "ADDRESS[:PORT]", not {got}',
        '{what} harus berupa string "ADDRESS[:PORT]", bukan {got}',
    ),
    "inv.unmanaged": (
        "{label}: this lab is not managed by labctl",
        "{label}: lab ini tidak dikelola oleh labctl",
    ),
    "diag.explained": ("{causes} (balancer error log)", "{causes} (error log balancer)"),
    # the VM path: Vagrant (its own words stay as Vagrant wrote them, after "Vagrant:")
    "vagrant.no-vagrantfile": (
        "labctl's Vagrantfile is missing ({path}); set {env} to its path",
        "Vagrantfile milik labctl tidak ada ({path}); atur {env} ke path-nya",
    ),
    "vagrant.not-installed": (
        "Vagrant is not installed: install it (`sudo apt-get install vagrant` or "
        "https://developer.hashicorp.com/vagrant/install), or use --provider local",
        "Vagrant belum terpasang: pasang dulu (`sudo apt-get install vagrant` atau "
        "https://developer.hashicorp.com/vagrant/install), atau pakai --provider local",
    ),
    "vagrant.cannot-run": (
        "cannot run vagrant {what}: {why}",
        "vagrant {what} tidak bisa dijalankan: {why}",
    ),
    "vagrant.unreadable": (
        "vagrant {what}: labctl could not read Vagrant's output ({why}); full output: "
        ".labctl/logs/vagrant.log",
        "vagrant {what}: labctl tidak bisa membaca keluaran Vagrant ({why}); keluaran lengkap: "
        ".labctl/logs/vagrant.log",
    ),
    "vagrant.no-hostname": (
        "{machine}: `vagrant ssh-config` gave no HostName: {text}",
        "{machine}: `vagrant ssh-config` tidak memberi HostName: {text}",
    ),
    "vagrant.advised": (
        "vagrant {what}: {advice} (Vagrant: {reason})",
        "vagrant {what}: {advice} (Vagrant: {reason})",
    ),
    "vagrant.no-reason": (
        "vagrant {what}: failed without a message (full output: .labctl/logs/vagrant.log)",
        "vagrant {what}: gagal tanpa pesan (keluaran lengkap: .labctl/logs/vagrant.log)",
    ),
    "vagrant.failed": (
        "vagrant {what}: {reason} (full output: .labctl/logs/vagrant.log)",
        "vagrant {what}: {reason} (keluaran lengkap: .labctl/logs/vagrant.log)",
    ),
    "vagrant.preflight": (
        "{what} (`labctl doctor` shows every check)",
        "{what} (`labctl doctor` menunjukkan semua pemeriksaan)",
    ),
    "vagrant.preflight-fix": (
        "{what}: {fix} (`labctl doctor` shows every check)",
        "{what}: {fix} (`labctl doctor` menunjukkan semua pemeriksaan)",
    ),
    "vagrant.provisioning-failed": (
        "{error}; the VMs are left running for inspection (`labctl ssh {host}`, {log}){tail}",
        "{error}; VM dibiarkan menyala untuk diperiksa (`labctl ssh {host}`, {log}){tail}",
    ),
    "vagrant.fix-firewall": (
        "firewall? `labctl ssh {host}`, then `sudo {command}`",
        "firewall? `labctl ssh {host}`, lalu `sudo {command}`",
    ),
    "vagrant.foreign": (
        "{path} holds machines from another Vagrant environment ({machines}); labctl keeps its "
        "own in .labctl/vagrant and they would clash on the lab's addresses: run `vagrant "
        "destroy -f` there (or remove .vagrant/ if those VMs are gone), then `labctl up`",
        "{path} berisi mesin dari lingkungan Vagrant lain ({machines}); labctl menyimpan "
        "miliknya di .labctl/vagrant dan keduanya akan berebut alamat lab: jalankan `vagrant "
        "destroy -f` di sana (atau hapus .vagrant/ bila VM itu sudah tidak ada), lalu "
        "`labctl up`",
    ),
    "vagrant.advice-no-vbox": (
        "VirtualBox is not installed (Vagrant cannot find VBoxManage): install VirtualBox, or "
        'use --provider local, or libvirt (lab.toml: vagrant.hypervisor = "libvirt")',
        "VirtualBox belum terpasang (Vagrant tidak menemukan VBoxManage): pasang VirtualBox, "
        'atau pakai --provider local, atau libvirt (lab.toml: vagrant.hypervisor = "libvirt")',
    ),
    "vagrant.advice-old-vagrant": (
        "this Vagrant is older than the installed VirtualBox: install the newest Vagrant from "
        "HashiCorp (https://developer.hashicorp.com/vagrant/install; `labctl doctor` names the "
        "version needed), or an older VirtualBox",
        "Vagrant ini lebih lama dari VirtualBox yang terpasang: pasang Vagrant terbaru dari "
        "HashiCorp (https://developer.hashicorp.com/vagrant/install; `labctl doctor` "
        "menyebutkan versi yang dibutuhkan), atau VirtualBox yang lebih lama",
    ),
    "vagrant.advice-vboxdrv": (
        "VirtualBox's kernel module is not loaded: `sudo /sbin/vboxconfig`, then `labctl up`",
        "modul kernel VirtualBox belum dimuat: `sudo /sbin/vboxconfig`, lalu `labctl up`",
    ),
    "vagrant.advice-kvm": (
        "KVM holds VT-x/AMD-V (Linux >= 6.12 takes it when kvm_intel/kvm_amd loads): "
        "`sudo modprobe -r kvm_intel kvm_amd kvm`, then `labctl up`; to keep it so, "
        "`echo 'options kvm enable_virt_at_load=0' | sudo tee "
        "/etc/modprobe.d/kvm-virtualbox.conf`",
        "KVM memegang VT-x/AMD-V (Linux >= 6.12 mengambilnya saat kvm_intel/kvm_amd dimuat): "
        "`sudo modprobe -r kvm_intel kvm_amd kvm`, lalu `labctl up`; agar tetap begitu, "
        "`echo 'options kvm enable_virt_at_load=0' | sudo tee "
        "/etc/modprobe.d/kvm-virtualbox.conf`",
    ),
    "vagrant.advice-svm-off": (
        'AMD-V is switched off in the firmware: enable "SVM Mode" in the BIOS/UEFI setup, '
        "then restart",
        'AMD-V dimatikan di firmware: aktifkan "SVM Mode" di pengaturan BIOS/UEFI, lalu '
        "nyalakan ulang",
    ),
    "vagrant.advice-vtx-off": (
        'Intel VT-x is switched off in the firmware: enable "Intel Virtualization Technology" '
        "in the BIOS/UEFI setup, then restart",
        'Intel VT-x dimatikan di firmware: aktifkan "Intel Virtualization Technology" di '
        "pengaturan BIOS/UEFI, lalu nyalakan ulang",
    ),
    "vagrant.advice-hostonly-adapter": (
        "VirtualBox could not create its host-only network adapter (Windows): run the "
        "VirtualBox installer as administrator, choose Repair, restart Windows, then "
        "`labctl up` again",
        "VirtualBox gagal membuat adapter jaringan host-only (Windows): jalankan installer "
        "VirtualBox sebagai administrator, pilih Repair, nyalakan ulang Windows, lalu "
        "`labctl up` lagi",
    ),
    "vagrant.advice-hostonly-range": (
        "VirtualBox refuses the lab's host-only addresses: `labctl doctor` prints the line for "
        "/etc/vbox/networks.conf, or use --subnet 192.168.56.0/24",
        "VirtualBox menolak alamat host-only lab: `labctl doctor` mencetak baris untuk "
        "/etc/vbox/networks.conf, atau pakai --subnet 192.168.56.0/24",
    ),
    "vagrant.advice-boot-timeout": (
        "the VM did not boot within boot_timeout: on Windows turn Hyper-V/WSL2/Memory "
        "Integrity off (`labctl doctor`); on a slow laptop raise [vagrant] boot_timeout in "
        "lab.toml; then `labctl up` again (the VMs made so far are kept)",
        "VM belum menyala dalam boot_timeout: di Windows matikan Hyper-V/WSL2/Memory Integrity "
        "(`labctl doctor`); di laptop yang lambat naikkan [vagrant] boot_timeout di lab.toml; "
        "lalu `labctl up` lagi (VM yang sudah dibuat tetap disimpan)",
    ),
    "vagrant.advice-non-ascii-home": (
        "Vagrant cannot handle a non-ASCII user folder on Windows: `setx VAGRANT_HOME "
        "C:\\vagrant.d`, open a new terminal, then `labctl up`",
        "Vagrant tidak bisa menangani folder pengguna non-ASCII di Windows: `setx VAGRANT_HOME "
        "C:\\vagrant.d`, buka terminal baru, lalu `labctl up`",
    ),
    "vagrant.advice-vbguest": (
        "the vagrant-vbguest plugin failed (it breaks on Ruby >= 3.2 and on CentOS 7's dead "
        "mirrors): `vagrant plugin uninstall vagrant-vbguest` - the lab needs no Guest Additions",
        "plugin vagrant-vbguest gagal (rusak di Ruby >= 3.2 dan di mirror CentOS 7 yang sudah "
        "mati): `vagrant plugin uninstall vagrant-vbguest` - lab tidak butuh Guest Additions",
    ),
    "vagrant.advice-no-plugin": (
        "Vagrant has no such provider plugin (for libvirt: `sudo apt-get install "
        "vagrant-libvirt` or `vagrant plugin install vagrant-libvirt`), or use --provider local",
        "Vagrant tidak punya plugin provider itu (untuk libvirt: `sudo apt-get install "
        "vagrant-libvirt` atau `vagrant plugin install vagrant-libvirt`), atau pakai "
        "--provider local",
    ),
    "vagrant.advice-libvirt": (
        "libvirt is not reachable (is libvirtd running, are you in the libvirt group?): "
        "`labctl doctor` says more, or use --provider local",
        "libvirt tidak bisa dihubungi (apakah libvirtd berjalan, apakah Anda anggota grup "
        "libvirt?): `labctl doctor` menjelaskan lebih lanjut, atau pakai --provider local",
    ),
    "vagrant.advice-no-kvm": (
        "KVM is not available here: `export LABCTL_LIBVIRT_DRIVER=qemu` (slow emulation) and "
        "`labctl up` again",
        "KVM tidak tersedia di sini: `export LABCTL_LIBVIRT_DRIVER=qemu` (emulasi lambat) lalu "
        "`labctl up` lagi",
    ),
    "vagrant.advice-no-vtx": (
        "hardware virtualization is off or held by another hypervisor (enable VT-x/AMD-V in "
        "the firmware, stop Hyper-V/KVM), or use --provider local",
        "virtualisasi hardware mati atau dipegang hypervisor lain (aktifkan VT-x/AMD-V di "
        "firmware, hentikan Hyper-V/KVM), atau pakai --provider local",
    ),
    "vagrant.advice-box": (
        "the box could not be downloaded: `labctl doctor` explains how to add a cached .box "
        "file (`vagrant box add --name BOX /path/to/file.box`), or `labctl up --box FILE`",
        "box gagal diunduh: `labctl doctor` menjelaskan cara menambahkan file .box yang sudah "
        "ada (`vagrant box add --name BOX /path/to/file.box`), atau `labctl up --box FILE`",
    ),
    "vagrant.advice-not-running": (
        "the VM is not running: `labctl up` starts it",
        "VM tidak menyala: `labctl up` menyalakannya",
    ),
    # the VM path: provisioning (a step's name is the script's own, as it says it)
    "prov.step-failed": (
        "{host}: step '{step}' failed: {why}",
        "{host}: langkah '{step}' gagal: {why}",
    ),
    "prov.unsupported": (
        "unsupported distribution '{dist}' (supported: CentOS 7, Rocky/Alma 8-9, Debian 12, "
        "Ubuntu)",
        "distribusi '{dist}' tidak didukung (yang didukung: CentOS 7, Rocky/Alma 8-9, "
        "Debian 12, Ubuntu)",
    ),
    "prov.no-os-release": (
        "{host}: cannot read /etc/os-release: {why}",
        "{host}: /etc/os-release tidak bisa dibaca: {why}",
    ),
    "prov.family": (
        "unknown distribution family '{family}' (known: {known})",
        "keluarga distribusi '{family}' tidak dikenal (yang ada: {known})",
    ),
    "prov.password": (
        "the balancer-manager password must be one non-empty line",
        "password balancer-manager harus satu baris yang tidak kosong",
    ),
    "prov.detect": ("detect distribution", "mengenali distribusi"),
    "prov.upload": ("upload", "mengunggah"),
    "prov.last-line": ("{line} (exit status {code})", "{line} (status keluar {code})"),
    "err.exit-status": ("exit status {code}", "status keluar {code}"),
    "prov.no-transport": ("no transport for {hosts}", "tidak ada transport untuk {hosts}"),
    "prov.staging": ("cannot fill {path}: {why}", "{path} tidak bisa diisi: {why}"),
    # the VM path: commands on a host (SSH to a VM, or this machine)
    "ssh.timed-out": (
        "{host}: '{command}' timed out after {seconds} s",
        "{host}: '{command}' melewati batas waktu {seconds} detik",
    ),
    "local.cannot-run": (
        "{host}: cannot run '{command}': {why}",
        "{host}: '{command}' tidak bisa dijalankan: {why}",
    ),
    "ssh.cannot-run": (
        "{host}: cannot run '{command}' over SSH: {why}",
        "{host}: '{command}' tidak bisa dijalankan lewat SSH: {why}",
    ),
    "ssh.lost": (
        "{host}: SSH connection to {address} was lost while running '{command}'",
        "{host}: koneksi SSH ke {address} terputus saat menjalankan '{command}'",
    ),
    "ssh.sudo-password": (
        "{host}: sudo asks {user} for a password; labctl needs passwordless sudo (NOPASSWD) "
        "for {user} on {hostname}",
        "{host}: sudo meminta password {user}; labctl butuh sudo tanpa password (NOPASSWD) "
        "untuk {user} di {hostname}",
    ),
    "sshconfig.unparsable": (
        "{host}: cannot parse `vagrant ssh-config` output: {why}",
        "{host}: keluaran `vagrant ssh-config` tidak bisa dibaca: {why}",
    ),
    "sshconfig.no-single-host": (
        "{host}: `vagrant ssh-config` output has no single Host entry to use (found: {found})",
        "{host}: keluaran `vagrant ssh-config` tidak punya satu entri Host yang bisa dipakai "
        "(ditemukan: {found})",
    ),
    "sshconfig.no-host": (
        "{host}: `vagrant ssh-config` output has no 'Host {machine}'",
        "{host}: keluaran `vagrant ssh-config` tidak memuat 'Host {machine}'",
    ),
    "sshconfig.proxy": (
        "{host}: ProxyCommand/ProxyJump in ssh-config is not supported",
        "{host}: ProxyCommand/ProxyJump di ssh-config tidak didukung",
    ),
    "sshconfig.no-user": (
        "{host}: `vagrant ssh-config` output for {machine} lacks User or IdentityFile",
        "{host}: keluaran `vagrant ssh-config` untuk {machine} tidak memuat User atau IdentityFile",
    ),
    "sshconfig.port": (
        "{host}: bad Port {port} in `vagrant ssh-config` output",
        "{host}: Port {port} di keluaran `vagrant ssh-config` tidak sah",
    ),
    "ssh.status-hint": (
        "is the VM running? try `labctl status`",
        "apakah VM menyala? coba `labctl status`",
    ),
    "ssh.kept-trying": (
        "{message} (kept trying for {seconds} s)",
        "{message} (sudah dicoba terus selama {seconds} detik)",
    ),
    "ssh.known-hosts": (
        "{host}: cannot read {path} ({why}); fix or delete that file",
        "{host}: {path} tidak bisa dibaca ({why}); perbaiki atau hapus file itu",
    ),
    "ssh.no-key-file": ("{host}: no SSH key file given", "{host}: file kunci SSH belum diberikan"),
    "ssh.key-missing": ("SSH key file {path} does not exist", "file kunci SSH {path} tidak ada"),
    "ssh.key-unreadable": (
        "SSH key file {path} is not readable",
        "file kunci SSH {path} tidak bisa dibaca",
    ),
    "ssh.key-directory": (
        "SSH key file {path} is a directory",
        "file kunci SSH {path} adalah direktori",
    ),
    "ssh.key-encrypted": (
        "SSH key file {path} is encrypted (a passphrase-less key is needed)",
        "file kunci SSH {path} terenkripsi (dibutuhkan kunci tanpa passphrase)",
    ),
    "ssh.key-unusable": (
        "SSH key file {path} is not a usable private key ({why})",
        "file kunci SSH {path} bukan kunci privat yang bisa dipakai ({why})",
    ),
    "ssh.no-key": ("{host}: {problems} ({hint})", "{host}: {problems} ({hint})"),
    "ssh.where": ("{host}: SSH to {address}", "{host}: SSH ke {address}"),
    "ssh.key-changed": (
        "{host}: the host key of {name} has CHANGED since it was recorded in {path}; if the VM "
        "was recreated, delete the '{name}' line from that file (or run `labctl destroy`), "
        "otherwise someone may be intercepting the connection",
        "{host}: host key {name} BERUBAH sejak dicatat di {path}; bila VM dibuat ulang, hapus "
        "baris '{name}' dari file itu (atau jalankan `labctl destroy`), kalau tidak mungkin ada "
        "pihak yang menyadap koneksi",
    ),
    "ssh.rejected": (
        "{where}: key rejected for user {user} (tried {keys}; was the VM recreated? compare "
        "with `vagrant ssh-config`)",
        "{where}: kunci ditolak untuk pengguna {user} (sudah dicoba {keys}; apakah VM dibuat "
        "ulang? bandingkan dengan `vagrant ssh-config`)",
    ),
    "ssh.unresolved": (
        "{host}: cannot resolve host name {name} ({why})",
        "{host}: nama host {name} tidak bisa di-resolve ({why})",
    ),
    "ssh.timeout": (
        "{where} timed out after {seconds} s ({hint})",
        "{where} melewati batas waktu {seconds} detik ({hint})",
    ),
    "ssh.refused": ("{where} refused ({hint})", "{where} ditolak ({hint})"),
    "ssh.no-route": (
        "{where}: no route to host ({hint})",
        "{where}: tidak ada rute ke host ({hint})",
    ),
    "ssh.failed-hint": ("{where} failed: {why} ({hint})", "{where} gagal: {why} ({hint})"),
    "ssh.failed": ("{where} failed: {why}", "{where} gagal: {why}"),
    "ssh.no-banner": ("no SSH protocol banner", "tanpa banner protokol SSH"),
    "ssh.no-handshake": (
        "no SSH handshake within {seconds} s",
        "tanpa handshake SSH dalam {seconds} detik",
    ),
    "ssh.no-server": (
        "{where}: no SSH server answered on that port ({detail}); the VM may still be booting "
        "({hint})",
        "{where}: tidak ada server SSH yang menjawab di port itu ({detail}); VM mungkin masih "
        "booting ({hint})",
    ),
    "ssh.cannot-record": (
        "{host}: cannot record the host key of {hostname} in {path}: {why}",
        "{host}: host key {hostname} tidak bisa dicatat di {path}: {why}",
    ),
    # the classroom's box (labctl box build, labctl up --box) and the results files
    "box.not-a-box": ("{path} is not a Vagrant box ({why})", "{path} bukan box Vagrant ({why})"),
    "box.no-metadata": (
        "{path} is not a Vagrant box (no metadata.json naming its provider)",
        "{path} bukan box Vagrant (tidak ada metadata.json yang menyebut provider-nya)",
    ),
    "box.no-file": ("--box {path}: no such file", "--box {path}: file tidak ada"),
    "box.provider": (
        "--box {path} is a {box} box but this lab runs on {lab}: set [vagrant] "
        'hypervisor = "{box}" in lab.toml, or build the box for {lab}',
        "--box {path} adalah box {box} padahal lab ini berjalan di {lab}: atur [vagrant] "
        'hypervisor = "{box}" di lab.toml, atau buat box untuk {lab}',
    ),
    "box.exists": (
        "{path} exists already: remove it or choose another --output",
        "{path} sudah ada: hapus dulu atau pilih --output lain",
    ),
    "box.not-dir": ("{path} is not a directory", "{path} bukan direktori"),
    "box.failed-log": ("{error} (log: {log}){tail}", "{error} (log: {log}){tail}"),
    "box.failed-logs": ("{error} (logs: {logs})", "{error} (log: {logs})"),
    "out.is-dir": (
        "{path}: is a directory, not a file to write the results to",
        "{path}: adalah direktori, bukan file untuk menulis hasilnya",
    ),
    "out.is-file": (
        "{path}: is a file; the gradescope results are a directory",
        "{path}: adalah file; hasil gradescope berupa direktori",
    ),
    "out.unwritable": (
        "{path}: cannot be written ({why})",
        "{path}: tidak bisa ditulis ({why})",
    ),
    "out.not-dir": ("{path}: {ancestor} is not a directory", "{path}: {ancestor} bukan direktori"),
    "out.cannot-write-in": (
        "{path}: cannot write in {ancestor} ({why})",
        "{path}: tidak bisa menulis di {ancestor} ({why})",
    ),
    "out.moodle-id": (
        "{where}: lab '{label}': {kind} = \"...\" is needed for --format moodle ([moodle] "
        'identifier = "{kind}")',
        "{where}: lab '{label}': {kind} = \"...\" dibutuhkan untuk --format moodle ([moodle] "
        'identifier = "{kind}")',
    ),
    # --- faults (issue 13) ---
    "fault.kind.stop": (
        "httpd stopped, as `labctl stop` does (systemctl stop httpd)",
        "httpd dihentikan, seperti `labctl stop` (systemctl stop httpd)",
    ),
    "fault.kind.hang": (
        "httpd frozen (SIGSTOP): connections are accepted and never answered",
        "httpd dibekukan (SIGSTOP): koneksi diterima tetapi tidak pernah dijawab",
    ),
    "fault.kind.slow": (
        "every response leaves SECONDS late (mod_ext_filter: sleep, then the page)",
        "setiap respons terlambat SECONDS detik (mod_ext_filter: sleep, lalu halamannya)",
    ),
    "fault.kind.error": (
        "every page answers CODE (400-599) while httpd stays up (mod_alias Redirect CODE /)",
        "setiap halaman menjawab CODE (400-599) sementara httpd tetap hidup "
        "(mod_alias Redirect CODE /)",
    ),
    "fault.kind.flap": (
        "httpd stopped and started again every SECONDS, until cleared",
        "httpd dihentikan lalu dinyalakan lagi setiap SECONDS detik, sampai dibersihkan",
    ),
    "fault.kind.drop": (
        "VMs only: the server's firewall drops every packet from the balancer, like a "
        "powered-off machine",
        "khusus VM: firewall server membuang semua paket dari load balancer, seperti mesin "
        "yang mati",
    ),
    "fault.kinds": ("fault kinds:", "jenis gangguan:"),
    "fault.active": ("active faults:", "gangguan yang aktif:"),
    "fault.none": ("no active fault", "tidak ada gangguan aktif"),
    "fault.since": ("since {time}", "sejak {time}"),
    "fault.applied": (
        "{label}: applied (`labctl fault clear {host}` undoes it)",
        "{label}: diterapkan (`labctl fault clear {host}` membatalkannya)",
    ),
    "fault.cleared": (
        "{label}: cleared, the server serves again",
        "{label}: dibersihkan, server melayani lagi",
    ),
    "fault.nothing-to-clear": ("no fault to clear", "tidak ada gangguan untuk dibersihkan"),
    "fault.unknown-kind": (
        "unknown fault '{kind}' (known: {kinds}; `labctl fault list` explains each)",
        "gangguan '{kind}' tidak dikenal (yang ada: {kinds}; `labctl fault list` menjelaskannya)",
    ),
    "fault.unknown-host": (
        "unknown host '{host}': faults are for {servers}",
        "host '{host}' tidak dikenal: gangguan hanya untuk {servers}",
    ),
    "fault.balancer": (
        "{host} is the load balancer: faults are for the servers behind it, whose failures it "
        "must handle (a broken balancer breaks everything at once; `labctl stop {host}` if "
        "that is what you want)",
        "{host} adalah load balancer: gangguan hanya untuk server di belakangnya, yang "
        "kegagalannya harus ia tangani (balancer yang rusak merusak semuanya sekaligus; "
        "`labctl stop {host}` bila itu yang diinginkan)",
    ),
    "fault.no-arg": (
        "fault {kind} takes no argument (got '{arg}')",
        "gangguan {kind} tidak memakai argumen (diberi '{arg}')",
    ),
    "fault.needs-arg": (
        "fault {kind} needs {what}: `labctl fault HOST {kind} {what}`",
        "gangguan {kind} butuh {what}: `labctl fault HOST {kind} {what}`",
    ),
    "fault.bad-code": (
        "CODE must be an HTTP error status from 400 to 599, not '{arg}'",
        "CODE harus status galat HTTP dari 400 sampai 599, bukan '{arg}'",
    ),
    "fault.bad-seconds": (
        "fault {kind}: SECONDS must be a number from {low} to 3600, not '{arg}'",
        "gangguan {kind}: SECONDS harus angka dari {low} sampai 3600, bukan '{arg}'",
    ),
    "fault.not-running": (
        "{host}: httpd is not running: nothing to freeze (`labctl start {host}` first)",
        "{host}: httpd tidak berjalan: tidak ada yang dibekukan (`labctl start {host}` dulu)",
    ),
    "fault.drop-local": (
        "drop is for the VMs (--provider vagrant): the embedded lab's hosts share this "
        "machine's loopback, where a firewall rule per host needs root; use hang or stop here",
        "drop hanya untuk VM (--provider vagrant): host lab bawaan berbagi loopback mesin ini, "
        "dan aturan firewall per host butuh root; di sini pakai hang atau stop",
    ),
    "fault.stuck": (
        "the fault failed and could not be undone: {what}",
        "gangguan gagal dan tidak bisa dibatalkan: {what}",
    ),
    "fault.not-cleared": (
        "fault not cleared (still recorded, `labctl fault clear` tries again): {what}",
        "gangguan belum dibersihkan (masih tercatat, `labctl fault clear` mencoba lagi): {what}",
    ),
    "fault.faulted": (
        "the fault '{label}' is active: the scenarios start from a healthy lab "
        "(`labctl fault clear {host}`)",
        "gangguan '{label}' sedang aktif: skenario dimulai dari lab yang sehat "
        "(`labctl fault clear {host}`)",
    ),
    "fault.needs-kind": (
        "which fault? `labctl fault HOST KIND [ARG]`, KIND one of {kinds} (`labctl fault list`)",
        "gangguan apa? `labctl fault HOST KIND [ARG]`, KIND salah satu dari {kinds} "
        "(`labctl fault list`)",
    ),
    "fault.recovering": (
        "{label}: a fault a killed labctl left half-made or unowned, cleared first",
        "{label}: gangguan yang ditinggalkan labctl yang terhenti paksa, dibersihkan dulu",
    ),
    "status.fault": ("fault: {label} ({since})", "gangguan: {label} ({since})"),
    "title.hang-client-waits": (
        "server1 hung: the request routed to it gets no reply (a client deadline of 2 s here; "
        "Apache itself waits its Timeout, 60 s, then answers 502 Proxy Error) while the other "
        "goes to Server 2",
        "server1 macet: request yang diarahkan ke sana tidak dijawab (batas waktu klien 2 detik "
        "di sini; Apache sendiri menunggu Timeout, 60 detik, lalu menjawab 502 Proxy Error) "
        "sedangkan yang lain ke Server 2",
    ),
    "title.hang-again-next-round": (
        "the next round: again every second request waits - a hung member is never taken out "
        "of rotation (only a refused connection is); ProxyTimeout or timeout= on the "
        "BalancerMember shortens the wait",
        "putaran berikutnya: lagi-lagi setiap request kedua menunggu - member yang macet tidak "
        "pernah dikeluarkan dari rotasi (hanya koneksi yang ditolak); ProxyTimeout atau "
        "timeout= pada BalancerMember memperpendek tunggunya",
    ),
    "title.hang-member-still-ok": (
        "balancer-manager still shows server1 Ok: a read timeout does not put a member in error",
        "balancer-manager tetap menampilkan server1 Ok: timeout saat membaca tidak membuat "
        "member berstatus error",
    ),
    "title.error-reaches-clients": (
        "server2 answers 500: the balancer passes every 500 on to the client, every second "
        "request fails",
        "server2 menjawab 500: balancer meneruskan setiap 500 ke klien, setiap request kedua gagal",
    ),
    "title.error-member-stays-ok": (
        "balancer-manager still shows server2 Ok: no failover on an error status without "
        "failonstatus=500 on the balancer",
        "balancer-manager tetap menampilkan server2 Ok: tidak ada failover karena status galat "
        "tanpa failonstatus=500 pada balancer",
    ),
    "title.slow-half-the-traffic": (
        "server1 slow: byrequests still sends it every second request (it counts requests, "
        "not response times; bybusyness would prefer the faster one under load)",
        "server1 lambat: byrequests tetap mengirim setiap request kedua ke sana (yang dihitung "
        "jumlah request, bukan waktu respons; bybusyness lebih memilih yang cepat saat ramai)",
    ),
    "title.slow-replies-late": (
        "every reply from server1 arrives at least the fault's delay late: its clients feel it",
        "setiap jawaban dari server1 datang paling cepat setelah jeda gangguan: kliennya "
        "merasakannya",
    ),
    "title.flap-down-survivor-serves": (
        "server1 flapping, now down: every client still gets Server 2 (a refused connection "
        "is retried on the other member inside the same request)",
        "server1 naik-turun, sekarang mati: setiap klien tetap mendapat Server 2 (koneksi yang "
        "ditolak dicoba ulang ke member lain dalam request yang sama)",
    ),
    "title.flap-member-error": (
        "balancer-manager shows server1 in error after a request hit it while down",
        "balancer-manager menampilkan server1 error setelah ada request yang mengenainya saat mati",
    ),
    "title.flap-back-but-left-out": (
        "server1 is back, yet the balancer keeps it out: a member in error is not retried for "
        "retry seconds (60 by default); retry=0 takes it back at once",
        "server1 sudah hidup lagi, tetapi balancer tetap tidak memakainya: member yang error "
        "tidak dicoba lagi selama retry detik (bawaan 60); retry=0 langsung memakainya lagi",
    ),
    "scn.fault-needs-state": (
        "the fault scenarios need the lab's .labctl/ to record their faults",
        "skenario gangguan butuh .labctl/ milik lab untuk mencatat gangguannya",
    ),
    "scn.fault-hang": (
        "A hung server: its clients wait, the balancer still calls it Ok",
        "Server macet: kliennya menunggu, balancer tetap menyebutnya Ok",
    ),
    "scn.fault-error": (
        "A server answering 500: the errors reach the clients, no failover",
        "Server menjawab 500: galatnya sampai ke klien, tanpa failover",
    ),
    "scn.fault-slow": (
        "A slow server: byrequests still sends it half the traffic",
        "Server lambat: byrequests tetap mengirim separuh lalu lintas kepadanya",
    ),
    "scn.fault-flap": (
        "A flapping server: after one failure it is left out for `retry`",
        "Server naik-turun: setelah sekali gagal ia ditinggalkan selama `retry`",
    ),
    "scn.expected-hang": (
        "of 2 requests: 1 with no reply within {seconds} s (routed to the hung server1), 1 from "
        "Server 2",
        "dari 2 request: 1 tanpa jawaban dalam {seconds} detik (diarahkan ke server1 yang "
        "macet), 1 dari Server 2",
    ),
    "scn.expected-error": (
        "4 requests: Server 1 and 500 Internal Server Error in turn",
        "4 request: Server 1 dan 500 Internal Server Error bergantian",
    ),
    "scn.expected-slow-turns": (
        "4 requests: Server 1 and Server 2 in turn (byrequests counts requests, not time)",
        "4 request: Server 1 dan Server 2 bergantian (byrequests menghitung request, bukan waktu)",
    ),
    "scn.expected-slow-late": (
        "every reply from Server 1 after >= {seconds} s",
        "setiap jawaban dari Server 1 setelah >= {seconds} detik",
    ),
    "scn.expected-flap-left-out": (
        "server1 answers again, yet 4 requests all from Server 2 (retry: 60 s)",
        "server1 menjawab lagi, tetapi 4 request semuanya dari Server 2 (retry: 60 detik)",
    ),
    "scn.flap-back": ("server1 answers again: {seen}", "server1 menjawab lagi: {seen}"),
    "scn.flap-not-back": (
        "server1 did not come back: {seen}",
        "server1 tidak kembali: {seen}",
    ),
    # --- watch (issue 13) ---
    "watch.bad-rate": (
        "--rate must be above 0 and at most {most} requests a second, not {value}",
        "--rate harus di atas 0 dan paling banyak {most} permintaan per detik, bukan {value}",
    ),
    "watch.bad-duration": (
        "--duration must be a number of seconds above 0, not {value}",
        "--duration harus berupa jumlah detik di atas 0, bukan {value}",
    ),
    "watch.bad-window": (
        "--window must be a whole number of replies from 2 to 1000, not {value}",
        "--window harus bilangan bulat jumlah balasan dari 2 sampai 1000, bukan {value}",
    ),
    "watch.title": ("watch {target}  {rate}/s", "pantau {target}  {rate}/detik"),
    "watch.clock": ("{t} s, {sent} sent", "{t} detik, {sent} terkirim"),
    "watch.skipped": (
        "{skipped} not sent (too many waiting)",
        "{skipped} tidak dikirim (terlalu banyak menunggu)",
    ),
    "watch.replies": ("replies", "balasan"),
    "watch.shares": ("share of the last {n} replies", "bagian dari {n} balasan terakhir"),
    "watch.latency": (
        "latency of the answered requests: median {median} ms, p95 {p95} ms",
        "latensi permintaan yang dijawab: median {median} ms, p95 {p95} ms",
    ),
    "watch.no-latency": ("latency: no answer yet", "latensi: belum ada jawaban"),
    "watch.members": ("balancer-manager members", "anggota di balancer-manager"),
    "watch.col-status": ("status", "status"),
    "watch.col-elected": ("elected", "dipilih"),
    "watch.col-busy": ("busy", "sibuk"),
    "watch.manager-status": (
        "/balancer-manager answered {status}",
        "/balancer-manager menjawab {status}",
    ),
    "watch.log": ("new lines of the balancer's error log", "baris baru di error log balancer"),
    "watch.log-quiet": ("nothing new", "belum ada yang baru"),
    "watch.legend": (
        "1/2: the server that answered; 503: a status code; T: no answer in {deadline} s; "
        "R: connection refused; E: other error. Ctrl-C stops.",
        "1/2: server yang menjawab; 503: kode status; T: tidak ada jawaban dalam {deadline} "
        "detik; R: koneksi ditolak; E: galat lain. Ctrl-C untuk berhenti.",
    ),
    "watch.word-timeout": ("timeout", "habis waktu"),
    "watch.word-refused": ("refused", "ditolak"),
    "watch.word-error": ("error", "galat"),
    "watch.done": (
        "watch stopped after {seconds} s, {sent} requests sent; the lab was not changed",
        "pemantauan berhenti setelah {seconds} detik, {sent} permintaan terkirim; lab tidak diubah",
    ),
    # --- exercises (issue 14) ---
    "title.weights-factors": (
        "the manager shows loadfactor 3 for server1, 1 for server2",
        "balancer-manager menampilkan loadfactor 3 untuk server1, 1 untuk server2",
    ),
    "expected.weights-factors": (
        "server1: loadfactor 3, server2: loadfactor 1 (or the same ratio)",
        "server1: loadfactor 3, server2: loadfactor 1 (atau rasio yang sama)",
    ),
    "title.weights-shares": (
        "12 requests: 9 to Server 1, 3 to Server 2",
        "12 permintaan: 9 ke Server 1, 3 ke Server 2",
    ),
    "expected.weights-shares": (
        "9 x 200 from Server 1, 3 x 200 from Server 2 (byrequests' order: 1 1 2 1)",
        "9 x 200 dari Server 1, 3 x 200 dari Server 2 (urutan byrequests: 1 1 2 1)",
    ),
    "hint.weights-member-missing": (
        "the balancer does not list both servers as members: keep both BalancerMember lines "
        "and add loadfactor=3 / loadfactor=1 at their ends",
        "balancer tidak memuat kedua server sebagai anggota: pertahankan kedua baris "
        "BalancerMember dan tambahkan loadfactor=3 / loadfactor=1 di ujungnya",
    ),
    "hint.weights-equal": (
        "both members have loadfactor {factor}, so byrequests shares 1:1: add loadfactor=3 at the "
        "end of server1's BalancerMember line (server2 keeps 1, the default), then restart",
        "kedua anggota punya loadfactor {factor}, jadi byrequests membagi 1:1: tambahkan "
        "loadfactor=3 di ujung baris BalancerMember server1 (server2 tetap 1, bawaannya), lalu "
        "restart",
    ),
    "hint.weights-swapped": (
        "the weights are the wrong way round: server2 has three times server1's loadfactor; "
        "loadfactor=3 belongs on server1's BalancerMember line",
        "bobotnya terbalik: loadfactor server2 tiga kali server1; loadfactor=3 harus di baris "
        "BalancerMember server1",
    ),
    "hint.weights-ratio": (
        "the manager shows loadfactor {one} for server1 and {two} for server2: the ratio must be "
        "3:1 (loadfactor=3 and loadfactor=1)",
        "balancer-manager menampilkan loadfactor {one} untuk server1 dan {two} untuk server2: "
        "rasionya harus 3:1 (loadfactor=3 dan loadfactor=1)",
    ),
    "hint.weights-lbmethod": (
        "the weights are right but the method is {lbmethod}, which does not count requests: "
        "use ProxySet lbmethod=byrequests",
        "bobotnya benar tetapi metodenya {lbmethod}, yang tidak menghitung permintaan: pakai "
        "ProxySet lbmethod=byrequests",
    ),
    "hint.weights-errors": (
        "the weights are right but some requests failed: are both servers running "
        "(`labctl status`)?",
        "bobotnya benar tetapi ada permintaan yang gagal: apakah kedua server berjalan "
        "(`labctl status`)?",
    ),
    "hint.weights-other": (
        "the weights are right but the shares are not 9:3: did someone else send requests "
        "meanwhile? run verify again",
        "bobotnya benar tetapi pembagiannya bukan 9:3: apakah ada orang lain yang mengirim "
        "permintaan saat itu? jalankan verify lagi",
    ),
    "title.sticky-cookie": (
        "a new client gets the cookie naming its server's route",
        "klien baru mendapat cookie yang menyebut rute servernya",
    ),
    "expected.sticky-cookie": (
        "Set-Cookie: <stickysession>=.<route> on the first reply of each new client",
        "Set-Cookie: <stickysession>=.<route> pada balasan pertama setiap klien baru",
    ),
    "title.sticky-new-clients-spread": (
        "new clients (no cookie) are still spread over both servers",
        "klien baru (tanpa cookie) tetap dibagi ke kedua server",
    ),
    "expected.sticky-new-clients-spread": (
        "4 x 200, Server 1 and Server 2 in turn",
        "4 x 200, Server 1 dan Server 2 bergantian",
    ),
    "title.sticky-stays": (
        "a client holding the cookie stays on its server",
        "klien yang membawa cookie tetap di servernya",
    ),
    "expected.sticky-stays": (
        "with each server's cookie: 4 x 200, all from that server",
        "dengan cookie tiap server: 4 x 200, semuanya dari server itu",
    ),
    "title.sticky-failover": (
        "server1 stopped: its clients move to Server 2",
        "server1 dihentikan: kliennya pindah ke Server 2",
    ),
    "expected.sticky-failover": (
        "with server1's cookie: 3 x 200 from Server 2",
        "dengan cookie server1: 3 x 200 dari Server 2",
    ),
    "hint.sticky-manager": (
        "the balancer-manager page cannot be read ({why}), so the routes cannot be seen: "
        "keep the tutorial's manager block",
        "halaman balancer-manager tidak bisa dibaca ({why}), jadi rute tidak terlihat: "
        "pertahankan blok manager dari tutorial",
    ),
    "hint.sticky-no-stickysession": (
        "the balancer reads no cookie: add stickysession=ROUTEID to the ProxySet line "
        "(ProxySet lbmethod=byrequests stickysession=ROUTEID)",
        "balancer tidak membaca cookie apa pun: tambahkan stickysession=ROUTEID pada baris "
        "ProxySet (ProxySet lbmethod=byrequests stickysession=ROUTEID)",
    ),
    "hint.sticky-no-route": (
        "a member has no route: add route=server1 and route=server2 at the ends of the "
        "BalancerMember lines (the cookie carries the route)",
        "ada anggota tanpa rute: tambahkan route=server1 dan route=server2 di ujung baris "
        "BalancerMember (cookie membawa rute itu)",
    ),
    "hint.sticky-no-header": (
        "Apache sends no cookie: add, above <Proxy>, {line} (mod_headers must be loaded: "
        "`a2enmod headers` on Debian)",
        "Apache tidak mengirim cookie: tambahkan, di atas <Proxy>, {line} (mod_headers harus "
        "dimuat: `a2enmod headers` di Debian)",
    ),
    "hint.sticky-cookie-name": (
        "Apache sends the cookie '{cookie}' but the balancer reads '{sticky}' "
        "(stickysession=): use one name in both places",
        "Apache mengirim cookie '{cookie}' tetapi balancer membaca '{sticky}' "
        "(stickysession=): pakai satu nama di kedua tempat",
    ),
    "hint.sticky-no-dot": (
        "the cookie's value is '{value}': the balancer takes the route from after the first dot, "
        "so write (with the dot) {line}",
        "nilai cookie adalah '{value}': balancer mengambil rute sesudah titik pertama, jadi "
        "tulis (dengan titik) {line}",
    ),
    "hint.sticky-not-spread": (
        "clients without a cookie all land on one server: keep lbmethod=byrequests and both "
        "members; stickiness comes from the cookie only",
        "klien tanpa cookie semua jatuh ke satu server: pertahankan lbmethod=byrequests dan "
        "kedua anggota; kelengketan hanya datang dari cookie",
    ),
    "hint.sticky-nofailover": (
        "with its server stopped the client gets 503: nofailover=On keeps it there; the exercise "
        "asks for failover, so remove nofailover=On",
        "saat servernya berhenti klien mendapat 503: `nofailover=On` menahannya di sana; "
        "latihan ini meminta failover, jadi hapus `nofailover=On`",
    ),
    "hint.sticky-failover": (
        "with its server stopped the client is not served by the other one: are both members "
        "in the same balancer, and is server2 running?",
        "saat servernya berhenti klien tidak dilayani server lain: apakah kedua anggota ada di "
        "balancer yang sama, dan apakah server2 berjalan?",
    ),
    "hint.sticky-other": (
        "the cookie looks right but the client does not stay: compare your file with "
        "`labctl exercise show sticky`",
        "cookie tampak benar tetapi klien tidak tetap: bandingkan berkas Anda dengan "
        "`labctl exercise show sticky`",
    ),
    "title.standby-flag": (
        "the manager shows server2 as the hot standby (Stby)",
        "balancer-manager menampilkan server2 sebagai hot standby (Stby)",
    ),
    "expected.standby-flag": (
        "server2: Init Stby Ok, server1 without Stby",
        "server2: Init Stby Ok, server1 tanpa Stby",
    ),
    "title.standby-idle": (
        "both running: every request goes to Server 1",
        "keduanya berjalan: setiap permintaan ke Server 1",
    ),
    "expected.standby-idle": ("4 x 200 from Server 1", "4 x 200 dari Server 1"),
    "title.standby-takes-over": (
        "server1 stopped: the standby takes every request",
        "server1 dihentikan: standby mengambil setiap permintaan",
    ),
    "expected.standby-takes-over": ("4 x 200 from Server 2", "4 x 200 dari Server 2"),
    "title.standby-returns": (
        "server1 started again: traffic comes back to it within seconds",
        "server1 dijalankan lagi: lalu lintas kembali kepadanya dalam hitungan detik",
    ),
    "expected.standby-returns": (
        "a 200 from Server 1 within 8 s (retry=3)",
        "sebuah 200 dari Server 1 dalam 8 detik (retry=3)",
    ),
    "hint.standby-manager": (
        "the balancer-manager page cannot be read ({why}): keep the tutorial's manager block",
        "halaman balancer-manager tidak bisa dibaca ({why}): pertahankan blok manager dari "
        "tutorial",
    ),
    "hint.standby-missing": (
        "no member is a hot standby, so byrequests shares the requests: add status=+H at the "
        "end of server2's BalancerMember line",
        "tidak ada anggota yang menjadi hot standby, jadi byrequests membagi permintaan: "
        "tambahkan status=+H di ujung baris BalancerMember server2",
    ),
    "hint.standby-wrong-member": (
        "server1 is the hot standby, so server2 takes the traffic: status=+H belongs on "
        "server2's line",
        "server1 yang menjadi hot standby, jadi server2 yang menerima lalu lintas: status=+H "
        "harus di baris server2",
    ),
    "hint.standby-both": (
        "both members are hot standbys: only server2's line gets status=+H",
        "kedua anggota menjadi hot standby: hanya baris server2 yang diberi status=+H",
    ),
    "hint.standby-503": (
        "the proxy answers 503: is server2 running (`labctl status`)?",
        "proxy menjawab 503: apakah server2 berjalan (`labctl status`)?",
    ),
    "hint.standby-retry": (
        "server1 runs again but got no request for {seconds} s: the balancer waits `retry` "
        "seconds (60 by default) before it tries a failed member; add retry=3 at the end of "
        "server1's BalancerMember line",
        "server1 berjalan lagi tetapi tidak mendapat permintaan selama {seconds} detik: balancer "
        "menunggu `retry` detik (bawaannya 60) sebelum mencoba anggota yang gagal; tambahkan "
        "retry=3 di ujung baris BalancerMember server1",
    ),
    "hint.standby-other": (
        "the standby flag is right but the traffic is not: compare your file with "
        "`labctl exercise show hot-standby`",
        "tanda standby sudah benar tetapi lalu lintasnya belum: bandingkan berkas Anda dengan "
        "`labctl exercise show hot-standby`",
    ),
    "title.drain-members": (
        "both servers are still members of the balancer",
        "kedua server masih menjadi anggota balancer",
    ),
    "expected.drain-members": (
        "the manager lists server1 and server2",
        "balancer-manager memuat server1 dan server2",
    ),
    "title.drain-flag": (
        "the manager shows server1 in drain mode (Drn)",
        "balancer-manager menampilkan server1 dalam mode drain (Drn)",
    ),
    "expected.drain-flag": (
        "server1: Init Drn Ok, server2: Init Ok",
        "server1: Init Drn Ok, server2: Init Ok",
    ),
    "title.drain-avoided": (
        "new requests avoid server1",
        "permintaan baru menghindari server1",
    ),
    "expected.drain-avoided": ("6 x 200 from Server 2", "6 x 200 dari Server 2"),
    "hint.drain-removed": (
        "a server is no longer a member: maintenance is done on the manager page, not in the "
        "file; put its BalancerMember line back, restart, then drain it on the page",
        "ada server yang bukan anggota lagi: perawatan dilakukan di halaman manager, bukan di "
        "berkas; kembalikan baris BalancerMember-nya, restart, lalu drain di halaman itu",
    ),
    "hint.drain-wrong-member": (
        "server2 is drained or disabled, not server1: set its Drain Mode (and Disabled) back to "
        "Off and drain server1",
        "server2 yang di-drain atau dinonaktifkan, bukan server1: kembalikan Drain Mode (dan "
        "Disabled) server2 ke Off lalu drain server1",
    ),
    "hint.drain-other-switch": (
        "server1 is '{status}': that also stops new requests, but maintenance uses Drain Mode "
        "(its sticky clients may finish); set that switch back to Off and Drain Mode to On",
        "server1 berstatus '{status}': itu juga menghentikan permintaan baru, tetapi perawatan "
        'memakai Drain Mode (klien sticky-nya boleh selesai); kembalikan sakelar itu ke "Off" dan '
        '"Drain Mode" ke "On"',
    ),
    "hint.drain-referer": (
        "Apache ignored your form (AH10187 in the error log): the balancer-manager accepts a form "
        "only with a Referer of its own page; a browser sends it, with curl add "
        '-H "Referer: http://<balancer>/balancer-manager"',
        "Apache mengabaikan formulir Anda (AH10187 di log error): balancer-manager hanya menerima "
        "formulir dengan Referer halamannya sendiri; browser mengirimnya, dengan curl tambahkan "
        '-H "Referer: http://<balancer>/balancer-manager"',
    ),
    "hint.drain-how": (
        "server1 is not drained: open /balancer-manager, click server1's worker URL, set Drain "
        "Mode to On and Submit (a restart of the balancer undoes it)",
        "server1 belum di-drain: buka /balancer-manager, klik URL worker server1, pasang "
        '"Drain Mode" ke "On" lalu "Submit" (restart balancer membatalkannya)',
    ),
    "hint.drain-other": (
        "server1 is drained but still gets requests: do the requests carry a sticky cookie? "
        "compare with `labctl exercise show drain`",
        "server1 sudah di-drain tetapi masih mendapat permintaan: apakah permintaan membawa "
        "cookie sticky? bandingkan dengan `labctl exercise show drain`",
    ),
    "title.hc-module": (
        "the balancer has mod_proxy_hcheck (HC columns on the manager page)",
        "balancer memiliki mod_proxy_hcheck (kolom HC di halaman manager)",
    ),
    "expected.hc-module": (
        "httpd >= 2.4.21 with mod_proxy_hcheck loaded",
        "httpd >= 2.4.21 dengan mod_proxy_hcheck dimuat",
    ),
    "title.hc-enabled": (
        "both members have a health check (HC Method not NONE)",
        "kedua anggota punya health check (HC Method bukan NONE)",
    ),
    "expected.hc-enabled": (
        "server1 and server2: HC Method GET, HC uri /",
        "server1 dan server2: HC Method GET, HC uri /",
    ),
    "title.hc-serves": (
        "the health checks keep the running servers in, and they serve in turn",
        "health check mempertahankan server yang berjalan, dan keduanya melayani bergantian",
    ),
    "expected.hc-serves": (
        "no member HcFl for 2.5 s; 4 x 200, Server 1 and Server 2 in turn",
        "tidak ada anggota HcFl selama 2,5 detik; 4 x 200, Server 1 dan Server 2 bergantian",
    ),
    "title.hc-detects": (
        "server1 stopped: marked HcFl without any client request",
        "server1 dihentikan: ditandai HcFl tanpa permintaan klien",
    ),
    "expected.hc-detects": (
        "server1: Init HcFl within 5 s, no request sent through the balancer",
        "server1: Init HcFl dalam 5 detik, tanpa permintaan lewat balancer",
    ),
    "title.hc-recovers": (
        "server1 started: back in rotation by itself",
        "server1 dijalankan: kembali ke rotasi dengan sendirinya",
    ),
    "expected.hc-recovers": (
        "server1: Init Ok within 5 s; then 4 x 200 in turn",
        "server1: Init Ok dalam 5 detik; lalu 4 x 200 bergantian",
    ),
    "hint.hc-no-module": (
        "this Apache ({server}) has no mod_proxy_hcheck: it needs httpd >= 2.4.21 (CentOS 7 "
        "ships 2.4.6); on Debian `a2enmod proxy_hcheck`; or do this exercise on {boxes} or on "
        "the embedded lab",
        "Apache ini ({server}) tidak punya mod_proxy_hcheck: modul itu butuh httpd >= 2.4.21 "
        "(CentOS 7 memakai 2.4.6); di Debian `a2enmod proxy_hcheck`; atau kerjakan latihan ini "
        "di {boxes} atau di lab tertanam",
    ),
    "hint.hc-not-enabled": (
        "no health check on {member} (HC Method NONE, the default): add hcmethod=GET hcuri=/ "
        "hcinterval=1 at the end of its BalancerMember line",
        "tidak ada health check pada {member} (HC Method NONE, bawaannya): tambahkan "
        "hcmethod=GET hcuri=/ hcinterval=1 di ujung baris BalancerMember-nya",
    ),
    "hint.hc-uri-missing": (
        "every member fails its health check although the servers run: with hcmethod=GET (or "
        "HEAD) and no hcuri Apache asks for no page and the servers answer 400; add hcuri=/",
        "setiap anggota gagal health check padahal server berjalan: dengan hcmethod=GET (atau "
        "HEAD) tanpa hcuri Apache tidak meminta halaman apa pun dan server menjawab 400; "
        "tambahkan hcuri=/",
    ),
    "hint.hc-uri-fails": (
        "every member fails its health check although the servers run: does hcuri={uri} exist "
        "on the servers? it must answer 2xx or 3xx (hcuri=/ does)",
        "setiap anggota gagal health check padahal server berjalan: apakah hcuri={uri} ada di "
        "server? halaman itu harus menjawab 2xx atau 3xx (hcuri=/ menjawab)",
    ),
    "hint.hc-interval": (
        "the health checks run every {interval}: slower than the {seconds} s this check waits "
        "(the default is 30 s); add hcinterval=1",
        "health check berjalan tiap {interval}: lebih lambat dari {seconds} detik yang ditunggu "
        "pemeriksaan ini (bawaannya 30 detik); tambahkan hcinterval=1",
    ),
    "hint.hc-other": (
        "the health checks look right but the balancer did not follow: compare your file with "
        "`labctl exercise show health-check`",
        "health check tampak benar tetapi balancer tidak mengikutinya: bandingkan berkas Anda "
        "dengan `labctl exercise show health-check`",
    ),
    "title.timeouts-bounded": (
        "server1 hung: the request that meets it is answered within seconds",
        "server1 macet: permintaan yang mengenainya dijawab dalam hitungan detik",
    ),
    "expected.timeouts-bounded": (
        "an answer (502 is fine) within 5 s",
        "sebuah jawaban (502 boleh) dalam 5 detik",
    ),
    "title.timeouts-failover": (
        "server1 hung: the next clients go to Server 2 at once",
        "server1 macet: klien berikutnya langsung ke Server 2",
    ),
    "expected.timeouts-failover": ("4 x 200 from Server 2", "4 x 200 dari Server 2"),
    "title.timeouts-member-error": (
        "the manager shows the hung server1 in error",
        "balancer-manager menampilkan server1 yang macet dalam keadaan error",
    ),
    "expected.timeouts-member-error": ("server1: Init Err", "server1: Init Err"),
    "title.timeouts-retried": (
        "server1 answers again: it is retried and serves within seconds",
        "server1 menjawab lagi: dicoba ulang dan melayani dalam hitungan detik",
    ),
    "expected.timeouts-retried": (
        "a 200 from Server 1 within 8 s (retry=3)",
        "sebuah 200 dari Server 1 dalam 8 detik (retry=3)",
    ),
    "hint.timeouts-no-timeout": (
        "a request to the hung server got no answer within {seconds} s: the balancer waits "
        "Apache's Timeout (60 s); add timeout=2 at the end of the BalancerMember lines",
        "permintaan ke server yang macet tidak dijawab dalam {seconds} detik: balancer menunggu "
        "Timeout Apache (60 detik); tambahkan timeout=2 di ujung baris BalancerMember",
    ),
    "hint.timeouts-failontimeout": (
        "the timeout works but the hung member stays in rotation (every second request waits "
        "for its 502): add failontimeout=On to the ProxySet line",
        "timeout sudah bekerja tetapi anggota yang macet tetap dalam rotasi (setiap permintaan "
        "kedua menunggu 502-nya): tambahkan `failontimeout=On` pada baris ProxySet",
    ),
    "hint.timeouts-retry": (
        "server1 answers again but got no request for {seconds} s: a member in error is tried "
        "again after `retry` seconds (60 by default); add retry=3 to its BalancerMember line",
        "server1 menjawab lagi tetapi tidak mendapat permintaan selama {seconds} detik: anggota "
        "yang error dicoba lagi sesudah `retry` detik (bawaannya 60); tambahkan retry=3 pada "
        "baris BalancerMember-nya",
    ),
    "hint.timeouts-other": (
        "the timeout works but the clients do not move: compare your file with "
        "`labctl exercise show timeouts`",
        "timeout sudah bekerja tetapi klien tidak berpindah: bandingkan berkas Anda dengan "
        "`labctl exercise show timeouts`",
    ),
    "title.failonstatus-out": (
        "server1 answers 500: it is taken out after its first 500",
        "server1 menjawab 500: dikeluarkan sesudah 500 pertamanya",
    ),
    "expected.failonstatus-out": (
        "6 requests: at most one 500 (among the first two), every other a 200 from Server 2",
        "6 permintaan: paling banyak satu 500 (di antara dua pertama), sisanya 200 dari Server 2",
    ),
    "title.failonstatus-member-error": (
        "the manager shows server1 in error",
        "balancer-manager menampilkan server1 dalam keadaan error",
    ),
    "expected.failonstatus-member-error": ("server1: Init Err", "server1: Init Err"),
    "title.failonstatus-back": (
        "server1 healthy again: it is retried and serves within seconds",
        "server1 sehat lagi: dicoba ulang dan melayani dalam hitungan detik",
    ),
    "expected.failonstatus-back": (
        "a 200 from Server 1 within 8 s (retry=3)",
        "sebuah 200 dari Server 1 dalam 8 detik (retry=3)",
    ),
    "hint.failonstatus-missing": (
        "a 500 is an answer like any other to the balancer, so server1 stays in rotation: add "
        "failonstatus=500 to the ProxySet line",
        "bagi balancer 500 adalah jawaban biasa, jadi server1 tetap dalam rotasi: tambahkan "
        "failonstatus=500 pada baris ProxySet",
    ),
    "hint.failonstatus-code": (
        "failonstatus lists {codes} but server1 answers 500: add 500 (failonstatus=500, or a "
        "list like failonstatus=500,503)",
        "failonstatus memuat {codes} tetapi server1 menjawab 500: tambahkan 500 "
        "(failonstatus=500, atau daftar seperti failonstatus=500,503)",
    ),
    "hint.failonstatus-503": (
        "clients get 503: both members are in error; is server2 running (`labctl status`)?",
        "klien mendapat 503: kedua anggota error; apakah server2 berjalan (`labctl status`)?",
    ),
    "hint.failonstatus-retry": (
        "server1 is healthy again but got no request for {seconds} s: a member in error is tried "
        "again after `retry` seconds (60 by default); add retry=3 to its BalancerMember line",
        "server1 sehat lagi tetapi tidak mendapat permintaan selama {seconds} detik: anggota yang "
        "error dicoba lagi sesudah `retry` detik (bawaannya 60); tambahkan retry=3 pada baris "
        "BalancerMember-nya",
    ),
    "hint.failonstatus-other": (
        "failonstatus=500 is set but server1 still serves 500s: is it on the ProxySet line inside "
        "<Proxy balancer://mycluster>? compare with `labctl exercise show failonstatus`",
        "failonstatus=500 sudah ada tetapi server1 masih melayani 500: apakah ada di baris "
        "ProxySet di dalam <Proxy balancer://mycluster>? bandingkan dengan "
        "`labctl exercise show failonstatus`",
    ),
    "exercise.status": ("exercise: {name}", "latihan: {name}"),
    "exercise.started": (
        "exercise {name}: the lab is at its starting point (the tutorial solved); the task: "
        "`labctl exercise show {name}`, then `labctl verify --exercise {name}`",
        "latihan {name}: lab berada di titik awalnya (tutorial selesai); tugasnya: "
        "`labctl exercise show {name}`, lalu `labctl verify --exercise {name}`",
    ),
    "exercise.solution": (
        "exercise {name}: its reference solution is on the load balancer "
        "(`labctl verify --exercise {name}` passes)",
        "latihan {name}: solusi acuannya sudah dipasang di load balancer "
        "(`labctl verify --exercise {name}` lulus)",
    ),
    "exercise.list-title": ("exercises beyond the tutorial", "latihan lanjutan sesudah tutorial"),
    "exercise.col-name": ("exercise", "latihan"),
    "exercise.col-title": ("what it teaches", "yang dipelajari"),
    "exercise.col-apache": ("Apache it needs", "Apache yang dibutuhkan"),
    "exercise.apache": ("Apache: {apache}", "Versi Apache: {apache}"),
    "exercise.checks": ("checks: {checks}", "pemeriksaan: {checks}"),
    "exercise.unknown": (
        "unknown exercise '{name}' (known: {known}; `labctl exercise list`)",
        "latihan '{name}' tidak dikenal (yang ada: {known}; `labctl exercise list`)",
    ),
    "exercise.needs-lab-dir": (
        "this exercise breaks a server with `labctl fault`: grade it in the lab's directory "
        "(`labctl verify --exercise NAME`)",
        "latihan ini merusak sebuah server dengan `labctl fault`: nilai di direktori lab-nya "
        "(`labctl verify --exercise NAME`)",
    ),
    "exercise.cannot-write": (
        "{host}: cannot write {path}: {why}",
        "{host}: tidak bisa menulis {path}: {why}",
    ),
    "exercise.drain-no-member": (
        "the balancer-manager page lists no member for {host}",
        "halaman balancer-manager tidak mencantumkan anggota untuk {host}",
    ),
    "exercise.drain-form": (
        "the balancer-manager form: {why}",
        "formulir balancer-manager: {why}",
    ),
    "fault.flapper-not-started": (
        "{host}: the flap process did not start (its output: {log})",
        "{host}: proses flap tidak berjalan (keluarannya: {log})",
    ),
    "fault.firewall-drop": (
        "{host}: the firewall did not drop packets from {source}: {why}",
        "{host}: firewall tidak membuang paket dari {source}: {why}",
    ),
    "fault.firewall-accept": (
        "{host}: the firewall did not accept packets from {source} again: {why}",
        "{host}: firewall tidak menerima lagi paket dari {source}: {why}",
    ),
    "usage.exercise-stage": (
        "--exercise NAME installs that exercise's solution: use it with --stage full",
        "--exercise NAME memasang solusi latihan itu: pakai bersama --stage full",
    ),
    "inv.exercise-type": (
        "{path}: [grading] exercise must be an exercise's name",
        "{path}: [grading] exercise harus nama sebuah latihan",
    ),
    "exercise.list-how": (
        "`labctl exercise show NAME` (the task), `labctl exercise start NAME` (the starting "
        "point), `labctl verify --exercise NAME` (the grade)",
        "`labctl exercise show NAME` (tugasnya), `labctl exercise start NAME` (titik awal), "
        "`labctl verify --exercise NAME` (nilainya)",
    ),
}
