from contextlib import contextmanager

from lxml import etree

from odoo import Command
from odoo.tests import Form, TransactionCase, new_test_user
from odoo.tools.safe_eval import safe_eval


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
        cls.partner_site = cls.env["res.partner"].create(
            {
                "name": "Contoso Plant, Workshop B",
                "type": "delivery",
                "parent_id": cls.partner.id,
            }
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
                    Command.create({"skill_group_id": cls.skill_onsite.id}),
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

    @contextmanager
    def assertRaisesRegex(self, expected_exception, expected_regex, msg=None):
        """Like unittest's, through Odoo's ``assertRaises``: the failed
        operation is rolled back to a savepoint, so the test can go on."""
        with self.assertRaises(expected_exception, msg=msg) as context:
            yield context
        self.assertRegex(str(context.exception), expected_regex)

    @classmethod
    def _create_contract(cls, **values):
        vals = {
            "partner_id": cls.partner.id,
            "template_id": cls.maintenance_template.id,
            "date_start": "2026-01-01",
        }
        vals.update(values)
        return cls.env["service.contract"].create(vals)

    def _unit_form_entries(self, contract):
        """The form view each of our ways into a unit opens, by entry point:
        the Installed Base menu, the contract's Units button and the
        contract's Equipment list. One unit form everywhere."""
        installed_base = self.env.ref("service_contract.action_installed_base")
        units_button = contract.action_view_lots()
        contract_form = contract.get_views([(False, "form")])["views"]["form"]
        equipment = etree.fromstring(contract_form["arch"]).xpath(
            "//field[@name='lot_ids']"
        )[0]
        form_view_ref = safe_eval(equipment.get("context"), {"partner_id": False})[
            "form_view_ref"
        ]
        return {
            "Installed Base": dict(
                (mode, view_id) for view_id, mode in installed_base.views
            )["form"],
            "Units button": dict(
                (mode, view_id) for view_id, mode in units_button["views"]
            )["form"],
            "Equipment list": self.env.ref(form_view_ref).id,
        }

    def _assert_every_unit_form_shows(self, page_name):
        """Assert each entry point into a unit covered by a contract opens a
        form with page ``page_name`` for a contract user; return {entry: the
        form view id}."""
        user = self._create_user(
            f"sc_unit_form_{page_name}", "service_contract.group_service_contract_user"
        )
        contract = self._create_contract(lot_ids=[Command.link(self.lot.id)])
        entries = self._unit_form_entries(contract)
        for entry, view_id in entries.items():
            arch = (
                self.env["stock.lot"]
                .with_user(user)
                .get_views([(view_id, "form")])["views"]["form"]["arch"]
            )
            self.assertIn(f'name="{page_name}"', arch, entry)
        return entries

    @classmethod
    def _create_user(cls, login, groups, company=None, **values):
        company = company or cls.company
        return new_test_user(
            cls.env,
            login=login,
            groups=groups,
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
            **values,
        )

    # ------------------------------------------------------------------
    # Stock helpers: real pickings with serial numbers
    # ------------------------------------------------------------------
    @classmethod
    def _warehouse(cls, company=None):
        return cls.env["stock.warehouse"].search(
            [("company_id", "=", (company or cls.env.company).id)], limit=1
        )

    def _receive_serials(self, product, names):
        """Put new serials of ``product`` in stock; return the lots."""
        stock = self._warehouse().lot_stock_id
        lots = self.env["stock.lot"].create(
            [{"name": name, "product_id": product.id} for name in names]
        )
        for lot in lots:
            self.env["stock.quant"]._update_available_quantity(
                product, stock, 1.0, lot_id=lot
            )
        return lots

    def _deliver(self, lots, partner):
        """Ship ``lots`` to ``partner`` with a validated delivery order."""
        warehouse = self._warehouse()
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": warehouse.out_type_id.id,
                "partner_id": partner.id,
                "location_id": warehouse.lot_stock_id.id,
                "location_dest_id": self.env.ref("stock.stock_location_customers").id,
                "move_ids": [
                    Command.create(
                        {
                            "name": product.display_name,
                            "product_id": product.id,
                            "product_uom_qty": len(
                                lots.filtered(
                                    lambda lot, p=product: lot.product_id == p
                                )
                            ),
                            "product_uom": product.uom_id.id,
                            "location_id": warehouse.lot_stock_id.id,
                            "location_dest_id": self.env.ref(
                                "stock.stock_location_customers"
                            ).id,
                        }
                    )
                    for product in lots.product_id
                ],
            }
        )
        picking.action_confirm()
        picking.action_assign()
        self.assertEqual(
            picking.move_line_ids.lot_id, lots, "the serials should be reserved"
        )
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        return picking

    def _return(self, picking):
        """Return everything ``picking`` delivered, with the return wizard."""
        wizard = Form(
            self.env["stock.return.picking"].with_context(
                active_ids=picking.ids,
                active_id=picking.id,
                active_model="stock.picking",
            )
        ).save()
        for line in wizard.product_return_moves:
            line.quantity = line.move_id.quantity
        action = wizard.action_create_returns()
        return_picking = self.env["stock.picking"].browse(action["res_id"])
        return_picking.move_ids.picked = True
        return_picking.button_validate()
        self.assertEqual(return_picking.state, "done")
        return return_picking
