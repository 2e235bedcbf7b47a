from odoo.tests import freeze_time, tagged

from .common import ServiceContractBillingCommon


@tagged("post_install", "-at_install")
class TestPerformance(ServiceContractBillingCommon):
    def _queries_to_invoice(self, count):
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
            # As the scheduled action runs it: as its user, OdooBot.
            cron_env = self.env(user=self.env.ref("base.user_root"))
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

    def test_queries_per_contract_stay_flat(self):
        self._queries_to_invoice(3)  # warm the caches
        q10 = self._queries_to_invoice(10)
        q110 = self._queries_to_invoice(110)
        q210 = self._queries_to_invoice(210)
        # The cost of 100 more contracts (one more batch) is the same from 10
        # to 110 as from 110 to 210: a constant number of queries per
        # contract, whatever how many there are.
        self.assertEqual(q110 - q10, q210 - q110, (q10, q110, q210))
        self.assertLessEqual(q210 / 210, q10 / 10, (q10, q210))
