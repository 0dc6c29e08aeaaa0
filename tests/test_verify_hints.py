"""verify's hint rules on tables of evidence, without Apache (labctl/verify/hints.py).

The Apache-backed corpus (tests/test_verify_corpus.py) proves which evidence real Apache gives;
here each rule is pinned to the cause it names, including the wrong causes older versions gave.
"""

from __future__ import annotations

import pytest

from labctl.apacheconf import SourceFile, StudentConfig
from labctl.hostreader import Unread
from labctl.probe import Reply
from labctl.providers.base import HostPaths
from labctl.verify import hints
from labctl.verify.evidence import Evidence, MemberSeen, Seen, Server

S1, S2 = "127.0.43.92:80", "127.0.43.65:80"
PATHS = HostPaths("/lab/lb/conf.d", "/lab/lb/htpasswd", "/lab/lb/html", "/lab/lb/logs/error_log")
TUTORIAL = f"""<proxy balancer://mycluster>
    BalancerMember http://{S1}
    BalancerMember http://{S2}
</proxy>
<location "/balancer-manager">
    SetHandler balancer-manager
    AuthType basic
    AuthName "balancer-manager"
    AuthUserFile /lab/lb/htpasswd
    Require valid-user
</location>
ProxyPass /balancer-manager !
ProxyPass / balancer://mycluster/
ProxyPassReverse / balancer://mycluster/
"""
# Apache/2.4.71's own words for a refused file (copied from real configtest runs).
NESTED = (
    "loadbalancer: configuration broken, Apache left as it was: apache2: Syntax error on line 57"
    " of /lab/lb/conf/httpd.conf: Syntax error on line 5 of /lab/lb/conf.d/lbsisjarkom.conf: "
    "</proxy> without matching <proxy> section"
)
INVALID = (
    "loadbalancer: configuration broken, Apache left as it was: AH00526: Syntax error on line 2 "
    "of /lab/lb/conf.d/lbsisjarkom.conf: | Invalid command 'BalancerMemeber', perhaps "
    "misspelled or defined by a module not included in the server configuration"
)
ERRNO_111 = (
    "[Wed Nov 25 01:57:50.368283 2026] [proxy:error] [pid 10185:tid 10225] (111)Connection "
    "refused: AH00957: http: attempt to connect to 127.0.43.92:80 (127.0.43.92:80) failed"
)


def evidence(text: str | bytes | None = TUTORIAL, **fields: object) -> Evidence:
    sources = []
    if text is not None:
        data = text if isinstance(text, bytes) else text.encode()
        sources.append(SourceFile.from_bytes("conf.d/lbsisjarkom.conf", data))
    ev = Evidence(
        servers=(Server("server1", 1, "127.0.43.92", 80), Server("server2", 2, "127.0.43.65", 80)),
        user="admin",
        balancer="mycluster",
        paths=PATHS,
        lb_address="127.0.43.71",
        config=StudentConfig.from_sources(sources),
        user_file="/lab/lb/htpasswd",
        users=("admin",),
    )
    ev.members = [MemberSeen(f"http://{S1}", ("127.0.43.92",)), MemberSeen(f"http://{S2}",
                  ("127.0.43.65",))]  # fmt: skip
    for name, value in fields.items():
        setattr(ev, name, value)
    return ev


def reply(status: int, server: int | None = None, **headers: str) -> Reply:
    return Reply(status, server, "", headers)


def edit(old: str, new: str) -> str:
    assert old in TUTORIAL
    return TUTORIAL.replace(old, new)


# --- a refused file -----------------------------------------------------------------------

REFUSED = [
    ("bom", b"\xef\xbb\xbf" + TUTORIAL.encode(), NESTED, {"file": "conf.d/lbsisjarkom.conf"}),
    ("unclosed-section", TUTORIAL, NESTED, {"where": "conf.d/lbsisjarkom.conf:5"}),
    ("invalid-command-typo", TUTORIAL, INVALID, {"known": "BalancerMember"}),
    (
        "invalid-command",
        TUTORIAL,
        INVALID.replace("BalancerMemeber", "upstream"),
        {"command": "upstream"},
    ),
    (
        "smart-quotes",
        edit("http://" + S1, "\u201chttp://" + S1 + "\u201d"),
        INVALID.replace("Invalid command 'BalancerMemeber'", "BalancerMember Unable to parse"),
        {"where": "conf.d/lbsisjarkom.conf:2"},
    ),
    ("refused", TUTORIAL, "loadbalancer: AH00015: Unable to open logs", {"where": ""}),
]


