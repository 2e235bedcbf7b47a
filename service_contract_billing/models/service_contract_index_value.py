from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ServiceContractIndexValue(models.Model):
    _name = "service.contract.index.value"
    _description = "Revaluation Index Value"
    _order = "index_id, date desc"
    _rec_name = "date"

    index_id = fields.Many2one(
        "service.contract.index",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(related="index_id.company_id", store=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    value = fields.Float(required=True, digits=(16, 6))

    _sql_constraints = [
        (
            "index_date_uniq",
            "unique(index_id, date)",
            "An index has one value per date.",
        )
    ]

    @api.constrains("value")
    def _check_value(self):
        for value in self:
            if value.value <= 0:
                raise ValidationError(
                    _(
                        "The value of index %(index)s on %(date)s must be positive.",
                        index=value.index_id.display_name,
                        date=value.date,
                    )
                )

    @api.constrains("index_id", "date")
    def _check_unique_date(self):
        groups = self._read_group(
            [
                ("index_id", "in", self.index_id.ids),
                ("date", "in", self.mapped("date")),
            ],
            ["index_id", "date:day"],
            ["__count"],
            having=[("__count", ">", 1)],
        )
        if groups:
            index, day, _count = groups[0]
            raise ValidationError(
                _(
                    "Index %(index)s already has a value on %(date)s.",
                    index=index.display_name,
                    date=day,
                )
            )
