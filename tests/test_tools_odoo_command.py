"""`make run` starts Odoo through a script (its `odoo` entry point or
odoo-bin), never `python -m odoo`, which Odoo cannot re-execute."""

import importlib.util
import os
import re
import shlex
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location(
    "odoo_test", ROOT / "tools" / "odoo_test.py"
)
odoo_test = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(odoo_test)


def run_recipe():
    makefile = (ROOT / "Makefile").read_text()
    match = re.search(r"^run:.*?\n((?:\t.*\n)+)", makefile, re.M)
    assert match, "no run target in the Makefile"
    return match.group(1)


def test_make_run_starts_the_printed_launcher():
    recipe = run_recipe()
    assert "-m odoo" not in recipe
    assert "tools/odoo_test.py --print-odoo-command)" in recipe


@pytest.fixture
def python(tmp_path):
    bindir = tmp_path / "venv" / "bin"
    bindir.mkdir(parents=True)
    (bindir / "python3").write_text("")
    return bindir / "python3"


def test_entry_point_next_to_the_interpreter(python, tmp_path):
    (python.parent / "odoo").write_text("#!python\n")
    assert odoo_test.odoo_command(python, tmp_path / "src" / "odoo") == [
        str(python),
        str(python.parent / "odoo"),
    ]


def test_odoo_bin_next_to_the_package(python, tmp_path):
    package = tmp_path / "src" / "odoo"
    package.mkdir(parents=True)
    (package.parent / "odoo-bin").write_text("#!python\n")
    command = odoo_test.odoo_command(python, package)
    assert command == [str(python), str(package.parent / "odoo-bin")]
    assert "-m" not in command


def test_entry_point_on_path_last(python, tmp_path, monkeypatch):
    monkeypatch.setattr(odoo_test.shutil, "which", lambda name: f"/usr/bin/{name}")
    assert odoo_test.odoo_command(python, tmp_path / "odoo") == ["/usr/bin/odoo"]
    monkeypatch.setattr(odoo_test.shutil, "which", lambda name: None)
    with pytest.raises(SystemExit, match="odoo-bin"):
        odoo_test.odoo_command(python, tmp_path / "odoo")


def test_print_odoo_command(python, monkeypatch, capsys):
    (python.parent / "odoo").write_text("#!python\n")
    monkeypatch.setattr(odoo_test.sys, "executable", str(python))
    monkeypatch.setattr(odoo_test.sys, "argv", ["odoo_test.py", "--print-odoo-command"])
    assert odoo_test.main() == 0
    printed = shlex.split(capsys.readouterr().out)
    assert printed == [str(python), str(python.parent / "odoo")]


def test_pythonpath_puts_the_folder_of_odoo_first(tmp_path, monkeypatch):
    """Beside an editable Odoo, pip's OCA addons make ``site-packages/odoo``
    a bare folder that would hide Odoo: its own folder comes first."""
    package = tmp_path / "src" / "odoo"
    monkeypatch.setattr(odoo_test, "odoo_package_dir", lambda required=True: package)
    monkeypatch.setenv("PYTHONPATH", "/elsewhere")
    assert odoo_test.odoo_pythonpath().split(os.pathsep) == [
        str(tmp_path / "src"),
        "/elsewhere",
    ]
    assert odoo_test.odoo_environ()["PYTHONPATH"] == odoo_test.odoo_pythonpath()
    assert "export PYTHONPATH" in (ROOT / "Makefile").read_text()


def test_pythonpath_without_odoo_is_left_as_it_is(monkeypatch):
    """Where Odoo cannot be imported (the plain tests' machine), the helper
    leaves PYTHONPATH alone and Odoo's own start says what is missing."""
    monkeypatch.setattr(odoo_test.importlib.util, "find_spec", _no_odoo)
    monkeypatch.setenv("PYTHONPATH", "/elsewhere")
    assert odoo_test.odoo_package_dir(required=False) is None
    assert odoo_test.odoo_pythonpath() == "/elsewhere"
    with pytest.raises(SystemExit):
        odoo_test.odoo_package_dir()


def _no_odoo(name):
    raise ModuleNotFoundError(f"No module named {name.split('.')[0]!r}")


def test_addons_path_has_the_addons_pip_installed(tmp_path, monkeypatch):
    core = tmp_path / "src" / "odoo"
    (core / "addons" / "base").mkdir(parents=True)
    (core / "addons" / "base" / "__manifest__.py").write_text("{}")
    (core.parent / "addons").mkdir()
    site = tmp_path / "site"
    addon = site / "odoo" / "addons" / "web_leaflet_lib"
    addon.mkdir(parents=True)
    (addon / "__manifest__.py").write_text("{}")
    (tmp_path / "empty" / "odoo" / "addons").mkdir(parents=True)
    monkeypatch.setattr(odoo_test, "odoo_package_dir", lambda: core)
    monkeypatch.setattr(
        odoo_test.sys, "path", [str(core.parent), str(site), str(tmp_path / "empty")]
    )
    monkeypatch.delenv("ODOO_ADDONS_PATH", raising=False)
    assert odoo_test.odoo_addons_path() == ",".join(
        [str(core.parent / "addons"), str(site / "odoo" / "addons")]
    )
