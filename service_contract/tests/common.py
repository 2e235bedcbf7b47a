from odoo.tests import TransactionCase


class ServiceContractCommon(TransactionCase):
    """Data shared by the service contract tests, built without demo data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.partner = cls.env["res.partner"].create(
            {"name": "Contoso Plant", "is_company": True}
        )
        cls.other_partner = cls.env["res.partner"].create(
            {"name": "Fabrikam", "is_company": True}
        )
        cls.skill_onsite = cls.env["service.contract.skill.group"].create(
            {
                "name": "On-site",
                "code": "T-ONSITE",
                "response_time": 4,
                "resolution_time": 24,
            }
        )
        cls.skill_hotline = cls.env["service.contract.skill.group"].create(
            {
                "name": "Hotline",
                "code": "T-HOTLINE",
                "response_time": 1,
                "resolution_time": 8,
            }
        )
        cls.warranty_template = cls.env["service.contract.template"].create(
            {
                "name": "Warranty 1 year",
                "contract_type": "warranty",
                "duration": 1,
                "duration_unit": "year",
                "skill_line_ids": [
                    (0, 0, {"skill_group_id": cls.skill_onsite.id}),
                ],
            }
        )
        cls.maintenance_template = cls.env["service.contract.template"].create(
            {
                "name": "Maintenance 6 months",
                "contract_type": "maintenance",
                "duration": 6,
                "duration_unit": "month",
                "renewable": True,
            }
        )
        cls.product_unit = cls.env["product.product"].create(
            {
                "name": "Test Printer",
                "type": "consu",
                "is_storable": True,
                "tracking": "serial",
            }
        )
        cls.lot = cls.env["stock.lot"].create(
            {
                "name": "SN-T-0001",
                "product_id": cls.product_unit.id,
                "service_partner_id": cls.partner.id,
            }
        )

    @classmethod
    def _create_contract(cls, **values):
        vals = {
            "partner_id": cls.partner.id,
            "template_id": cls.maintenance_template.id,
            "date_start": "2026-01-01",
        }
        vals.update(values)
        return cls.env["service.contract"].create(vals)
