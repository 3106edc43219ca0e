"""Reading gettext catalogs and checking them against the code (the translation check in CI).

Every app keeps its own catalog in <app>/locale/uk/LC_MESSAGES/django.po; what belongs to no app
(templates/, config/) lives in the project catalog, locale/uk/LC_MESSAGES/django.po. A fresh
extraction with Django's makemessages, run on a copy of the project, is the reference: a committed
catalog that lacks one of its strings is stale, and every string of a catalog must be translated.
"""

import ast
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

LANGUAGE = "uk"
CATALOG = Path("locale") / LANGUAGE / "LC_MESSAGES" / "django.po"
# Not ours, or not shipped: never copied into the extraction, never checked.
SKIPPED_DIRS = {".venv", ".git", "node_modules", "media", "staticfiles", "tests", "bench", "docs",
                "deploy", "demo-feeds", "__pycache__"}
EXTRACTED_SUFFIXES = {".py", ".html", ".txt"}


@dataclass
class Entry:
    msgid: str
    context: str | None = None
    plural: str | None = None
    translations: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)
    line: int = 0

    @property
    def key(self):
        return (self.context, self.msgid)

    @property
    def label(self):
        return f"{self.context}|{self.msgid}" if self.context else self.msgid


def _unquote(text):
    return ast.literal_eval(text.strip())


def _parse_block(lines, first_line):
    entry, keyword = Entry(msgid="", line=first_line), None
    values = {}
    for line in lines:
        if line.startswith("#,"):
            entry.flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            values[keyword] += _unquote(line)
        else:
            keyword, _, rest = line.partition(" ")
            values[keyword] = _unquote(rest)
    entry.msgid = values.get("msgid", "")
    entry.context = values.get("msgctxt")
    entry.plural = values.get("msgid_plural")
    if "msgstr" in values:
        entry.translations = [values["msgstr"]]
    else:
        entry.translations = [values[key] for key in sorted(
            (key for key in values if key.startswith("msgstr[")), key=lambda key: int(key[7:-1]))]
    return entry


def parse(path):
    """The live entries of a .po file (the header and obsolete #~ entries left out).

    Entries are separated by blank lines, as makemessages and msgmerge always write them.
    """
    entries, block, first_line = [], [], 0
    lines = Path(path).read_text(encoding="utf-8").splitlines() + [""]
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if line:
            block.append(line)
            first_line = first_line or number
            continue
        live = [item for item in block if not item.startswith("#~")]
        if any(item.startswith("msgid ") for item in live):
            entry = _parse_block(live, first_line)
            if entry.msgid:
                entries.append(entry)
        block, first_line = [], 0
    return entries


def plural_count(path):
    """nplurals from the catalog's header."""
    text = Path(path).read_text(encoding="utf-8")
    marker = "nplurals="
    start = text.index(marker) + len(marker)
    return int(text[start:text.index(";", start)])


def catalogs(root):
    """Every catalog of the project: the project-level one and one per app directory that has one."""
    found = []
    for path in sorted(Path(root).rglob(str(CATALOG))):
        relative = path.relative_to(root)
        if not SKIPPED_DIRS.intersection(relative.parts):
            found.append(relative)
    return found


def translation_problems(path, label=None):
    """One line per entry that is untranslated, fuzzy, or has the wrong number of plural forms."""
    label = label or str(path)
    problems = []
    forms = plural_count(path)
    for entry in parse(path):
        where = f"{label}:{entry.line}: {entry.label!r}"
        if "fuzzy" in entry.flags:
            problems.append(f"{where} is fuzzy")
        elif not entry.translations or not all(entry.translations):
            problems.append(f"{where} is not translated")
        elif entry.plural is not None and len(entry.translations) != forms:
            problems.append(f"{where} has {len(entry.translations)} plural forms, the catalog {forms}")
    return problems


def stale_problems(committed, fresh, label):
    """Strings the code marks that the committed catalog lacks, and entries no code marks any more."""
    have = {entry.key for entry in parse(committed)} if committed.exists() else set()
    want = {entry.key: entry for entry in parse(fresh)}
    problems = [f"{label}: {want[key].label!r} is marked in the code but missing from the catalog "
                "(run makemessages)" for key in want if key not in have]
    problems += [f"{label}: {(ctx + '|' if ctx else '') + msgid!r} is in the catalog but no code marks it "
                 "(run makemessages --no-obsolete)" for ctx, msgid in sorted(have - set(want), key=str)]
    return problems


def copy_sources(root, target):
    """The project's translatable sources and catalogs, copied to target for a fresh extraction."""
    root, target = Path(root), Path(target)

    def ignore(directory, names):
        relative = Path(directory).relative_to(root)
        return [name for name in names
                if name in SKIPPED_DIRS or name.startswith(".")
                or (relative == Path(".") and name in {"db.sqlite3"})
                or ((Path(directory) / name).is_file() and Path(name).suffix not in EXTRACTED_SUFFIXES
                    and Path(name).suffix != ".po")]

    shutil.copytree(root, target, ignore=ignore, dirs_exist_ok=True)


def extract(root, target):
    """Run Django's makemessages on a copy of the project in target; returns the fresh catalogs' dir."""
    copy_sources(root, target)
    # Start from empty catalogs so nothing the committed ones carry (fuzzy matches, old entries) leaks in.
    for relative in catalogs(target):
        (Path(target) / relative).unlink()
    subprocess.run(
        [sys.executable, "-c", _MAKEMESSAGES, str(target)],
        check=True, cwd=target, capture_output=True, text=True)
    return Path(target)


# makemessages needs settings; the copied tree's own settings point LOCALE_PATHS at the copy.
_MAKEMESSAGES = """
import os, sys
sys.path.insert(0, sys.argv[1])
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
import django
django.setup()
from django.core.management import call_command
call_command("makemessages", locale=["uk"], no_obsolete=True, verbosity=0,
             ignore_patterns=["media/*", "staticfiles/*"])
"""
