from odoo import fields, models, tools
from odoo.tools import SQL


class ServiceContractCoverageReport(models.Model):
    """Coverage analysis: one row per unit listed on a contract.

    Measures: the share of contract units whose coverage definition is
    complete (financial coverage set, an end date, and the components listed
    when the product has an after-sales bill of materials), and the days
    between a unit's delivery to the customer and its listing on the
    contract.  Gaps found per month are analysed on the gaps themselves.
    """

    _name = "service.contract.coverage.report"
    _description = "Coverage Analysis"
    _auto = False
    _rec_name = "lot_id"
    _order = "date_included desc"

    contract_id = fields.Many2one("service.contract", readonly=True)
    coverage_id = fields.Many2one("service.contract.coverage", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    contract_type = fields.Selection(
        [
            ("warranty", "Warranty"),
            ("maintenance", "Maintenance"),
            ("points", "Points"),
        ],
        readonly=True,
    )
    lot_id = fields.Many2one("stock.lot", string="Unit", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    date_delivery = fields.Date(string="Delivered On", readonly=True)
    date_included = fields.Date(string="Listed On", readonly=True)
    unit_count = fields.Integer(string="Units", readonly=True, aggregator="sum")
    complete_count = fields.Integer(
        string="Units Completely Defined", readonly=True, aggregator="sum"
    )
    complete_rate = fields.Float(
        string="Complete Definition (%)", readonly=True, aggregator="avg"
    )
    inclusion_days = fields.Float(
        string="Days from Delivery to Listing", readonly=True, aggregator="avg"
    )

    def _query(self):
        return SQL(
            """
            SELECT cov.id AS id,
                   cov.id AS coverage_id,
                   cov.contract_id AS contract_id,
                   c.commercial_partner_id AS partner_id,
                   c.company_id AS company_id,
                   c.contract_type AS contract_type,
                   cov.lot_id AS lot_id,
                   cov.product_id AS product_id,
                   lot.service_delivery_date AS date_delivery,
                   cov.create_date::date AS date_included,
                   1 AS unit_count,
                   complete.ok AS complete_count,
                   complete.ok * 100.0 AS complete_rate,
                   CASE WHEN lot.service_delivery_date IS NOT NULL
                        THEN GREATEST(
                            cov.create_date::date - lot.service_delivery_date, 0)
                   END AS inclusion_days
              FROM service_contract_coverage cov
              JOIN service_contract c ON c.id = cov.contract_id
              JOIN stock_lot lot ON lot.id = cov.lot_id
              JOIN product_product pp ON pp.id = lot.product_id
              CROSS JOIN LATERAL (
                SELECT CASE
                       WHEN cov.labor_rate + cov.parts_rate + cov.expense_rate > 0
                        AND COALESCE(cov.date_end, c.date_end) IS NOT NULL
                        AND (NOT EXISTS (
                                SELECT 1 FROM service_product_component b
                                 WHERE b.product_tmpl_id = pp.product_tmpl_id)
                             OR EXISTS (
                                SELECT 1 FROM service_contract_coverage_component k
                                 WHERE k.coverage_id = cov.id))
                            THEN 1 ELSE 0 END AS ok
              ) complete
             WHERE cov.coverage_type = 'lot' AND c.state != 'cancel'
            """
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                "CREATE OR REPLACE VIEW %s AS (%s)",
                SQL.identifier(self._table),
                self._query(),
            )
        )
