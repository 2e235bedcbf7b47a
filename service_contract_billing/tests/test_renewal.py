from odoo.exceptions import UserError
from odoo.tests import freeze_time, tagged

from .common import ServiceContractBillingCommon


@tagged("post_install", "-at_install")
class TestRenewal(ServiceContractBillingCommon):
    def test_automatic_renewal_when_invoice_after_end(self):
        contract = self._contract()
        self.assertEqual(str(contract.date_end), "2026-12-31")
        self.assertTrue(contract.auto_renew)
        with freeze_time("2027-02-10"):
            self.env["service.contract"]._cron_create_invoices()
        self.assertEqual(len(contract.invoice_ids), 14)
        self.assertEqual(str(contract.date_end), "2027-12-31")
        self.assertEqual(contract.state, "ready")
        self.assertRecordValues(
            contract.renewal_ids,
            [
                {
                    "date_end_old": contract.date_start.replace(month=12, day=31),
                    "date_end_new": contract.date_end,
                    "renewal_type": "automatic",
                    "user_id": self.env.uid,
                }
            ],
        )
        self.assertEqual(str(contract.renewal_ids.date), "2027-02-10")
        self.assertEqual(str(contract.date_next_invoice), "2027-03-01")

    def test_several_renewals_in_one_catch_up(self):
        contract = self._contract(renewal_duration=6, renewal_duration_unit="month")
        with freeze_time("2027-08-05"):
            self.env["service.contract"]._cron_create_invoices()
        self.assertEqual(
            [
                (str(r.date_end_old), str(r.date_end_new))
                for r in contract.renewal_ids.sorted("date_end_old")
            ],
            [("2026-12-31", "2027-06-30"), ("2027-06-30", "2027-12-31")],
        )
        self.assertEqual(len(contract.invoice_ids), 20)

    def test_no_auto_renew_stops_at_end_until_renewed(self):
        contract = self._contract(auto_renew=False)
        with freeze_time("2027-02-10"):
            Contract = self.env["service.contract"]
            Contract._cron_create_invoices()
            self.assertEqual(len(contract.invoice_ids), 12)
            self.assertFalse(contract.date_next_invoice)
            Contract._cron_update_state()
            self.assertEqual(contract.state, "expired")
            self.assertTrue(contract.can_renew)
            self.assertIn(contract, Contract.search([("can_renew", "=", True)]))
            self.assertNotIn(contract, Contract.search([("can_renew", "=", False)]))
            # Invoicing a renewal period needs the renewal first.
            with self.assertRaisesRegex(UserError, "renew it"):
                contract.action_create_invoice()
            contract.action_renew()
            self.assertRecordValues(
                contract.renewal_ids,
                [
                    {
                        "renewal_type": "manual",
                        "user_id": self.env.uid,
                    }
                ],
            )
            self.assertEqual(str(contract.date_end), "2027-12-31")
            self.assertEqual(contract.state, "ready")
            Contract._cron_create_invoices()
        self.assertEqual(len(contract.invoice_ids), 14)

    def test_renewal_refused_before_end_or_invoicing(self):
        contract = self._contract(auto_renew=False)
        with freeze_time("2026-06-10"):
            self.assertFalse(contract.can_renew)
            Contract = self.env["service.contract"]
            self.assertIn(contract, Contract.search([("can_renew", "=", False)]))
            self.assertNotIn(contract, Contract.search([("can_renew", "=", True)]))
            with self.assertRaisesRegex(UserError, "can be renewed once its end date"):
                contract.action_renew()
        self.assertFalse(contract.renewal_ids)

    def test_renewal_allowed_once_invoiced_to_end_but_no_advance_billing(self):
        contract = self._contract(auto_renew=False, billing_period="year")
        with freeze_time("2026-03-10"):
            contract.action_create_invoice()
            self.assertTrue(contract.invoiced_to_end)
            self.assertTrue(contract.can_renew)
            contract.action_renew()
            self.assertEqual(str(contract.date_end), "2027-12-31")
            # The renewal term starts on 1 January: no invoice before that.
            with self.assertRaisesRegex(UserError, "No advance billing"):
                contract.action_create_invoice()
        with freeze_time("2027-01-01"):
            contract.action_create_invoice()
        self.assertEqual(
            self._periods(contract),
            [("2026-01-01", "2026-12-31"), ("2027-01-01", "2027-12-31")],
        )

    def test_renewal_survives_start_date_edit(self):
        contract = self._contract(auto_renew=False)
        with freeze_time("2027-01-05"):
            contract.action_renew()
        self.assertEqual(str(contract.date_end), "2027-12-31")
        contract.date_start = "2026-01-02"
        self.assertEqual(str(contract.date_end), "2027-12-31")

    def test_renew_from_the_list(self):
        first = self._contract(auto_renew=False)
        second = self._contract(auto_renew=False, date_start="2025-06-01")
        with freeze_time("2027-01-05"):
            to_renew = self.env["service.contract"].search(
                [("can_renew", "=", True), ("id", "in", (first | second).ids)]
            )
            self.assertEqual(to_renew, first | second)
            # Printed while they can be renewed: Contracts to Renew refuses
            # contracts that cannot (test_demo_story).
            html, _type = self.env["ir.actions.report"]._render_qweb_html(
                "service_contract_billing.report_service_contract_to_renew",
                to_renew.ids,
            )
            self.assertIn(second.name, html.decode())
            action = self.env.ref(
                "service_contract_billing.action_service_contract_renew_server"
            )
            action.with_context(
                active_model="service.contract", active_ids=to_renew.ids
            ).run()
        self.assertEqual(len(first.renewal_ids), 1)
        self.assertEqual(str(second.date_end), "2027-05-31")
        html, _type = self.env["ir.actions.report"]._render_qweb_html(
            "service_contract_billing.report_service_contract_renewal",
            (first | second).renewal_ids.ids,
        )
        self.assertIn(first.name, html.decode())
        # Renewed for a year: they cannot be renewed again, nor printed there.
        with self.assertRaisesRegex(UserError, f"{first.name} .end date"):
            self.env["ir.actions.report"]._render_qweb_html(
                "service_contract_billing.report_service_contract_to_renew",
                to_renew.ids,
            )

    def test_not_renewable(self):
        contract = self._contract(renewable=False)
        self.assertFalse(contract.auto_renew)
        with freeze_time("2027-02-01"):
            self.env["service.contract"]._cron_create_invoices()
            self.assertEqual(len(contract.invoice_ids), 12)
            with self.assertRaisesRegex(UserError, "not renewable"):
                contract.action_renew()

    def test_one_contracts_to_renew_menu(self):
        """One "Contracts to Renew" menu in the app, and it lists billing's
        rule: renewable contracts whose end is reached or invoiced up to it."""
        root = self.env.ref("service_contract.menu_service_contract_root")
        menus = self.env["ir.ui.menu"].search(
            [("id", "child_of", root.id), ("name", "=", "Contracts to Renew")]
        )
        self.assertEqual(
            menus, self.env.ref("service_contract.menu_service_contract_to_renew")
        )
        self.assertEqual(
            menus.action,
            self.env.ref(
                "service_contract_billing.action_service_contract_billing_to_renew"
            ),
        )
        self.assertIn("search_default_can_renew", menus.action.context)

    def test_index_values_under_configuration(self):
        menu = self.env.ref(
            "service_contract_billing.menu_service_contract_index_value"
        )
        self.assertEqual(
            menu.parent_id,
            self.env.ref("service_contract.menu_service_contract_config"),
        )
        self.assertEqual(
            menu.action,
            self.env.ref(
                "service_contract_billing.action_service_contract_index_value"
            ),
        )