@pytest.mark.parametrize(("key", "text", "refusal", "values"), REFUSED, ids=[r[0] for r in REFUSED])
def test_a_refused_file_names_its_cause(
    key: str, text: str | bytes, refusal: str, values: dict[str, str]
) -> None:
    found = hints.refused(evidence(text, refusal=refusal))
    assert found.key == key
    for name, value in values.items():
        assert found.values[name] == value


# --- the proxy ----------------------------------------------------------------------------

PROXY = [
    ("no-config", None, {}),
    ("no-proxypass-root", edit("ProxyPass / balancer://mycluster/\n", ""), {}),
    ("unknown-balancer", edit("ProxyPass / balancer://mycluster/", "ProxyPass / balancer://x/"),
     {"target": "balancer://x", "where": "conf.d/lbsisjarkom.conf:13"}),
    ("member-https", edit(f"http://{S1}", f"https://{S1}"),
     {"where": "conf.d/lbsisjarkom.conf:2"}),
    ("member-path", edit(f"http://{S1}", f"http://{S1}/html"),
     {"where": "conf.d/lbsisjarkom.conf:2"}),
    ("few-members", edit(f"    BalancerMember http://{S2}\n", ""),
     {"count": 1, "missing": "http://127.0.43.65:80"}),
]  # fmt: skip


@pytest.mark.parametrize(("key", "text", "values"), PROXY, ids=[p[0] for p in PROXY])
def test_proxy_rules(key: str, text: str | None, values: dict[str, object]) -> None:
    ev = evidence(text)
    if key == "few-members":
        ev.members = ev.members[:1]
    found = hints.proxy(ev)
    assert found is not None and found.key == key
    for name, value in values.items():
        assert found.values[name] == value


def test_a_conf_d_that_cannot_be_read_is_never_called_missing() -> None:
    ev = evidence(None, unread=[Unread("conf.d", "Permission denied")])
    found = hints.proxy(ev)
    assert found == hints.Hint("could-not-read", {"path": "conf.d", "reason": "Permission denied"})
    assert "could not read conf.d: Permission denied" in found.render("en")
    assert "tidak bisa membaca conf.d: Permission denied" in found.render("id")


def test_members_are_matched_by_what_the_balancer_resolves_them_to() -> None:
    ev = evidence()
    ev.members = [
        MemberSeen("http://server1", ("127.0.43.92",)),
        MemberSeen("http://server2", ("127.0.43.65",)),
    ]
    assert ev.missing() == [] and hints.proxy(ev) is None
    ev.members[1] = MemberSeen("http://server2", ("127.0.1.1",))  # /etc/hosts says otherwise
    found = hints.proxy(ev)
    assert found is not None and found.key == "member-missing"
    assert found.values["seen"] == ("http://server1 -> 127.0.43.92, http://server2 -> 127.0.1.1")
    ev.members[1] = MemberSeen("http://srever2", ())
    found = hints.proxy(ev)
    assert found is not None and found.key == "member-unresolved"
    assert found.values["host"] == "srever2"


def test_no_trailing_slash_is_named_only_when_the_slashes_differ() -> None:
    seen = Seen((reply(200, 1), reply(500), reply(500)))
    text = edit("ProxyPass / balancer://mycluster/", "ProxyPass / balancer://mycluster")
    found = hints.no_slash(evidence(text), seen)
    assert found is not None and found.key == "proxypass-no-slash"
    assert found.values["where"] == "conf.d/lbsisjarkom.conf:13"
    assert hints.no_slash(evidence(), seen) is None
    assert hints.no_slash(evidence(text), Seen((reply(200, 1),))) is None


def test_the_log_of_the_check_names_the_errno_in_the_students_language() -> None:
    found = hints.log(evidence(log=ERRNO_111))
    assert found is not None and found.key == "error-log"
    assert "httpd is not running on 127.0.43.92:80" in found.render("en")
    assert "httpd tidak berjalan di 127.0.43.92:80" in found.render("id")
    assert hints.log(evidence(log="")) is None
    unread = hints.log(evidence(log=Unread("/lab/lb/logs/error_log", "Permission denied")))
    assert unread is not None and unread.key == "could-not-read"


def test_other_traffic_is_said_instead_of_blaming_the_configuration() -> None:
    seen = Seen((reply(200, 1), reply(200, 1), reply(200, 2), reply(200, 1)))
    found = hints.traffic(evidence(foreign=3), seen)
    assert found is not None and found.key == "other-traffic" and found.values["count"] == 3
    assert hints.traffic(evidence(), seen) is None


