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
    """Indonesian when the locale says so (LC_ALL, then LC_MESSAGES, then LANG, as gettext)."""
    env = os.environ if env is None else env
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if value:
            return "id" if value.lower().startswith("id") else "en"
    return "en"


def check_title(lang: Lang, check_id: str) -> str:
    """A check's title in ``lang``, also for a check that never ran (its id, when untitled)."""
    key = f"title.{check_id}"
    return t(lang, key) if key in MESSAGES else check_id


def t(lang: Lang, key: str, **values: object) -> str:
    en, id_ = MESSAGES[key]
    return (id_ if lang == "id" else en).format(**values)


# key: (English, Indonesian). Placeholders are the same in both.
MESSAGES: dict[str, tuple[str, str]] = {
    # --- check titles -----------------------------------------------------------------------
    "title.config-valid": (
        "Apache accepts the load balancer's configuration (configtest)",
        "Apache menerima konfigurasi load balancer (configtest)",
    ),
    "title.httpd-running": (
        "httpd was running on every host",
        "httpd menyala di semua host",
    ),
    "title.balancer-answers": (
        "the load balancer answers / with a server's page",
        "load balancer menjawab / dengan halaman salah satu server",
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
        "ProxyPassReverse / balancer://.../ is configured",
        "ProxyPassReverse / balancer://.../ sudah dikonfigurasi",
    ),
    # --- what each check expects ------------------------------------------------------------
    "expected.config-valid": ("configtest: Syntax OK", "configtest: Syntax OK"),
    "expected.httpd-running": (
        "loadbalancer, server1, server2 running",
        "loadbalancer, server1, server2 menyala",
    ),
    "expected.balancer-answers": (
        "200 with a 'Server N' page",
        "200 dengan halaman 'Server N'",
    ),
    "expected.both-members": (
        "a BalancerMember for server1 and for server2",
        "BalancerMember untuk server1 dan server2",
    ),
    "expected.pages-differ": (
        "server1: 'Server 1', server2: 'Server 2'",
        "server1: 'Server 1', server2: 'Server 2'",
    ),
    "expected.manager-not-proxied": (
        "with both servers stopped, /balancer-manager still answered by the load balancer "
        "(401 or the manager page), not 503",
        "saat kedua server mati, /balancer-manager tetap dijawab load balancer "
        "(401 atau halaman manager), bukan 503",
    ),
    "expected.manager-admits": (
        "200 and the balancer-manager page",
        "200 dan halaman balancer-manager",
    ),
    "expected.manager-realm": (
        'WWW-Authenticate: Basic realm="balancer-manager"',
        'WWW-Authenticate: Basic realm="balancer-manager"',
    ),
    "expected.proxypassreverse": (
        "ProxyPassReverse / balancer://{balancer}/",
        "ProxyPassReverse / balancer://{balancer}/",
    ),
    # --- hints: the likely cause and the fix ------------------------------------------------
    "hint.config-broken": (
        "Apache refuses the configuration: {error}. Fix the line it names, then "
        "`labctl restart loadbalancer` (on a VM: `systemctl restart httpd`). The other checks "
        "ran against the configuration Apache is still running.",
        "Apache menolak konfigurasi: {error}. Perbaiki baris yang disebut, lalu "
        "`labctl restart loadbalancer` (di VM: `systemctl restart httpd`). Pemeriksaan lain "
        "dijalankan terhadap konfigurasi lama yang masih berjalan.",
    ),
    "hint.host-stopped": (
        "{host}'s httpd is stopped: `labctl start {host}` (on a VM: `systemctl start httpd`). "
        "verify started it for the other checks and stopped it again afterwards.",
        "httpd di {host} mati: `labctl start {host}` (di VM: `systemctl start httpd`). "
        "verify menyalakannya untuk pemeriksaan lain lalu mematikannya lagi.",
    ),
    "hint.host-wont-start": (
        "{host}'s httpd is stopped and does not start: {error}",
        "httpd di {host} mati dan tidak bisa dinyalakan: {error}",
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
    "hint.few-members": (
        "only {count} BalancerMember in <proxy {balancer}> ({where}): add one line per server "
        "({missing}).",
        "hanya ada {count} BalancerMember di <proxy {balancer}> ({where}): tambahkan satu baris "
        "untuk setiap server ({missing}).",
    ),
    "hint.member-missing": (
        "no BalancerMember points to {host} ({url}): check the address and port on its line.",
        "tidak ada BalancerMember yang mengarah ke {host} ({url}): periksa alamat dan port "
        "pada barisnya.",
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
    "hint.no-manager-location": (
        "there is no <location /balancer-manager> with `SetHandler balancer-manager`: add the "
        "tutorial's block.",
        "tidak ada <location /balancer-manager> dengan `SetHandler balancer-manager`: "
        "tambahkan blok dari tutorial.",
    ),
    "hint.manager-open": (
        "the manager is open to everyone: <location /balancer-manager> ({where}) has no "
        "AuthType / AuthName / AuthUserFile / `Require valid-user`{allow}. Do the tutorial's "
        "step 'Mengamankan Balancer Manager'.",
        "manager terbuka untuk semua orang: <location /balancer-manager> ({where}) tidak punya "
        "AuthType / AuthName / AuthUserFile / `Require valid-user`{allow}. Kerjakan langkah "
        "'Mengamankan Balancer Manager' di tutorial.",
    ),
    "hint.allow-from-all": (
        " ('allow from all' lets everybody in)",
        " ('allow from all' mengizinkan semua orang masuk)",
    ),
    "hint.wrong-realm": (
        'the realm is "{realm}": the tutorial\'s `AuthName` is "balancer-manager" ({where}).',
        'realm-nya "{realm}": `AuthName` di tutorial adalah "balancer-manager" ({where}).',
    ),
    "hint.not-basic": (
        "`AuthType {value}` ({where}): the tutorial uses basic authentication, `AuthType basic`.",
        "`AuthType {value}` ({where}): tutorial memakai autentikasi basic, `AuthType basic`.",
    ),
    "hint.htpasswd-missing": (
        "the password file {path} (AuthUserFile) does not exist: create it with "
        "`htpasswd -c {path} {user}` (`labctl path loadbalancer htpasswd`).",
        "file password {path} (AuthUserFile) tidak ada: buat dengan "
        "`htpasswd -c {path} {user}` (`labctl path loadbalancer htpasswd`).",
    ),
    "hint.htpasswd-unreadable": (
        "Apache cannot read the password file {path}: `chmod 644 {path}`.",
        "Apache tidak bisa membaca file password {path}: `chmod 644 {path}`.",
    ),
    "hint.credentials-refused": (
        "user '{user}' with the lab's password is refused ({why}): make the file with "
        "`htpasswd -c {path} {user}` and the password from `labctl credentials`, or give yours "
        "with --user/--password.",
        "user '{user}' dengan password lab ditolak ({why}): buat file dengan "
        "`htpasswd -c {path} {user}` dan password dari `labctl credentials`, atau berikan "
        "milikmu dengan --user/--password.",
    ),
    "hint.no-proxypassreverse": (
        "there is no `ProxyPassReverse / balancer://{balancer}/`: a redirect from a server "
        "would send the browser to the server's own address, around the load balancer. Add "
        "the tutorial's line.",
        "tidak ada `ProxyPassReverse / balancer://{balancer}/`: redirect dari server akan "
        "mengarahkan browser ke alamat server itu sendiri, melewati load balancer. Tambahkan "
        "baris dari tutorial.",
    ),
    "hint.lb-silent": (
        "the load balancer does not answer ({error}): is its httpd running? "
        "`labctl start loadbalancer`.",
        "load balancer tidak menjawab ({error}): apakah httpd-nya menyala? "
        "`labctl start loadbalancer`.",
    ),
    "hint.manager-unreadable": (
        "balancer-manager could not be read with the right password ({observed}), so the "
        "member's state cannot be seen: fix the manager checks first.",
        "balancer-manager tidak bisa dibaca dengan password yang benar ({observed}), sehingga "
        "status anggota tidak terlihat: perbaiki pemeriksaan manager dulu.",
    ),
    "hint.error-log": (
        "from the load balancer's error log: {diagnosis}",
        "dari error log load balancer: {diagnosis}",
    ),
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
}
