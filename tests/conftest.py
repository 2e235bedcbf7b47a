"""Make each addon's plain-Python rules importable without Odoo.

An addon's ``__init__`` imports its models, and so Odoo; its ``rules``
package imports nothing of Odoo.  Each ``<addon>/rules`` package is loaded
here by path and registered as ``<addon>_rules`` (for example
``service_contract_rules``), so that tests write
``from service_contract_rules import status``.
"""

import importlib.util
import sys
from pathlib import Path

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
