from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

CONTRACT_TYPES = [
    ("warranty", "Warranty"),
    ("maintenance", "Maintenance"),
    ("points", "Points"),
]
DURATION_UNITS = [
    ("day", "Days"),
    ("week", "Weeks"),
    ("month", "Months"),
    ("year", "Years"),
]


class ServiceContractTemplate(models.Model):
    _name = "service.contract.template"
    _description = "Service Contract Template"
    _inherit = ["mail.thread"]
    _order = "sequence, name"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        index=True,
        help="Leave empty to share the template between companies.",
    )
    contract_type = fields.Selection(
        CONTRACT_TYPES,
        string="Type",
        required=True,
        default="maintenance",
        tracking=True,
    )
    duration = fields.Integer(default=1, tracking=True)
    duration_unit = fields.Selection(DURATION_UNITS, required=True, default="year")
    renewable = fields.Boolean(tracking=True)
    whole_installed_base = fields.Boolean(
        compute="_compute_whole_installed_base",
        store=True,
        readonly=False,
        help="Contracts from this template cover every unit installed at the "
        "customer, without listing them.",
    )
    points_total = fields.Float(
        string="Points",
        help="Points granted by a points contract made from this template.",
    )
    skill_line_ids = fields.One2many(
        "service.contract.skill.line",
        "template_id",
        string="Skills Groups",
        copy=True,
    )
    terms = fields.Html(string="Terms of Service", translate=True)
    contract_count = fields.Integer(compute="_compute_contract_count")

    @api.depends("contract_type")
    def _compute_whole_installed_base(self):
        for template in self:
            template.whole_installed_base = (
                template.contract_type == "points" or template.whole_installed_base
            )

    def _compute_contract_count(self):
        counts = dict(
            self.env["service.contract"]._read_group(
                [("template_id", "in", self.ids)], ["template_id"], ["__count"]
            )
        )
        for template in self:
            template.contract_count = counts.get(template, 0)

    @api.constrains("duration")
    def _check_duration(self):
        for template in self:
            if template.duration < 0:
                raise ValidationError(_("A duration cannot be negative."))

    def action_view_contracts(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "service_contract.action_service_contract"
        )
        action["domain"] = [("template_id", "=", self.id)]
        action["context"] = {"default_template_id": self.id}
        return action
