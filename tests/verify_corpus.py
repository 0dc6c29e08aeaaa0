"""Load-balancer configurations students really write, each with the grade Apache gives it.

Every entry is run by tests/test_verify_corpus.py against real Apache in one embedded lab (the
conf.d and htpasswd are reset between entries): `fails` is the exact set of failed check ids,
`causes` the hint key (labctl/i18n.py `hint.<key>`) each failed check names.

Verified against Apache: every entry below was run against Apache/2.4.71 (Debian), built
2026-11-12, on 2026-11-25 by tests/test_verify_corpus.py; the grades are what that Apache did.
This module imports nothing from labctl, so labctl's older verify can be run on it too
(bench/verify_corpus_old.py counts the configurations whose grade changed).
"""

from __future__ import annotations

from dataclasses import dataclass, field

APACHE_VERIFIED = "Apache/2.4.71 (Debian), 2026-11-25"

SECURED = """<location "/balancer-manager">
    SetHandler balancer-manager
    AuthType "basic"
    AuthName "balancer-manager"
    AuthUserFile {htpasswd}
    Require valid-user
</location>"""

UNSECURED = """<Location /balancer-manager>
    SetHandler balancer-manager
    allow from all
</Location>"""

CLUSTER = """<proxy balancer://mycluster>
    BalancerMember http://{s1}
    BalancerMember http://{s2}
    ProxySet lbmethod=byrequests
</proxy>"""

PASSES = """ProxyPass /balancer-manager !
ProxyPass / balancer://mycluster/
ProxyPassReverse / balancer://mycluster/"""

TUTORIAL = f"{CLUSTER}\n\n{SECURED}\n\n{PASSES}\n"

AUTH = {"manager-refuses-anonymous", "manager-refuses-wrong-password", "manager-realm"}
MANAGER = {
    "one-down-member-error",
    "manager-not-proxied",
    "manager-admits",
    "manager-refuses-anonymous",
    "manager-refuses-wrong-password",
    "manager-realm",
}
ROUTED = {"manager-not-proxied", "manager-admits", "one-down-member-error"}
REST = {
    "httpd-running", "balancer-answers", "both-members", "pages-differ", "alternation",
    "one-down-survivor", "one-down-member-error", "both-down-503", "manager-not-proxied",
    "both-back", "manager-admits", "manager-refuses-anonymous",
    "manager-refuses-wrong-password", "manager-realm", "proxypassreverse",
}  # fmt: skip


@dataclass(frozen=True)
class Case:
    name: str
    files: dict[str, str | bytes]  # conf.d/NAME -> text ({s1} {s2} {htpasswd} {conf_d})
    fails: set[str] = field(default_factory=set)
    causes: dict[str, str] = field(default_factory=dict)  # check id -> hint key
    # htpasswd: "lab" (lab user, lab password), None (no file), or (user, password|None)
    htpasswd: str | tuple[str, str | None] | None = "lab"
    same_pages: bool = False  # server2's index.html says Server 1
    hostnames: bool = False  # members by host name (needs the names in /etc/hosts)
    # Which Apache gave `fails` and `causes`, and when: every case was run against it, and a
    # case added later says its own Apache here.
    verified: str = APACHE_VERIFIED
    cause: str | None = None  # the hint key of every failed check, when they all name one

    def __post_init__(self) -> None:
        if self.cause is not None:
            object.__setattr__(self, "causes", dict.fromkeys(self.fails, self.cause))


def tut(*pairs: tuple[str, str], text: str = TUTORIAL) -> str:
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new)
    return text


def all_(ids: set[str], key: str) -> dict[str, str]:
    return dict.fromkeys(ids, key)


NOT_RUN = all_(REST, "not-run")

