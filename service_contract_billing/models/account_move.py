from collections import defaultdict

from odoo import _, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from odoo.addons.service_contract.rules import points as points_rules


class AccountMove(models.Model):
    _inherit = "account.move"

    service_contract_id = fields.Many2one(
        "service.contract",
        index="btree_not_null",
        copy=False,
        readonly=True,
        check_company=True,
    )
    service_period_start = fields.Date(
        string="Contract Period Start", copy=False, readonly=True
    )
    service_period_end = fields.Date(
        string="Contract Period End", copy=False, readonly=True
    )

    def init(self):
        res = super().init()
        # The idempotency key of contract invoicing: one live (not cancelled)
        # invoice per contract and period, whatever runs at the same time.
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS "
                "account_move_service_contract_period_uniq "
                "ON account_move (service_contract_id, service_period_start) "
                "WHERE service_contract_id IS NOT NULL "
                "AND service_period_start IS NOT NULL AND state != 'cancel'"
            )
        )
        return res

    def write(self, vals):
        if "state" not in vals:
            return super().write(vals)
        contract_moves = self.filtered("service_contract_id")
        cancelling = restoring = self.browse()
        if vals["state"] == "cancel":
            cancelling = contract_moves.filtered(lambda m: m.state != "cancel")
        else:
            restoring = contract_moves.filtered(lambda m: m.state == "cancel")
            restoring._check_service_period_free()
        result = super().write(vals)
        cancelling._service_contract_add_points(-1)
        restoring._service_contract_add_points(1)
        return result

    def unlink(self):
        self.filtered(
            lambda m: m.service_contract_id and m.state != "cancel"
        )._service_contract_add_points(-1)
        return super().unlink()

    def _check_service_period_free(self):
        """Refuse to revive a cancelled invoice whose period was invoiced again."""
        if not self:
            return
        taken = self.search_fetch(
            [
                ("service_contract_id", "in", self.service_contract_id.ids),
                ("state", "!=", "cancel"),
                ("id", "not in", self.ids),
            ],
            ["service_contract_id", "service_period_start"],
        )
        keys = {(m.service_contract_id.id, m.service_period_start) for m in taken}
        for move in self:
            if (move.service_contract_id.id, move.service_period_start) in keys:
                raise UserError(
                    _(
                        "The period from %(start)s of contract %(contract)s has "
                        "been invoiced again since %(move)s was cancelled.",
                        start=move.service_period_start,
                        contract=move.service_contract_id.name,
                        move=move.display_name,
                    )
                )

    def _service_contract_add_points(self, sign):
        """Add (sign 1) or remove (sign -1) the points these invoices sold:
        one purchase row of the contract's points ledger per invoice. A
        removal never takes the points total below zero."""
        lines = self.invoice_line_ids.filtered("service_points")
        if not lines:
            return
        by_move = defaultdict(float)
        for line in lines:
            by_move[line.move_id] += line.service_points
        totals = {}
        vals_list = []
        for move, points in by_move.items():
            contract = move.service_contract_id
            total = totals.setdefault(contract, contract.points_total)
            if sign < 0:
                points = min(points, total)
            if not points:
                continue
            totals[contract] = total + sign * points
            vals_list.append(
                {
                    "contract_id": contract.id,
                    "kind": points_rules.PURCHASE,
                    "points": sign * points,
                    "invoice_id": move.id,
                    "name": move.display_name,
                }
            )
        moves = self.env["service.contract"]._add_points_moves(vals_list)
        for contract, contract_moves in moves.grouped("contract_id").items():
            contract._message_log(
                body=_(
                    "%(points)s points %(what)s by invoice %(move)s.",
                    points=abs(sum(contract_moves.mapped("points"))),
                    what=_("added") if sign > 0 else _("removed"),
                    move=", ".join(contract_moves.invoice_id.mapped("display_name")),
                )
            )
