from odoo import Command
from odoo.tests import freeze_time

from odoo.addons.account.tests.common import AccountTestInvoicingCommon


class ServiceContractBillingCommon(AccountTestInvoicingCommon):
    """A chart of accounts, contract templates and a fee product; no demo data."""

    @classmethod
    def get_default_groups(cls):
        return super().get_default_groups() | cls.env.ref(
            "service_contract.group_service_contract_manager"
        )

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.env["res.partner"].create(
            {"name": "Contoso Plant", "is_company": True}
        )
        cls.maintenance_template = cls.env["service.contract.template"].create(
            {
                "name": "Maintenance 1 year",
                "contract_type": "maintenance",
                "duration": 1,
                "duration_unit": "year",
                "renewable": True,
            }
        )
        cls.fee = cls.env["product.product"].create(
            {
                "name": "Maintenance Fee",
                "type": "service",
                "list_price": 100.0,
                "property_account_income_id": cls.company_data[
                    "default_account_revenue"
                ].id,
                "taxes_id": [Command.clear()],
            }
        )
        cls.points_pack = cls.env["product.product"].create(
            {
                "name": "Points Pack",
                "type": "service",
                "list_price": 500.0,
                "taxes_id": [Command.clear()],
            }
        )
        cls.unit_product = cls.env["product.product"].create(
            {
                "name": "Printer",
                "type": "consu",
                "is_storable": True,
                "tracking": "serial",
            }
        )

    @classmethod
    def _contract(cls, price=100.0, basis="period", state="ready", lines=None, **vals):
        values = {
            "partner_id": cls.customer.id,
            "template_id": cls.maintenance_template.id,
            "date_start": "2026-01-01",
            "billing_period": "month",
            "billing_line_ids": lines
            if lines is not None
            else [
                Command.create(
                    {
                        "product_id": cls.fee.id,
                        "price_unit": price,
                        "price_basis": basis,
                    }
                )
            ],
        }
        values.update(vals)
        with freeze_time(values["date_start"]):
            contract = cls.env["service.contract"].create(values)
            if state == "ready":
                contract.action_ready()
        return contract

    def _periods(self, contract):
        moves = contract.invoice_ids.filtered(lambda m: m.state != "cancel")
        return sorted(
            (str(m.service_period_start), str(m.service_period_end)) for m in moves
        )
