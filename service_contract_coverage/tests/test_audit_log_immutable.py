from lxml import etree

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.service_contract.tests.access_common import AccessTableMixin

from .common import CoverageCommon

LOGGED = ["date", "user_id", "contract_id", "operation", "lot_id", "new_value"]


@tagged("post_install", "-at_install")
class TestAuditLogImmutable(AccessTableMixin, CoverageCommon):
    """Nobody alters or deletes a coverage audit row: not on screen, not
    through the ORM (managers and the superuser included), not through the
    contract's list of rows."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.personas = cls._create_personas()
        cls.contract = cls._ready_contract()
        cls._create_line(cls.contract, lot_id=cls.lot.id)
        cls.row = cls.contract.coverage_log_ids
        cls.before = cls.row.read(LOGGED)

    def _assert_row_unchanged(self):
        self.env.invalidate_all()
        self.assertTrue(self.row.exists(), "the audit row was deleted")
        self.assertEqual(self.row.read(LOGGED), self.before)
        self.assertEqual(self.contract.coverage_log_ids, self.row)

    def _refused(self):
        """A refusal: the log's own (``UserError``) or the rights'
        (``AccessError``, a ``UserError``)."""
        return self.assertRaises(UserError)

    def _everyone(self):
        """Every user who reads the log, then the superuser."""
        envs = {
            persona: self.env(user=user)
            for persona, user in self.personas.items()
            if persona != "employee"
        }
        envs["superuser"] = self.env(su=True)
        return envs

    def test_orm_refuses_edit_delete_copy_for_everyone(self):
        self.assertEqual(len(self.row), 1)
        for who, env in self._everyone().items():
            row = self.row.with_env(env)
            with self.subTest(who=who):
                with self.assertRaisesRegex(UserError, "cannot be modified"):
                    row.write({"new_value": "forged"})
                with self.assertRaisesRegex(UserError, "cannot be modified"):
                    row.write({"contract_id": False})
                # Users have no delete right at all; the log refuses the
                # superuser too.
                with self._refused() as caught:
                    row.unlink()
                if who == "superuser":
                    self.assertIn("cannot be deleted", str(caught.exception))
                with self._refused():
                    row.copy()
                self._assert_row_unchanged()

    def test_users_cannot_forge_a_row(self):
        # Rows are written by the system (``_write_rows``), never by hand.
        for who, env in self._everyone().items():
            if who == "superuser":
                continue
            with self.subTest(who=who):
                with self.assertRaises(AccessError):
                    env["service.contract.coverage.log"].create(
                        {"operation": "add", "contract_id": self.contract.id}
                    )

    def test_contract_list_of_rows_cannot_change_them(self):
        commands = {
            "update": [Command.update(self.row.id, {"new_value": "forged"})],
            "delete": [Command.delete(self.row.id)],
            "unlink": [Command.unlink(self.row.id)],
            "clear": [Command.clear()],
            "set": [Command.set([])],
        }
        for who, env in self._everyone().items():
            contract = self.contract.with_env(env)
            for name, command in commands.items():
                with self.subTest(who=who, command=name):
                    with self._refused():
                        contract.write({"coverage_log_ids": command})
                    self._assert_row_unchanged()
        for who in ("sc_user", "sc_manager", "salesman", "accountant"):
            with self.subTest(who=who, command="create"):
                with self.assertRaises(AccessError):
                    self.contract.with_user(self.personas[who]).write(
                        {"coverage_log_ids": [Command.create({"operation": "add"})]}
                    )
                self._assert_row_unchanged()

    def test_screens_offer_no_create_edit_delete(self):
        manager = self.personas["sc_manager"]
        Log = self.env["service.contract.coverage.log"].with_user(manager)
        action = self.env.ref(
            "service_contract_coverage.action_service_contract_coverage_log"
        )
        # The menu's action opens the list only, without create, edit or
        # delete, and tells any view it opens the same.
        self.assertEqual(action.view_mode, "list")
        arch = Log.get_views([(False, "list")])["views"]["list"]["arch"]
        root = etree.fromstring(arch)
        for attribute in ("create", "edit", "delete"):
            self.assertEqual(root.get(attribute), "0", attribute)
        context = action.context
        for key in ("'create': False", "'edit': False", "'delete': False"):
            self.assertIn(key, context)
        contract_form = (
            self.env["service.contract"]
            .with_user(manager)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        logs = etree.fromstring(contract_form).xpath(
            "//field[@name='coverage_log_ids']"
        )
        self.assertTrue(logs)
        for field in logs:
            self.assertEqual(field.get("readonly"), "1")

    def test_deleting_the_contract_keeps_its_rows(self):
        draft = self._create_contract()
        self._create_line(draft, lot_id=self.lot2.id)
        rows = draft.coverage_log_ids
        name = draft.name
        self.assertTrue(rows)
        draft.with_user(self.personas["sc_manager"]).unlink()
        self.env.invalidate_all()
        self.assertTrue(rows.exists())
        self.assertEqual(set(rows.mapped("contract_name")), {name})
        self.assertFalse(rows.contract_id)
