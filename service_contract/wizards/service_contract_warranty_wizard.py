from odoo import api, fields, models


class ServiceContractWarrantyWizard(models.TransientModel):
    """Create the warranty contract of serial numbers from a chosen template."""

    _name = "service.contract.warranty.wizard"
    _description = "Create Warranty Contract"
    _check_company_auto = True

    lot_ids = fields.Many2many(
        "stock.lot", string="Serial Numbers", required=True, check_company=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    template_id = fields.Many2one(
        "service.contract.template",
        string="Warranty Template",
        required=True,
        check_company=True,
        domain="[('contract_type', '=', 'warranty')]",
        compute="_compute_template_id",
        store=True,
        readonly=False,
        precompute=True,
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if (
            "lot_ids" in fields_list
            and not values.get("lot_ids")
            and self.env.context.get("active_model") == "stock.lot"
        ):
            lots = self.env["stock.lot"].browse(
                self.env.context.get("active_ids") or []
            )
            values["lot_ids"] = [fields.Command.set(lots.ids)]
            if lots.company_id:
                values["company_id"] = lots.company_id[:1].id
        return values

    @api.depends("lot_ids")
    def _compute_template_id(self):
        """The warranty template of the units' product, when they share one."""
        for wizard in self:
            templates = wizard.lot_ids.product_id.service_contract_template_id
            warranty = templates.filtered(lambda t: t.contract_type == "warranty")
            if len(warranty) == 1 and len(templates) == 1:
                wizard.template_id = warranty
            else:
                wizard.template_id = wizard.template_id

    def action_create(self):
        self.ensure_one()
        return self.lot_ids.with_context(
            service_contract_template_id=self.template_id.id
        ).action_create_warranty_contract()
