from odoo import fields, models


class ServiceContractSkillGroup(models.Model):
    _name = "service.contract.skill.group"
    _description = "Skills Group"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char()
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
    response_time = fields.Float(
        string="Default Response Time (h)",
        help="Suggested response time, in hours, on new contract lines.",
    )
    resolution_time = fields.Float(
        string="Default Resolution Time (h)",
        help="Suggested resolution time, in hours, on new contract lines.",
    )
    company_id = fields.Many2one("res.company")

    _sql_constraints = [
        (
            "code_company_uniq",
            "unique(code, company_id)",
            "A skills group code must be unique per company.",
        ),
    ]
