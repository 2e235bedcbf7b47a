import json
import re
from datetime import timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.tests import new_test_user, tagged

from odoo.addons.service_contract.tests.portal_common import (
    ServiceContractPortalCommon,
)

API = "/api/service-contract/v1"


class CoveragePortalCommon(ServiceContractPortalCommon):
    """The portal customers, plus a second company with its own unit and
    contract, an API user of the first company and their API key."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "Other Sales Site"})
        cls.product_b = cls.env["product.product"].create(
            {
                "name": "Other Site Printer",
                "type": "consu",
                "is_storable": True,
                "tracking": "serial",
                "company_id": cls.company_b.id,
            }
        )
        cls.lot_b = cls.env["stock.lot"].create(
            {
                "name": "SN-PORTAL-B-0001",
                "product_id": cls.product_b.id,
                "company_id": cls.company_b.id,
                "service_partner_id": cls.customer.id,
            }
        )
        cls.template_b = cls.template.copy({"company_id": cls.company_b.id})
        cls.contract_b = cls.env["service.contract"].create(
            {
                "partner_id": cls.customer.id,
                "template_id": cls.template_b.id,
                "company_id": cls.company_b.id,
                "date_start": "2026-01-01",
                "coverage_ids": [
                    Command.create({"coverage_type": "lot", "lot_id": cls.lot_b.id})
                ],
            }
        )
        cls.contract_b.action_ready()
        cls.component = cls.env["product.product"].create(
            {"name": "Print Head", "default_code": "CMP-HEAD", "type": "consu"}
        )
        cls.api_user = new_test_user(
            cls.env,
            login="sc_api_desk",
            groups="service_contract.group_service_contract_user",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.api_key = (
            cls.env["res.users.apikeys"]
            .with_user(cls.api_user)
            .sudo()
            ._generate(
                None, "Service desk", fields.Datetime.now() + timedelta(days=3650)
            )
        )


@tagged("post_install", "-at_install")
@freeze_time("2026-03-01")
class TestEntitlementApi(CoveragePortalCommon):
    """Every status of the API over real HTTP, two companies, two customers."""

    def _api(self, path, key=None, **kw):
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        return self.url_open(f"{API}{path}", headers=headers, **kw)

    def assertJsonError(self, response, status):
        self.assertEqual(response.status_code, status, response.text)
        self.assertTrue(response.headers["Content-Type"].startswith("application/json"))
        self.assertEqual(response.json()["error"]["code"], status)
        return response.json()["error"]["message"]

    def test_200_entitlement_is_the_check(self):
        response = self._api(f"/units/{self.lot.name}/entitlement", self.api_key)
        self.assertEqual(response.status_code, 200, response.text)
        body = response.json()
        self.assertTrue(body["covered"])
        self.assertEqual(body["date"], "2026-03-01")
        self.assertEqual(body["covering"][0]["contract"], self.contract.name)
        self.assertEqual(body["covering"][0]["coverage_type"], "lot")
        self.assertEqual(body["covering"][0]["valid_until"], "2026-12-31")
        # The same answer as the check itself, as the key's user.
        lot = self.lot.with_user(self.api_user)
        answer = lot._get_service_coverage()
        self.assertEqual(
            [(e["contract"], e["reason"]) for e in body["covering"]],
            [(e.contract.name, e.reason) for e in answer.covering],
        )
        self.assertEqual(
            [(e["contract"], e["reason"]) for e in body["not_qualifying"]],
            [(e.contract.name, e.reason) for e in answer.not_qualifying],
        )
        self.assertEqual(body, lot.get_service_entitlement())

    def test_200_date_and_component(self):
        before = self._api(
            f"/units/{self.lot.name}/entitlement?date=2025-06-01", self.api_key
        ).json()
        self.assertFalse(before["covered"])
        self.assertEqual(before["date"], "2025-06-01")
        self.assertEqual(
            before,
            self.lot.with_user(self.api_user).get_service_entitlement("2025-06-01"),
        )
        line = self.contract.coverage_ids
        line.write(
            {
                "include_unlisted_components": True,
                "component_ids": [
                    Command.create({"product_id": self.component.id, "included": False})
                ],
            }
        )
        excluded = self._api(
            f"/units/{self.lot.name}/entitlement?component=CMP-HEAD", self.api_key
        ).json()
        self.assertEqual(excluded["component"], "CMP-HEAD")
        self.assertFalse(excluded["covered"])
        self.assertIn("excluded", excluded["not_qualifying"][0]["reason"])

    def test_400_bad_date_and_unknown_component(self):
        message = self.assertJsonError(
            self._api(
                f"/units/{self.lot.name}/entitlement?date=2026-13-45", self.api_key
            ),
            400,
        )
        self.assertIn("2026-13-45", message)
        message = self.assertJsonError(
            self._api(
                f"/units/{self.lot.name}/entitlement?component=NOPE", self.api_key
            ),
            400,
        )
        self.assertIn("NOPE", message)

    def test_401_without_key_or_with_a_bad_one(self):
        for key in (None, "not-a-key", self.api_key + "x"):
            with self.subTest(key=key):
                response = self._api(f"/units/{self.lot.name}/entitlement", key)
                self.assertJsonError(response, 401)
                self.assertNotIn("covered", response.text)
        self.assertJsonError(self._api(f"/contracts/{self.contract.name}"), 401)
        self.assertJsonError(self._api("/openapi.json"), 401)

    def test_404_unknown_or_other_company(self):
        unknown = self.assertJsonError(
            self._api("/units/SN-NOWHERE/entitlement", self.api_key), 404
        )
        hidden = self.assertJsonError(
            self._api(f"/units/{self.lot_b.name}/entitlement", self.api_key), 404
        )
        # The same answer for a unit that does not exist and one of another
        # company: nothing tells that it exists.
        self.assertEqual(
            hidden.replace(self.lot_b.name, "X"), unknown.replace("SN-NOWHERE", "X")
        )
        self.assertJsonError(self._api("/contracts/SC/NOWHERE", self.api_key), 404)
        self.assertJsonError(
            self._api(f"/contracts/{self.contract_b.name}", self.api_key), 404
        )
        self.assertJsonError(self._api("/no-such-endpoint", self.api_key), 404)
        # The other company's own user sees its unit.
        user_b = new_test_user(
            self.env,
            login="sc_api_desk_b",
            groups="service_contract.group_service_contract_user",
            company_id=self.company_b.id,
            company_ids=[Command.set(self.company_b.ids)],
        )
        key_b = (
            self.env["res.users.apikeys"]
            .with_user(user_b)
            .sudo()
            ._generate(None, "B", fields.Datetime.now() + timedelta(days=3650))
        )
        response = self._api(f"/units/{self.lot_b.name}/entitlement", key_b)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response.json()["covering"][0]["contract"], self.contract_b.name
        )
        self.assertJsonError(
            self._api(f"/units/{self.lot.name}/entitlement", key_b), 404
        )

    def test_405_other_methods(self):
        headers = {"Authorization": f"Bearer {self.api_key}"}
        for path in (
            f"/units/{self.lot.name}/entitlement",
            f"/contracts/{self.contract.name}",
            "/openapi.json",
        ):
            with self.subTest(path=path):
                response = self.url_open(
                    f"{API}{path}", data={"x": "1"}, headers=headers
                )
                self.assertJsonError(response, 405)
                self.assertEqual(response.headers["Allow"], "GET")
                response = self.opener.delete(
                    f"{self.base_url()}{API}{path}", headers=headers, timeout=12
                )
                self.assertJsonError(response, 405)

    def test_200_contract(self):
        response = self._api(f"/contracts/{self.contract.name}", self.api_key)
        self.assertEqual(response.status_code, 200, response.text)
        body = response.json()
        self.assertEqual(body["name"], self.contract.name)
        self.assertEqual(body["status"], "ready")
        self.assertEqual(body["date_start"], "2026-01-01")
        self.assertEqual(body["date_expiry"], "2026-12-31")
        self.assertEqual(body["template"], "Premium Maintenance")
        self.assertEqual([u["serial"] for u in body["units"]], [self.lot.name])

    def test_200_openapi(self):
        response = self._api("/openapi.json", self.api_key)
        self.assertEqual(response.status_code, 200)
        document = response.json()
        self.assertTrue(document["openapi"].startswith("3."))
        self.assertEqual(
            set(document["paths"]),
            {"/units/{serial}/entitlement", "/contracts/{name}", "/openapi.json"},
        )
        responses = document["paths"]["/units/{serial}/entitlement"]["get"]["responses"]
        self.assertEqual(set(responses), {"200", "400", "401", "404", "405"})

    def test_rpc_callers_get_the_same_answer(self):
        expected = self.lot.with_user(self.api_user).get_service_entitlement(
            "2026-03-01"
        )
        # XML-RPC, with the API key as password.
        result = self.xmlrpc_object.execute_kw(
            self.env.cr.dbname,
            self.api_user.id,
            self.api_key,
            "stock.lot",
            "get_service_entitlement",
            [[self.lot.id]],
            {"date": "2026-03-01"},
        )
        self.assertEqual(result, expected)
        # JSON-RPC.
        response = self.url_open(
            "/jsonrpc",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "params": {
                        "service": "object",
                        "method": "execute_kw",
                        "args": [
                            self.env.cr.dbname,
                            self.api_user.id,
                            self.api_key,
                            "stock.lot",
                            "get_service_entitlement",
                            [[self.lot.id]],
                            {"date": "2026-03-01", "component": "CMP-HEAD"},
                        ],
                    },
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        result = response.json()["result"]
        self.assertTrue(result["covered"])
        self.assertEqual(result["component"], "CMP-HEAD")
        self.assertEqual(result["covering"], expected["covering"])


@tagged("post_install", "-at_install")
@freeze_time("2026-03-01")
class TestCoveragePortal(CoveragePortalCommon):
    """The units' answers on the contract's page and a service request."""

    def _csrf_token(self, html):
        return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)

    def test_units_with_todays_answer(self):
        self.authenticate(self.portal_user.login, self.portal_user.login)
        page = self.url_open(self.contract.access_url)
        self.assertEqual(page.status_code, 200)
        answer = self.lot._get_service_coverage()
        self.assertIn("Covered today", page.text)
        self.assertIn(answer.best.reason, page.text)
        self.assertIn("12/31/2026", page.text)
        # A unit decommissioned: not covered, and why.
        self.lot.write(
            {"service_state": "decommissioned", "decommission_date": "2026-02-01"}
        )
        page = self.url_open(self.contract.access_url)
        answer = self.lot._get_service_coverage()
        self.assertFalse(answer.covered)
        self.assertNotIn("Covered today", page.text)
        self.assertIn("Not covered today", page.text)
        self.assertIn(answer.not_qualifying[0].reason, page.text)

    def test_ask_for_service(self):
        self.authenticate(self.portal_user.login, self.portal_user.login)
        page = self.url_open(self.contract.access_url)
        token = self._csrf_token(page.text)
        url = f"/my/contracts/{self.contract.id}/units/{self.lot.id}/service"
        response = self.url_open(
            url,
            data={"csrf_token": token, "description": "Paper jam every morning"},
            allow_redirects=False,
        )
        self.assertIn(response.status_code, (302, 303))
        repair = self.env["repair.order"].search([("lot_id", "=", self.lot.id)])
        self.assertEqual(len(repair), 1)
        self.assertRecordValues(
            repair,
            [
                {
                    "state": "draft",
                    "partner_id": self.customer.id,
                    "product_id": self.product_unit.id,
                    "company_id": self.company.id,
                    "service_contract_id": self.contract.id,
                }
            ],
        )
        self.assertIn("Paper jam every morning", repair.internal_notes)
        answer = self.lot._get_service_coverage()
        note = repair.message_ids.filtered(lambda m: "portal" in (m.body or ""))
        self.assertTrue(note)
        self.assertIn(answer.best.reason, note.body)
        activity = repair.activity_ids
        self.assertEqual(activity.user_id, self.manager_user)
        self.assertIn(self.customer.name, activity.summary)
        # The page tells the customer.
        page = self.url_open(response.headers["Location"])
        self.assertIn(repair.name, page.text)

    def test_ask_for_service_on_another_customers_unit(self):
        self.authenticate(self.portal_user.login, self.portal_user.login)
        token = self._csrf_token(self.url_open(self.contract.access_url).text)
        Repair = self.env["repair.order"]
        for contract, lot in (
            (self.contract, self.other_lot),
            (self.other_contract, self.other_lot),
        ):
            response = self.url_open(
                f"/my/contracts/{contract.id}/units/{lot.id}/service",
                data={"csrf_token": token, "description": "Not mine"},
                allow_redirects=False,
            )
            self.assertRedirectsHome(response)
        self.assertFalse(Repair.search([("lot_id", "=", self.other_lot.id)]))

    def test_ask_for_service_with_the_share_token(self):
        token = self.other_contract._portal_ensure_token()
        page = self.url_open(f"{self.other_contract.access_url}?access_token={token}")
        self.assertIn(self.other_lot.name, page.text)
        response = self.url_open(
            f"/my/contracts/{self.other_contract.id}/units/{self.other_lot.id}/service",
            data={"csrf_token": self._csrf_token(page.text), "access_token": token},
            allow_redirects=False,
        )
        self.assertIn(response.status_code, (302, 303))
        self.assertIn(f"access_token={token}", response.headers["Location"])
        self.assertTrue(
            self.env["repair.order"].search([("lot_id", "=", self.other_lot.id)])
        )
        response = self.url_open(
            f"/my/contracts/{self.other_contract.id}/units/{self.other_lot.id}/service",
            data={"csrf_token": self._csrf_token(page.text), "access_token": "wrong"},
            allow_redirects=False,
        )
        self.assertRedirectsHome(response)


@tagged("post_install", "-at_install")
@freeze_time("2026-03-01")
class TestCoveragePortalTour(CoveragePortalCommon):
    """The portal pages in a real browser, as the customer's portal user."""

    def test_portal_tour(self):
        self.start_tour(
            "/my", "service_contract_portal_tour", login=self.portal_user.login
        )
        repair = self.env["repair.order"].search([("lot_id", "=", self.lot.id)])
        self.assertEqual(len(repair), 1)
        self.assertEqual(repair.partner_id, self.customer)
        self.assertIn("The fan is noisy", repair.internal_notes)
        self.assertEqual(repair.activity_ids.user_id, self.manager_user)
