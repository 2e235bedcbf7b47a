from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    service_contract_count = fields.Integer(
        string="Service Contracts", compute="_compute_service_contract_count"
    )

    def _compute_service_contract_count(self):
        counts = dict(
            self.env["service.contract"]._read_group(
                [("commercial_partner_id", "in", self.commercial_partner_id.ids)],
                ["commercial_partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.service_contract_count = counts.get(
                partner.commercial_partner_id, 0
            )

    def action_view_service_contracts(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "service_contract.action_service_contract"
        )
        action["domain"] = [
            ("commercial_partner_id", "=", self.commercial_partner_id.id)
        ]
        action["context"] = {"default_partner_id": self.commercial_partner_id.id}
        return action
