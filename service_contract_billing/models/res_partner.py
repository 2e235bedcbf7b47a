from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    service_points_remaining = fields.Float(
        string="Contract Points Left", compute="_compute_service_points_remaining"
    )

    def _compute_service_points_remaining(self):
        groups = dict(
            self.env["service.contract"]._read_group(
                [
                    ("commercial_partner_id", "in", self.commercial_partner_id.ids),
                    ("contract_type", "=", "points"),
                    ("state", "=", "ready"),
                ],
                ["commercial_partner_id"],
                ["points_remaining:sum"],
            )
        )
        for partner in self:
            partner.service_points_remaining = groups.get(
                partner.commercial_partner_id, 0.0
            )
