"""Every UI string is translated into Arabic and French, and the catalogues are up to date."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARABIC = re.compile("[\u0600-\u06ff]")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{[\w.]*\}")


def parse_po(path: Path) -> list[dict[str, object]]:
    """Entries of a .po file: msgid, msgstr (or plural forms), fuzzy flag (header skipped)."""
    entries: list[dict[str, object]] = []
    current: dict[str, object] = {}
    key = ""

    def flush() -> None:
        if current.get("msgid"):
            entries.append(dict(current))
        current.clear()

    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#,") and "fuzzy" in line:
            flush()
            current["fuzzy"] = True
        elif line.startswith("msgctxt "):
            if "msgid" in current:
                flush()
            current["msgctxt"] = _unquote(line[8:])
            key = "msgctxt"
        elif line.startswith("msgid "):
            if "msgid" in current:
                fuzzy = current.get("fuzzy")
                flush()
                if fuzzy:
                    current["fuzzy"] = True
            current["msgid"] = _unquote(line[6:])
            key = "msgid"
        elif line.startswith("msgid_plural "):
            current["msgid_plural"] = _unquote(line[13:])
            key = "msgid_plural"
        elif line.startswith("msgstr["):
            index = line[7 : line.index("]")]
            key = f"msgstr[{index}]"
            current[key] = _unquote(line[line.index("]") + 2 :])
        elif line.startswith("msgstr "):
            current["msgstr"] = _unquote(line[7:])
            key = "msgstr"
        elif line.startswith('"') and key:
            current[key] = str(current.get(key, "")) + _unquote(line)
        elif not line.strip():
            flush()
            key = ""
    flush()
    return entries


def _unquote(text: str) -> str:
    text = text.strip()
    return text[1:-1].encode("latin-1", "backslashreplace").decode("unicode_escape") if text else ""


def _translations(entry: dict[str, object]) -> list[str]:
    return [str(value) for key, value in entry.items() if key.startswith("msgstr")]


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_every_string_has_a_real_translation(language: str) -> None:
    entries = parse_po(ROOT / "locale" / language / "LC_MESSAGES" / "django.po")
    assert len(entries) > 100
    problems = []
    identical = 0
    for entry in entries:
        msgid = str(entry["msgid"])
        translations = _translations(entry)
        if entry.get("fuzzy"):
            problems.append(f"fuzzy: {msgid}")
        if not translations or any(not text for text in translations):
            problems.append(f"untranslated: {msgid}")
            continue
        if sorted(PLACEHOLDER.findall(msgid)) != sorted(PLACEHOLDER.findall(translations[0])):
            problems.append(f"placeholders differ: {msgid}")
        arabic_missing = ARABIC.search("".join(translations)) is None
        if language == "ar" and arabic_missing and re.search("[A-Za-z]{3,}", msgid):
            problems.append(f"no Arabic: {msgid}")
        if translations[0] == msgid:
            identical += 1
    assert problems == []
    if language == "fr":
        # Some words are the same in French and English ("Code", "Institutions", "Date").
        assert identical / len(entries) < 0.1


@pytest.mark.slow
def test_catalogues_contain_every_string_of_the_code(tmp_path: Path) -> None:
    """makemessages on a copy of the code finds no string missing from the Arabic catalogue."""
    if shutil.which("xgettext") is None:
        pytest.skip("xgettext (gettext) is not installed")
    copy = tmp_path / "src"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(".venv", ".git", "var", "node_modules", "*.mo", "bench"),
    )
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "ar",
            "--no-location",
            "--ignore=static/vendor",
            "--ignore=tests/vendor",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    fresh = {
        (e.get("msgctxt"), e["msgid"])
        for e in parse_po(copy / "locale" / "ar" / "LC_MESSAGES" / "django.po")
    }
    committed = {
        (e.get("msgctxt"), e["msgid"])
        for e in parse_po(ROOT / "locale" / "ar" / "LC_MESSAGES" / "django.po")
        if not e.get("fuzzy")
    }
    missing = sorted(str(msgid) for _, msgid in fresh - committed)
    assert missing == [], "run `make makemessages` and translate: " + "; ".join(missing[:20])
