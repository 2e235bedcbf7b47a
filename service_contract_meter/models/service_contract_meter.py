from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..rules import expiry as expiry_rules


class ServiceContractMeter(models.Model):
    """A meter interval of a contract: it ends at ``value_end`` on that unit."""

    _name = "service.contract.meter"
    _description = "Contract Meter"
    _order = "contract_id, sequence, id"
    _check_company_auto = True

    contract_id = fields.Many2one(
        "service.contract",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(
        related="contract_id.company_id", store=True, index=True
    )
    sequence = fields.Integer(default=10)
    asset_meter_id = fields.Many2one(
        "service.asset.meter",
        string="Unit Meter",
        required=True,
        ondelete="restrict",
        index=True,
        check_company=True,
    )
    lot_id = fields.Many2one(
        related="asset_meter_id.lot_id", string="Unit", store=True, index=True
    )
    meter_id = fields.Many2one(
        related="asset_meter_id.meter_id", string="Meter", store=True, index=True
    )
    uom_id = fields.Many2one(related="meter_id.uom_id")
    value_start = fields.Float(
        string="Start Value",
        compute="_compute_value_start",
        store=True,
        readonly=False,
        precompute=True,
        help="Life-to-date value when the contract starts: 0 for a new unit, "
        "higher for an extended warranty.",
    )
    value_interval = fields.Float(string="Interval", required=True)
    value_end = fields.Float(
        string="End Value", compute="_compute_value_end", store=True
    )
    last_net_value = fields.Float(
        related="asset_meter_id.last_net_value", string="Life-to-Date Value"
    )
    last_reading_date = fields.Date(related="asset_meter_id.last_reading_date")
    daily_rate = fields.Float(related="asset_meter_id.daily_rate")
    date_expiry = fields.Date(
        string="Calculated Expiry",
        compute="_compute_date_expiry",
        store=True,
        help="Today + (end value - life-to-date value) / daily rate, rounded "
        "down; empty when the daily rate is zero.",
    )

    _sql_constraints = [
        (
            "contract_asset_meter_uniq",
            "unique(contract_id, asset_meter_id)",
            "A contract lists each unit meter once.",
        ),
    ]

    @api.depends("asset_meter_id")
    def _compute_value_start(self):
        """The unit's life-to-date value at the contract start (0 if unread)."""
        lines = self.filtered(lambda line: line.asset_meter_id and line.contract_id)
        readings = (
            self.env["service.meter.reading"].search(
                [
                    ("asset_meter_id", "in", lines.asset_meter_id.ids),
                    (
                        "date",
                        "<=",
                        max(lines.contract_id.mapped("date_start"), default=False),
                    ),
                ],
                order="date desc, id desc",
            )
            if lines
            else self.env["service.meter.reading"]
        )
        for line in self:
            if line not in lines:
                line.value_start = line.value_start
                continue
            start = line.contract_id.date_start
            before = readings.filtered(
                lambda r, line=line, start=start: (
                    r.asset_meter_id == line.asset_meter_id and r.date <= start
                )
            )[:1]
            line.value_start = before.net_value

    @api.depends("value_start", "value_interval")
    def _compute_value_end(self):
        for line in self:
            line.value_end = line.value_start + line.value_interval

    @api.depends(
        "value_end",
        "asset_meter_id.last_net_value",
        "asset_meter_id.last_reading_id",
        "asset_meter_id.daily_rate",
    )
    def _compute_date_expiry(self):
        today = fields.Date.context_today(self)
        for line in self:
            line.date_expiry = line._get_date_expiry(today)

    def _get_date_expiry(self, today):
        """Business rule 2 for this line, from its unit meter's values
        (``False``: never by meter)."""
        self.ensure_one()
        asset_meter = self.asset_meter_id
        # Without any reading, the unit is taken to be at its start value.
        net_value = (
            asset_meter.last_net_value
            if asset_meter.last_reading_date
            else self.value_start
        )
        return (
            expiry_rules.expiry_date(
                self.value_end, net_value, asset_meter.daily_rate, today
            )
            or False
        )

    @api.constrains("value_start", "value_interval")
    def _check_values(self):
        for line in self:
            if line.value_interval <= 0 or line.value_start < 0:
                raise ValidationError(
                    _(
                        "Meter %(meter)s of contract %(contract)s needs a positive "
                        "interval and a start value of at least 0.",
                        meter=line.asset_meter_id.display_name,
                        contract=line.contract_id.name,
                    )
                )

    @api.constrains("asset_meter_id", "contract_id")
    def _check_unit_customer(self):
        for line in self:
            installed_at = line.lot_id.service_partner_id.commercial_partner_id
            customer = line.contract_id.partner_id.commercial_partner_id
            if installed_at and installed_at != customer:
                raise ValidationError(
                    _(
                        "Unit %(lot)s is installed at %(owner)s, not at the "
                        "customer %(partner)s of contract %(contract)s.",
                        lot=line.lot_id.name,
                        owner=installed_at.display_name,
                        partner=customer.display_name,
                        contract=line.contract_id.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.contract_id._update_state_from_dates()
        return lines

    def write(self, vals):
        contracts = self.contract_id
        result = super().write(vals)
        (contracts | self.contract_id)._update_state_from_dates()
        return result

    def unlink(self):
        contracts = self.contract_id
        result = super().unlink()
        contracts.exists()._update_state_from_dates()
        return result
