from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..rules import revaluation as revaluation_rules


class ServiceContractIndex(models.Model):
    _name = "service.contract.index"
    _description = "Revaluation Index"
    _inherit = ["mail.thread"]
    _order = "name"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True, tracking=True)
    code = fields.Char(tracking=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        index=True,
        help="Leave empty to share the index between companies.",
    )
    value_ids = fields.One2many(
        "service.contract.index.value", "index_id", string="Values", copy=False
    )
    last_value = fields.Float(compute="_compute_last_value", digits=(16, 6))
    last_value_date = fields.Date(compute="_compute_last_value")
    note = fields.Html(string="Notes")

    _sql_constraints = [
        (
            "code_company_uniq",
            "unique(code, company_id)",
            "An index code must be unique per company.",
        )
    ]

    @api.depends("value_ids.date", "value_ids.value")
    def _compute_last_value(self):
        for index in self:
            last = index.value_ids.sorted("date")[-1:]
            index.last_value = last.value
            index.last_value_date = last.date

    def _get_value_at(self, date):
        """The value in force on ``date`` (the last one published on or before)."""
        self.ensure_one()
        try:
            return revaluation_rules.value_at(
                [(v.date, v.value) for v in self.value_ids], date
            )
        except revaluation_rules.RevaluationError as error:
            raise UserError(
                _(
                    "Index %(index)s has no value on or before %(date)s.",
                    index=self.display_name,
                    date=date,
                )
            ) from error