def test_same_page_names_the_server_to_fix() -> None:
    found = hints.same_page(evidence(pages={"server1": 1, "server2": 1}))
    assert found is not None and found.values == {"page": "Server 1", "host": "server2",
                                                   "number": 2}  # fmt: skip


# --- the manager ------------------------------------------------------------------------

LOCATIONS = [
    ("location-slash", '<location "/balancer-manager/">', "/balancer-manager/"),
    ("location-smart-quotes", "<location \u201c/balancer-manager\u201d>",
     "\u201c/balancer-manager\u201d"),
    ("location-case", "<Location /Balancer-Manager>", "/Balancer-Manager"),
]  # fmt: skip


@pytest.mark.parametrize(("key", "line", "path"), LOCATIONS, ids=[x[0] for x in LOCATIONS])
def test_a_near_miss_location_is_named_with_its_own_line(key: str, line: str, path: str) -> None:
    ev = evidence(edit('<location "/balancer-manager">', line))
    found = hints.routing(ev)
    assert found == hints.Hint(key, {"where": "conf.d/lbsisjarkom.conf:5", "path": path})


def test_routing_rules() -> None:
    order = edit(
        "ProxyPass /balancer-manager !\nProxyPass / balancer://mycluster/\n",
        "ProxyPass / balancer://mycluster/\nProxyPass /balancer-manager !\n",
    )
    found = hints.routing(evidence(order))
    assert found is not None and found.key == "exclusion-after-root"
    assert found.values == {"root": "conf.d/lbsisjarkom.conf:12",
                            "exclusion": "conf.d/lbsisjarkom.conf:13"}  # fmt: skip
    assert hints.routing(evidence(edit("ProxyPass /balancer-manager !\n", ""))) == hints.Hint(
        "no-exclusion", {}
    )
    slash = evidence(edit("ProxyPass /balancer-manager !", "ProxyPass /balancer-manager/ !"))
    assert hints.routing(slash) == hints.Hint(
        "exclusion-slash", {"where": "conf.d/lbsisjarkom.conf:12", "path": "/balancer-manager/"}
    )
    no_handler = edit("    SetHandler balancer-manager\n", "")
    assert hints.routing(evidence(no_handler)) == hints.Hint("no-manager-location", {})
    assert hints.routing(evidence(None)) == hints.Hint("no-config", {"conf_d": PATHS.conf_d})
    assert hints.routing(evidence()) is None


def test_an_open_manager_names_only_what_is_missing() -> None:
    found = hints.refuses(evidence(edit('    AuthName "balancer-manager"\n', "")), reply(200))
    assert found.key == "manager-open" if found else False
    assert found is not None and found.values["missing"] == "AuthName"
    granted = edit("Require valid-user", "Require valid-user\n    Require all granted")
    found = hints.refuses(evidence(granted), reply(200))
    assert found == hints.Hint(
        "manager-granted", {"where": "conf.d/lbsisjarkom.conf:11", "line": "Require all granted"}
    )
    unsecured = (
        "<proxy balancer://mycluster>\n</proxy>\n<Location /balancer-manager>\n"
        "    SetHandler balancer-manager\n    allow from all\n</Location>\n"
    )
    found = hints.refuses(evidence(unsecured), reply(200))
    assert found is not None and found.key == "manager-open-allow"
    assert found.values["where"] == "conf.d/lbsisjarkom.conf:3"  # the <Location> line itself
    assert found.values["missing"] == "AuthType, AuthName, AuthUserFile, Require valid-user"


MISSING = Unread("/lab/lb/htpasswd", "No such file or directory")
PASSWORDS = [
    ("htpasswd-missing", {"users": MISSING}, "htpasswd -c /lab/lb/htpasswd admin"),
    ("htpasswd-dir-missing",
     {"users": Unread("/etc/httpd/htpasswd", "No such file or directory"),
      "user_file": "/etc/httpd/htpasswd", "user_file_dir": False},
     "htpasswd -c /lab/lb/htpasswd admin"),
    ("could-not-read", {"users": Unread("/lab/lb/htpasswd", "Permission denied")},
     "could not read /lab/lb/htpasswd: Permission denied"),
    ("htpasswd-unreadable", {"log": "AH01620: Could not open password file"}, "chmod 644"),
    ("user-case", {"users": ("Admin",)}, "user names are case-sensitive"),
    ("user-not-in-file", {"users": ("budi",)}, "(it has: budi)"),
    ("credentials-refused", {}, "the lab's password is refused"),
]  # fmt: skip


