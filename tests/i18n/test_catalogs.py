"""The translation check: every string the code marks is in its catalog and translated into Ukrainian.

Catalogs are found, not listed: an app that gains a locale/ directory (fulfilment, payments,
analytics...) is checked from then on. The extraction needs GNU gettext; without it these tests skip,
except when REQUIRE_GETTEXT is set (.ci/run sets it, so CI cannot pass by skipping them).
"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from .catalogs import CATALOG, catalogs, extract, parse, stale_problems, translation_problems

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def gettext_tools():
    if not (shutil.which("msgfmt") and shutil.which("xgettext") and shutil.which("msgmerge")):
        if os.environ.get("REQUIRE_GETTEXT"):
            pytest.fail("REQUIRE_GETTEXT is set but GNU gettext (msgfmt, xgettext) is not installed")
        pytest.skip("GNU gettext is not installed")


@pytest.fixture(scope="module")
def fresh(gettext_tools, tmp_path_factory):
    """Catalogs extracted from the code as it is now, by Django's makemessages on a copy."""
    return extract(ROOT, tmp_path_factory.mktemp("extracted"))


def report(problems):
    return "\n".join(["", *problems, f"({len(problems)} problems; see docs/translations.md)"])


def test_the_project_and_every_app_with_strings_has_a_catalog():
    found = {str(path.parent.parent.parent.parent) for path in catalogs(ROOT)}
    assert {".", "home", "shop", "shop/orders", "shop/customers", "search", "suppliers", "aicontent",
            "channels", "core", "demo"} <= found


def test_every_string_of_every_catalog_is_translated():
    problems = [problem for path in catalogs(ROOT) for problem in translation_problems(ROOT / path, path)]
    assert not problems, report(problems)


def test_no_catalog_is_stale(fresh):
    problems = []
    for relative in catalogs(fresh):
        problems += stale_problems(ROOT / relative, fresh / relative, relative)
    assert not problems, report(problems)


def test_a_string_has_one_translation_in_every_catalog():
    """Django merges all catalogs into one: the same string translated two ways shows only one of them."""
    seen, problems = {}, []
    for path in catalogs(ROOT):
        for entry in parse(ROOT / path):
            first = seen.setdefault(entry.key, (path, entry.translations))
            if first[1] != entry.translations:
                problems.append(f"{path}: {entry.label!r} is {entry.translations}, but {first[1]} in "
                                f"{first[0]} (use the same words, or pgettext with a context)")
    assert not problems, report(problems)


def test_committed_mo_files_are_compiled_from_their_po(gettext_tools, tmp_path):
    problems = []
    for relative in catalogs(ROOT):
        compiled = tmp_path / "django.mo"
        subprocess.run(["msgfmt", "--check", "-o", compiled, ROOT / relative],
                       check=True, capture_output=True)
        committed = (ROOT / relative).with_suffix(".mo")
        if not committed.exists() or committed.read_bytes() != compiled.read_bytes():
            problems.append(
                f"{committed.relative_to(ROOT)} is not compiled from its .po (run compilemessages)")
    assert not problems, report(problems)


# The check itself: it must fail, naming file and string, on the catalogs it exists to catch.

HEADER = '''msgid ""
msgstr ""
"Language: uk\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=3; "
"plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\\n"
'''


def write_catalog(root, app, body):
    path = Path(root) / app / CATALOG
    path.parent.mkdir(parents=True)
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def test_untranslated_fuzzy_and_short_plural_entries_are_reported_by_file_and_string(tmp_path):
    path = write_catalog(tmp_path, "analytics", '''
msgid "Visitors"
msgstr "Відвідувачі"

msgid "Bounce rate"
msgstr ""

#, fuzzy
msgid "Sessions"
msgstr "Сесії"

msgctxt "report"
msgid "Open"
msgstr ""

msgid "%(n)s visit"
msgid_plural "%(n)s visits"
msgstr[0] "%(n)s візит"
msgstr[1] "%(n)s візити"
''')
    problems = translation_problems(path, "analytics/locale/uk/LC_MESSAGES/django.po")
    assert problems == [
        "analytics/locale/uk/LC_MESSAGES/django.po:11: 'Bounce rate' is not translated",
        "analytics/locale/uk/LC_MESSAGES/django.po:14: 'Sessions' is fuzzy",
        "analytics/locale/uk/LC_MESSAGES/django.po:18: 'report|Open' is not translated",
        "analytics/locale/uk/LC_MESSAGES/django.po:22: '%(n)s visit' has 2 plural forms, the catalog 3",
    ]


def test_a_multiline_translation_counts_as_translated(tmp_path):
    path = write_catalog(tmp_path, "shop", '''
msgid ""
"A long "
"sentence"
msgstr ""
"Довге "
"речення"
''')
    assert translation_problems(path) == []
    assert parse(path)[0].msgid == "A long sentence"


def test_catalogs_of_apps_added_later_are_found_and_tools_are_skipped(tmp_path):
    write_catalog(tmp_path, "analytics", "")
    write_catalog(tmp_path, "fulfilment", "")
    write_catalog(tmp_path, ".venv/lib/wagtail", "")
    write_catalog(tmp_path, "", "")
    assert [str(path) for path in catalogs(tmp_path)] == [
        "analytics/locale/uk/LC_MESSAGES/django.po", "fulfilment/locale/uk/LC_MESSAGES/django.po",
        "locale/uk/LC_MESSAGES/django.po"]


def test_a_string_marked_in_the_code_but_missing_from_its_catalog_makes_the_catalog_stale(
        gettext_tools, tmp_path):
    copy = tmp_path / "project"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(
        ".*", "media", "staticfiles", "node_modules", "__pycache__", "db.sqlite3*"))
    (copy / "suppliers" / "probe.py").write_text("from django.utils.translation import gettext_lazy as _\n\n"
                                                'PROBE = _("Probe label nobody translated")\n')
    fresh = extract(copy, tmp_path / "extracted")
    relative = Path("suppliers") / CATALOG
    assert stale_problems(copy / relative, fresh / relative, relative) == [
        "suppliers/locale/uk/LC_MESSAGES/django.po: 'Probe label nobody translated' is marked in the code "
        "but missing from the catalog (run makemessages)"]


def test_an_entry_no_code_marks_any_more_is_reported(tmp_path):
    committed = write_catalog(tmp_path / "committed", "search", 'msgid "Old"\nmsgstr "Старе"\n')
    fresh = write_catalog(tmp_path / "fresh", "search", "")
    assert stale_problems(committed, fresh, "search/locale/uk/LC_MESSAGES/django.po") == [
        "search/locale/uk/LC_MESSAGES/django.po: 'Old' is in the catalog but no code marks it "
        "(run makemessages --no-obsolete)"]
