"""Each addon's README.rst and index.html are those its readme/ fragments
generate (``make readme``), and the OCA layout files are there."""

import importlib.util
import struct
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ADDONS = sorted(p.parent for p in ROOT.glob("*/__manifest__.py"))
FRAGMENTS = ("DESCRIPTION", "USAGE", "CONFIGURE", "CONTRIBUTORS", "HISTORY")

_spec = importlib.util.spec_from_file_location(
    "gen_readme", ROOT / "tools" / "gen_readme.py"
)
gen_readme = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(gen_readme)


@pytest.mark.parametrize("addon", ADDONS, ids=lambda a: a.name)
def test_generated_files_are_fresh(addon):
    for path, text in gen_readme.generated(addon).items():
        assert path.is_file(), f"{path.relative_to(ROOT)} is missing: make readme"
        assert path.read_text(encoding="utf-8") == text, (
            f"{path.relative_to(ROOT)} is stale: run `make readme`"
        )


def test_a_changed_fragment_makes_the_readme_stale(tmp_path, monkeypatch):
    addon = tmp_path / "some_addon"
    (addon / "readme").mkdir(parents=True)
    (addon / "__manifest__.py").write_text(
        '{"name": "Some Addon", "license": "LGPL-3", "development_status": "Beta",'
        ' "author": "Someone, Odoo Community Association (OCA)",'
        ' "website": "https://github.com/OCA/some-repo", "maintainers": ["me"]}'
    )
    (addon / "readme" / "DESCRIPTION.md").write_text("It does one thing.\n")
    monkeypatch.setattr(gen_readme, "ROOT", tmp_path)
    for path, text in gen_readme.generated(addon).items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert gen_readme.stale([addon]) == []
    (addon / "readme" / "DESCRIPTION.md").write_text("It does two things.\n")
    assert sorted(p.name for p in gen_readme.stale([addon])) == [
        "README.rst",
        "index.html",
    ]


@pytest.mark.parametrize("addon", ADDONS, ids=lambda a: a.name)
def test_readme_fragments(addon):
    for name in FRAGMENTS:
        path = addon / "readme" / f"{name}.md"
        assert path.is_file() and path.read_text().strip(), f"{path} is missing"


@pytest.mark.parametrize("addon", ADDONS, ids=lambda a: a.name)
def test_history_names_the_manifest_version(addon):
    version = gen_readme.read_manifest(addon)["version"]
    assert f"## {version} (" in (addon / "readme" / "HISTORY.md").read_text()


@pytest.mark.parametrize("addon", ADDONS, ids=lambda a: a.name)
def test_manifest_oca_keys(addon):
    manifest = gen_readme.read_manifest(addon)
    assert manifest["development_status"] in (
        "Alpha",
        "Beta",
        "Production/Stable",
        "Mature",
    )
    assert "Odoo Community Association (OCA)" in manifest["author"]
    assert manifest["website"].startswith("https://github.com/")


@pytest.mark.parametrize("addon", ADDONS, ids=lambda a: a.name)
def test_icon_is_a_128_pixel_png(addon):
    data = (addon / "static" / "description" / "icon.png").read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (128, 128)


def test_icons_differ():
    icons = {(a / "static/description/icon.png").read_bytes() for a in ADDONS}
    assert len(icons) == len(ADDONS)


def test_license_matches_the_manifests():
    text = (ROOT / "LICENSE").read_text()
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in text and "Version 3" in text
    assert {gen_readme.read_manifest(a)["license"] for a in ADDONS} == {"LGPL-3"}


def test_markdown_to_rst():
    rst = gen_readme.md_to_rst(
        "## 1.0 (today)\n\nSee `x.y` and [docs](https://example.org).\n\n"
        "- **a**\n  more\n",
        "-",
    )
    assert rst == (
        "1.0 (today)\n-----------\n\nSee ``x.y`` and "
        "`docs <https://example.org>`__.\n\n- **a**\n  more\n"
    )