@pytest.mark.parametrize(("key", "fields", "words"), PASSWORDS, ids=[p[0] for p in PASSWORDS])
def test_password_rules(key: str, fields: dict[str, object], words: str) -> None:
    found = hints.admits(evidence(**fields), reply(401, **{"WWW-Authenticate": 'Basic realm="x"'}))
    assert found is not None and found.key == key
    assert words in found.render("en")
    if key == "htpasswd-dir-missing":  # a command that works on this lab, not the VM's path
        assert "htpasswd -c /etc/httpd/htpasswd" not in found.render("en")


def test_realm_rules_never_show_none() -> None:
    plain = reply(401, **{"WWW-Authenticate": 'Basic realm="Admin Area"'})
    assert hints.realm(evidence(), plain, "Basic", "Admin Area") == hints.Hint(
        "wrong-realm", {"realm": "Admin Area", "where": "conf.d/lbsisjarkom.conf:8"}
    )
    smart = hints.realm(evidence(), plain, "Basic", "\u201cbalancer-manager\u201d")
    assert smart is not None and smart.key == "realm-smart-quotes"
    nothing = hints.realm(evidence(), reply(401), None, None)
    assert nothing is not None and nothing.key == "not-basic"
    for lang in ("en", "id"):
        assert "None" not in nothing.render(lang)  # type: ignore[arg-type]


def test_proxypassreverse_rules() -> None:
    seen = Seen((reply(301, Location="http://127.0.43.92/labctl/"),))
    no_line = evidence(edit("ProxyPassReverse / balancer://mycluster/\n", ""))
    found = hints.reverse(no_line, seen, "http://127.0.43.92/labctl/")
    assert found.key == "no-proxypassreverse"
    assert "http://127.0.43.92/labctl/" in found.render("en")
    other = evidence(edit("ProxyPassReverse / balancer://mycluster/", "ProxyPassReverse / x/"))
    assert hints.reverse(other, seen, "http://127.0.43.92/labctl/").key == "proxypassreverse-wrong"
    hidden = evidence(None, unread=[Unread("/lab/lb/conf.d/x.conf", "Permission denied")])
    assert hints.reverse_line(hidden, None).key == "could-not-read"  # not "there is no ..."
    member_path = evidence(edit(f"http://{S1}", f"http://{S1}/html"))
    assert hints.reverse(member_path, Seen((reply(404),)), None).key == "member-path"


def test_probe_errors_are_said_in_the_students_language() -> None:
    """labctl/probe.py's ProbeError words, as it raises them."""
    url = "http://127.0.43.71/?labctl-verify=ab12-1"
    cases = [
        (f"{url}: connection refused or reset ([Errno 111] Connection refused)", "conn-refused",
         "koneksi ditolak"),
        (f"{url}: no complete answer within 5.0 s", "conn-timeout", "dalam 5.0 detik"),
        (f"{url}: not asked, {url} answered a few bytes at a time", "conn-not-asked",
         "tidak ditanyakan"),
    ]  # fmt: skip
    for error, key, indonesian in cases:
        found = hints.silent(error)
        cause = found.values["error"]
        assert isinstance(cause, hints.Hint) and cause.key == key
        assert indonesian in found.render("id") and url in found.render("id")


def test_an_auth_type_apache_cannot_serve_is_named_not_the_password_file() -> None:
    digest = evidence(edit("AuthType basic", "AuthType Digest"))
    expected = hints.Hint("not-basic", {"value": "Digest", "where": "conf.d/lbsisjarkom.conf:7"})
    assert hints.admits(digest, reply(500)) == expected
    assert hints.refuses(digest, reply(500)) == expected
    assert hints.admits(evidence(), reply(500)) == hints.Hint(
        "credentials-refused", {"user": "admin", "path": "/lab/lb/htpasswd"}
    )


def test_an_lbmethod_that_does_not_take_turns() -> None:
    seen = Seen((reply(200, 2), reply(200, 2), reply(200, 1), reply(200, 2)))
    text = edit("</proxy>", "    ProxySet lbmethod=bytraffic\n</proxy>")
    found = hints.traffic(evidence(text), seen)
    assert found == hints.Hint("lbmethod", {"method": "bytraffic",
                                            "where": "conf.d/lbsisjarkom.conf:4"})  # fmt: skip
    assert hints.traffic(evidence(), seen) is None
