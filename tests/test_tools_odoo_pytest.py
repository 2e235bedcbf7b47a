"""tools/odoo_pytest.py: its verdict on pytest-odoo's outcome, without Odoo
(the install and the pytest run are replaced by canned outputs)."""

import importlib.util
import subprocess
import sys
import types
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location(
    "odoo_pytest", ROOT / "tools" / "odoo_pytest.py"
)
odoo_pytest = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(odoo_pytest)

PASSED = "tests/test_x.py ...\n======= 3 passed in 1.00s =======\n"


@pytest.fixture
def run(monkeypatch, tmp_path):
    """Run the script's main() with the install succeeding and pytest
    answering ``(returncode, output)``; returns (exit code, commands run)."""
    monkeypatch.setitem(sys.modules, "pytest_odoo", types.ModuleType("pytest_odoo"))
    monkeypatch.setattr(odoo_pytest, "dropdb", lambda name: None)
    monkeypatch.setattr(odoo_pytest, "odoo_addons_path", lambda: "/odoo/addons")
    monkeypatch.setattr(odoo_pytest, "ROOT", tmp_path)
    (tmp_path / "some_addon" / "tests").mkdir(parents=True)

    def start(returncode, output, install_output="installed\n"):
        calls = []

        def fake_run(cmd, **kwargs):
            calls.append(cmd)
            if "odoo" in cmd and "-i" in cmd:
                return subprocess.CompletedProcess(cmd, 0, install_output)
            return subprocess.CompletedProcess(cmd, returncode, output)

        monkeypatch.setattr(odoo_pytest.subprocess, "run", fake_run)
        monkeypatch.setattr(sys, "argv", ["odoo_pytest.py", "--module", "some_addon"])
        return odoo_pytest.main(), calls

    return start


def test_passing_suite(run, capsys):
    code, calls = run(0, PASSED)
    assert code == 0
    assert "pytest-odoo: 3 passed, 0 failed, 0 skipped" in capsys.readouterr().out
    pytest_cmd = calls[-1]
    assert "pytest" in pytest_cmd
    assert any(arg.startswith("--odoo-database=sc_pytest_") for arg in pytest_cmd)
    assert "--odoo-addons-path=/odoo/addons," + str(odoo_pytest.ROOT) in pytest_cmd
    assert pytest_cmd[-1] == str(Path("some_addon") / "tests")


def test_no_test_collected_fails(run, capsys):
    code, _calls = run(
        odoo_pytest.NO_TESTS_COLLECTED, "==== no tests ran in 0.01s ====\n"
    )
    assert code == 1
    assert "collected no test" in capsys.readouterr().out


def test_failing_test_fails(run):
    code, _calls = run(1, "==== 1 failed, 2 passed in 1.00s ====\n")
    assert code == 1


def test_error_log_line_fails(run, capsys):
    output = (
        "2026-12-01 22:11:40,110 7407 ERROR db odoo.models: something broke\n" + PASSED
    )
    code, _calls = run(0, output)
    assert code == 1
    assert "ERROR/CRITICAL" in capsys.readouterr().out


def test_failed_install_runs_no_pytest(run):
    code, calls = run(
        0, PASSED, install_output="2026-12-01 22:11:40,110 7 CRITICAL db odoo: no\n"
    )
    assert code == 1
    assert len(calls) == 1


def test_summary_counts():
    assert odoo_pytest.summary_counts(
        "x\n=== 2 failed, 40 passed, 3 skipped, 1 error in 9s ===\n"
    ) == {"passed": 40, "failed": 3, "skipped": 3}
    assert odoo_pytest.summary_counts("nothing") == {
        "passed": 0,
        "failed": 0,
        "skipped": 0,
    }


def test_pytest_odoo_own_import_error_is_tolerated(run):
    output = (
        "2026-12-01 22:11:40,110 7407 ERROR ? odoo.tests.common: Importing test"
        " framework, avoid importing from business modules and when not running"
        " in test mode\n" + PASSED
    )
    code, _calls = run(0, output)
    assert code == 0


def test_a_string_shown_untranslated_is_a_defect():
    from odoo_test import is_defect_line

    prefix = "2026-03-01 10:00:00,000 13761"
    assert is_defect_line(
        f"{prefix} WARNING db odoo.tools.translate: no translation language "
        "detected, skipping translation <frame at 0x1>"
    )
    assert is_defect_line(f"{prefix} ERROR db odoo.sql_db: bad query")
    assert is_defect_line(f"{prefix} WARNING db py.warnings: DeprecationWarning")
    assert not is_defect_line(f"{prefix} WARNING db odoo.models: a plain warning")
    assert not is_defect_line(f"{prefix} INFO db odoo.modules: loading")
