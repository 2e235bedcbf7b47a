from datetime import date

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, freeze_time, tagged

from ..hooks import post_init_hook
from .common import ServiceContractCommon


@tagged("post_install", "-at_install")
class TestInstalledBase(ServiceContractCommon):
    """The installed base on serial numbers, kept by deliveries and returns."""

    @freeze_time("2026-04-10 09:00:00")
    def test_delivery_installs_the_serials_at_the_customer(self):
        lots = self._receive_serials(self.product_unit, ["SN-D-1", "SN-D-2"])
        self.assertFalse(lots.service_partner_id)
        self._deliver(lots, self.partner_site)
        self.assertRecordValues(
            lots,
            [
                {
                    "service_partner_id": self.partner.id,
                    "service_commercial_partner_id": self.partner.id,
                    "service_address_id": self.partner_site.id,
                    "service_delivery_date": date(2026, 4, 10),
                    "service_state": "in_service",
                }
            ]
            * 2,
        )

    def test_return_clears_and_redelivery_moves_the_serial(self):
        lots = self._receive_serials(self.product_unit, ["SN-R-1", "SN-R-2"])
        with freeze_time("2026-04-10 09:00:00"):
            delivery = self._deliver(lots, self.partner)
        with freeze_time("2026-05-02 15:00:00"):
            self._return(delivery)
        self.assertRecordValues(
            lots,
            [
                {
                    "service_partner_id": False,
                    "service_address_id": False,
                    "service_delivery_date": False,
                }
            ]
            * 2,
        )
        with freeze_time("2026-06-01 08:00:00"):
            self._deliver(lots[0], self.other_partner)
        self.assertRecordValues(
            lots,
            [
                {
                    "service_partner_id": self.other_partner.id,
                    "service_delivery_date": date(2026, 6, 1),
                },
                {"service_partner_id": False, "service_delivery_date": False},
            ],
        )

    def test_return_from_another_customer_keeps_the_installation(self):
        lot = self._receive_serials(self.product_unit, ["SN-X-1"])
        delivery = self._deliver(lot, self.partner)
        # Corrected by hand: the unit was moved to another customer.
        with Form(lot) as form:
            form.service_partner_id = self.other_partner
        self._return(delivery)
        self.assertEqual(lot.service_partner_id, self.other_partner)

    def test_installed_base_is_editable(self):
        with Form(self.lot) as form:
            form.service_partner_id = self.other_partner
            form.service_address_id = self.other_partner
            form.service_delivery_date = date(2025, 3, 1)
            form.service_usage_type = "rental"
        self.assertRecordValues(
            self.lot,
            [
                {
                    "service_partner_id": self.other_partner.id,
                    "service_commercial_partner_id": self.other_partner.id,
                    "service_delivery_date": date(2025, 3, 1),
                    "service_usage_type": "rental",
                }
            ],
        )

    def test_post_init_hook_fills_units_delivered_before_install(self):
        delivered, returned, in_stock = self._receive_serials(
            self.product_unit, ["SN-H-1", "SN-H-2", "SN-H-3"]
        )
        with freeze_time("2025-11-03 10:00:00"):
            self._deliver(delivered, self.partner_site)
            delivery = self._deliver(returned, self.other_partner)
        with freeze_time("2025-12-01 10:00:00"):
            self._return(delivery)
        lots = delivered | returned | in_stock
        # As if the addon was installed after those moves.
        lots.write(
            {
                "service_partner_id": False,
                "service_address_id": False,
                "service_delivery_date": False,
            }
        )
        self.env.flush_all()
        with self.assertQueryCount(1):
            post_init_hook(self.env)
        self.assertRecordValues(
            lots,
            [
                {
                    "service_partner_id": self.partner.id,
                    "service_commercial_partner_id": self.partner.id,
                    "service_address_id": self.partner_site.id,
                    "service_delivery_date": date(2025, 11, 3),
                },
                {
                    "service_partner_id": False,
                    "service_commercial_partner_id": False,
                    "service_address_id": False,
                    "service_delivery_date": False,
                },
                {
                    "service_partner_id": False,
                    "service_commercial_partner_id": False,
                    "service_address_id": False,
                    "service_delivery_date": False,
                },
            ],
        )

    @freeze_time("2026-06-15")
    def test_decommission(self):
        self.lot.action_decommission()
        self.assertRecordValues(
            self.lot,
            [
                {
                    "service_state": "decommissioned",
                    "decommission_date": date(2026, 6, 15),
                }
            ],
        )
        with self.assertRaisesRegex(ValidationError, "Give the date unit SN-T-0001"):
            self.lot.decommission_date = False
        self.lot.action_put_in_service()
        self.assertRecordValues(
            self.lot, [{"service_state": "in_service", "decommission_date": False}]
        )
        with Form(self.lot) as form:
            form.service_state = "decommissioned"
            form.decommission_date = date(2026, 5, 31)
        self.assertEqual(self.lot.decommission_date, date(2026, 5, 31))

    def test_primary_unit_and_secondary_equipment(self):
        screen, stand = self.env["stock.lot"].create(
            [
                {"name": "SN-SEC-1", "product_id": self.product_unit.id},
                {"name": "SN-SEC-2", "product_id": self.product_unit.id},
            ]
        )
        with Form(screen) as form:
            form.parent_lot_id = self.lot
        stand.parent_lot_id = self.lot
        self.assertEqual(self.lot.child_lot_ids, screen | stand)
        with self.assertRaisesRegex(ValidationError, "its own primary unit"):
            self.lot.parent_lot_id = screen
        with self.assertRaisesRegex(ValidationError, "its own primary unit"):
            self.lot.parent_lot_id = self.lot


