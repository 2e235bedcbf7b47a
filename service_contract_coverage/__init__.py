import logging

from odoo.exceptions import ValidationError

from . import controllers
from . import models

_logger = logging.getLogger(__name__)


def _post_init_hook(env):
    """Turn the serials already listed on contracts into serial coverage
    lines, so that coverage lines are the source of truth from day one."""
    contracts = (
        env["service.contract"]
        .with_context(active_test=False)
        .search([("lot_ids", "!=", False)])
    )
    for contract in contracts:
        try:
            with env.cr.savepoint():
                contract._inverse_lot_ids()
        except ValidationError as error:
            _logger.warning(
                "Contract %s: its serials were not turned into coverage lines: %s",
                contract.name,
                error,
            )
