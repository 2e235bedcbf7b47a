"""Make each addon's plain-Python rules importable without Odoo.

An addon's ``__init__`` imports its models, and so Odoo; its ``rules``
package imports nothing of Odoo.  Each ``<addon>/rules`` package is loaded
here by path and registered as ``<addon>_rules`` (for example
``service_contract_rules``), so that tests write
``from service_contract_rules import status``.

The ``pg`` fixture is a cursor on the local PostgreSQL server (database
``$PGDATABASE``, else ``postgres``), for the tests that run a rule's SQL twin
on generated values; without ``psycopg2`` or a server those tests are
skipped, with the reason.
"""

import importlib.util
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _load_rules_package(addon_dir):
    init = addon_dir / "rules" / "__init__.py"
    if not init.exists():
        return
    name = f"{addon_dir.name}_rules"
    if name in sys.modules:
        return
    spec = importlib.util.spec_from_file_location(
        name, init, submodule_search_locations=[str(init.parent)]
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)


for _manifest in sorted(ROOT.glob("*/__manifest__.py")):
    _load_rules_package(_manifest.parent)


@pytest.fixture(scope="session")
def pg():
    """A read-only cursor on the local PostgreSQL server.

    Without one the SQL twins are skipped, with the reason; in CI (``CI``
    set), where ``.ci/run`` starts the server first, that is a failure.
    """
    missing = pytest.fail if os.environ.get("CI") else pytest.skip
    try:
        import psycopg2
    except ImportError:
        missing("SQL twins run on PostgreSQL: psycopg2 is not installed")
    try:
        connection = psycopg2.connect(dbname=os.environ.get("PGDATABASE", "postgres"))
    except psycopg2.OperationalError as error:
        missing(f"SQL twins run on PostgreSQL, which is not reachable: {error}")
    connection.set_session(readonly=True, autocommit=True)
    with connection.cursor() as cursor:
        yield cursor
    connection.close()
