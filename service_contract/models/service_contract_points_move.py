from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..rules import points as points_rules

KINDS = [
    (points_rules.INITIAL, "Initial Points"),
    (points_rules.PURCHASE, "Purchase"),
    (points_rules.CONSUMPTION, "Consumption"),
    (points_rules.ADJUSTMENT, "Adjustment"),
]
COUNTERS = [
    (points_rules.TOTAL, "Points"),
    (points_rules.USED, "Points Used"),
]


class ServiceContractPointsMove(models.Model):
    """One movement of a points contract's points (rule 8).

    The contract's ``points_total``, ``points_used`` and ``points_remaining``
    are sums of these rows (see ``rules/points.py``).  Rows are written by the
    contract's methods (``service.contract._add_points_moves``); a manager may
    add an adjustment by hand.  No group may edit or delete a row (see the
    access rights): a movement is undone by another movement.
    """

    _name = "service.contract.points.move"
    _description = "Points Ledger Entry"
    _order = "date desc, id desc"
    _check_company_auto = True

    contract_id = fields.Many2one(
        "service.contract",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(related="contract_id.company_id", store=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    kind = fields.Selection(
        KINDS, string="Movement", required=True, default=points_rules.ADJUSTMENT
    )
    counter = fields.Selection(
        COUNTERS,
        string="Moves",
        compute="_compute_counter",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        help="The counter of the contract this row moves: the points granted "
        "(initial points, purchases) or the points used (consumptions). An "
        "adjustment moves either.",
    )
    points = fields.Float(
        required=True,
        help="Signed by the effect on the points left: granted points are "
        "positive, used points negative.",
    )
    name = fields.Char(string="Description")
    user_id = fields.Many2one(
        "res.users", string="By", default=lambda self: self.env.user
    )
    lot_id = fields.Many2one("stock.lot", string="Unit", check_company=True)
    skill_group_id = fields.Many2one(
        "service.contract.skill.group", string="Skills Group"
    )

    @api.depends("kind")
    def _compute_counter(self):
        for move in self:
            expected = points_rules.KIND_COUNTER.get(move.kind)
            move.counter = expected or move.counter or points_rules.TOTAL

    @api.constrains("kind", "counter", "points")
    def _check_points(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for move in self:
            try:
                points_rules.counter_for(move.kind, move.counter)
            except ValueError as error:
                raise ValidationError(
                    _(
                        "A points movement of kind %(kind)s cannot move that counter.",
                        kind=kinds.get(move.kind, move.kind),
                    )
                ) from error
            if not move.points:
                raise ValidationError(_("A points movement moves some points."))

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(
            vals.get("kind", points_rules.ADJUSTMENT) != points_rules.ADJUSTMENT
            for vals in vals_list
        ):
            raise UserError(
                _(
                    "Only adjustments are entered by hand: initial points, "
                    "purchases and consumptions come from the contract, its "
                    "invoices and its repairs."
                )
            )
        return super().create(vals_list)
