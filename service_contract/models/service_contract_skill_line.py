from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ServiceContractSkillLine(models.Model):
    """A skills group (intervention type) covered by a template or contract,
    with its response and resolution times."""

    _name = "service.contract.skill.line"
    _description = "Contract Skills Group"
    _order = "sequence, id"

    sequence = fields.Integer(default=10)
    contract_id = fields.Many2one("service.contract", ondelete="cascade", index=True)
    template_id = fields.Many2one(
        "service.contract.template", ondelete="cascade", index=True
    )
    skill_group_id = fields.Many2one(
        "service.contract.skill.group",
        string="Skills Group",
        required=True,
        ondelete="restrict",
    )
    response_time = fields.Float(
        string="Response Time (h)",
        compute="_compute_times",
        store=True,
        readonly=False,
        precompute=True,
    )
    resolution_time = fields.Float(
        string="Resolution Time (h)",
        compute="_compute_times",
        store=True,
        readonly=False,
        precompute=True,
    )

    @api.depends("skill_group_id")
    def _compute_times(self):
        for line in self:
            line.response_time = line.skill_group_id.response_time
            line.resolution_time = line.skill_group_id.resolution_time

    @api.constrains("contract_id", "template_id", "skill_group_id")
    def _check_owner(self):
        for line in self:
            if bool(line.contract_id) == bool(line.template_id):
                raise ValidationError(
                    _("A skills group line belongs to one contract or one template.")
                )

    @api.constrains("response_time", "resolution_time")
    def _check_times(self):
        for line in self:
            if line.response_time < 0 or line.resolution_time < 0:
                raise ValidationError(
                    _("Response and resolution times cannot be negative.")
                )

    @api.constrains("skill_group_id", "contract_id", "template_id")
    def _check_unique_group(self):
        for owner in ("contract_id", "template_id"):
            owners = self[owner]
            if not owners:
                continue
            duplicates = self._read_group(
                [(owner, "in", owners.ids)],
                [owner, "skill_group_id"],
                having=[("__count", ">", 1)],
            )
            if duplicates:
                raise ValidationError(_("This skills group has already been entered."))
