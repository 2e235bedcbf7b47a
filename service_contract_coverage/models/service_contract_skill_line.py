from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ServiceContractSkillLine(models.Model):
    _inherit = "service.contract.skill.line"

    points_per_intervention = fields.Float(
        string="Points per Intervention",
        help="Points a completed repair of this skills group consumes on a "
        "points contract.",
    )

    @api.constrains("points_per_intervention")
    def _check_points_per_intervention(self):
        for line in self:
            if line.points_per_intervention < 0:
                raise ValidationError(_("Points per intervention cannot be negative."))
