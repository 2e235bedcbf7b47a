from odoo import _, api, fields, models
from odoo.exceptions import UserError

OPERATIONS = [
    ("add", "Line Added"),
    ("change", "Line Changed"),
    ("remove", "Line Removed"),
    ("component_add", "Component Added"),
    ("component_change", "Component Changed"),
    ("component_remove", "Component Removed"),
    ("decommission", "Unit Decommissioned"),
    ("customer_change", "Unit Changed Customer"),
]


class ServiceContractCoverageLog(models.Model):
    """Audit trail of a contract's asset list: who changed what, and when.

    Rows are written by the coverage lines, their components and the
    installed base; nobody edits or deletes them.
    """

    _name = "service.contract.coverage.log"
    _description = "Coverage Audit Log"
    _order = "date desc, id desc"
    _rec_name = "operation"

    date = fields.Datetime(
        required=True, default=fields.Datetime.now, readonly=True, index=True
    )
    user_id = fields.Many2one(
        "res.users",
        string="By",
        required=True,
        default=lambda self: self.env.user,
        readonly=True,
    )
    contract_id = fields.Many2one(
        "service.contract",
        ondelete="set null",
        index=True,
        readonly=True,
    )
    contract_name = fields.Char(string="Contract Number", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True, index=True)
    coverage_id = fields.Many2one(
        "service.contract.coverage",
        string="Coverage Line",
        ondelete="set null",
        readonly=True,
    )
    operation = fields.Selection(OPERATIONS, required=True, readonly=True)
    lot_id = fields.Many2one(
        "stock.lot", string="Serial Number", ondelete="set null", readonly=True
    )
    product_id = fields.Many2one("product.product", ondelete="set null", readonly=True)
    categ_id = fields.Many2one(
        "product.category", string="Category", ondelete="set null", readonly=True
    )
    component_product_id = fields.Many2one(
        "product.product", string="Component", ondelete="set null", readonly=True
    )
    field_name = fields.Char(string="Field", readonly=True)
    old_value = fields.Char(readonly=True)
    new_value = fields.Char(readonly=True)

    # ------------------------------------------------------------------
    # Read-only for everyone
    # ------------------------------------------------------------------
    def write(self, vals):  # pylint: disable=method-required-super
        raise UserError(_("Coverage audit log rows cannot be modified."))

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(_("Coverage audit log rows cannot be deleted."))

    def copy(self, default=None):  # pylint: disable=method-required-super
        # A copy would be a row nobody's change made.
        raise UserError(_("Coverage audit log rows cannot be duplicated."))

    # ------------------------------------------------------------------
    # Writers
    # ------------------------------------------------------------------
    @api.model
    def _write_rows(self, vals_list):
        """Create audit rows.

        Users have read access only to the log, so that nobody forges or
        edits a row; the rows are written here, by the system, on behalf of
        the user recorded in ``user_id``.
        """
        user = self.env.user
        for vals in vals_list:
            vals.setdefault("user_id", user.id)
        return self.sudo().create(vals_list)

    @api.model
    def _line_vals(self, line, operation):
        contract = line.contract_id
        return {
            "operation": operation,
            "contract_id": contract.id,
            "contract_name": contract.name,
            "company_id": contract.company_id.id,
            "coverage_id": line.id if operation != "remove" else False,
            "lot_id": line.lot_id.id,
            "product_id": line.product_id.id,
            "categ_id": line.categ_id.id,
        }

    @api.model
    def _log_lines(self, lines, operation):
        vals_list = []
        for line in lines:
            vals = self._line_vals(line, operation)
            vals["field_name"] = line._fields["coverage_type"].get_description(
                self.env
            )["string"]
            described = line.description or line.display_name
            if operation == "remove":
                vals["old_value"] = described
            else:
                vals["new_value"] = described
            vals_list.append(vals)
        return self._write_rows(vals_list)

    @api.model
    def _log_changes(self, lines, before, field_names):
        vals_list = []
        for line in lines:
            old = before.get(line.id, {})
            for name in field_names:
                new_value = line._format_value(name)
                if old.get(name) == new_value:
                    continue
                vals = self._line_vals(line, "change")
                vals.update(
                    {
                        "field_name": line._fields[name].get_description(self.env)[
                            "string"
                        ],
                        "old_value": old.get(name),
                        "new_value": new_value,
                    }
                )
                vals_list.append(vals)
        return self._write_rows(vals_list)

    @api.model
    def _log_components(self, components, operation, before=None):
        vals_list = []
        for component in components:
            vals = self._line_vals(component.coverage_id, operation)
            vals["component_product_id"] = component.product_id.id
            vals["field_name"] = _("Included")
            state = _("Included") if component.included else _("Excluded")
            if operation == "component_add":
                vals["new_value"] = state
            elif operation == "component_remove":
                vals["old_value"] = state
            else:
                previous = (before or {}).get(component.id)
                if previous == state:
                    continue
                vals["old_value"] = previous
                vals["new_value"] = state
            vals_list.append(vals)
        return self._write_rows(vals_list)

    @api.model
    def _log_unit_event(self, lot, contracts, operation, old_value="", new_value=""):
        field_label = _("Unit")
        return self._write_rows(
            [
                {
                    "operation": operation,
                    "contract_id": contract.id,
                    "contract_name": contract.name,
                    "company_id": contract.company_id.id,
                    "lot_id": lot.id,
                    "product_id": lot.product_id.id,
                    "field_name": field_label,
                    "old_value": old_value,
                    "new_value": new_value,
                }
                for contract in contracts
            ]
        )