@tagged("post_install", "-at_install")
class TestLotContracts(ServiceContractCommon):
    """Contracts of a unit, and its warranty contract in one step."""

    def test_contracts_of_a_unit(self):
        listed = self._create_contract(lot_ids=[Command.link(self.lot.id)])
        whole = self._create_contract(whole_installed_base=True)
        other_customer = self._create_contract(
            partner_id=self.other_partner.id, whole_installed_base=True
        )
        self._create_contract()
        self.assertEqual(self.lot.service_contract_ids, listed | whole)
        self.assertEqual(self.lot.service_contract_count, 2)
        Lot = self.env["stock.lot"]
        self.assertIn(self.lot, Lot.search([("service_contract_ids", "in", whole.ids)]))
        self.assertIn(self.lot, Lot.search([("service_contract_ids", "=", listed.id)]))
        self.assertNotIn(
            self.lot, Lot.search([("service_contract_ids", "in", other_customer.ids)])
        )
        action = self.lot.action_view_service_contracts()
        self.assertEqual(
            self.env["service.contract"].search(action["domain"]), listed | whole
        )
        self.assertEqual(action["context"]["default_partner_id"], self.partner.id)
        # A decommissioned unit leaves the whole installed base.
        self.lot.action_decommission()
        self.lot.invalidate_recordset(["service_contract_ids"])
        self.assertEqual(self.lot.service_contract_ids, listed)
        self.assertNotIn(
            self.lot, Lot.search([("service_contract_ids", "in", whole.ids)])
        )

    def test_create_warranty_contract_from_a_delivered_serial(self):
        lot = self._receive_serials(self.product_unit, ["SN-W-1"])
        with freeze_time("2026-02-20 11:00:00"):
            self._deliver(lot, self.partner_site)
        with freeze_time("2026-03-05"):
            action = lot.with_context(
                service_contract_template_id=self.warranty_template.id
            ).action_create_warranty_contract()
        contract = self.env["service.contract"].browse(action["res_id"])
        self.assertEqual(action["res_model"], "service.contract")
        self.assertRecordValues(
            contract,
            [
                {
                    "template_id": self.warranty_template.id,
                    "contract_type": "warranty",
                    "partner_id": self.partner.id,
                    "company_id": self.company.id,
                    "date_start": date(2026, 2, 20),
                    "date_end": date(2027, 2, 19),
                    "state": "draft",
                    "lot_ids": lot.ids,
                }
            ],
        )
        self.assertEqual(contract.skill_line_ids.skill_group_id, self.skill_onsite)
        self.assertEqual(lot.service_contract_ids, contract)

    @freeze_time("2026-03-05")
    def test_warranty_template_from_product_and_start_today(self):
        self.product_unit.service_contract_template_id = self.warranty_template
        self.assertFalse(self.lot.service_delivery_date)
        action = self.lot.action_create_warranty_contract()
        contract = self.env["service.contract"].browse(action["res_id"])
        self.assertRecordValues(
            contract,
            [
                {
                    "template_id": self.warranty_template.id,
                    "date_start": date(2026, 3, 5),
                    "lot_ids": self.lot.ids,
                }
            ],
        )

    def test_warranty_contracts_for_several_serials(self):
        lots = self.lot | self.env["stock.lot"].create(
            {
                "name": "SN-T-0002",
                "product_id": self.product_unit.id,
                "service_partner_id": self.other_partner.id,
            }
        )
        action = lots.with_context(
            service_contract_template_id=self.warranty_template.id
        ).action_create_warranty_contract()
        contracts = self.env["service.contract"].search(action["domain"])
        self.assertEqual(len(contracts), 2)
        self.assertEqual(contracts.lot_ids, lots)
        self.assertEqual(contracts.partner_id, self.partner | self.other_partner)

    def test_warranty_wizard_with_a_chosen_template(self):
        three_years = self.env["service.contract.template"].create(
            {
                "name": "Warranty 3 years",
                "contract_type": "warranty",
                "duration": 3,
                "duration_unit": "year",
            }
        )
        self.product_unit.service_contract_template_id = self.warranty_template
        self.lot.service_delivery_date = date(2026, 1, 10)
        Wizard = self.env["service.contract.warranty.wizard"].with_context(
            active_model="stock.lot", active_ids=self.lot.ids, active_id=self.lot.id
        )
        with Form(Wizard) as form:
            self.assertEqual(form.template_id, self.warranty_template)
            form.template_id = three_years
        action = form.record.action_create()
        contract = self.env["service.contract"].browse(action["res_id"])
        self.assertRecordValues(
            contract,
            [
                {
                    "template_id": three_years.id,
                    "contract_type": "warranty",
                    "partner_id": self.partner.id,
                    "date_start": date(2026, 1, 10),
                    "date_end": date(2029, 1, 9),
                    "lot_ids": self.lot.ids,
                }
            ],
        )
        self.assertEqual(self.lot.service_contract_ids, contract)

    def test_warranty_wizard_refuses_other_templates(self):
        Wizard = self.env["service.contract.warranty.wizard"].with_context(
            active_model="stock.lot", active_ids=self.lot.ids
        )
        form = Form(Wizard)
        self.assertFalse(form.template_id)
        self.assertEqual(form.lot_ids[:], self.lot)
        wizard = Wizard.create(
            {
                "lot_ids": self.lot.ids,
                "template_id": self.maintenance_template.id,
            }
        )
        with self.assertRaisesRegex(UserError, "is not a warranty template"):
            wizard.action_create()
        self.assertFalse(self.lot.service_contract_ids)

    def test_warranty_contract_refusals(self):
        lot = self.lot.with_context(
            service_contract_template_id=self.warranty_template.id
        )
        with self.assertRaisesRegex(UserError, "is not a warranty template"):
            self.lot.with_context(
                service_contract_template_id=self.maintenance_template.id
            ).action_create_warranty_contract()
        lot.action_decommission()
        with self.assertRaisesRegex(UserError, "Unit SN-T-0001 is decommissioned"):
            lot.action_create_warranty_contract()
        lot.action_put_in_service()
        lot.service_partner_id = False
        with self.assertRaisesRegex(
            UserError, "Unit SN-T-0001 is installed at no customer"
        ):
            lot.action_create_warranty_contract()
        self.lot.service_partner_id = self.partner
        self.env["service.contract.template"].search(
            [("contract_type", "=", "warranty")]
        ).action_archive()
        with self.assertRaisesRegex(UserError, "Create a warranty contract template"):
            self.lot.action_create_warranty_contract()
        self.assertFalse(self.lot.service_contract_ids)
