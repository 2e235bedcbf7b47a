from odoo.addons.service_contract.tests.common import ServiceContractCommon


class CoverageCommon(ServiceContractCommon):
    """Coverage test data: a customer's units, a component catalogue."""

    freeze_time = "2026-03-01 10:00:00"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.categ_printers = cls.env["product.category"].create({"name": "Printers"})
        cls.product_unit.categ_id = cls.categ_printers
        cls.product_other = cls.env["product.product"].create(
            {
                "name": "Test Scanner",
                "type": "consu",
                "is_storable": True,
                "tracking": "serial",
                "categ_id": cls.categ_printers.id,
            }
        )
        cls.component_drum = cls.env["product.product"].create(
            {"name": "Drum", "type": "consu", "list_price": 100.0}
        )
        cls.component_fuser = cls.env["product.product"].create(
            {"name": "Fuser", "type": "consu", "list_price": 200.0}
        )
        cls.lot2 = cls.env["stock.lot"].create(
            {
                "name": "SN-T-0002",
                "product_id": cls.product_unit.id,
                "service_partner_id": cls.partner.id,
            }
        )
        cls.lot_scanner = cls.env["stock.lot"].create(
            {
                "name": "SN-S-0001",
                "product_id": cls.product_other.id,
                "service_partner_id": cls.partner.id,
            }
        )
        cls.lot_other = cls.env["stock.lot"].create(
            {
                "name": "SN-T-0099",
                "product_id": cls.product_unit.id,
                "service_partner_id": cls.other_partner.id,
            }
        )

    @classmethod
    def _create_line(cls, contract, **values):
        vals = {"contract_id": contract.id, "coverage_type": "lot"}
        vals.update(values)
        return cls.env["service.contract.coverage"].create(vals)

    @classmethod
    def _ready_contract(cls, **values):
        values.setdefault("state", "ready")
        return cls._create_contract(**values)
