from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ServiceContractTemplateMeter(models.Model):
    """A meter interval a contract template expects (e.g. 100,000 km)."""

    _name = "service.contract.template.meter"
    _description = "Contract Template Meter Interval"
    _order = "template_id, sequence, id"

    template_id = fields.Many2one(
        "service.contract.template",
        required=True,
        ondelete="cascade",
        index=True,
    )
    sequence = fields.Integer(default=10)
    meter_id = fields.Many2one("service.meter", required=True)
    uom_id = fields.Many2one(related="meter_id.uom_id")
    value_interval = fields.Float(
        string="Interval",
        required=True,
        help="Usage covered from the contract's start value (e.g. 100,000 km).",
    )

    _sql_constraints = [
        (
            "template_meter_uniq",
            "unique(template_id, meter_id)",
            "A template lists each meter once.",
        ),
    ]

    @api.constrains("value_interval")
    def _check_value_interval(self):
        for line in self:
            if line.value_interval <= 0:
                raise ValidationError(
                    _(
                        "The interval of meter %(meter)s on template %(template)s "
                        "must be positive.",
                        meter=line.meter_id.name,
                        template=line.template_id.name,
                    )
                )
