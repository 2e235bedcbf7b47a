from odoo.tests import freeze_time, tagged

from .common import ServiceContractBillingCommon


@tagged("post_install", "-at_install")
class TestPerformance(ServiceContractBillingCommon):
    def _queries_to_invoice(self, count, user):
        """Queries the daily run makes for ``count`` due monthly contracts."""
        cr = self.env.cr
        savepoint = cr.savepoint()
        try:
            with freeze_time("2026-01-01"):
                contracts = self.env["service.contract"].create(
                    [
                        {
                            "partner_id": self.customer.id,
                            "contract_type": "maintenance",
                            "state": "ready",
                            "date_start": "2026-01-01",
                            "date_end": "2026-12-31",
                            "billing_line_ids": [
                                (0, 0, {"product_id": self.fee.id, "price_unit": 10.0})
                            ],
                        }
                        for _i in range(count)
                    ]
                )
            self.env.flush_all()
            self.env.invalidate_all()
            cron_env = self.env(user=user)
            with freeze_time("2026-01-05"):
                before = cr.sql_log_count
                created = cron_env["service.contract"]._cron_create_invoices(
                    batch_size=100
                )
                self.env.flush_all()
                queries = cr.sql_log_count - before
            self.assertEqual(created, count)
            self.assertEqual(len(contracts.invoice_ids), count)
            return queries
        finally:
            savepoint.close(rollback=True)

    def _assert_flat(self, user):
        # Warm the caches over several batches: access rules of an ordinary
        # user are loaded as each model is first touched, which for some
        # models is in the second batch only.
        self._queries_to_invoice(250, user)
        q10 = self._queries_to_invoice(10, user)
        q110 = self._queries_to_invoice(110, user)
        q210 = self._queries_to_invoice(210, user)
        # The cost of 100 more contracts (one more batch) is the same from 10
        # to 110 as from 110 to 210: a constant number of queries per
        # contract, whatever how many there are.
        self.assertEqual(q110 - q10, q210 - q110, (q10, q110, q210))
        self.assertLessEqual(q210 / 210, q10 / 10, (q10, q210))
        # Fewer than 5 queries per contract (Odoo creates the invoice itself).
        self.assertLess((q210 - q110) / 100, 5, (q10, q110, q210))

    def test_queries_per_contract_stay_flat(self):
        # As the scheduled action runs it: as its user, OdooBot.
        self._assert_flat(self.env.ref("base.user_root"))

    def test_queries_per_contract_stay_flat_for_an_accountant(self):
        # As an accountant running it by hand: record rules apply.
        self.assertFalse(self.env.user._is_superuser())
        self._assert_flat(self.env.user)