CASES: list[Case] = [
    # --- the tutorial, as written and as students retype it ------------------------------
    Case("tutorial", {"lbsisjarkom.conf": TUTORIAL}),
    Case(
        "tutorial-uppercase",
        {
            "lbsisjarkom.conf": tut(
                ("<proxy", "<Proxy"),
                ("</proxy>", "</Proxy>"),
                ("<location", "<Location"),
                ("</location>", "</Location>"),
            )
        },
    ),
    Case(
        "directives-lowercase",
        {
            "lbsisjarkom.conf": tut(
                ("ProxyPass ", "proxypass "),
                ("ProxyPassReverse", "proxypassreverse"),
                ("BalancerMember", "balancermember"),
            )
        },
    ),
    Case(
        "tabs-comments-blank-lines",
        {
            "lbsisjarkom.conf": "# my load balancer\n\n"
            + tut(
                ("    ", "\t"),
                ("ProxyPass /balancer-manager !", "# manager\nProxyPass /balancer-manager !"),
            )
        },
    ),
    Case("crlf-line-ends", {"lbsisjarkom.conf": TUTORIAL.replace("\n", "\r\n")}),
    Case(
        "continuation-line",
        {
            "lbsisjarkom.conf": tut(
                ("ProxyPass / balancer://mycluster/", "ProxyPass / \\\n    balancer://mycluster/")
            )
        },
    ),
    Case(
        "mixed-versions-allow-and-require",
        {"lbsisjarkom.conf": tut(("Require valid-user", "Require valid-user\n    allow from all"))},
    ),
    Case(
        "proxypreservehost-without-reverse",
        {
            "lbsisjarkom.conf": tut(
                ("ProxyPassReverse / balancer://mycluster/", "ProxyPreserveHost On")
            )
        },
    ),
    Case(
        "bak-file-ignored",
        {"lbsisjarkom.conf": TUTORIAL, "lbsisjarkom.conf.bak": tut(("mycluster/", "oldcluster/"))},
    ),
    # --- the unsecured first version and auth mistakes -----------------------------------
    Case(
        "unsecured-first-version",
        {"lbsisjarkom.conf": f"{CLUSTER}\n{UNSECURED}\n{PASSES}\n"},
        AUTH,
        cause="manager-open-allow",
    ),
    Case(
        "no-auth-at-all",
        {
            "lbsisjarkom.conf": tut(
                (
                    '    AuthType "basic"\n    AuthName "balancer-manager"\n'
                    "    AuthUserFile {htpasswd}\n    Require valid-user\n",
                    "",
                )
            )
        },
        AUTH,
        cause="manager-open",
    ),
    Case(
        "require-all-granted-too",
        {
            "lbsisjarkom.conf": tut(
                ("Require valid-user", "Require valid-user\n    Require all granted")
            )
        },
        AUTH,
        cause="manager-granted",
    ),
    Case(
        "wrong-realm",
        {"lbsisjarkom.conf": tut(('AuthName "balancer-manager"', 'AuthName "Admin Area"'))},
        {"manager-realm"},
        {"manager-realm": "wrong-realm"},
    ),
    Case(
        "smart-quotes-realm",
        {
            "lbsisjarkom.conf": tut(
                ('AuthName "balancer-manager"', "AuthName \u201cbalancer-manager\u201d")
            )
        },
        {"manager-realm"},
        {"manager-realm": "realm-smart-quotes"},
    ),
    Case(
        "no-htpasswd-file",
        {"lbsisjarkom.conf": TUTORIAL},
        {"manager-admits", "manager-refuses-wrong-password", "one-down-member-error"},
        cause="htpasswd-missing",
        htpasswd=None,
    ),
    Case(
        "vm-htpasswd-path-on-embedded",
        {"lbsisjarkom.conf": tut(("AuthUserFile {htpasswd}", "AuthUserFile /etc/httpd/htpasswd"))},
        {"manager-admits", "manager-refuses-wrong-password", "one-down-member-error"},
        cause="htpasswd-dir-missing",
    ),
    Case(
        "require-user-admin",
        {"lbsisjarkom.conf": tut(("Require valid-user", "Require user admin"))},
    ),
    Case(
        "authtype-digest",
        {"lbsisjarkom.conf": tut(('AuthType "basic"', "AuthType Digest"))},
        MANAGER - {"manager-not-proxied"},
        cause="not-basic",
    ),
    # bytraffic weighs bytes: after verify's first requests (pages of different sizes) it
    # does not take turns.
    Case(
        "lbmethod-bytraffic",
        {"lbsisjarkom.conf": tut(("lbmethod=byrequests", "lbmethod=bytraffic"))},
        {"alternation"},
        cause="lbmethod",
    ),
    Case(
        "authuserfile-relative",
        {"lbsisjarkom.conf": tut(("AuthUserFile {htpasswd}", "AuthUserFile htpasswd"))},
    ),
    Case(
        "auth-without-require",
        {"lbsisjarkom.conf": tut(("    Require valid-user\n", ""))},
        AUTH,
        cause="manager-open",
    ),
    Case(
        "apache22-order-allow-localhost",
        {
            "lbsisjarkom.conf": f"{CLUSTER}\n<Location /balancer-manager>\n"
            "    SetHandler balancer-manager\n    Order deny,allow\n    Deny from all\n"
            f"    Allow from 127.0.0.1\n</Location>\n{PASSES}\n"
        },
        AUTH,
        cause="manager-open",
    ),
    Case(
        "members-over-https",
        {"lbsisjarkom.conf": tut(("http://{s1}", "https://{s1}"), ("http://{s2}", "https://{s2}"))},
        # No handler for https here (AH01144): 500 for everything, also with both servers
        # stopped, and no member is ever tried, so none shows in error.
        REST - {"httpd-running", "both-members", "pages-differ"} - MANAGER
        | {"one-down-member-error"},
        cause="member-https",
    ),
    # --- the manager's <location> ----------------------------------------------------------
    Case(
        "location-trailing-slash",
        {
            "lbsisjarkom.conf": tut(
                ('<location "/balancer-manager">', '<location "/balancer-manager/">')
            )
        },
        MANAGER,
        cause="location-slash",
    ),
    Case(
        "location-smart-quotes",
        {
            "lbsisjarkom.conf": tut(
                ('<location "/balancer-manager">', "<location \u201c/balancer-manager\u201d>")
            )
        },
        MANAGER,
        cause="location-smart-quotes",
    ),
    Case(
        "location-capitalised",
        {
            "lbsisjarkom.conf": tut(
                ('<location "/balancer-manager">', '<location "/Balancer-Manager">')
            )
        },
        MANAGER,
        cause="location-case",
    ),
    Case(
        "no-manager-block",
        {"lbsisjarkom.conf": f"{CLUSTER}\n{PASSES}\n"},
        MANAGER,
        cause="no-manager-location",
    ),
    Case(
        "sethandler-typo",
        {"lbsisjarkom.conf": tut(("SetHandler balancer-manager", "SetHandler balancer_manager"))},
        {"one-down-member-error", "manager-not-proxied", "manager-admits"},
        cause="no-manager-location",
    ),
    # --- ProxyPass order and slashes -------------------------------------------------------
    Case(
        "exclusion-after-root",
        {
            "lbsisjarkom.conf": tut(
                (
                    "ProxyPass /balancer-manager !\nProxyPass / balancer://mycluster/\n",
                    "ProxyPass / balancer://mycluster/\nProxyPass /balancer-manager !\n",
                )
            )
        },
        ROUTED,
        cause="exclusion-after-root",
    ),
    Case(
        "no-exclusion",
        {"lbsisjarkom.conf": tut(("ProxyPass /balancer-manager !\n", ""))},
        ROUTED,
        cause="no-exclusion",
    ),
    Case(
        "exclusion-with-trailing-slash",
        {
            "lbsisjarkom.conf": tut(
                ("ProxyPass /balancer-manager !", "ProxyPass /balancer-manager/ !")
            )
        },
        ROUTED,
        cause="exclusion-slash",
    ),
    Case(
        "balancer-url-typo",
        {
            "lbsisjarkom.conf": tut(
                ("ProxyPass / balancer://mycluster/", "ProxyPass / balancer//mycluster/")
            )
        },
        {"config-valid"} | REST,
        causes={"config-valid": "refused", **NOT_RUN},
    ),
    Case(
        "no-trailing-slash",
        {
            "lbsisjarkom.conf": tut(
                ("ProxyPass / balancer://mycluster/", "ProxyPass / balancer://mycluster"),
                (
                    "ProxyPassReverse / balancer://mycluster/",
                    "ProxyPassReverse / balancer://mycluster",
                ),
            )
        },
        {"balancer-answers", "proxypassreverse"},
        cause="proxypass-no-slash",
    ),
    Case(
        "no-trailing-slash-proxypass-only",
        {
            "lbsisjarkom.conf": tut(
                ("ProxyPass / balancer://mycluster/", "ProxyPass / balancer://mycluster")
            )
        },
        {"balancer-answers", "proxypassreverse"},
        cause="proxypass-no-slash",
    ),
    Case(
        "no-proxypassreverse",
        {"lbsisjarkom.conf": tut(("ProxyPassReverse / balancer://mycluster/\n", ""))},
        {"proxypassreverse"},
        {"proxypassreverse": "no-proxypassreverse"},
    ),
    Case(
        "proxypassreverse-other-balancer",
        {
            "lbsisjarkom.conf": tut(
                (
                    "ProxyPassReverse / balancer://mycluster/",
                    "ProxyPassReverse / balancer://cluster/",
                )
            )
        },
        {"proxypassreverse"},
        {"proxypassreverse": "proxypassreverse-wrong"},
    ),
    Case(
        "proxypassreverse-without-slash",
        {
            "lbsisjarkom.conf": tut(
                (
                    "ProxyPassReverse / balancer://mycluster/",
                    "ProxyPassReverse / balancer://mycluster",
                )
            )
        },
    ),
    # --- members ---------------------------------------------------------------------------
    Case(
        "one-member",
        {"lbsisjarkom.conf": tut(("    BalancerMember http://{s2}\n", ""))},
        {"both-members", "alternation", "one-down-survivor"},
        cause="few-members",
    ),
    Case(
        "same-member-twice",
        {"lbsisjarkom.conf": tut(("BalancerMember http://{s2}", "BalancerMember http://{s1}"))},
        {"both-members", "alternation", "one-down-survivor"},
        cause="member-missing",
    ),
    # With the other member broken too, server1 stopped leaves no member working: Apache then
    # forces every member back to "Ok" (forcerecovery), so the manager never shows it in error.
    Case(
        "member-wrong-port",
        {"lbsisjarkom.conf": tut(("BalancerMember http://{s2}", "BalancerMember http://{s2}1"))},
        {"both-members", "alternation", "one-down-survivor", "one-down-member-error"},
        cause="member-missing",
    ),
    Case(
        "member-with-path",
        {
            "lbsisjarkom.conf": tut(
                ("BalancerMember http://{s1}", "BalancerMember http://{s1}/html")
            )
        },
        {"balancer-answers", "alternation", "both-back", "proxypassreverse"},
        cause="member-path",
    ),
    Case(
        "members-outside-proxy-block",
        {
            "lbsisjarkom.conf": tut(
                (
                    CLUSTER,
                    "BalancerMember balancer://mycluster http://{s1}\n"
                    "BalancerMember balancer://mycluster http://{s2}",
                )
            )
        },
    ),
    Case(
        "balancer-name-mismatch",
        {
            "lbsisjarkom.conf": tut(
                ("ProxyPass / balancer://mycluster/", "ProxyPass / balancer://cluster/")
            )
        },
        {
            "balancer-answers",
            "alternation",
            "one-down-survivor",
            "one-down-member-error",
            "both-back",
            "proxypassreverse",
        },
        cause="unknown-balancer",
    ),
    Case(
        "both-servers-same-page",
        {"lbsisjarkom.conf": TUTORIAL},
        {"pages-differ", "alternation", "one-down-survivor"},
        cause="same-page",
        same_pages=True,
    ),
    # --- several files -----------------------------------------------------------------------
    Case(
        "split-in-two-files",
        {"00-cluster.conf": CLUSTER + "\n", "lbsisjarkom.conf": f"{SECURED}\n{PASSES}\n"},
    ),
    Case(
        "exclusion-in-a-later-file",
        {
            "a-proxy.conf": f"{CLUSTER}\n{SECURED}\nProxyPass / balancer://mycluster/\n"
            "ProxyPassReverse / balancer://mycluster/\n",
            "b-manager.conf": "ProxyPass /balancer-manager !\n",
        },
        ROUTED,
        cause="exclusion-after-root",
    ),
    Case(
        "include-from-the-file",
        {
            "lbsisjarkom.conf": f"Include {{conf_d}}/cluster.inc\n{SECURED}\n{PASSES}\n",
            "cluster.inc": CLUSTER + "\n",
        },
    ),
    Case(
        "old-unsecured-copy-next-to-secured",
        {"lbsisjarkom.conf": TUTORIAL, "lbsisjarkom-lama.conf": f"{UNSECURED}\n"},
    ),
    Case(
        "editor-copy-of-the-file",
        {"lbsisjarkom.conf": TUTORIAL, "lbsisjarkom (salinan).conf": TUTORIAL},
    ),
    Case(
        "quoted-arguments",
        {
            "lbsisjarkom.conf": tut(
                ("ProxyPass / balancer://mycluster/", 'ProxyPass "/" "balancer://mycluster/"'),
                ("BalancerMember http://{s1}", 'BalancerMember "http://{s1}"'),
            )
        },
    ),
    Case(
        "member-trailing-slash",
        {"lbsisjarkom.conf": tut(("BalancerMember http://{s1}", "BalancerMember http://{s1}/"))},
    ),
    # --- files Apache refuses -----------------------------------------------------------------
    Case(
        "typo-balancermember",
        {"lbsisjarkom.conf": tut(("BalancerMember http://{s1}", "BalancerMemeber http://{s1}"))},
        {"config-valid"} | REST,
        {"config-valid": "invalid-command-typo", **NOT_RUN},
    ),
    Case(
        "unclosed-proxy",
        {"lbsisjarkom.conf": tut(("</proxy>", ""))},
        {"config-valid"} | REST,
        {"config-valid": "unclosed-section", **NOT_RUN},
    ),
    Case(
        "utf8-bom",
        {"lbsisjarkom.conf": b"\xef\xbb\xbf" + TUTORIAL.encode()},
        {"config-valid"} | REST,
        {"config-valid": "bom", **NOT_RUN},
    ),
    Case(
        "smart-quotes-proxypass",
        {
            "lbsisjarkom.conf": tut(
                (
                    "ProxyPass / balancer://mycluster/",
                    "ProxyPass / \u201cbalancer://mycluster/\u201d",
                )
            )
        },
        {"config-valid"} | REST,
        {"config-valid": "smart-quotes", **NOT_RUN},
    ),
    Case(
        "unknown-directive-from-nginx",
        {"lbsisjarkom.conf": "upstream mycluster {\n    server {s1};\n}\n"},
        {"config-valid"} | REST,
        {"config-valid": "invalid-command", **NOT_RUN},
    ),
    # --- members by host name, resolved through the balancer's /etc/hosts ------------------
    Case(
        "members-by-host-name",
        {
            "lbsisjarkom.conf": tut(
                ("http://{s1}", "http://server1:{port}"), ("http://{s2}", "http://server2:{port}")
            )
        },
        hostnames=True,
    ),
    Case(
        "host-names-swapped-in-etc-hosts",
        {
            "lbsisjarkom.conf": tut(
                ("http://{s1}", "http://server2:{port}"), ("http://{s2}", "http://server1:{port}")
            )
        },
        hostnames=True,
    ),
    Case(
        "host-name-typo",
        {"lbsisjarkom.conf": tut(("http://{s2}", "http://srever2:{port}"))},
        # Apache answers a member it cannot resolve with 500 (DNS lookup failure), not 503.
        {"balancer-answers", "both-members", "alternation", "one-down-survivor", "both-down-503"},
        cause="member-unresolved",
        hostnames=True,
    ),
    # --- nothing yet -----------------------------------------------------------------------------
    Case(
        "empty-conf-d",
        {},
        REST - {"httpd-running", "pages-differ"},
        cause="no-config",
    ),
]

# The right file in the right place, the wrong content: the manager refuses the lab's login.
REFUSED_LOGIN = {"manager-admits", "one-down-member-error"}
for name, cause, htpasswd in (
    ("htpasswd-user-capitalised", "user-case", ("Admin", None)),
    ("htpasswd-other-user", "user-not-in-file", ("budi", None)),
    ("htpasswd-other-password", "credentials-refused", ("admin", "rahasia123")),
):
    CASES.append(
        Case(
            name,
            {"lbsisjarkom.conf": TUTORIAL},
            REFUSED_LOGIN,
            cause=cause,
            htpasswd=htpasswd,
        )
    )
