from odoo import fields, models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    service_contract_ids = fields.One2many(
        "service.contract", "sale_line_id", string="Service Contracts"
    )

    def _create_maintenance_contracts(self):
        """One maintenance contract per confirmed line whose product has a
        maintenance template, for the order's customer and salesperson.

        Lines that already have a contract are skipped, so confirming again
        (after a cancel and reset) creates nothing twice.
        """
        lines = self.with_context(active_test=False).filtered(
            lambda line: (
                line.product_id.service_contract_template_id.contract_type
                == "maintenance"
                and not line.service_contract_ids
                and not line.display_type
            )
        )
        if not lines:
            return self.env["service.contract"]
        return self.env["service.contract"].create(
            [line._prepare_maintenance_contract_vals() for line in lines]
        )

    def _prepare_maintenance_contract_vals(self):
        """Values of the maintenance contract this line creates (hook)."""
        self.ensure_one()
        order = self.order_id
        return {
            "template_id": self.product_id.service_contract_template_id.id,
            "partner_id": order.partner_id.commercial_partner_id.id,
            "company_id": order.company_id.id,
            "user_id": order.user_id.id,
            "sale_line_id": self.id,
            "date_start": fields.Date.context_today(self),
            "external_ref": order.client_order_ref,
        }
