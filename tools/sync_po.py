#!/usr/bin/env python3
"""Merge each addon's ``i18n/<addon>.pot`` into its ``i18n/<lang>.po``.

Run it after the ``.pot`` files were exported again::

    python3 tools/sync_po.py            # every addon, French
    python3 tools/sync_po.py --check    # only report, write nothing

Like ``msgmerge``: a string still in the ``.pot`` keeps its translation and
takes the ``.pot``'s references; a new string is added untranslated, or, when
a string that left the ``.pot`` reads almost the same, with that old
translation marked fuzzy (``#| msgid`` gives the old text); a string that left
the ``.pot`` is dropped.  The strings left to translate (new, fuzzy or empty)
are then listed per addon, and the exit status is 1 while there are any, so
that ``tests/test_i18n_french.py`` passes again once they are translated and
their fuzzy flag removed.  The file is laid out as OCA's po-pretty-format
check wants it: sorted by msgid, and a msgstr equal to its msgid emptied; such
a string counts as translated once it is listed in ``SAME_TEXT``.
"""

import argparse
import difflib
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
# How Odoo's own French files describe their language.
HEADERS = {
    "fr": {
        "Language": "fr",
        "Plural-Forms": (
            "nplurals=3; plural=(n == 0 || n == 1) ? 0 : "
            "n != 0 && n % 1000000 == 0 ? 1 : 2;"
        ),
    },
}
# Strings whose translation is the English text itself.  OCA's
# po-pretty-format check wants their msgstr empty; this list tells them from
# strings not translated yet.  Add a string here when its French is the
# English text.
SAME_TEXT = {
    "fr": frozenset(
        {
            "+%(points)s points",
            "<strong>Points</strong>",
            "Code",
            "Commercial",
            "Configuration",
            "Contact",
            "Date",
            "Description",
            "ID",
            "Latitude",
            "Longitude",
            "Maintenance",
            "Messages",
            "Mode",
            "Note",
            "Notes",
            "Points",
            "Position",
            "Premium",
            "Service",
            "Standard",
            "Total",
            "Type",
            "Variable",
        }
    ),
}
WRAP = 78
FUZZY_RATIO = 0.8


def addons():
    """The addon directories that have a ``.pot`` file."""
    return sorted(
        path.parent.parent
        for path in ROOT.glob("*/i18n/*.pot")
        if path.stem == path.parent.parent.name
    )


def po_path(addon, lang):
    return addon / "i18n" / f"{lang}.po"


def _previous_translation(entry, obsolete):
    """The translated entry that left the ``.pot`` closest to ``entry``."""
    best, best_ratio = None, FUZZY_RATIO
    for old in obsolete:
        ratio = difflib.SequenceMatcher(None, entry.msgid, old.msgid).ratio()
        if ratio >= best_ratio:
            best, best_ratio = old, ratio
    return best


def merge(pot, po, lang):
    """Merge ``pot`` into ``po`` in place; return the dropped msgids."""
    known = {entry.msgid for entry in po if not entry.obsolete}
    # polib's merge takes the previous msgid of the .pot entry (none).
    previous = {entry.msgid: entry.previous_msgid for entry in po if entry.fuzzy}
    po.merge(pot)
    for entry in po:
        if entry.fuzzy and entry.msgid in previous:
            entry.previous_msgid = previous[entry.msgid]
    obsolete = [entry for entry in po if entry.obsolete and entry.msgstr]
    for entry in po:
        if entry.obsolete or entry.msgid in known or entry.msgstr:
            continue
        old = _previous_translation(entry, obsolete)
        if old is not None:
            entry.msgstr = old.msgstr
            entry.previous_msgid = old.msgid
            entry.flags.append("fuzzy")
    dropped = [entry.msgid for entry in po if entry.obsolete]
    for entry in [entry for entry in po if entry.obsolete]:
        po.remove(entry)
    normalize(po)
    po.metadata.update(
        {key: value for key, value in pot.metadata.items() if key != "Plural-Forms"}
    )
    po.metadata.update(HEADERS.get(lang, {"Language": lang}))
    return dropped


def normalize(po):
    """Lay ``po`` out as OCA's po-pretty-format check wants it.

    Entries are sorted by msgid, and a msgstr equal to its msgid is emptied.
    """
    for entry in po:
        if entry.msgstr == entry.msgid:
            entry.msgstr = ""
    po.sort(key=lambda entry: entry.msgid)


def to_translate(po, lang):
    """The entries without a final translation: fuzzy, or empty ones whose
    translation is not the English text (``SAME_TEXT``)."""
    same = SAME_TEXT.get(lang, frozenset())
    return [
        entry
        for entry in po
        if entry.fuzzy or (not entry.msgstr and entry.msgid not in same)
    ]


def sync(addon, lang, write=True):
    pot = polib.pofile(str(addon / "i18n" / f"{addon.name}.pot"), wrapwidth=WRAP)
    path = po_path(addon, lang)
    if path.exists():
        po = polib.pofile(str(path), wrapwidth=WRAP)
    else:
        po = polib.POFile(wrapwidth=WRAP)
        po.header = pot.header
    dropped = merge(pot, po, lang)
    if write:
        po.save(str(path))
    return po, dropped


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lang", default="fr")
    parser.add_argument(
        "--check", action="store_true", help="report only, change no file"
    )
    args = parser.parse_args(argv)
    pending = 0
    for addon in addons():
        po, dropped = sync(addon, args.lang, write=not args.check)
        todo = to_translate(po, args.lang)
        pending += len(todo)
        translated = len(po) - len(todo)
        print(f"{addon.name}: {translated}/{len(po)} translated")
        for entry in todo:
            state = "fuzzy" if entry.fuzzy else "new"
            print(f"  {state}: {entry.msgid!r}")
            if entry.fuzzy and entry.previous_msgid:
                print(f"    was: {entry.previous_msgid!r}")
        for msgid in dropped:
            print(f"  dropped: {msgid!r}")
    return 1 if pending else 0


if __name__ == "__main__":
    sys.exit(main())
