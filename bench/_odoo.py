"""What every benchmark needs: the addons path and a registry on a database.

The benchmarks run with the Python that can import Odoo 18.0, against a
database where the addons are installed.
"""

import importlib.util
import sys
import threading
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _test_runner():
    """``tools/odoo_test.py``, which knows where Odoo's addons are."""
    spec = importlib.util.spec_from_file_location(
        "odoo_test", ROOT / "tools" / "odoo_test.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ``import odoo`` finds Odoo itself, beside the OCA addons pip installed.
_test_runner().ensure_odoo_importable()


def addons_path():
    """Odoo's own addons, found as the test runner finds them, then this
    repository."""
    return f"{_test_runner().odoo_addons_path()},{ROOT}"


def open_registry(database, path=None, log_level="warn", extra=()):
    """Configure Odoo for ``database`` and return its registry."""
    import odoo  # noqa: PLC0415
    from odoo.modules.registry import Registry  # noqa: PLC0415

    odoo.tools.config.parse_config(
        [
            "-d",
            database,
            f"--addons-path={path or addons_path()}",
            f"--log-level={log_level}",
            *extra,
        ]
    )
    return Registry(database)


def use_orm_defaults(env, model):
    """Give the required columns of ``model``'s table the ORM's defaults as
    database defaults, so that rows inserted by SQL get them.

    The benchmarks insert their data by SQL and name only the columns their
    own addon knows; other installed addons add required columns (billing:
    period, currency, ...).  Call it inside the benchmark's transaction: the
    change is rolled back with the data.
    """
    from odoo.tools import SQL  # noqa: PLC0415

    records = env[model]
    env.cr.execute(
        SQL(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_name = %s AND is_nullable = 'NO' "
            "AND column_default IS NULL",
            records._table,
        )
    )
    columns = [row[0] for row in env.cr.fetchall() if row[0] in records._fields]
    defaults = records.default_get(columns)
    # Precomputed columns without a default (billing's terms, computed from
    # the template): what a new record without one gets.
    new = records.new({})
    for column in set(columns) - set(defaults):
        field = records._fields[column]
        if field.compute and field.precompute and field.type != "many2one":
            value = field.convert_to_write(new[column], new)
            if value is not False and value is not None:
                defaults[column] = value
    for column in set(columns) - set(defaults):
        # computed from the company (a currency, ...) rather than defaulted
        field = records._fields[column]
        if field.type == "many2one" and field.comodel_name == "res.currency":
            defaults[column] = env.company.currency_id.id
    for column, value in defaults.items():
        env.cr.execute(
            SQL(
                "ALTER TABLE %s ALTER COLUMN %s SET DEFAULT %s",
                SQL.identifier(records._table),
                SQL.identifier(column),
                value,
            )
        )


@contextmanager
def bench_environment(database, path=None, model=None):
    """An environment as the superuser on ``database`` (tracking off, in
    test mode, so nothing commits) whose changes are rolled back at the end;
    exits when ``model`` is not installed there."""
    from odoo import SUPERUSER_ID, api  # noqa: PLC0415

    registry = open_registry(database, path)
    threading.current_thread().testing = True
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        if model and model not in env:
            sys.exit(f"{model} is not installed on {database}")
        try:
            yield env
        finally:
            cr.rollback()
    print("rolled back: the database is unchanged")


def pg(*args, check=True):
    """Run a PostgreSQL client program (``createdb``, ``dropdb``...)."""
    import subprocess  # noqa: PLC0415

    return subprocess.run(args, check=check, capture_output=True, text=True)


@contextmanager
def scratch_database(source, suffix):
    """A copy of ``source`` named ``source_suffix``, dropped at the end.

    For benchmarks that must commit as the real action does (a commit per
    batch, several processes at once): they work on the copy, never on
    ``source``.
    """
    target = f"{source}_{suffix}"
    pg("dropdb", "--if-exists", target)
    pg("createdb", "-T", source, target)
    try:
        yield target
    finally:
        from odoo.sql_db import close_db  # noqa: PLC0415

        close_db(target)
        pg("dropdb", "--if-exists", "--force", target, check=False)


def serial_products(env, prefix, families=5, count=50):
    """``count`` serial-tracked products in ``families`` product categories
    under one parent, named ``<prefix> Unit i`` and ``<prefix> Family i``;
    returns ``(categories, products)``, product ``i`` in category
    ``i % families`` (the benchmarks' SQL seeds rely on that spread)."""
    root = env["product.category"].create({"name": f"{prefix} Equipment"})
    categs = env["product.category"].create(
        [
            {"name": f"{prefix} Family {i}", "parent_id": root.id}
            for i in range(families)
        ]
    )
    products = env["product.product"].create(
        [
            {
                "name": f"{prefix} Unit {i}",
                "type": "consu",
                "is_storable": True,
                "tracking": "serial",
                "categ_id": categs[i % families].id,
            }
            for i in range(count)
        ]
    )
    return categs, products
