from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

RECOMPUTE_FIELDS = {
    "asset_meter_id",
    "lot_id",
    "meter_id",
    "active",
    "date",
    "value",
    "is_reset",
    "value_before_reset",
    "value_after_reset",
}


class ServiceMeterReading(models.Model):
    """A reading of a unit's meter.

    Readings import through Odoo's standard import with the columns Unit
    (``lot_id``), Meter (``meter_id``), Date and Value: the unit's meter is
    found, or added to the unit.
    """

    _name = "service.meter.reading"
    _description = "Meter Reading"
    _order = "date desc, id desc"
    _check_company_auto = True
    _rec_name = "date"

    asset_meter_id = fields.Many2one(
        "service.asset.meter",
        string="Unit Meter",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    lot_id = fields.Many2one(
        "stock.lot",
        string="Unit",
        compute="_compute_lot_meter",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
        check_company=True,
    )
    meter_id = fields.Many2one(
        "service.meter",
        compute="_compute_lot_meter",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(
        related="asset_meter_id.company_id", store=True, index=True
    )
    uom_id = fields.Many2one(related="meter_id.uom_id")
    active = fields.Boolean(
        default=True, help="An archived reading is ignored everywhere."
    )
    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    value = fields.Float(required=True, help="The value the meter shows.")
    net_value = fields.Float(
        string="Life-to-Date Value",
        readonly=True,
        copy=False,
        help="The unit's usage since it was new, across meter resets and replacements.",
    )
    is_reset = fields.Boolean(
        string="Reset / Replaced",
        help="The meter was reset or replaced since the previous reading.",
    )
    value_before_reset = fields.Float(
        help="The last value the meter showed before it was reset or replaced "
        "(leave 0 if unknown: no usage is counted since the previous reading).",
    )
    value_after_reset = fields.Float(
        string="Reset To",
        help="The value the meter showed right after the reset (0), or the "
        "value of the new meter when it was replaced.",
    )
    note = fields.Char()

    @api.depends("asset_meter_id")
    def _compute_lot_meter(self):
        for reading in self:
            if reading.asset_meter_id:
                reading.lot_id = reading.asset_meter_id.lot_id
                reading.meter_id = reading.asset_meter_id.meter_id
            else:
                reading.lot_id = reading.lot_id
                reading.meter_id = reading.meter_id

    @api.depends("asset_meter_id", "date")
    def _compute_display_name(self):
        for reading in self:
            reading.display_name = (
                f"{reading.asset_meter_id.display_name} {reading.date or ''}"
            )

    @api.constrains("value", "value_before_reset", "value_after_reset")
    def _check_values(self):
        for reading in self:
            if (
                min(
                    reading.value, reading.value_before_reset, reading.value_after_reset
                )
                < 0
            ):
                raise ValidationError(
                    _(
                        "Meter values cannot be negative (reading of %(reading)s).",
                        reading=reading.display_name,
                    )
                )

    @api.constrains("date")
    def _check_date(self):
        today = fields.Date.context_today(self)
        for reading in self:
            if reading.date > today:
                raise ValidationError(
                    _(
                        "The reading of %(reading)s is dated in the future.",
                        reading=reading.display_name,
                    )
                )

    @api.constrains("asset_meter_id", "lot_id", "meter_id")
    def _check_asset_meter(self):
        for reading in self:
            asset_meter = reading.asset_meter_id
            if (reading.lot_id, reading.meter_id) != (
                asset_meter.lot_id,
                asset_meter.meter_id,
            ):
                raise ValidationError(
                    _(
                        "The reading's unit and meter must be those of its unit "
                        "meter %(meter)s.",
                        meter=asset_meter.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        self._resolve_asset_meters(vals_list)
        readings = super().create(vals_list)
        readings._after_readings_change(readings.asset_meter_id)
        return readings

    def write(self, vals):
        if RECOMPUTE_FIELDS.isdisjoint(vals):
            return super().write(vals)
        before = self.asset_meter_id
        if ("lot_id" in vals or "meter_id" in vals) and "asset_meter_id" not in vals:
            result = True
            for reading in self:
                reading_vals = dict(vals)
                reading_vals.setdefault("lot_id", reading.lot_id.id)
                reading_vals.setdefault("meter_id", reading.meter_id.id)
                self._resolve_asset_meters([reading_vals])
                result &= super(ServiceMeterReading, reading).write(reading_vals)
        else:
            result = super().write(vals)
        self._after_readings_change(before | self.asset_meter_id)
        return result

    def unlink(self):
        asset_meters = self.asset_meter_id
        result = super().unlink()
        self._after_readings_change(asset_meters.exists())
        return result

    @api.model
    def _resolve_asset_meters(self, vals_list):
        """Fill ``asset_meter_id`` from the unit and meter (imports, lot form)."""
        pairs = [
            (vals.get("lot_id"), vals.get("meter_id"))
            for vals in vals_list
            if not vals.get("asset_meter_id")
        ]
        asset_meters = self.env["service.asset.meter"]._get_or_create(pairs)
        for vals in vals_list:
            if not vals.get("asset_meter_id"):
                pair = (vals.get("lot_id"), vals.get("meter_id"))
                if pair in asset_meters:
                    vals["asset_meter_id"] = asset_meters[pair].id

    @api.model
    def _after_readings_change(self, asset_meters):
        """Keep life-to-date values, contract meter dates and statuses right."""
        asset_meters._recompute_net_values()
        contracts = asset_meters.contract_meter_ids.contract_id
        contracts._meter_expiry_mark_due()
        contracts._update_state_from_dates()
