"""The student's files as Apache parses them (labctl/apacheconf.py), from their bytes."""

from __future__ import annotations

from labctl.apacheconf import SourceFile, StudentConfig, includes, parse


def test_the_tutorial_and_its_mistakes() -> None:
    text = (
        "<proxy balancer://mycluster>\n  BalancerMember http://10.0.0.92:80\n</proxy>\n"
        '<location "/balancer-manager/">\n  SetHandler balancer-manager\n'
        "  allow from all\n</location>\n"
        "ProxyPass / \\\n    balancer://MyCluster/\n# ProxyPass /balancer-manager !\n"
        "ProxyPass /balancer-manager !\n"
    )
    cfg = StudentConfig.from_sources([SourceFile.from_bytes("lb.conf", text.encode())])
    assert [url for url, _ in cfg.members("balancer://mycluster/")] == ["http://10.0.0.92:80"]
    root, exclusion = cfg.exclusion_after_root() or (None, None)
    assert root is not None and root.where == "lb.conf:8"
    assert root.args[1] == "balancer://MyCluster/"
    assert exclusion is not None and exclusion.where == "lb.conf:11"
    # Apache matches <Location /balancer-manager/> only below the slash: not the manager.
    assert cfg.manager_block() == [] and cfg.manager_handler() is None
    [near] = cfg.manager_sections()
    assert (near.arg, near.where) == ("/balancer-manager/", "lb.conf:4")
    assert cfg.reverse() is None


def test_sections_keep_the_line_they_open_on() -> None:
    [d] = parse("\n\n<Location /balancer-manager>\n  SetHandler balancer-manager\n</Location>", "f")
    assert d.where == "f:4"
    section = d.inside("location")
    assert section is not None and section.where == "f:3"


def test_editor_marks_are_seen_in_the_bytes() -> None:
    text = "AuthName \u201cbalancer-manager\u201d\r\nRequire valid-user\r\n"
    source = SourceFile.from_bytes("x.conf", b"\xef\xbb\xbf" + text.encode())
    assert source.bom and source.crlf and source.smart_quotes == (1,)
    assert not source.text.startswith("\ufeff")
    [name, require] = parse(source.text, "x.conf")
    assert name.args == ("\u201cbalancer-manager\u201d",)  # Apache keeps them in the word
    assert require.args == ("valid-user",)  # CR stripped as Apache strips trailing space
    latin = SourceFile.from_bytes("y.conf", b"AuthName caf\xe9\n")
    assert latin.not_utf8 and not latin.bom


def test_includes_are_read_where_the_include_line_is() -> None:
    main = SourceFile.from_bytes(
        "conf.d/a.conf",
        b"ProxyPass /balancer-manager !\nInclude conf.d/inc/*.inc\nProxyPassReverse / x/\n",
    )
    inner = SourceFile.from_bytes("conf.d/inc/p.inc", b"ProxyPass / balancer://c/\n")
    cfg = StudentConfig.from_sources([main], {"/etc/httpd/conf.d/inc/*.inc": [inner]}, "/etc/httpd")
    names = [(d.name, d.file) for d in cfg.directives]
    assert names == [
        ("proxypass", "conf.d/a.conf"),
        ("include", "conf.d/a.conf"),
        ("proxypass", "conf.d/inc/p.inc"),
        ("proxypassreverse", "conf.d/a.conf"),
    ]
    assert cfg.exclusion_after_root() is None
    [include] = cfg.named("include")
    assert includes(include, "/etc/httpd") == "/etc/httpd/conf.d/inc/*.inc"
