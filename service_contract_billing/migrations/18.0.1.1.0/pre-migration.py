"""The invoice line's link to its invoicing element is renamed
``service_contract_line_id`` -> ``service_contract_billing_line_id``: keep
the column and its values (Odoo reflects the field under its new name)."""

from odoo.tools import SQL, column_exists


def migrate(cr, version):
    if not version:
        return
    if column_exists(cr, "account_move_line", "service_contract_line_id"):
        if column_exists(cr, "account_move_line", "service_contract_billing_line_id"):
            return
        cr.execute(
            SQL(
                "ALTER TABLE account_move_line RENAME COLUMN service_contract_line_id "
                "TO service_contract_billing_line_id"
            )
        )
