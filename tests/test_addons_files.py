"""Checks on the addons' files that need no Odoo: manifests, data, access."""

import ast
import csv
import re
from pathlib import Path

import pytest
from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
ADDONS = sorted(p.parent for p in ROOT.glob("*/__manifest__.py"))


def manifest(addon):
    return ast.literal_eval((addon / "__manifest__.py").read_text())


def test_there_are_addons():
    assert any(a.name == "service_contract" for a in ADDONS)


@pytest.mark.parametrize("addon", ADDONS, ids=lambda a: a.name)
def test_manifest(addon):
    data = manifest(addon)
    assert re.fullmatch(r"18\.0\.\d+\.\d+\.\d+", data["version"])
    assert data["license"] in ("LGPL-3", "AGPL-3")
    assert "description" not in data
    assert data["installable"] is True
    assert data["depends"], "an addon depends on at least one module"
    for key in ("data", "demo"):
        for path in data.get(key, []):
            assert (addon / path).is_file(), (
                f"{addon.name}: {path} is listed but missing"
            )


@pytest.mark.parametrize("addon", ADDONS, ids=lambda a: a.name)
def test_every_data_file_is_listed(addon):
    data = manifest(addon)
    listed = set(data.get("data", [])) | set(data.get("demo", []))
    for folder in ("views", "security", "data", "report", "wizards", "demo"):
        for path in (addon / folder).glob("*"):
            if path.suffix in (".xml", ".csv"):
                rel = str(path.relative_to(addon))
                assert rel in listed, f"{addon.name}: {rel} is not in the manifest"


@pytest.mark.parametrize(
    "path",
    sorted(ROOT.glob("service_contract*/**/*.xml")),
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_xml_is_well_formed(path):
    tree = etree.parse(str(path))
    # data files are <odoo>; the web client's OWL templates (static/) <templates>
    static = "static" in path.relative_to(ROOT).parts
    assert tree.getroot().tag == ("templates" if static else "odoo")


def stored_model_names(path):
    """``_name`` of the classes of ``path`` that have a table of their own
    (``models.Model`` or ``models.TransientModel``): an ``AbstractModel``
    needs no access rule, and neither does an extension that names its model
    only to add a mixin to it (``_name`` also in its ``_inherit``)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if not isinstance(node, ast.ClassDef):
            continue
        bases = {ast.unparse(base) for base in node.bases}
        if not bases & {"models.Model", "models.TransientModel"}:
            continue
        values = {
            ast.unparse(statement.targets[0]): ast.literal_eval(statement.value)
            for statement in node.body
            if isinstance(statement, ast.Assign)
            and len(statement.targets) == 1
            and ast.unparse(statement.targets[0]) in ("_name", "_inherit")
        }
        inherit = values.get("_inherit", ())
        inherit = [inherit] if isinstance(inherit, str) else inherit
        if "_name" in values and values["_name"] not in inherit:
            names.add(values["_name"])
    return names


def test_stored_model_names(tmp_path):
    path = tmp_path / "models.py"
    path.write_text(
        "class A(models.Model):\n    _name = 'a.a'\n"
        "class B(models.AbstractModel):\n    _name = 'b.b'\n"
        "class C(models.TransientModel):\n    _name = 'c.c'\n"
        "class D(models.Model):\n    _inherit = 'a.a'\n"
        "class E(models.Model):\n    _name = 'e.e'\n    _inherit = ['e.e', 'm.m']\n"
    )
    assert stored_model_names(path) == {"a.a", "c.c"}


@pytest.mark.parametrize("addon", ADDONS, ids=lambda a: a.name)
def test_access_rights_cover_every_model(addon):
    access = addon / "security" / "ir.model.access.csv"
    assert access.is_file()
    with access.open() as handle:
        rows = list(csv.DictReader(handle))
    covered = {row["model_id:id"] for row in rows}
    names = set()
    for folder in ("models", "wizards"):
        for path in (addon / folder).glob("*.py"):
            names |= stored_model_names(path)
    for name in names:
        assert f"model_{name.replace('.', '_')}" in covered, (
            f"no access rule for {name}"
        )
    assert len({row["id"] for row in rows}) == len(rows), "duplicate access ids"


@pytest.mark.parametrize("addon", ADDONS, ids=lambda a: a.name)
def test_rules_import_no_odoo(addon):
    for path in (addon / "rules").glob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            assert not any(n == "odoo" or n.startswith("odoo.") for n in names), path
