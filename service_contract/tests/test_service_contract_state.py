from datetime import date

from odoo.exceptions import UserError
from odoo.tests import Form, freeze_time, tagged

from .common import ServiceContractCommon


@tagged("post_install", "-at_install")
class TestServiceContractState(ServiceContractCommon):
    """Business rule 1: statuses on save."""

    @freeze_time("2026-06-15")
    def test_created_draft_or_ready(self):
        draft = self._create_contract()
        ready = self._create_contract(state="ready")
        self.assertRecordValues(
            draft + ready,
            [
                {"state": "draft", "date_expiry": date(2026, 6, 30)},
                {"state": "ready", "date_expiry": date(2026, 6, 30)},
            ],
        )
        for state in ("expired", "cancel"):
            with self.assertRaisesRegex(UserError, "created as draft or ready"):
                self._create_contract(state=state)

    @freeze_time("2026-06-15")
    def test_created_ready_already_ended_is_expired(self):
        contract = self._create_contract(state="ready", date_start="2025-01-01")
        self.assertEqual(contract.date_expiry, date(2025, 6, 30))
        self.assertEqual(contract.state, "expired")

    @freeze_time("2026-06-15")
    def test_draft_is_never_expired(self):
        contract = self._create_contract(date_start="2025-01-01")
        self.assertEqual(contract.state, "draft")
        contract.date_end = "2026-06-15"
        self.assertEqual(contract.state, "draft")
        self.env["service.contract"]._cron_update_state()
        self.assertEqual(contract.state, "draft")

    @freeze_time("2026-06-15")
    def test_ready_never_returns_to_draft(self):
        contract = self._create_contract()
        contract.action_ready()
        self.assertEqual(contract.state, "ready")
        with self.assertRaisesRegex(UserError, "cannot return to draft"):
            contract.state = "draft"
        with self.assertRaisesRegex(UserError, "Only a cancelled contract"):
            contract.action_draft()
        with self.assertRaisesRegex(UserError, "Only a draft contract"):
            contract.action_ready()
        contract.date_end = "2026-01-31"
        self.assertEqual(contract.state, "expired")
        with self.assertRaisesRegex(UserError, "cannot return to draft"):
            contract.write({"state": "draft"})
        self.assertEqual(contract.state, "expired")

    @freeze_time("2026-06-15")
    def test_end_date_today_expires_on_save(self):
        contract = self._create_contract(state="ready")
        with Form(contract) as form:
            form.date_end = date(2026, 6, 15)
        self.assertRecordValues(
            contract, [{"state": "expired", "date_expiry": date(2026, 6, 15)}]
        )

    @freeze_time("2026-06-15")
    def test_end_date_tomorrow_stays_ready(self):
        contract = self._create_contract(state="ready")
        contract.date_end = "2026-06-16"
        self.assertEqual(contract.state, "ready")
        self.assertEqual(contract.days_to_expiry, 1)

    @freeze_time("2026-06-15")
    def test_dates_moved_to_future_make_it_ready_again(self):
        contract = self._create_contract(state="ready", date_start="2025-01-01")
        self.assertEqual(contract.state, "expired")
        with Form(contract) as form:
            form.date_end = date(2026, 12, 31)
        self.assertEqual(contract.state, "ready")
        # Moving the start date recomputes the end date from the template.
        contract.date_end = "2026-03-31"
        self.assertEqual(contract.state, "expired")
        contract.date_start = "2026-06-01"
        self.assertRecordValues(
            contract, [{"date_end": date(2026, 11, 30), "state": "ready"}]
        )

    @freeze_time("2026-06-15")
    def test_set_ready_after_end_expires_at_once(self):
        contract = self._create_contract(date_start="2025-01-01")
        contract.action_ready()
        self.assertEqual(contract.state, "expired")

    @freeze_time("2026-06-15")
    def test_cancel(self):
        contract = self._create_contract(state="ready")
        contract.action_cancel()
        self.assertEqual(contract.state, "cancel")
        with self.assertRaisesRegex(UserError, "already cancelled"):
            contract.action_cancel()
        # A cancellation is final for the status update: dates do not move it.
        contract.date_end = "2026-01-31"
        self.assertEqual(contract.state, "cancel")
        contract.date_end = "2027-01-31"
        self.assertEqual(contract.state, "cancel")
        self.env["service.contract"]._cron_update_state()
        self.assertEqual(contract.state, "cancel")
        contract.action_draft()
        self.assertEqual(contract.state, "draft")

    @freeze_time("2026-06-15")
    def test_expired_contract_can_be_cancelled(self):
        contract = self._create_contract(state="ready", date_start="2025-01-01")
        self.assertEqual(contract.state, "expired")
        contract.action_cancel()
        self.assertEqual(contract.state, "cancel")

    @freeze_time("2026-06-15")
    def test_open_ended_contract_never_expires(self):
        template = self.maintenance_template.copy({"duration": 0})
        contract = self._create_contract(template_id=template.id, state="ready")
        self.assertRecordValues(
            contract, [{"date_end": False, "date_expiry": False, "state": "ready"}]
        )

    @freeze_time("2026-06-15")
    def test_end_before_start_refused(self):
        contract = self._create_contract()
        with self.assertRaisesRegex(Exception, "cannot end"):
            contract.date_end = "2025-12-31"

    @freeze_time("2026-06-15")
    def test_state_changes_are_tracked(self):
        contract = self._create_contract().with_context(tracking_disable=False)
        self.env.cr.precommit.run()  # end of the creation's transaction
        contract.action_ready()
        self.env.flush_all()
        self.env.cr.precommit.run()
        contract.date_end = "2026-06-01"
        self.env.flush_all()
        self.env.cr.precommit.run()
        values = contract.message_ids.tracking_value_ids.filtered(
            lambda v: v.field_id.name == "state"
        )
        self.assertEqual(sorted(values.mapped("new_value_char")), ["Expired", "Ready"])
