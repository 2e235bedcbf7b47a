from datetime import date, datetime

from dateutil.relativedelta import relativedelta

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, freeze_time, tagged

from .sale_coverage_common import SaleCoverageCommon


@tagged("post_install", "-at_install")
class TestSaleCoverageProducts(SaleCoverageCommon):
    def test_coverage_item_product(self):
        self.assertRecordValues(
            self.warranty.product_tmpl_id,
            [
                {
                    "service_coverage_item": True,
                    "service_coverage_duration": 1,
                    "service_coverage_duration_unit": "year",
                    "service_coverage_duration_type": "fixed",
                    "invoice_policy": "delivery",
                }
            ],
        )
        self.assertRecordValues(
            self.sla.product_tmpl_id,
            [
                {
                    "service_coverage_duration": 6,
                    "service_coverage_duration_unit": "month",
                }
            ],
        )
        self.assertFalse(self.installation.service_coverage_item)

    def test_coverage_item_must_be_a_service(self):
        with self.assertRaisesRegex(
            ValidationError, "a coverage item must be a service"
        ):
            self.env["product.product"].create(
                {
                    "name": "Warranty Box",
                    "type": "consu",
                    "service_coverage_kind": "extended_warranty",
                    "service_contract_template_id": self.warranty_template.id,
                }
            )


