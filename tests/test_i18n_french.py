"""The French translation covers every string of each addon's ``.pot``.

Each addon's ``i18n/fr.po`` translates every msgid of its ``i18n/<addon>.pot``
(non-empty, not fuzzy) and keeps its placeholders: printf ``%(name)s`` / ``%s``
/ ``%%``, brace ``{name}``, HTML/XML tags and line breaks.  The only empty
msgstr allowed is that of a string whose French is the English text itself,
listed in ``SAME_TEXT`` of ``tools/sync_po.py`` (OCA's po-pretty-format check
wants it empty).  After the ``.pot`` files change, ``python3 tools/sync_po.py``
merges them into the ``fr.po`` files and lists what is left to translate.
"""

import collections
import re
from pathlib import Path

import polib
import pytest
import sync_po  # tools/, on the path through setup.cfg

ROOT = Path(__file__).resolve().parent.parent
ADDONS = sorted(
    p.parent.parent for p in ROOT.glob("*/i18n/*.pot") if p.stem == p.parent.parent.name
)

PRINTF = re.compile(r"%(?:\([^)]*\))?[-+0#]*\d*(?:\.\d+)?[sdifrxX%]")
BRACE = re.compile(r"\{[^{}\s]*\}")
TAG = re.compile(r"</?[A-Za-z][^<>]*>")
SAME_TEXT = sync_po.SAME_TEXT["fr"]


def placeholders(text):
    """What a translation must keep of ``text``, as a multiset."""
    found = collections.Counter()
    for kind, pattern in (("printf", PRINTF), ("brace", BRACE), ("tag", TAG)):
        found.update((kind, match) for match in pattern.findall(text))
    found[("newline", "\\n")] = text.count("\n")
    return found


def load(addon):
    pot = polib.pofile(str(addon / "i18n" / f"{addon.name}.pot"))
    po = polib.pofile(str(addon / "i18n" / "fr.po"))
    return pot, po


def test_every_addon_has_a_pot():
    assert {a.name for a in ADDONS} >= {
        "service_contract",
        "service_contract_billing",
        "service_contract_coverage",
        "service_contract_meter",
    }


def test_placeholders_are_seen():
    assert placeholders("Contract %(name)s ends %s, 100%% <b>{x}</b>\n") == {
        ("printf", "%(name)s"): 1,
        ("printf", "%s"): 1,
        ("printf", "%%"): 1,
        ("brace", "{x}"): 1,
        ("tag", "<b>"): 1,
        ("tag", "</b>"): 1,
        ("newline", "\\n"): 1,
    }
    # A percent sign that Python would not format is no placeholder.
    assert not +placeholders("Discount (%) / Index / %")


@pytest.mark.parametrize("addon", ADDONS, ids=lambda a: a.name)
def test_french_header(addon):
    _pot, po = load(addon)
    assert po.metadata.get("Language") == "fr"
    assert po.metadata.get("Plural-Forms", "").startswith("nplurals=")
    assert po.metadata.get("Content-Type") == "text/plain; charset=UTF-8"


@pytest.mark.parametrize("addon", ADDONS, ids=lambda a: a.name)
def test_every_pot_string_is_translated(addon):
    pot, po = load(addon)
    french = {(e.msgctxt, e.msgid): e for e in po if not e.obsolete}
    missing = [
        e.msgid
        for e in pot
        if not (entry := french.get((e.msgctxt, e.msgid)))
        or entry.fuzzy
        or not (entry.msgstr.strip() or entry.msgid in SAME_TEXT)
    ]
    assert not missing, (
        f"{addon.name}: {len(missing)} string(s) without a final French "
        f"translation (run python3 tools/sync_po.py): {missing}"
    )


@pytest.mark.parametrize("addon", ADDONS, ids=lambda a: a.name)
def test_no_stale_french_string(addon):
    pot, po = load(addon)
    current = {(e.msgctxt, e.msgid) for e in pot}
    stale = [e.msgid for e in po if (e.msgctxt, e.msgid) not in current]
    assert not stale, f"{addon.name}: strings no longer in the .pot: {stale}"


@pytest.mark.parametrize("addon", ADDONS, ids=lambda a: a.name)
def test_oca_layout(addon):
    """Sorted by msgid, no msgstr equal to its msgid (OCA po-pretty-format)."""
    _pot, po = load(addon)
    msgids = [e.msgid for e in po]
    assert msgids == sorted(msgids)
    assert not [e.msgid for e in po if e.msgstr == e.msgid]


def test_same_text_is_french():
    """Only words that French writes as English do are left untranslated."""
    assert SAME_TEXT >= {"Code", "Description", "Type"}
    assert not SAME_TEXT & {"Contract", "Customer", "Serial Number", "Draft"}


