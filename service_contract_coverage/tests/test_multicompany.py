from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import CoverageCommon


@tagged("post_install", "-at_install")
class TestCoverageMultiCompany(CoverageCommon):
    def test_company_b_user_cannot_read_company_a_coverage(self):
        contract = self._ready_contract()
        line = self._create_line(contract, lot_id=self.lot.id)
        self._create_line(contract, lot_id=self.lot2.id)
        company_b = self.env["res.company"].create({"name": "Site B"})
        user_b = self.env["res.users"].create(
            {
                "name": "User B",
                "login": "user_b_coverage",
                "company_id": company_b.id,
                "company_ids": [Command.set(company_b.ids)],
                "groups_id": [
                    Command.set(
                        [
                            self.env.ref(
                                "service_contract.group_service_contract_manager"
                            ).id
                        ]
                    )
                ],
            }
        )
        env_b = self.env(user=user_b, context={"allowed_company_ids": company_b.ids})
        for model in (
            "service.contract.coverage",
            "service.contract.coverage.log",
            "service.contract.coverage.gap",
            "service.contract.coverage.report",
        ):
            self.assertFalse(env_b[model].search([]), model)
        with self.assertRaises(AccessError):
            line.with_env(env_b).read(["lot_id"])
        # Detecting gaps as user B neither duplicates nor touches A's gaps.
        Gap = self.env["service.contract.coverage.gap"]
        before = Gap.search([("partner_id", "=", self.partner.id)])
        states = before.mapped("state")
        self.assertIn("open", states)
        env_b["service.contract.coverage.gap"]._detect_gaps(partners=self.partner)
        self.assertEqual(Gap.search([("partner_id", "=", self.partner.id)]), before)
        self.assertEqual(before.mapped("state"), states)
        self.env.flush_all()
        self.assertTrue(
            self.env["service.contract.coverage.log"].search(
                [("contract_id", "=", contract.id)]
            )
        )
