"""Catalogue check (DESIGN §7): every marked string is in locale/vi, translated, not fuzzy.

Runs makemessages in a temporary copy of the source tree (so the committed catalogue is never
touched) and compares the sets of msgids with the committed django.po (headers and dates ignored).
"""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale" / "vi" / "LC_MESSAGES" / "django.po"


def msgids(po):
    return {(e.msgctxt, e.msgid) for e in po if not e.obsolete}


def main() -> int:
    committed = polib.pofile(str(PO))
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "src"
        shutil.copytree(
            ROOT,
            copy,
            ignore=shutil.ignore_patterns(
                ".venv", ".git", "vendor", "media", "staticfiles", "*.sqlite3", "__pycache__"
            ),
        )
        env = {**os.environ, "DEBUG": "1"}
        subprocess.run(
            [
                sys.executable,
                "manage.py",
                "makemessages",
                "-l",
                "vi",
                "--no-location",
                "--ignore=.venv",
                "--ignore=static/vendor",
                "--ignore=tests",
            ],
            cwd=copy,
            env=env,
            check=True,
            capture_output=True,
        )
        fresh = polib.pofile(str(copy / "locale" / "vi" / "LC_MESSAGES" / "django.po"))
    missing = msgids(fresh) - msgids(committed)
    untranslated = [e.msgid for e in committed.untranslated_entries() if not e.obsolete]
    fuzzy = [e.msgid for e in committed.fuzzy_entries() if not e.obsolete]
    problems = 0
    for label, items in (
        ("marked but missing from the catalogue", sorted(m for _c, m in missing)),
        ("untranslated", untranslated),
        ("fuzzy", fuzzy),
    ):
        if items:
            problems += len(items)
            print(f"{len(items)} string(s) {label}:")
            for item in items:
                print(f"  - {item!r}")
    if problems:
        print("Run `make messages`, translate, and commit django.po and django.mo.")
        return 1
    print(f"catalogue ok: {len(msgids(committed))} strings, all translated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
