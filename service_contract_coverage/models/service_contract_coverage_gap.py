from odoo import _, api, fields, models
from odoo.osv.expression import expression
from odoo.tools import SQL
from odoo.tools.query import Query

from ..rules import precedence

GAP_KINDS = [
    ("overlap", "Covered Twice"),
    ("under", "Not Covered"),
    ("decommissioned", "Decommissioned Unit"),
]


class ServiceContractCoverageGap(models.Model):
    """A discrepancy between the coverage lines and the asset register.

    Gaps are reported, never refused: a unit covered twice over overlapping
    dates by contracts of the same type, a unit of a customer under contract
    that no contract covers, a line on a unit since decommissioned.  The
    detection runs when lines change and daily; it opens the gaps it finds and
    resolves the open ones it no longer finds.
    """

    _name = "service.contract.coverage.gap"
    _description = "Coverage Gap"
    _order = "date_found desc, id desc"
    _check_company_auto = True

    kind = fields.Selection(GAP_KINDS, required=True, readonly=True, index=True)
    state = fields.Selection(
        [("open", "Open"), ("resolved", "Resolved")],
        default="open",
        required=True,
        readonly=True,
        index=True,
    )
    lot_id = fields.Many2one(
        "stock.lot", string="Unit", readonly=True, index=True, ondelete="cascade"
    )
    product_id = fields.Many2one(related="lot_id.product_id", string="Product")
    contract_id = fields.Many2one(
        "service.contract",
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    coverage_id = fields.Many2one(
        "service.contract.coverage",
        string="Coverage Line",
        readonly=True,
        ondelete="set null",
    )
    other_contract_id = fields.Many2one(
        "service.contract",
        string="Also Covered By",
        readonly=True,
        ondelete="set null",
    )
    other_coverage_id = fields.Many2one(
        "service.contract.coverage",
        string="Other Line",
        readonly=True,
        ondelete="set null",
    )
    partner_id = fields.Many2one(
        related="contract_id.commercial_partner_id", store=True, string="Customer"
    )
    company_id = fields.Many2one(
        related="contract_id.company_id", store=True, index=True
    )
    date_found = fields.Date(
        required=True, readonly=True, default=fields.Date.context_today, index=True
    )
    date_resolved = fields.Date(readonly=True)
    gap_count = fields.Integer(string="Gaps", default=1, readonly=True)
    description = fields.Char(compute="_compute_description")

    @api.depends("kind", "lot_id", "contract_id", "other_contract_id")
    def _compute_description(self):
        for gap in self:
            if gap.kind == "overlap":
                gap.description = _(
                    "Unit %(lot)s is covered by %(contract)s and %(other)s over "
                    "overlapping dates.",
                    lot=gap.lot_id.name,
                    contract=gap.contract_id.name,
                    other=gap.other_contract_id.name,
                )
            elif gap.kind == "under":
                gap.description = _(
                    "Unit %(lot)s of %(partner)s is covered by no contract.",
                    lot=gap.lot_id.name,
                    partner=gap.partner_id.display_name,
                )
            else:
                gap.description = _(
                    "Unit %(lot)s was decommissioned on %(date)s but is still "
                    "covered by %(contract)s.",
                    lot=gap.lot_id.name,
                    date=gap.lot_id.decommission_date,
                    contract=gap.contract_id.name,
                )

    # ------------------------------------------------------------------
    # Detection
    # ------------------------------------------------------------------
    @api.model
    def _in_service_sql(self, day):
        """SQL condition on ``lot`` (a ``stock_lot`` row): the unit is in
        service on ``day``, built from the base's in-service rule (its domain
        twin), with no access rule: the detection sees every unit.

        The condition is on the row itself (not ``lot.id IN (...)`` of every
        unit in service), so that a query restricted to a batch's customers
        reads only their units."""
        Lot = self.env["stock.lot"]
        query = Query(self.env, "lot", SQL.identifier(Lot._table))
        expression(Lot._in_service_domain(day), Lot, alias="lot", query=query)
        return query.where_clause

    @api.model
    def _partner_in_sql(self, column, partners):
        """SQL condition: ``column`` (``alias.field``) is one of ``partners``
        (any customer when ``partners`` is empty)."""
        if not partners:
            return SQL("TRUE")
        return SQL("%s IN %s", SQL.identifier(*column.split(".")), tuple(partners.ids))

    def _units_sql(self, partner_filter, contract_filter=None):
        """(lot, line, contract, type, start, end) of every unit each line
        covers: serial lines, and the customer's units of product/category
        lines in service today, on contracts neither cancelled nor expired.

        ``partner_filter`` restricts the lines (``cov``); ``contract_filter``,
        the same customers on the contracts (``c``), lets PostgreSQL read
        only their contracts instead of all of them."""
        contract_filter = contract_filter or SQL("TRUE")
        in_service = self._in_service_sql(fields.Date.context_today(self))
        return SQL(
            """
            SELECT cov.lot_id AS lot_id, cov.id AS coverage_id,
                   cov.contract_id, c.contract_type,
                   COALESCE(cov.date_start, c.date_start) AS date_start,
                   COALESCE(cov.date_end, c.date_expiry, '9999-12-31'::date) AS date_end
              FROM service_contract_coverage cov
              JOIN service_contract c ON c.id = cov.contract_id
             WHERE cov.coverage_type = 'lot' AND c.state IN ('draft', 'ready')
               AND %(partner_filter)s AND %(contract_filter)s
            UNION ALL
            SELECT lot.id, cov.id, cov.contract_id, c.contract_type,
                   COALESCE(cov.date_start, c.date_start),
                   COALESCE(cov.date_end, c.date_expiry, '9999-12-31'::date)
              FROM service_contract_coverage cov
              JOIN service_contract c ON c.id = cov.contract_id
              JOIN stock_lot lot
                ON lot.service_commercial_partner_id = cov.partner_id
               AND lot.product_id = cov.product_id
             WHERE cov.coverage_type = 'product' AND c.state IN ('draft', 'ready')
               AND %(in_service)s AND %(partner_filter)s AND %(contract_filter)s
            UNION ALL
            SELECT lot.id, cov.id, cov.contract_id, c.contract_type,
                   COALESCE(cov.date_start, c.date_start),
                   COALESCE(cov.date_end, c.date_expiry, '9999-12-31'::date)
              FROM service_contract_coverage cov
              JOIN service_contract c ON c.id = cov.contract_id
              JOIN product_category pc ON pc.id = cov.categ_id
              JOIN stock_lot lot ON lot.service_commercial_partner_id = cov.partner_id
              JOIN product_product pp ON pp.id = lot.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
              JOIN product_category lc ON lc.id = pt.categ_id
             WHERE cov.coverage_type = 'category' AND c.state IN ('draft', 'ready')
               AND %(in_service)s
               AND starts_with(lc.parent_path, pc.parent_path)
               AND %(partner_filter)s AND %(contract_filter)s
            """,
            partner_filter=partner_filter,
            contract_filter=contract_filter,
            in_service=in_service,
        )

    def _find_gaps(self, partners=None):
        """[(kind, lot, contract, line, other contract, other line)] found now."""
        cr = self.env.cr
        # Every query names the batch's customers on each table it reads by
        # customer, so that its cost is the batch's, not the database's.
        partner_filter = self._partner_in_sql("cov.partner_id", partners)
        contract_filter = self._partner_in_sql("c.commercial_partner_id", partners)
        units = self._units_sql(partner_filter, contract_filter)
        found = []
        # Same unit, two lines of contracts of the same type, overlapping dates.
        cr.execute(
            SQL(
                """
                WITH units AS (%(units)s)
                SELECT a.lot_id, a.contract_id, a.coverage_id,
                       b.contract_id, b.coverage_id
                  FROM units a
                  JOIN units b ON b.lot_id = a.lot_id
                   AND b.contract_type = a.contract_type
                   AND a.coverage_id < b.coverage_id
                   AND %(overlaps)s
                """,
                units=units,
                overlaps=SQL(
                    precedence.OVERLAPS_SQL,
                    start_a=SQL.identifier("a", "date_start"),
                    end_a=SQL.identifier("a", "date_end"),
                    start_b=SQL.identifier("b", "date_start"),
                    end_b=SQL.identifier("b", "date_end"),
                ),
            )
        )
        found += [("overlap", *row) for row in cr.fetchall()]
        # Lines on units decommissioned while the line still runs.
        cr.execute(
            SQL(
                """
                SELECT lot.id, cov.contract_id, cov.id, NULL::int, NULL::int
                  FROM service_contract_coverage cov
                  JOIN service_contract c ON c.id = cov.contract_id
                  JOIN stock_lot lot ON lot.id = cov.lot_id
                 WHERE cov.coverage_type = 'lot' AND c.state IN ('draft', 'ready')
                   AND lot.service_state = 'decommissioned'
                   AND %(runs_after)s
                   AND %(partner_filter)s AND %(contract_filter)s
                """,
                runs_after=SQL(
                    precedence.RUNS_AFTER_SQL,
                    date_end=SQL.identifier("cov", "date_end"),
                    day=SQL.identifier("lot", "decommission_date"),
                ),
                partner_filter=partner_filter,
                contract_filter=contract_filter,
            )
        )
        found += [("decommissioned", *row) for row in cr.fetchall()]
        # Units in service at a customer with a ready contract listing its
        # equipment, that no line and no whole-installed-base contract covers.
        lot_partner_filter = self._partner_in_sql(
            "lot.service_commercial_partner_id", partners
        )
        cr.execute(
            SQL(
                """
                WITH units AS (%(units)s),
                listing AS (
                    SELECT DISTINCT ON (c.commercial_partner_id)
                           c.commercial_partner_id AS partner_id, c.id AS contract_id
                      FROM service_contract c
                     WHERE c.state = 'ready'
                       AND NOT COALESCE(c.whole_installed_base, FALSE)
                       AND c.contract_type != 'points'
                       AND EXISTS (SELECT 1 FROM service_contract_coverage x
                                    WHERE x.contract_id = c.id)
                       AND %(contract_filter)s
                  ORDER BY c.commercial_partner_id, c.date_start DESC, c.id DESC
                )
                SELECT lot.id, listing.contract_id, NULL::int, NULL::int, NULL::int
                  FROM stock_lot lot
                  JOIN listing ON listing.partner_id = lot.service_commercial_partner_id
                 WHERE %(in_service)s AND %(lot_partner_filter)s
                   AND NOT EXISTS (SELECT 1 FROM units u WHERE u.lot_id = lot.id
                                      AND u.date_end >= %(today)s)
                   AND NOT EXISTS (
                        SELECT 1 FROM service_contract w
                         WHERE w.commercial_partner_id
                               = lot.service_commercial_partner_id
                           AND w.state = 'ready'
                           AND (w.whole_installed_base OR w.contract_type = 'points')
                           AND %(whole_filter)s)
                   AND NOT EXISTS (
                        SELECT 1 FROM units u WHERE u.lot_id = lot.parent_lot_id
                           AND u.date_end >= %(today)s)
                """,
                units=units,
                lot_partner_filter=lot_partner_filter,
                contract_filter=contract_filter,
                whole_filter=self._partner_in_sql("w.commercial_partner_id", partners),
                in_service=self._in_service_sql(fields.Date.context_today(self)),
                today=fields.Date.context_today(self),
            )
        )
        found += [("under", *row) for row in cr.fetchall()]
        return found

    @api.model
    def _detect_gaps(self, partners=None):
        """Open the gaps found now, resolve the open ones no longer found.

        Re-runnable: an open gap found again is kept as it is.  ``partners``
        restricts the work to those customers (after a line changes).
        """
        self.env.flush_all()
        found = self._find_gaps(partners)
        # Only the gaps of the contracts this user may see (multi-company):
        # the others are left to their own company's users and to the cron.
        visible = set(
            self.env["service.contract"]
            .search([("id", "in", list({row[2] for row in found}))])
            .ids
        )
        found = [row for row in found if row[2] in visible]
        domain = [("state", "=", "open")]
        if partners:
            domain.append(("contract_id.commercial_partner_id", "in", partners.ids))
        open_gaps = self.search(domain)
        by_key = {
            (
                g.kind,
                g.lot_id.id,
                g.contract_id.id,
                g.coverage_id.id or None,
                g.other_contract_id.id or None,
                g.other_coverage_id.id or None,
            ): g
            for g in open_gaps
        }
        today = fields.Date.context_today(self)
        to_create = []
        seen = set()
        for kind, lot_id, contract_id, coverage_id, other_contract, other_line in found:
            key = (kind, lot_id, contract_id, coverage_id, other_contract, other_line)
            if key in seen:
                continue
            seen.add(key)
            if key in by_key:
                continue
            to_create.append(
                {
                    "kind": kind,
                    "lot_id": lot_id,
                    "contract_id": contract_id,
                    "coverage_id": coverage_id,
                    "other_contract_id": other_contract,
                    "other_coverage_id": other_line,
                    "date_found": today,
                }
            )
        kept = {by_key[key] for key in seen if key in by_key}
        resolved = open_gaps.filtered(lambda gap: gap not in kept)
        if resolved:
            resolved.write({"state": "resolved", "date_resolved": today})
        return self.create(to_create)

    @api.model
    def _cron_detect_gaps(self, batch_size=500):
        """Daily: detect the gaps of every customer under contract, by batches
        of contracts (the base's batch toolkit).  A batch checks the customers
        of its contracts, and marks all their contracts checked today, so that
        each customer is checked once a day and a run cut short by its time
        budget goes on where it stopped."""
        today = fields.Date.context_today(self)
        Contract = self.env["service.contract"]
        return Contract._batch_run(
            Contract._get_coverage_gaps_due_domain(today),
            lambda contracts: contracts._detect_customer_coverage_gaps(today),
            batch_size=batch_size,
            label="Coverage gap detection",
        )
