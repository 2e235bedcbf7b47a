from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..rules import periods as period_rules
from ..rules import renewal as renewal_rules

# Automatic renewals in one invoicing run are bounded: a contract whose term
# is far shorter than the time to catch up is flagged instead of looping.
MAX_RENEWALS_PER_RUN = 120

RENEWAL_TYPES = [
    ("automatic", "Automatic"),
    ("manual", "Manual"),
]


class ServiceContractRenewal(models.Model):
    _name = "service.contract.renewal"
    _description = "Contract Renewal"
    _order = "date desc, id desc"
    _rec_name = "contract_id"

    contract_id = fields.Many2one(
        "service.contract",
        required=True,
        ondelete="cascade",
        index=True,
        readonly=True,
    )
    partner_id = fields.Many2one(
        related="contract_id.partner_id", store=True, string="Customer"
    )
    company_id = fields.Many2one(related="contract_id.company_id", store=True)
    date = fields.Date(required=True, readonly=True, default=fields.Date.context_today)
    date_end_old = fields.Date(string="Old End Date", required=True, readonly=True)
    date_end_new = fields.Date(string="New End Date", required=True, readonly=True)
    renewal_type = fields.Selection(
        RENEWAL_TYPES, string="Type", required=True, readonly=True
    )
    user_id = fields.Many2one(
        "res.users",
        string="Renewed By",
        required=True,
        readonly=True,
        default=lambda self: self.env.user,
    )
    invoice_id = fields.Many2one(
        "account.move",
        string="Triggering Invoice",
        readonly=True,
        help="Set for an automatic renewal: the invoice created after the end date.",
    )

    # ------------------------------------------------------------------
    # Renewing contracts (rule 6)
    # ------------------------------------------------------------------
    @api.model
    def _is_due(self, contract, day):
        """Whether ``contract`` may be renewed on ``day``: its end date is
        reached, or it has been invoiced up to it."""
        return renewal_rules.can_renew(
            contract.renewable,
            contract.date_end or None,
            day,
            contract.date_end if contract.invoiced_to_end else None,
        )

    @api.model
    def _renew_contract(self, contract, renewal_type, date, ends=None):
        """Extend ``contract``'s end date by one renewal term (or to each of
        ``ends`` in turn), leaving a history row per term.

        Returns the new end date.
        """
        contract.ensure_one()
        if ends is None:
            ends = [
                renewal_rules.new_end_date(
                    contract.date_end,
                    contract.renewal_duration,
                    contract.renewal_duration_unit,
                )
            ]
        old = contract.date_end
        history = []
        for end in ends:
            history.append(
                {
                    "contract_id": contract.id,
                    "date": date,
                    "date_end_old": old,
                    "date_end_new": end,
                    "renewal_type": renewal_type,
                    "user_id": self.env.uid,
                }
            )
            old = end
        contract.date_end = ends[-1]
        self.create(history)
        return ends[-1]

    @api.model
    def _renew_manually(self, contracts, day):
        """Renew ``contracts`` by hand on ``day``, each for its renewal term.

        Refused for a contract that is not renewable, or whose end date is
        neither reached nor invoiced up to.
        """
        for contract in contracts:
            if not contract.renewable:
                raise UserError(
                    _("Contract %(name)s is not renewable.", name=contract.name)
                )
            if not self._is_due(contract, day):
                raise UserError(
                    _(
                        "Contract %(name)s can be renewed once its end date "
                        "(%(end)s) is reached or once it has been invoiced up "
                        "to it.",
                        name=contract.name,
                        end=contract.date_end,
                    )
                )
            self._renew_contract(contract, "manual", day)

    @api.model
    def _get_automatic_ends(self, contract, until):
        """End dates of the automatic renewals invoicing ``contract`` up to
        ``until`` needs: one per term whose first period is due by then."""
        contract.ensure_one()
        if not renewal_rules.needs_auto_renewal(
            contract.renewable, contract.auto_renew, contract.date_end or None, until
        ):
            return []
        ends = []
        end = contract.date_end
        while len(ends) < MAX_RENEWALS_PER_RUN:
            new_end = renewal_rules.new_end_date(
                end, contract.renewal_duration, contract.renewal_duration_unit
            )
            first = period_rules.open_periods(
                contract.date_start,
                new_end,
                contract.billing_period,
                [(contract.date_start, end)],
                contract.first_period_prorata,
                contract.invoice_timing,
            )
            if not first or first[0]["invoice_date"] > until:
                break
            ends.append(new_end)
            end = new_end
        return ends
