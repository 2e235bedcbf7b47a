from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.service_contract.models.service_contract_batch_mixin import (
    keep_room_for_updates,
)

from ..rules import expiry as expiry_rules


class ServiceContractMeter(models.Model):
    """A meter interval of a contract: it ends at ``value_end`` on that unit."""

    _name = "service.contract.meter"
    _description = "Contract Meter"
    # By the contract's id (``contract_id.id``), not its own order: the
    # contracts' and units' lines are then read without a join.
    _order = "contract_id.id, sequence, id"
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
    meter_id = fields.Many2one(
        "service.meter",
        compute="_compute_meter_id",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
        check_company=True,
    )
    asset_meter_id = fields.Many2one(
        "service.asset.meter",
        string="Unit Meter",
        compute="_compute_asset_meter_id",
        store=True,
        readonly=False,
        precompute=True,
        ondelete="restrict",
        index=True,
        check_company=True,
        help="The meter on the unit: found from the meter when a single unit "
        "the contract covers has it, else picked among those.",
    )
    asset_meter_candidate_ids = fields.Many2many(
        "service.asset.meter",
        string="Matching Unit Meters",
        compute="_compute_asset_meter_candidate_ids",
        help="The meters of this kind on the units the contract covers.",
    )
    lot_id = fields.Many2one(
        related="asset_meter_id.lot_id", string="Unit", store=True, index=True
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
    def _compute_meter_id(self):
        for line in self:
            line.meter_id = line.asset_meter_id.meter_id or line.meter_id

    @api.depends("contract_id", "meter_id")
    def _compute_asset_meter_candidate_ids(self):
        candidates = self._get_asset_meter_candidates()
        for line in self:
            line.asset_meter_candidate_ids = candidates[line]

    @api.depends("contract_id", "meter_id")
    def _compute_asset_meter_id(self):
        """The unit meter of the meter picked, when a single covered unit
        has it; a unit meter picked by hand is kept while it is of that
        meter."""
        to_find = self.filtered(
            lambda line: line.meter_id and line.asset_meter_id.meter_id != line.meter_id
        )
        candidates = to_find._get_asset_meter_candidates()
        for line in self:
            if line not in to_find:
                line.asset_meter_id = line.asset_meter_id
            elif len(candidates[line]) == 1:
                line.asset_meter_id = candidates[line]
            else:
                line.asset_meter_id = False

    def _get_asset_meter_candidates(self):
        """{line: the unit meters of its meter on the units its contract
        covers}, in one search for all lines."""
        lines = self.filtered(lambda line: line.contract_id and line.meter_id)
        # ``_origin``: in a form, the contract and its units are new records
        covered = {
            contract: contract._get_covered_lots()._origin
            for contract in lines.contract_id
        }
        asset_meters = self.env["service.asset.meter"]._search_on_units(
            self.env["stock.lot"].union(*covered.values()), lines.meter_id._origin
        )
        return {
            line: asset_meters.filtered(
                lambda am, line=line: (
                    am.meter_id == line.meter_id
                    and am.lot_id in covered[line.contract_id]
                )
            )
            if line in lines
            else asset_meters.browse()
            for line in self
        }

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
        return self._date_expiry_from(
            self.value_start,
            self.value_end,
            asset_meter.last_reading_date,
            asset_meter.last_net_value,
            asset_meter.daily_rate,
            today,
        )

    @api.model
    def _date_expiry_from(
        self, value_start, value_end, last_reading_date, last_net_value, rate, today
    ):
        """Business rule 2 from plain values: the line's start and end values
        and its unit meter's last reading date, life-to-date value and daily
        rate (the compute and the daily batch call it alike)."""
        # Without any reading, the unit is taken to be at its start value.
        net_value = last_net_value if last_reading_date else value_start
        return expiry_rules.expiry_date(value_end, net_value, rate, today) or False

    def init(self):
        """The daily meter expiry run rewrites the expiry date of every line
        whose unit meter moved: its pages keep room for the rows' new
        versions (``keep_room_for_updates``)."""
        keep_room_for_updates(self.env.cr, self._table)

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

    @api.constrains("asset_meter_id", "meter_id", "contract_id")
    def _check_asset_meter(self):
        """A unit meter of the line's meter: the one found, or picked."""
        missing = self.filtered(lambda line: not line.asset_meter_id)
        candidates = missing._get_asset_meter_candidates()
        for line in self:
            params = {
                "contract": line.contract_id.name,
                "meter": line.meter_id.display_name,
            }
            if line in missing and not candidates[line]:
                raise ValidationError(
                    _(
                        "Contract %(contract)s covers no unit with meter "
                        "%(meter)s: add the unit to the contract, or the meter "
                        "to the unit.",
                        **params,
                    )
                    if line.meter_id
                    else _(
                        "Each meter of contract %(contract)s needs a meter.", **params
                    )
                )
            if line in missing:
                raise ValidationError(
                    _(
                        "Several units of contract %(contract)s have meter "
                        "%(meter)s (%(units)s): pick the unit meter.",
                        units=", ".join(candidates[line].lot_id.mapped("name")),
                        **params,
                    )
                )
            if line.asset_meter_id.meter_id != line.meter_id:
                raise ValidationError(
                    _(
                        "Unit meter %(asset_meter)s of contract %(contract)s is "
                        "not a meter %(meter)s.",
                        asset_meter=line.asset_meter_id.display_name,
                        **params,
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
        lines.contract_id._meter_expiry_mark_due()
        lines.contract_id._update_state_from_dates()
        return lines

    def write(self, vals):
        contracts = self.contract_id
        result = super().write(vals)
        contracts |= self.contract_id
        # a meter replaced, a new start or interval: due again
        contracts._meter_expiry_mark_due()
        contracts._update_state_from_dates()
        return result

    def unlink(self):
        contracts = self.contract_id
        result = super().unlink()
        contracts = contracts.exists()
        contracts._meter_expiry_mark_due()
        contracts._update_state_from_dates()
        return result
