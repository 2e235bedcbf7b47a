from odoo import _, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL


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
        """Add (sign 1) or remove (sign -1) the points these invoices sold."""
        lines = self.invoice_line_ids.filtered("service_points")
        if not lines:
            return
        by_contract = {}
        for line in lines:
            contract = line.move_id.service_contract_id
            by_contract[contract] = by_contract.get(contract, 0.0) + line.service_points
        for contract, points in by_contract.items():
            contract.points_total = max(contract.points_total + sign * points, 0.0)
            contract._message_log(
                body=_(
                    "%(points)s points %(what)s by invoice %(move)s.",
                    points=points,
                    what=_("added") if sign > 0 else _("removed"),
                    move=", ".join(
                        lines.filtered(
                            lambda line, c=contract: (
                                line.move_id.service_contract_id == c
                            )
                        ).move_id.mapped("display_name")
                    ),
                )
            )
