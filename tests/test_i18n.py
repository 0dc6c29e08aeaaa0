"""Every line a student reads, in both languages (labctl/i18n.py)."""

from __future__ import annotations

import re
import string

import pytest

from labctl.i18n import LANGS, MESSAGES, lang_from_env, t
from labctl.verify import CHECK_IDS

# Messages that are the same in both languages on purpose: HTTP and Apache's own words.
SAME = {
    "expected.config-valid", "expected.pages-differ", "expected.both-down-503",
    "expected.manager-refuses-anonymous", "expected.manager-refuses-wrong-password",
    "expected.manager-realm", "obs.www-authenticate", "hint.conn-other",
    "class.lab", "class.status", "class.title",  # the same word in Indonesian; a command
    # product names and a bare placeholder (labctl doctor)
    "status.host", "status.httpd", "status.manager",  # names: a host, the daemon, the page
    "doctor.apache-missing.fix", "doctor.vagrant-ok", "doctor.vbox-ok", "doctor.where-mac",
    "watch.col-status",  # balancer-manager's own column name
    # Apache's own status words on the manager page (exercises)
    "expected.drain-flag", "expected.timeouts-member-error", "expected.failonstatus-member-error",
}  # fmt: skip
# Errors: a place and what is wrong there; click's word that Indonesian borrows as it is.
SAME |= {"err.at", "usage.parameter", "vagrant.advised", "ssh.no-key", "box.failed-log"}
# English words that must never show in an Indonesian line (Apache's names for things aside).
ENGLISH = re.compile(
    r"\b(the|is|are|not|and|or|with|from|to|of|in|on|for|by|has|have|does|answers?|page|"
    r"stopped|none|refused|connection|cannot|could|would|there|this|that|which|every|only)\b",
    re.IGNORECASE,
)


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_message_renders_in_both_languages(key: str) -> None:
    en, id_ = MESSAGES[key]
    assert fields(en) == fields(id_), key
    values = {name: f"<{name}>" for name in fields(en)}
    for lang in LANGS:
        text = t(lang, key, **values)
        assert text.strip() and "None" not in text and "{" not in text.replace("{}", ""), key
    if key not in SAME:
        assert en != id_, f"{key} is not translated"
        bare = re.sub(r"`[^`]*`|<[^>]*>|'[^']*'|\"[^\"]*\"|\([^)]*\)|host-only", "", id_)
        assert not ENGLISH.search(bare), (key, bare)


def test_every_check_has_a_title_and_an_expectation() -> None:
    for check_id in CHECK_IDS:
        assert f"title.{check_id}" in MESSAGES and f"expected.{check_id}" in MESSAGES


@pytest.mark.parametrize(
    ("env", "lang"),
    [
        ({"LANG": "id_ID.UTF-8"}, "id"),
        ({"LC_ALL": "en_US.UTF-8", "LANG": "id_ID.UTF-8"}, "en"),
        ({"LC_MESSAGES": "id_ID"}, "id"),
        ({}, "en"),
        # gettext reads LANGUAGE first (its first language labctl has) ...
        ({"LANGUAGE": "id:en", "LANG": "en_US.UTF-8"}, "id"),
        ({"LANGUAGE": "fr:en", "LANG": "id_ID.UTF-8"}, "en"),
        ({"LANGUAGE": "fr", "LANG": "id_ID.UTF-8"}, "id"),
        # ... except in the C locale, where it ignores it.
        ({"LANGUAGE": "id", "LC_ALL": "C"}, "en"),
        ({"LANGUAGE": "id"}, "en"),
    ],
)
def test_the_language_is_chosen_as_gettext_does(env: dict[str, str], lang: str) -> None:
    assert lang_from_env(env) == lang


def test_every_exercise_speaks_both_languages() -> None:
    """An exercise's title and task (kept in its module as an (English, Indonesian) pair)."""
    from labctl.exercises import EXERCISES

    for exercise in EXERCISES.values():
        for en, id_ in (exercise.title, exercise.task):
            assert en.strip() and id_.strip() and en != id_, exercise.name
            # Indented lines are Apache's directives and commands: the same in both.
            prose = "\n".join(line for line in id_.splitlines() if not line.startswith("    "))
            bare = re.sub(r"`[^`]*`|<[^>]*>|'[^']*'|\"[^\"]*\"|\([^)]*\)", "", prose)
            assert not ENGLISH.search(bare), (exercise.name, ENGLISH.search(bare))
        for check_id in exercise.check_ids:
            assert f"title.{check_id}" in MESSAGES and f"expected.{check_id}" in MESSAGES
