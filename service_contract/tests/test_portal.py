import json

from freezegun import freeze_time

from odoo.tests import tagged

from .portal_common import ServiceContractPortalCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-03-01")
class TestServiceContractPortal(ServiceContractPortalCommon):
    """``/my/contracts`` and a contract's page, over real HTTP, as the
    customer's portal user; another customer's contract stays hidden."""

    def test_access_url_and_share_link(self):
        self.assertEqual(self.contract.access_url, f"/my/contracts/{self.contract.id}")
        share_url = self.contract._get_share_url()
        self.assertIn(f"access_token={self.contract.access_token}", share_url)
        self.assertTrue(self.contract.access_token)
        # The contract's Share action, as its account manager.
        action = self.env.ref("service_contract.action_service_contract_portal_share")
        self.assertEqual(action.binding_model_id.model, "service.contract")
        wizard = (
            self.env["portal.share"]
            .with_user(self.manager_user)
            .with_context(active_model="service.contract", active_id=self.contract.id)
            .create({"partner_ids": [(6, 0, self.customer.ids)]})
        )
        self.assertIn(f"access_token={self.contract.access_token}", wizard.share_link)
        # Anyone with the link reaches the contract's portal page.
        page = self.url_open(wizard.share_link.removeprefix(self.base_url()))
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.contract.access_url, page.url)
        self.assertIn(self.contract.name, page.text)

    def test_portal_user_reads_only_own_contracts(self):
        Contract = self.env["service.contract"].with_user(self.portal_user)
        self.assertEqual(Contract.search([]), self.contract)
        self.assertFalse(
            Contract.search([("id", "=", self.other_contract.id)]),
        )

    def test_home_counter(self):
        self.authenticate(self.portal_user.login, self.portal_user.login)
        response = self.url_open(
            "/my/counters",
            data=json.dumps({"params": {"counters": ["service_contract_count"]}}),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.json()["result"]["service_contract_count"], 1)
        draft = self.env["service.contract"].create(
            {"partner_id": self.customer.id, "template_id": self.template.id}
        )
        self.assertEqual(draft.state, "draft")
        response = self.url_open(
            "/my/counters",
            data=json.dumps({"params": {"counters": ["service_contract_count"]}}),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(
            response.json()["result"]["service_contract_count"],
            1,
            "A draft contract is not shown to the customer.",
        )
        home = self.url_open("/my")
        self.assertEqual(home.status_code, 200)
        self.assertIn("/my/contracts", home.text)

    def test_list_and_page(self):
        self.authenticate(self.portal_user.login, self.portal_user.login)
        listing = self.url_open("/my/contracts")
        self.assertEqual(listing.status_code, 200)
        self.assertIn(self.contract.name, listing.text)
        self.assertNotIn(self.other_contract.name, listing.text)

        page = self.url_open(self.contract.access_url)
        self.assertEqual(page.status_code, 200)
        for text in (
            self.contract.name,
            "Premium Maintenance",
            "On-site Repair",
            "Ready",
            self.lot.name,
            f"{self.contract.access_url}?access_token=",
            "report_type=pdf",
        ):
            self.assertIn(text, page.text)
        self.assertNotIn(self.other_lot.name, page.text)

    def test_other_customer_contract_redirects(self):
        self.authenticate(self.portal_user.login, self.portal_user.login)
        self.assertRedirectsHome(self._get_page(self.other_contract.access_url))
        self.assertRedirectsHome(
            self._get_page(f"{self.other_contract.access_url}?access_token=wrong")
        )

    def test_access_token(self):
        token = self.other_contract._portal_ensure_token()
        # Anonymous, with the share link's token.
        page = self._get_page(f"{self.other_contract.access_url}?access_token={token}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.other_contract.name, page.text)
        # A wrong token, and no token.
        self.assertRedirectsHome(
            self._get_page(f"{self.other_contract.access_url}?access_token=x{token}")
        )
        self.assertNotEqual(
            self._get_page(self.other_contract.access_url).status_code, 200
        )

    def test_contract_report(self):
        self.authenticate(self.portal_user.login, self.portal_user.login)
        report = self.url_open(f"{self.contract.access_url}?report_type=html")
        self.assertEqual(report.status_code, 200)
        self.assertIn(self.contract.name, report.text)
        self.assertRedirectsHome(
            self._get_page(f"{self.other_contract.access_url}?report_type=html")
        )

    def test_points_balance_and_ledger(self):
        template = self.env["service.contract.template"].create(
            {"name": "20 points", "contract_type": "points", "points_total": 20}
        )
        # A points contract covers the whole installed base: no units listed.
        contract = self._create_portal_contract(
            self.customer, self.lot, template_id=template.id, lot_ids=[]
        )
        self.env["service.contract"]._add_points_moves(
            [
                {
                    "contract_id": contract.id,
                    "kind": "consumption",
                    "points": -6.0,
                    "name": "Repair of the feeder",
                }
            ]
        )
        self.assertEqual(contract.points_remaining, 14.0)
        self.authenticate(self.portal_user.login, self.portal_user.login)
        page = self.url_open(contract.access_url)
        self.assertEqual(page.status_code, 200)
        self.assertIn('o_service_contract_portal_points_remaining">14.0', page.text)
        self.assertEqual(page.text.count("o_service_contract_portal_points_move"), 2)
        self.assertIn("Repair of the feeder", page.text)
        # A contract without points shows no ledger.
        page = self.url_open(self.contract.access_url)
        self.assertNotIn("o_service_contract_portal_points_move", page.text)