@pytest.mark.parametrize("addon", ADDONS, ids=lambda a: a.name)
def test_placeholders_are_kept(addon):
    _pot, po = load(addon)
    differ = [
        (e.msgid, e.msgstr)
        for e in po
        if e.msgstr and placeholders(e.msgid) != placeholders(e.msgstr)
    ]
    assert not differ, f"{addon.name}: placeholders differ: {differ}"


def test_known_refusal_messages():
    expected = {
        "service_contract": {
            "You must define a sales site. Creation is refused.": (
                "Vous devez définir un site de vente. Création refusée."
            ),
            "You must define a sales site. Modification refused.": (
                "Vous devez définir un site de vente. Modification refusée."
            ),
            "This skills group has already been entered.": (
                "Ce groupe de compétences a déjà été saisi."
            ),
        },
        "service_contract_billing": {
            "This dispute code has already been entered.": (
                "Ce code de litige a déjà été saisi."
            ),
            "No index has been specified for the contract re-evaluation.": (
                "Aucun indice n'a été spécifié pour la réévaluation du contrat."
            ),
        },
    }
    for name, messages in expected.items():
        po = polib.pofile(str(ROOT / name / "i18n" / "fr.po"))
        french = {e.msgid: e.msgstr for e in po}
        for msgid, msgstr in messages.items():
            assert french.get(msgid) == msgstr, msgid


def _entry(msgid, msgstr="", flags=()):
    return polib.POEntry(msgid=msgid, msgstr=msgstr, flags=list(flags))


def test_a_missing_or_wrong_translation_is_caught(tmp_path):
    """The checks above fail on a missing, fuzzy or placeholder-breaking entry."""
    addon = tmp_path / "demo_addon"
    (addon / "i18n").mkdir(parents=True)
    pot = polib.POFile()
    for msgid in ("Code", "Contract %(name)s", "Missing", "Fuzzy"):
        pot.append(_entry(msgid))
    pot.save(str(addon / "i18n" / "demo_addon.pot"))
    po = polib.POFile()
    po.metadata = {
        "Language": "fr",
        "Plural-Forms": "nplurals=2; plural=(n > 1);",
        "Content-Type": "text/plain; charset=UTF-8",
    }
    po.append(_entry("Code"))
    po.append(_entry("Contract %(name)s", "Contrat %(nom)s"))
    po.append(_entry("Fuzzy", "Flou", flags=["fuzzy"]))
    po.save(str(addon / "i18n" / "fr.po"))
    test_french_header(addon)
    with pytest.raises(AssertionError, match="2 string") as missing:
        test_every_pot_string_is_translated(addon)
    assert "'Missing'" in str(missing.value) and "'Fuzzy'" in str(missing.value)
    with pytest.raises(AssertionError, match="placeholders differ"):
        test_placeholders_are_kept(addon)


def test_sync_merges_the_pot_and_lists_the_delta(tmp_path):
    addon = tmp_path / "demo_addon"
    (addon / "i18n").mkdir(parents=True)
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    po.append(_entry("Kept", "Gardé"))
    po.append(_entry("Code", "Code"))
    po.append(_entry("A meter code must be unique.", "Code de compteur unique."))
    po.append(_entry("Gone", "Parti"))
    po.save(str(addon / "i18n" / "fr.po"))
    pot = polib.POFile()
    for msgid in (
        "Kept",
        "New one",
        "Code",
        "A meter code must be unique per company.",
    ):
        pot.append(_entry(msgid))
    pot.save(str(addon / "i18n" / "demo_addon.pot"))

    merged, dropped = sync_po.sync(addon, "fr")

    assert dropped == ["A meter code must be unique.", "Gone"]
    saved = polib.pofile(str(addon / "i18n" / "fr.po"))
    assert [e.msgid for e in saved] == sorted(e.msgid for e in pot)
    assert saved.metadata["Language"] == "fr"
    by_id = {e.msgid: e for e in saved}
    assert by_id["Kept"].msgstr == "Gardé" and not by_id["Kept"].fuzzy
    renamed = by_id["A meter code must be unique per company."]
    assert renamed.fuzzy and renamed.msgstr == "Code de compteur unique."
    assert renamed.previous_msgid == "A meter code must be unique."
    assert by_id["New one"].msgstr == ""
    assert by_id["Code"].msgstr == ""  # the same in French: emptied, as OCA wants
    assert [e.msgid for e in sync_po.to_translate(merged, "fr")] == [
        "A meter code must be unique per company.",
        "New one",
    ]
    # The test of this file then fails until the delta is translated.
    with pytest.raises(AssertionError, match="2 string"):
        test_every_pot_string_is_translated(addon)
