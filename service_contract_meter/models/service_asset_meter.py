from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from odoo.addons.service_contract.models.service_contract_batch_mixin import (
    keep_room_for_updates,
    sql_array,
)

from ..rules import rates as rate_rules
from ..rules import readings as reading_rules

READING_FIELDS = [
    "asset_meter_id",
    "active",
    "date",
    "value",
    "net_value",
    "is_reset",
    "value_before_reset",
    "value_after_reset",
]

#: Fields of a unit meter the daily expiry recalculation reads.
EXPIRY_INPUT_FIELDS = {"active", "daily_rate_manual", "lot_id", "meter_id"}


class ServiceAssetMeter(models.Model):
    """A meter fitted on a unit (serial number), with its readings and rate."""

    _name = "service.asset.meter"
    _description = "Unit Meter"
    _order = "lot_id, meter_id"
    _check_company_auto = True

    lot_id = fields.Many2one(
        "stock.lot",
        string="Unit",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    meter_id = fields.Many2one(
        "service.meter",
        required=True,
        ondelete="restrict",
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(related="lot_id.company_id", store=True, index=True)
    product_id = fields.Many2one(related="lot_id.product_id", string="Product")
    partner_id = fields.Many2one(
        related="lot_id.service_partner_id", string="Installed At"
    )
    uom_id = fields.Many2one(related="meter_id.uom_id")
    meter_type = fields.Selection(related="meter_id.meter_type")
    active = fields.Boolean(default=True)
    reading_ids = fields.One2many(
        "service.meter.reading", "asset_meter_id", string="Readings"
    )
    reading_count = fields.Integer(compute="_compute_reading_count")
    daily_rate_manual = fields.Float(
        string="Manual Daily Rate",
        help="Set it to use this daily utilisation instead of the one "
        "computed from the readings.",
    )
    daily_rate_computed = fields.Float(
        string="Computed Daily Rate",
        compute="_compute_reading_stats",
        store=True,
        help="Average daily increase of the life-to-date value over the "
        "meter's rate window.",
    )
    rate_reading_count = fields.Integer(
        string="Readings Used",
        compute="_compute_reading_stats",
        store=True,
        help="How many readings the computed daily rate rests on.",
    )
    daily_rate = fields.Float(
        compute="_compute_daily_rate",
        store=True,
        help="The manual daily rate when set, else the computed one.",
    )
    last_reading_id = fields.Many2one(
        "service.meter.reading",
        compute="_compute_reading_stats",
        store=True,
    )
    last_reading_date = fields.Date(compute="_compute_reading_stats", store=True)
    last_value = fields.Float(compute="_compute_reading_stats", store=True)
    last_net_value = fields.Float(
        string="Life-to-Date Value",
        compute="_compute_reading_stats",
        store=True,
        help="Life-to-date value of the last active reading.",
    )
    contract_meter_ids = fields.One2many(
        "service.contract.meter", "asset_meter_id", string="Contract Meters"
    )

    _sql_constraints = [
        (
            "lot_meter_uniq",
            "unique(lot_id, meter_id)",
            "A unit has each meter once.",
        ),
    ]

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("lot_id.name", "meter_id.name")
    def _compute_display_name(self):
        for asset_meter in self:
            asset_meter.display_name = (
                f"{asset_meter.lot_id.name or ''} / {asset_meter.meter_id.name or ''}"
            )

    def _compute_reading_count(self):
        counts = dict(
            self.env["service.meter.reading"]._read_group(
                [("asset_meter_id", "in", self.ids)], ["asset_meter_id"], ["__count"]
            )
        )
        for asset_meter in self:
            asset_meter.reading_count = counts.get(asset_meter, 0)

    @api.depends(
        "reading_ids.date",
        "reading_ids.value",
        "reading_ids.net_value",
        "reading_ids.active",
        "meter_id.rate_window_days",
    )
    def _compute_reading_stats(self):
        today = fields.Date.context_today(self)
        stored = self.filtered("id")
        stats = stored._get_reading_stats(today)
        for asset_meter in self:
            if asset_meter.id:
                values = asset_meter._stats_to_values(stats.get(asset_meter.id))
            else:
                values = asset_meter._stats_to_values_in_memory(today)
            asset_meter.update(values)

    @api.depends("daily_rate_manual", "daily_rate_computed")
    def _compute_daily_rate(self):
        for asset_meter in self:
            asset_meter.daily_rate = asset_meter._get_daily_rate(
                asset_meter.daily_rate_manual, asset_meter.daily_rate_computed
            )

    @api.model
    def _get_daily_rate(self, daily_rate_manual, daily_rate_computed):
        """The daily rate of a meter given its manual and computed ones (the
        manual first), from plain values: the compute and the daily batch
        call it alike."""
        return rate_rules.effective_rate(daily_rate_manual, daily_rate_computed)

    def init(self):
        """The daily meter expiry run rewrites the reading stats and rate of
        every unit meter whose readings or rate window moved: its pages
        keep room for the rows' new versions (``keep_room_for_updates``)."""
        keep_room_for_updates(self.env.cr, self._table)

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("daily_rate_manual")
    def _check_daily_rate_manual(self):
        for asset_meter in self:
            if asset_meter.daily_rate_manual < 0:
                raise ValidationError(
                    _(
                        "The daily rate of %(meter)s cannot be negative.",
                        meter=asset_meter.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    def write(self, vals):
        result = super().write(vals)
        if EXPIRY_INPUT_FIELDS & set(vals):
            # the daily recalculation reads them: its contracts are due again
            self.contract_meter_ids.contract_id._meter_expiry_mark_due()
        if "daily_rate_manual" in vals:
            # a new rate moves the expiry dates: statuses follow (rule 1)
            self.contract_meter_ids.contract_id._update_state_from_dates()
        return result

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _get_reading_stats_sql(self, today):
        """The statement of :meth:`_get_reading_stats`, one row a meter
        with readings (the benchmark times it alone, as PostgreSQL's floor
        of the reads)."""
        return SQL(
            """
            WITH r AS (
                SELECT r.id, r.asset_meter_id, r.date, r.value,
                       COALESCE(r.net_value, 0.0) AS net,
                       %(in_window)s AS in_window
                  FROM service_meter_reading r
                  JOIN service_asset_meter am ON am.id = r.asset_meter_id
                  JOIN service_meter m ON m.id = am.meter_id
                 WHERE r.active AND r.asset_meter_id = ANY(%(ids)s)
                   -- the meters too, so that they are found by their key,
                   -- whatever the number of meters
                   AND am.id = ANY(%(ids)s)
            )
            SELECT asset_meter_id,
                   (array_agg(id ORDER BY date DESC, id DESC))[1],
                   (array_agg(date ORDER BY date DESC, id DESC))[1],
                   (array_agg(value ORDER BY date DESC, id DESC))[1],
                   (array_agg(net ORDER BY date DESC, id DESC))[1],
                   (array_agg(date ORDER BY date, id)
                        FILTER (WHERE in_window))[1],
                   (array_agg(net ORDER BY date, id)
                        FILTER (WHERE in_window))[1],
                   (array_agg(date ORDER BY date DESC, id DESC)
                        FILTER (WHERE in_window))[1],
                   (array_agg(net ORDER BY date DESC, id DESC)
                        FILTER (WHERE in_window))[1],
                   count(*) FILTER (WHERE in_window)
              FROM r
             GROUP BY asset_meter_id
            """,
            in_window=SQL(
                rate_rules.IN_WINDOW_SQL,
                date=SQL.identifier("r", "date"),
                today=today,
                window_days=SQL.identifier("m", "rate_window_days"),
            ),
            ids=sql_array(self.ids, "int4"),
        )

    def _get_reading_stats(self, today):
        """{asset meter id: stats} of these meters' active readings, in one query.

        Stats are the last reading (by date, then creation) with its value
        and life-to-date value, and the first and last readings dated in
        the meter's rate window (``rates.select_window``: the
        ``rate_window_days`` days ending ``today``) with their count.
        """
        if not self.ids:
            return {}
        self.env["service.meter.reading"].flush_model(READING_FIELDS)
        self.flush_model(["meter_id"])
        self.env["service.meter"].flush_model(["rate_window_days"])
        self.env.cr.execute(self._get_reading_stats_sql(today))
        return {
            row[0]: {
                "last_id": row[1],
                "last_date": row[2],
                "last_value": row[3],
                "last_net": row[4],
                "first_window": (row[5], row[6]),
                "last_window": (row[7], row[8]),
                "count": row[9],
            }
            for row in self.env.cr.fetchall()
        }

    @api.model
    def _stats_to_values(self, stats):
        """Field values of an asset meter from its reading stats."""
        if not stats:
            return {
                "last_reading_id": False,
                "last_reading_date": False,
                "last_value": 0.0,
                "last_net_value": 0.0,
                "daily_rate_computed": 0.0,
                "rate_reading_count": 0,
            }
        return {
            "last_reading_id": stats["last_id"],
            "last_reading_date": stats["last_date"],
            "last_value": stats["last_value"],
            "last_net_value": stats["last_net"],
            "daily_rate_computed": rate_rules.rate_from_window(
                stats["first_window"], stats["last_window"], stats["count"]
            ),
            "rate_reading_count": stats["count"],
        }

    @api.model
    def _meter_stats_values(self, stats, daily_rate_manual):
        """The stored values of a meter's reading computes from ``stats`` and
        its manual rate: those of ``_compute_reading_stats`` and the daily
        rate that follows (plain values, no record read)."""
        values = self._stats_to_values(stats)
        values["daily_rate"] = self._get_daily_rate(
            daily_rate_manual, values["daily_rate_computed"]
        )
        return values

    def _stats_to_values_in_memory(self, today):
        """Same as ``_stats_to_values`` for a meter not saved yet (forms)."""
        self.ensure_one()
        readings = self.reading_ids.filtered("active").sorted(lambda r: (r.date, r.id))
        last = readings[-1:] if readings else readings
        rate, count = rate_rules.daily_rate(
            [(r.date, r.net_value) for r in readings if r.date],
            today,
            self.meter_id.rate_window_days or rate_rules.DEFAULT_WINDOW_DAYS,
        )
        return {
            "last_reading_id": False,
            "last_reading_date": last.date,
            "last_value": last.value,
            "last_net_value": last.net_value,
            "daily_rate_computed": rate,
            "rate_reading_count": count,
        }

    def _recompute_net_values(self):
        """Recompute the life-to-date value of these meters' active readings.

        Raises ``ValidationError`` (naming the reading) when a reading cannot
        follow the previous one.  Costs one search whatever the number of
        meters; only changed values are written.
        """
        if not self:
            return
        Reading = self.env["service.meter.reading"]
        readings = Reading.search(
            [("asset_meter_id", "in", self.ids)], order="asset_meter_id, date, id"
        )
        by_meter = defaultdict(list)
        for reading in readings:
            by_meter[reading.asset_meter_id.id].append(reading)
        for asset_meter in self:
            meter_readings = by_meter.get(asset_meter.id, [])
            try:
                nets = reading_rules.net_values(
                    [
                        reading_rules.MeterReading(
                            value=r.value,
                            reset=r.is_reset,
                            value_before_reset=r.value_before_reset,
                            value_after_reset=r.value_after_reset,
                        )
                        for r in meter_readings
                    ],
                    resettable=asset_meter.meter_id.meter_type == "resettable",
                )
            except reading_rules.ReadingOrderError as error:
                raise ValidationError(
                    asset_meter._reading_error_message(
                        meter_readings[error.index], error
                    )
                ) from error
            for reading, net in zip(meter_readings, nets, strict=True):
                if reading.net_value != net:
                    reading.net_value = net

    def _reading_error_message(self, reading, error):
        self.ensure_one()
        params = {
            "value": reading.value,
            "date": reading.date,
            "meter": self.meter_id.name,
            "lot": self.lot_id.name,
            "previous": error.previous,
        }
        if error.reason == "backwards":
            return _(
                "The reading of %(value)s on %(date)s for meter %(meter)s of unit "
                "%(lot)s is below the previous reading (%(previous)s). The meter "
                "is cumulative: if it was reset or replaced, flag the reading as "
                "a reset.",
                **params,
            )
        if error.reason == "before_reset":
            return _(
                "The value before the reset of the reading on %(date)s for meter "
                "%(meter)s of unit %(lot)s is below the previous reading "
                "(%(previous)s).",
                **params,
            )
        if error.reason == "after_reset":
            return _(
                "The reading of %(value)s on %(date)s for meter %(meter)s of unit "
                "%(lot)s is below the value the meter was reset to (%(previous)s).",
                **params,
            )
        return _(
            "The reading on %(date)s for meter %(meter)s of unit %(lot)s cannot "
            "be negative.",
            **params,
        )

    @api.model
    def _search_on_units(self, lots, meters):
        """The meters of kinds ``meters`` fitted on units ``lots``."""
        if not lots or not meters:
            return self.browse()
        return self.search([("lot_id", "in", lots.ids), ("meter_id", "in", meters.ids)])

    @api.model
    def _get_or_create(self, pairs):
        """{(lot id, meter id): asset meter} for ``pairs``, creating missing ones."""
        pairs = {pair for pair in pairs if all(pair)}
        if not pairs:
            return {}
        existing = self.search(
            [
                ("lot_id", "in", list({lot for lot, _meter in pairs})),
                ("meter_id", "in", list({meter for _lot, meter in pairs})),
            ]
        )
        result = {(am.lot_id.id, am.meter_id.id): am for am in existing}
        missing = [pair for pair in pairs if pair not in result]
        if missing:
            created = self.create(
                [{"lot_id": lot, "meter_id": meter} for lot, meter in missing]
            )
            result.update({(am.lot_id.id, am.meter_id.id): am for am in created})
        return result

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_view_readings(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "service_contract_meter.action_service_meter_reading"
        )
        action["domain"] = [("asset_meter_id", "=", self.id)]
        action["context"] = {"default_asset_meter_id": self.id}
        return action
