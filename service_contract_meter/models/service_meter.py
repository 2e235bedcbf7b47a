from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from ..rules import rates as rate_rules

METER_TYPES = [
    ("cumulative", "Cumulative"),
    ("resettable", "Resettable"),
]


class ServiceMeter(models.Model):
    """A kind of meter (odometer, hour counter, page counter, ...)."""

    _name = "service.meter"
    _description = "Meter"
    _order = "sequence, name"
    _rec_names_search = ["name", "code"]

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, index=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    uom_id = fields.Many2one(
        "uom.uom",
        string="Unit of Measure",
        required=True,
        help="The unit the meter counts in (km, hours, pages, ...).",
    )
    meter_type = fields.Selection(
        METER_TYPES,
        string="Reading Type",
        required=True,
        default="cumulative",
        help="Cumulative: the value never goes down unless the meter is reset "
        "or replaced (flagged on the reading). Resettable: a lower reading "
        "means the meter was reset to zero.",
    )
    rate_window_days = fields.Integer(
        string="Rate Window (days)",
        default=rate_rules.DEFAULT_WINDOW_DAYS,
        required=True,
        help="The daily rate is the average daily increase over the readings "
        "of this many last days.",
    )
    company_id = fields.Many2one(
        "res.company",
        index=True,
        help="Leave empty to share the meter between companies.",
    )
    asset_meter_ids = fields.One2many(
        "service.asset.meter", "meter_id", string="Unit Meters"
    )
    asset_meter_count = fields.Integer(
        string="Units", compute="_compute_asset_meter_count"
    )

    _sql_constraints = [
        (
            "code_company_uniq",
            "unique(code, company_id)",
            "A meter code must be unique.",
        ),
    ]

    def _compute_asset_meter_count(self):
        counts = dict(
            self.env["service.asset.meter"]._read_group(
                [("meter_id", "in", self.ids)], ["meter_id"], ["__count"]
            )
        )
        for meter in self:
            meter.asset_meter_count = counts.get(meter, 0)

    @api.depends("name", "code")
    def _compute_display_name(self):
        for meter in self:
            meter.display_name = (
                f"[{meter.code}] {meter.name}" if meter.code else meter.name or ""
            )

    @api.constrains("rate_window_days")
    def _check_rate_window_days(self):
        for meter in self:
            if meter.rate_window_days < 1:
                raise ValidationError(
                    _(
                        "The rate window of meter %(meter)s must be at least one day.",
                        meter=meter.name,
                    )
                )

    def write(self, vals):
        result = super().write(vals)
        if "meter_type" in vals:
            self.asset_meter_ids._recompute_net_values()
        if {"meter_type", "rate_window_days"} & set(vals):
            # the rates of its unit meters follow: their contracts are due
            self.env["service.contract"]._meter_expiry_mark_due_where(
                SQL(
                    "id IN (SELECT contract_id FROM service_contract_meter "
                    "WHERE meter_id = ANY(%s))",
                    self.ids,
                )
            )
        return result

    def action_view_asset_meters(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "service_contract_meter.action_service_asset_meter"
        )
        action["domain"] = [("meter_id", "=", self.id)]
        action["context"] = {"default_meter_id": self.id}
        return action
