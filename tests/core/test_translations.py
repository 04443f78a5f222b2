"""The Vietnamese catalogue is complete: nothing untranslated, nothing fuzzy, .mo up to date."""

from pathlib import Path

import polib

PO = Path(__file__).resolve().parents[2] / "locale" / "vi" / "LC_MESSAGES" / "django.po"


def test_every_entry_is_translated_and_not_fuzzy():
    catalogue = polib.pofile(str(PO))
    untranslated = [e.msgid for e in catalogue.untranslated_entries() if not e.obsolete]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries() if not e.obsolete]
    assert not untranslated, f"untranslated: {untranslated[:10]}"
    assert not fuzzy, f"fuzzy: {fuzzy[:10]}"
    assert len(catalogue) > 100


def test_compiled_catalogue_matches_the_po_file():
    mo = polib.mofile(str(PO.with_suffix(".mo")))
    po = polib.pofile(str(PO))
    compiled = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in mo}
    for entry in po.translated_entries():
        key = (entry.msgctxt, entry.msgid)
        assert key in compiled, f"not compiled: {entry.msgid!r} (run make messages)"
