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
        "Everything works as the tutorial says.",
        "Semua berjalan seperti yang dijelaskan tutorial.",
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
        'or use --provider local, or libvirt (lab.toml: vagrant.provider = "libvirt")',
        "pasang VirtualBox (https://www.virtualbox.org/wiki/Downloads), "
        'atau pakai --provider local, atau libvirt (lab.toml: vagrant.provider = "libvirt")',
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
        'libvirt (lab.toml: vagrant.provider = "libvirt"), which uses KVM itself',
        "`sudo modprobe -r {module} kvm` sekarang; agar tetap begitu, `echo 'options kvm "
        "enable_virt_at_load=0' | sudo tee /etc/modprobe.d/kvm-virtualbox.conf`; atau pakai "
        'libvirt (lab.toml: vagrant.provider = "libvirt"), yang memakai KVM sendiri',
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
    "exercise.list-how": (
        "`labctl exercise show NAME` (the task), `labctl exercise start NAME` (the starting "
        "point), `labctl verify --exercise NAME` (the grade)",
        "`labctl exercise show NAME` (tugasnya), `labctl exercise start NAME` (titik awal), "
        "`labctl verify --exercise NAME` (nilainya)",
    ),
}