@tagged("post_install", "-at_install")
class TestSaleCoverageRefusals(SaleCoverageCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls._create_order(
            [
                {"product_id": cls.laptop.id, "product_uom_qty": 2.0},
                {"product_id": cls.installation.id},
                {"product_id": cls.cable.id},
            ]
        )
        cls.laptop_line, cls.installation_line, cls.cable_line = cls.order.order_line

    def _add(self, product, **values):
        vals = {"order_id": self.order.id, "product_id": product.id}
        vals.update(values)
        return self.env["sale.order.line"].create(vals)

    def test_accepted(self):
        line = self._add(self.warranty, covered_line_id=self.laptop_line.id)
        self.assertRecordValues(
            line,
            [
                {
                    "product_uom_qty": 2.0,
                    "qty_delivered_method": "service_coverage",
                    "coverage_state": "quotation",
                    "sequence": self.laptop_line.sequence,
                }
            ],
        )
        self.assertIn("Covers: [LAP] Laptop", line.name)
        # Several coverage items may cover one item.
        self._add(self.sla, covered_line_id=self.laptop_line.id)
        self.assertEqual(len(self.laptop_line.coverage_item_ids), 2)

    def test_refuse_covering_a_coverage_item(self):
        warranty_line = self._add(self.warranty, covered_line_id=self.laptop_line.id)
        with self.assertRaisesRegex(ValidationError, "it is itself a coverage item"):
            self._add(self.sla, covered_line_id=warranty_line.id)

    def test_refuse_covering_a_service(self):
        with self.assertRaisesRegex(
            ValidationError,
            "cannot cover Installation: it is a non-recurring service, an "
            "installation or a training",
        ):
            self._add(self.warranty, covered_line_id=self.installation_line.id)

    def test_refuse_covering_an_untracked_product(self):
        with self.assertRaisesRegex(ValidationError, "tracked by serial number"):
            self._add(self.warranty, covered_line_id=self.cable_line.id)

    def test_refuse_part_of_the_quantity(self):
        with self.assertRaisesRegex(
            ValidationError, "covers only part of the quantity of \\[LAP\\] Laptop"
        ):
            self._add(
                self.warranty, covered_line_id=self.laptop_line.id, product_uom_qty=1
            )
        line = self._add(self.warranty, covered_line_id=self.laptop_line.id)
        with self.assertRaisesRegex(ValidationError, "only part of the quantity"):
            line.product_uom_qty = 3
        # The coverage follows the covered line's quantity.
        self.laptop_line.product_uom_qty = 3
        self.assertEqual(line.product_uom_qty, 3)

    def test_refuse_more_than_one_item(self):
        lot = self.laptop_lots[0]
        lot.service_partner_id = self.partner
        with self.assertRaisesRegex(ValidationError, "covers more than one item"):
            self._add(
                self.warranty,
                covered_line_id=self.laptop_line.id,
                covered_lot_id=lot.id,
            )

    def test_refuse_no_item(self):
        with self.assertRaisesRegex(ValidationError, "must name the item it covers"):
            self._add(self.warranty)

    def test_refuse_part_of_the_duration(self):
        with self.assertRaisesRegex(
            ValidationError, "covers only part of its coverage duration"
        ):
            self._add(
                self.warranty,
                covered_line_id=self.laptop_line.id,
                coverage_date_start="2026-02-01 08:00:00",
                coverage_date_end="2026-12-01 08:00:00",
            )
        line = self._add(
            self.warranty,
            covered_line_id=self.laptop_line.id,
            coverage_date_start="2026-02-01 08:00:00",
        )
        with self.assertRaisesRegex(
            ValidationError, "covers only part of its coverage duration"
        ):
            line.coverage_date_end = "2026-06-01 08:00:00"

    def test_refuse_end_before_start(self):
        with self.assertRaisesRegex(ValidationError, "cannot end before it starts"):
            self._add(
                self.sla,
                covered_line_id=self.laptop_line.id,
                coverage_date_start="2026-02-01 08:00:00",
                coverage_date_end="2026-01-01 08:00:00",
            )

    def test_refuse_kit_coverage_item(self):
        combo = self.env["product.combo"].create(
            {
                "name": "Care Pack",
                "combo_item_ids": [Command.create({"product_id": self.warranty.id})],
            }
        )
        care_pack = self.env["product.product"].create(
            {
                "name": "Care Pack",
                "type": "combo",
                "combo_ids": [Command.link(combo.id)],
                "service_coverage_enabled": True,
                "service_coverage_kind": "extended_warranty",
                "service_contract_template_id": self.warranty_template.id,
            }
        )
        with self.assertRaisesRegex(
            ValidationError, "Care Pack is a configured \\(kit\\) product"
        ):
            self._add(care_pack, covered_line_id=self.laptop_line.id)

    def test_refuse_not_enabled(self):
        self.warranty.service_coverage_enabled = False
        with self.assertRaisesRegex(
            ValidationError,
            "Extended Warranty 1 Year is not enabled for contract coverage",
        ):
            self._add(self.warranty, covered_line_id=self.laptop_line.id)

    def test_refuse_plain_product_as_coverage(self):
        with self.assertRaisesRegex(ValidationError, "is not a coverage item"):
            self._add(self.installation, covered_line_id=self.laptop_line.id)

    def test_refuse_unit_of_another_customer(self):
        lot = self.laptop_lots[0]
        lot.service_partner_id = self.other_partner
        with self.assertRaisesRegex(
            ValidationError, "Serial number LAP-001 was not delivered to Contoso Plant"
        ):
            self._add(self.warranty, covered_lot_id=lot.id)


@tagged("post_install", "-at_install")
class TestSaleCoverageDurations(SaleCoverageCommon):
    def test_fixed_duration_form(self):
        order = self._create_order([{"product_id": self.laptop.id}])
        with Form(order) as order_form:
            with order_form.order_line.new() as line:
                line.product_id = self.warranty
                line.covered_line_id = order.order_line
                line.coverage_date_start = datetime(2026, 2, 1, 8, 0)
                self.assertEqual(line.coverage_date_end, datetime(2027, 2, 1, 8, 0))
                self.assertEqual(line.coverage_duration, 1.0)
                self.assertEqual(line.product_uom_qty, 1.0)
                # The end follows the start and cannot be typed in.
                with self.assertRaises(AssertionError):
                    line.coverage_date_end = datetime(2026, 9, 1, 8, 0)
                line.coverage_date_start = datetime(2026, 3, 1, 8, 0)
                self.assertEqual(line.coverage_date_end, datetime(2027, 3, 1, 8, 0))
        coverage = order.order_line.filtered("covered_line_id")
        self.assertRecordValues(
            coverage,
            [
                {
                    "coverage_date_start": datetime(2026, 3, 1, 8, 0),
                    "coverage_date_end": datetime(2027, 3, 1, 8, 0),
                    "coverage_duration": 1.0,
                    "coverage_duration_unit": "year",
                }
            ],
        )

    def test_variable_duration_form(self):
        order = self._create_order([{"product_id": self.laptop.id}])
        with Form(order) as order_form:
            with order_form.order_line.new() as line:
                line.product_id = self.sla
                line.covered_line_id = order.order_line
                # The product's duration gives the first end ...
                self.assertEqual(
                    line.coverage_date_end,
                    line.coverage_date_start + relativedelta(months=6),
                )
                self.assertEqual(line.coverage_duration, 6.0)
                # ... the start may move, the end stays ...
                line.coverage_date_start = datetime(2026, 2, 1, 8, 0)
                line.coverage_date_end = datetime(2026, 8, 1, 8, 0)
                self.assertEqual(line.coverage_duration, 6.0)
                # ... and the end may be set: the duration follows.
                line.coverage_date_end = datetime(2027, 8, 1, 8, 0)
                self.assertEqual(line.coverage_duration, 18.0)
                line.coverage_date_end = datetime(2027, 8, 16, 8, 0)
                self.assertEqual(line.coverage_duration, 18.48)
        coverage = order.order_line.filtered("covered_line_id")
        self.assertRecordValues(
            coverage,
            [
                {
                    "coverage_date_end": datetime(2027, 8, 16, 8, 0),
                    "coverage_duration": 18.48,
                    "coverage_duration_unit": "month",
                }
            ],
        )
        # Moving the start keeps the chosen end.
        coverage.coverage_date_start = datetime(2026, 8, 16, 8, 0)
        self.assertEqual(coverage.coverage_date_end, datetime(2027, 8, 16, 8, 0))
        self.assertEqual(coverage.coverage_duration, 12.0)


@tagged("post_install", "-at_install")
class TestSaleCoverageDelivery(SaleCoverageCommon):
    @freeze_time("2026-02-01 10:00:00")
    def test_delivery_activates_contract_and_billing(self):
        order, laptop_line, coverage = self._laptop_order()
        order.action_confirm()
        self.assertRecordValues(
            coverage,
            [
                {
                    "coverage_state": "waiting",
                    "qty_delivered": 0.0,
                    "invoice_status": "no",
                    "coverage_contract_id": False,
                }
            ],
        )
        # No contract at confirmation, even for a maintenance coverage item.
        self.assertFalse(order.service_contract_ids)
        lot = self.laptop_lots[0]
        self._deliver(order, lot)
        contract = coverage.coverage_contract_id
        self.assertRecordValues(
            coverage,
            [
                {
                    "coverage_state": "active",
                    "qty_delivered": 1.0,
                    "invoice_status": "to invoice",
                }
            ],
        )
        self.assertRecordValues(
            contract,
            [
                {
                    "contract_type": "warranty",
                    "template_id": self.warranty_template.id,
                    "partner_id": self.partner.id,
                    "state": "ready",
                    "sale_line_id": coverage.id,
                    "sale_order_id": order.id,
                    "date_start": date(2026, 2, 1),
                    "date_end": date(2027, 2, 1),
                }
            ],
        )
        self.assertRecordValues(
            contract.coverage_ids,
            [
                {
                    "coverage_type": "lot",
                    "lot_id": lot.id,
                    "date_start": date(2026, 2, 1),
                    "date_end": date(2027, 2, 1),
                    "sale_line_id": coverage.id,
                }
            ],
        )
        self.assertEqual(contract.coverage_sale_line_ids, coverage)
        self.assertEqual(contract.coverage_sale_order_count, 1)
        self.assertEqual(order.service_contract_count, 1)
        self.assertEqual(order.action_view_service_contracts()["res_id"], contract.id)
        self.assertEqual(
            contract.action_view_coverage_sale_orders()["res_id"], order.id
        )
        # Billing: the coverage item is invoiced with the laptop.
        invoice = order._create_invoices()
        self.assertEqual(
            invoice.invoice_line_ids.filtered(
                lambda aml: aml.product_id == self.warranty
            ).quantity,
            1.0,
        )
        invoice.action_post()
        self.assertEqual(coverage.invoice_status, "invoiced")

    @freeze_time("2026-02-01 10:00:00")
    def test_partial_deliveries_extend_the_contract(self):
        order, laptop_line, coverage = self._laptop_order(qty=2.0)
        sla = self.env["sale.order.line"].create(
            {
                "order_id": order.id,
                "product_id": self.sla.id,
                "covered_line_id": laptop_line.id,
                "coverage_date_start": "2026-02-01 08:00:00",
            }
        )
        order.action_confirm()
        self._deliver(order, self.laptop_lots[0])
        self.assertEqual(coverage.qty_delivered, 1.0)
        self.assertEqual(sla.qty_delivered, 1.0)
        self._deliver(order, self.laptop_lots[1])
        self.assertEqual(coverage.qty_delivered, 2.0)
        warranty_contract = coverage.coverage_contract_id
        sla_contract = sla.coverage_contract_id
        self.assertNotEqual(warranty_contract, sla_contract)
        self.assertEqual(sla_contract.contract_type, "maintenance")
        self.assertEqual(warranty_contract.coverage_ids.lot_id, self.laptop_lots[:2])
        self.assertEqual(sla_contract.coverage_ids.lot_id, self.laptop_lots[:2])
        self.assertEqual(order.service_contract_count, 2)

    @freeze_time("2026-02-01 10:00:00")
    def test_customer_contract_is_extended(self):
        # A draft contract of the template is being prepared: left alone.
        draft = self._create_contract(template_id=self.warranty_template.id)
        order, _laptop_line, coverage = self._laptop_order()
        order.action_confirm()
        self._deliver(order, self.laptop_lots[0])
        contract = coverage.coverage_contract_id
        self.assertNotEqual(contract, draft)
        self.assertFalse(draft.coverage_ids)
        later, _laptop_line2, coverage2 = self._laptop_order(
            coverage_date_start="2026-06-01 08:00:00"
        )
        later.action_confirm()
        self._deliver(later, self.laptop_lots[1])
        self.assertEqual(coverage2.coverage_contract_id, contract)
        self.assertEqual(contract.date_end, date(2027, 6, 1))
        self.assertRecordValues(
            contract.coverage_ids.sorted("id"),
            [
                {"lot_id": self.laptop_lots[0].id, "date_end": date(2027, 2, 1)},
                {"lot_id": self.laptop_lots[1].id, "date_end": date(2027, 6, 1)},
            ],
        )
        self.assertEqual(later.service_contract_count, 1)
        self.assertEqual(contract.coverage_sale_order_count, 2)
        # A coverage starting before the contract moves its start back and
        # keeps its end.
        earlier, _laptop_line3, coverage3 = self._laptop_order(
            coverage_date_start="2026-01-10 08:00:00"
        )
        earlier.action_confirm()
        self._deliver(earlier, self.laptop_lots[2])
        self.assertEqual(coverage3.coverage_contract_id, contract)
        self.assertRecordValues(
            contract,
            [{"date_start": date(2026, 1, 10), "date_end": date(2027, 6, 1)}],
        )

    @freeze_time("2026-02-01 10:00:00")
    def test_no_revision_once_delivered_or_invoiced(self):
        order, laptop_line, coverage = self._laptop_order()
        order.action_confirm()
        coverage.price_unit = 150.0  # not delivered yet: revisable
        self._deliver(order, self.laptop_lots[0])
        with self.assertRaisesRegex(UserError, "cannot be revised"):
            coverage.price_unit = 90.0
        with self.assertRaisesRegex(UserError, "cannot be revised"):
            coverage.coverage_date_start = "2026-03-01 08:00:00"
        # Writing the same value is no revision.
        coverage.price_unit = 150.0
        self.assertEqual(coverage.price_unit, 150.0)

    @freeze_time("2026-02-01 10:00:00")
    def test_no_revision_once_covered_line_invoiced(self):
        self.laptop.invoice_policy = "order"
        order, laptop_line, coverage = self._laptop_order()
        order.action_confirm()
        order._create_invoices()
        self.assertEqual(laptop_line.qty_invoiced, 1.0)
        with self.assertRaisesRegex(UserError, "delivered or invoiced"):
            coverage.discount = 10.0

    @freeze_time("2026-02-01 10:00:00")
    def test_cancel_while_not_delivered(self):
        order, laptop_line, coverage = self._laptop_order()
        order.action_confirm()
        coverage.action_cancel_service_coverage()
        self.assertRecordValues(
            coverage,
            [
                {
                    "coverage_state": "cancel",
                    "product_uom_qty": 0.0,
                    "qty_delivered": 0.0,
                    "coverage_cancelled": True,
                }
            ],
        )
        self._deliver(order, self.laptop_lots[0])
        self.assertFalse(coverage.coverage_contract_id)
        self.assertEqual(coverage.qty_delivered, 0.0)
        # Once the covered item is delivered, cancelling is refused.
        _order2, _line2, coverage2 = self._laptop_order()
        _order2.action_confirm()
        self._deliver(_order2, self.laptop_lots[1])
        with self.assertRaisesRegex(UserError, "cannot be cancelled"):
            coverage2.action_cancel_service_coverage()
        # Writing the cancellation is checked the same way: no way around it.
        with self.assertRaisesRegex(UserError, "cannot be cancelled"):
            coverage2.write({"coverage_cancelled": True, "product_uom_qty": 0.0})
        with self.assertRaisesRegex(UserError, "cannot be cancelled"):
            coverage2.coverage_cancelled = True
        # Nor is its quantity a revision once the covered item is delivered.
        with self.assertRaisesRegex(UserError, "cannot be revised"):
            coverage2.product_uom_qty = 0.0

    def test_cancel_on_quotation_removes_the_line(self):
        order, laptop_line, coverage = self._laptop_order()
        coverage.action_cancel_service_coverage()
        self.assertFalse(coverage.exists())
        self.assertEqual(order.order_line, laptop_line)

    @freeze_time("2026-02-01 10:00:00")
    def test_cover_a_unit_from_an_earlier_order(self):
        first = self._create_order([{"product_id": self.laptop.id}])
        first.action_confirm()
        lot = self.laptop_lots[2]
        self._deliver(first, lot)
        self.assertEqual(lot.service_partner_id, self.partner)
        second = self._create_order(
            [
                {
                    "product_id": self.warranty.id,
                    "covered_lot_id": lot.id,
                    "coverage_date_start": "2026-02-01 08:00:00",
                }
            ]
        )
        coverage = second.order_line
        self.assertIn("Covers: [LAP] Laptop, serial LAP-003", coverage.name)
        self.assertEqual(coverage.product_uom_qty, 1.0)
        second.action_confirm()
        contract = coverage.coverage_contract_id
        self.assertRecordValues(
            coverage,
            [
                {
                    "coverage_state": "active",
                    "qty_delivered": 1.0,
                    "invoice_status": "to invoice",
                }
            ],
        )
        self.assertRecordValues(
            contract.coverage_ids,
            [
                {
                    "lot_id": lot.id,
                    "date_start": date(2026, 2, 1),
                    "sale_line_id": coverage.id,
                }
            ],
        )
        self.assertEqual(second.service_contract_count, 1)
        with self.assertRaisesRegex(UserError, "cannot be revised"):
            coverage.price_unit = 1.0


@tagged("post_install", "-at_install")
class TestSaleCoverageReturns(SaleCoverageCommon):
    def test_returned_covered_item_ends_coverage_and_refunds(self):
        with freeze_time("2026-02-01 10:00:00"):
            order, laptop_line, coverage = self._laptop_order()
            order.action_confirm()
            lot = self.laptop_lots[0]
            picking = self._deliver(order, lot)
            invoice = order._create_invoices()
            invoice.action_post()
        with freeze_time("2026-05-10 10:00:00"):
            self._return(picking, lot)
            contract = coverage.coverage_contract_id
            self.assertRecordValues(
                contract.coverage_ids,
                [{"lot_id": lot.id, "date_end": date(2026, 5, 10)}],
            )
            self.assertRecordValues(
                coverage,
                [
                    {
                        "coverage_state": "ended",
                        "qty_delivered": 0.0,
                        "invoice_status": "to invoice",
                    }
                ],
            )
            self.assertEqual(
                coverage.coverage_date_returned, datetime(2026, 5, 10, 10, 0)
            )
            refund = order._create_invoices(final=True)
            self.assertEqual(refund.move_type, "out_refund")
            self.assertEqual(
                refund.invoice_line_ids.filtered(
                    lambda aml: aml.product_id == self.warranty
                ).quantity,
                1.0,
            )
            refund.action_post()
            self.assertEqual(coverage.qty_invoiced, 0.0)

    def test_returned_unit_from_earlier_order(self):
        with freeze_time("2026-02-01 10:00:00"):
            first = self._create_order([{"product_id": self.laptop.id}])
            first.action_confirm()
            lot = self.laptop_lots[1]
            picking = self._deliver(first, lot)
            second = self._create_order(
                [{"product_id": self.warranty.id, "covered_lot_id": lot.id}]
            )
            second.action_confirm()
            coverage = second.order_line
            self.assertEqual(coverage.qty_delivered, 1.0)
        with freeze_time("2026-03-15 10:00:00"):
            self._return(picking, lot)
            self.assertRecordValues(
                coverage, [{"coverage_state": "ended", "qty_delivered": 0.0}]
            )
            self.assertEqual(
                coverage.coverage_contract_line_ids.date_end, date(2026, 3, 15)
            )

    def test_returned_coverage_item(self):
        with freeze_time("2026-02-01 10:00:00"):
            order, laptop_line, coverage = self._laptop_order()
            order.action_confirm()
            self._deliver(order, self.laptop_lots[0])
            order._create_invoices().action_post()
            with self.assertRaisesRegex(UserError, "not in force"):
                laptop_line.action_return_service_coverage()
        with freeze_time("2026-04-01 10:00:00"):
            coverage.action_return_service_coverage()
            self.assertRecordValues(
                coverage,
                [
                    {
                        "coverage_state": "ended",
                        "qty_delivered": 0.0,
                        "qty_to_invoice": -1.0,
                    }
                ],
            )
            self.assertEqual(
                coverage.coverage_contract_line_ids.date_end, date(2026, 4, 1)
            )
            # The laptop itself stays delivered.
            self.assertEqual(laptop_line.qty_delivered, 1.0)


@tagged("post_install", "-at_install")
class TestSaleCoverageOrderChanges(SaleCoverageCommon):
    def test_duplicated_order_covers_its_own_lines(self):
        order, laptop_line, coverage = self._laptop_order(qty=2.0)
        copy = order.copy()
        new_laptop = copy.order_line.filtered(
            lambda line: line.product_id == self.laptop
        )
        new_coverage = copy.order_line - new_laptop
        self.assertRecordValues(
            new_coverage,
            [
                {
                    "product_id": self.warranty.id,
                    "covered_line_id": new_laptop.id,
                    "product_uom_qty": 2.0,
                    "coverage_contract_id": False,
                }
            ],
        )
        self.assertTrue(new_coverage.coverage_date_end)
        self.assertEqual(laptop_line.coverage_item_ids, coverage)

    def test_covered_item_cannot_become_a_service(self):
        order, laptop_line, _coverage = self._laptop_order()
        with self.assertRaisesRegex(ValidationError, "cannot cover Installation"):
            laptop_line.product_id = self.installation

    def test_changing_the_product_keeps_coverage_sold(self):
        _order, _laptop_line, coverage = self._laptop_order()
        end = coverage.coverage_date_end
        self.warranty.service_coverage_duration = 3
        self.assertEqual(coverage.coverage_date_end, end)
        self.assertEqual(coverage.coverage_duration, 1.0)
        # The line can still be cancelled on the confirmed order.
        _order.action_confirm()
        coverage.action_cancel_service_coverage()
        self.assertEqual(coverage.coverage_state, "cancel")

    def test_removing_the_covered_line_removes_its_coverage(self):
        order, laptop_line, coverage = self._laptop_order()
        laptop_line.unlink()
        self.assertFalse(coverage.exists())
        self.assertFalse(order.order_line)
