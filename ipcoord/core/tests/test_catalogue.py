"""The English catalogue is complete and compiled: nobody meets an untranslated page."""

from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parents[2] / "locale" / "en" / "LC_MESSAGES"


def test_every_entry_is_translated_and_keeps_its_placeholders():
    po = polib.pofile(str(LOCALE / "django.po"))
    assert not po.untranslated_entries(), [e.msgid for e in po.untranslated_entries()][:10]
    assert not po.fuzzy_entries(), [e.msgid for e in po.fuzzy_entries()][:10]
    for entry in po.translated_entries():
        for placeholder in ("%(", "%s", "%d"):
            assert (
                entry.msgid.count(placeholder) == entry.msgstr.count(placeholder)
                or entry.msgid_plural
            ), entry.msgid


def test_compiled_catalogue_matches_the_source():
    po = polib.pofile(str(LOCALE / "django.po"))
    mo = polib.mofile(str(LOCALE / "django.mo"))
    compiled = {e.msgid: e.msgstr for e in mo}
    missing = [
        e.msgid
        for e in po.translated_entries()
        if not e.msgid_plural and compiled.get(e.msgid) != e.msgstr
    ]
    assert not missing, f"run `make messages` (compilemessages): {missing[:5]}"


def test_an_empty_choice_reads_in_the_users_language():
    from django.utils import translation

    from ipcoord.core.models import Organisation

    field = Organisation._meta.get_field("kind")
    with translation.override("zh-hans"):
        assert str(field.get_choices()[0][1]) == "- 请选择 -"
    with translation.override("en"):
        assert str(field.get_choices()[0][1]) == "- Select an option -"
