"""Help translating the catalogues.

python scripts/i18n.py missing ar > todo.json   # untranslated/fuzzy entries as JSON
python scripts/i18n.py apply ar done.json       # fill msgstr from {"msgid": "translation"}
                                                 # (plural entries: a list of forms)
python scripts/i18n.py merge OTHER.po ar        # take translations from another catalogue
                                                 # for entries still empty here (merges)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent


def catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(ROOT / "locale" / language / "LC_MESSAGES" / "django.po"))


def _needs_work(entry: polib.POEntry) -> bool:
    if entry.obsolete:
        return False
    if "fuzzy" in entry.flags:
        return True
    if entry.msgid_plural:
        return not entry.msgstr_plural or not all(entry.msgstr_plural.values())
    return not entry.msgstr


def _key(entry: polib.POEntry) -> str:
    """``msgid``, or ``context\x04msgid`` for entries with a msgctxt (gettext's own notation)."""
    return f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid


def missing(language: str) -> None:
    todo = {}
    for entry in catalogue(language):
        if _needs_work(entry):
            todo[_key(entry)] = [entry.msgid, entry.msgid_plural] if entry.msgid_plural else ""
    json.dump(todo, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


def apply(language: str, path: str) -> None:
    translations = json.loads(Path(path).read_text(encoding="utf-8"))
    po = catalogue(language)
    applied = 0
    for entry in po:
        if _key(entry) not in translations:
            continue
        value = translations[_key(entry)]
        if entry.msgid_plural:
            forms = value if isinstance(value, list) else [value]
            count = len(entry.msgstr_plural) or (6 if language == "ar" else 2)
            entry.msgstr_plural = {i: forms[min(i, len(forms) - 1)] for i in range(count)}
        else:
            entry.msgstr = value
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
        applied += 1
    po.save()
    print(f"{language}: {applied} entries applied, {sum(map(_needs_work, po))} still to do")


def merge(other: str, language: str) -> None:
    source = {_key(entry): entry for entry in polib.pofile(other) if not _needs_work(entry)}
    po = catalogue(language)
    merged = 0
    for entry in po:
        if _needs_work(entry) and _key(entry) in source:
            found = source[_key(entry)]
            entry.msgstr = found.msgstr
            entry.msgstr_plural = dict(found.msgstr_plural)
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
            merged += 1
    po.save()
    print(f"{language}: {merged} entries merged")


if __name__ == "__main__":
    command, *arguments = sys.argv[1:]
    {"missing": missing, "apply": apply, "merge": merge}[command](*arguments)
