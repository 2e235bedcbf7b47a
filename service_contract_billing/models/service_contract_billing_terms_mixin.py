from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..rules import revaluation as revaluation_rules

BILLING_PERIODS = [
    ("month", "Monthly"),
    ("quarter", "Quarterly"),
    ("semester", "Half-yearly"),
    ("year", "Yearly"),
]
INVOICE_TIMINGS = [
    ("start", "Start of Period"),
    ("end", "End of Period"),
]
REVALUATION_METHODS = [
    ("percent", "Fixed Percentage"),
    ("index", "Index"),
]
REVALUATION_TRIGGERS = [
    ("schedule", "On its Own Schedule"),
    ("invoicing", "At Invoicing"),
]


class ServiceContractBillingTermsMixin(models.AbstractModel):
    """The terms a contract is billed on, shared by contracts and templates.

    A template presets them; a contract made from a template takes them and
    may change them (see ``service.contract._compute_billing_term``).
    """

    _name = "service.contract.billing.terms.mixin"
    _description = "Service Contract Billing Terms"

    billing_period = fields.Selection(
        BILLING_PERIODS,
        required=True,
        default="month",
        tracking=True,
    )
    invoice_timing = fields.Selection(
        INVOICE_TIMINGS,
        string="Invoice At",
        required=True,
        default="start",
        tracking=True,
    )
    first_period_prorata = fields.Boolean(
        string="First Period Pro-rata",
        default=True,
        tracking=True,
        help="Periods follow the calendar and a contract starting during a "
        "period first pays the share of it it covers. Without it, periods "
        "start on the contract's start date.",
    )
    journal_id = fields.Many2one(
        "account.journal",
        string="Sales Journal",
        check_company=True,
        domain="[('type', '=', 'sale')]",
        help="Leave empty to use the company's first sales journal.",
    )
    payment_term_id = fields.Many2one(
        "account.payment.term",
        string="Payment Terms",
        check_company=True,
        help="Leave empty to use the customer's payment terms.",
    )
    fiscal_position_id = fields.Many2one(
        "account.fiscal.position",
        check_company=True,
        help="Leave empty to let the invoice find the customer's fiscal position.",
    )
    revaluation_method = fields.Selection(
        REVALUATION_METHODS,
        string="Revaluation",
        tracking=True,
    )
    revaluation_percent = fields.Float(string="Revaluation (%)", tracking=True)
    index_id = fields.Many2one(
        "service.contract.index",
        check_company=True,
        tracking=True,
    )
    revaluation_trigger = fields.Selection(
        REVALUATION_TRIGGERS,
        string="Revalue",
        default="schedule",
        required=True,
    )
    revaluation_interval = fields.Integer(string="Every (months)", default=12)

    @api.constrains("revaluation_method", "index_id")
    def _check_revaluation_index(self):
        for record in self:
            try:
                if record.revaluation_method:
                    revaluation_rules.check_method(
                        record.revaluation_method, record.index_id.id
                    )
            except revaluation_rules.RevaluationError as error:
                raise ValidationError(
                    _("No index has been specified for the contract re-evaluation.")
                ) from error
