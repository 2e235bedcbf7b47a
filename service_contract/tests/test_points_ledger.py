from odoo import SUPERUSER_ID, api
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.service.model import retrying
from odoo.tests import Form, TransactionCase, tagged
from odoo.tools import SQL, mute_logger

from .common import ServiceContractCommon


@tagged("post_install", "-at_install")
class TestPointsLedger(ServiceContractCommon):
    """Rule 8: a points contract's counters are the sums of its ledger."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.points_template = cls.env["service.contract.template"].create(
            {"name": "20 points", "contract_type": "points", "points_total": 20}
        )
        cls.user = cls._create_user(
            "sc_points_user", "service_contract.group_service_contract_user"
        )
        cls.manager = cls._create_user(
            "sc_points_manager", "service_contract.group_service_contract_manager"
        )

    def _points_contract(self, **values):
        return self._create_contract(template_id=self.points_template.id, **values)

    def _counters(self, contract):
        return {
            "points_total": contract.points_total,
            "points_used": contract.points_used,
            "points_remaining": contract.points_remaining,
        }

    def test_template_points_are_the_initial_row(self):
        contract = self._points_contract()
        self.assertRecordValues(
            contract.points_move_ids,
            [
                {
                    "kind": "initial",
                    "counter": "total",
                    "points": 20.0,
                    "user_id": self.env.user.id,
                    "company_id": self.company.id,
                }
            ],
        )
        self.assertRecordValues(
            contract,
            [{"points_total": 20.0, "points_used": 0.0, "points_remaining": 20.0}],
        )
        # A copy starts from its template again, without the original's rows.
        copy = contract.copy()
        self.assertRecordValues(
            copy.points_move_ids, [{"kind": "initial", "points": 20.0}]
        )
        self.assertEqual(len(contract.points_move_ids), 1)
        # Contracts without points have no rows.
        self.assertFalse(self._create_contract().points_move_ids)
        # Both counters are stored, for SQL readers (reports, benchmarks).
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT points_total, points_used, points_remaining "
                "FROM service_contract WHERE id IN %s ORDER BY id",
                (contract.id, copy.id),
            )
        )
        self.assertEqual(self.env.cr.fetchall(), [(20.0, 0.0, 20.0)] * 2)

    def test_each_kind_of_movement(self):
        contract = self._points_contract()
        Contract = self.env["service.contract"]
        Contract._add_points_moves(
            [
                {"contract_id": contract.id, "kind": "purchase", "points": 15.0},
                {"contract_id": contract.id, "kind": "consumption", "points": -4.0},
                {"contract_id": contract.id, "kind": "consumption", "points": -6.0},
            ]
        )
        self.assertEqual(
            self._counters(contract),
            {"points_total": 35.0, "points_used": 10.0, "points_remaining": 25.0},
        )
        # A manager adjusts either counter by hand, with a reason.
        Move = self.env["service.contract.points.move"].with_user(self.manager)
        Move.create(
            {
                "contract_id": contract.id,
                "counter": "used",
                "points": 1.0,
                "name": "Intervention offered",
            }
        )
        Move.create({"contract_id": contract.id, "counter": "total", "points": -5.0})
        self.assertEqual(
            self._counters(contract),
            {"points_total": 30.0, "points_used": 9.0, "points_remaining": 21.0},
        )
        self.assertEqual(
            sorted(contract.points_move_ids.mapped("kind")),
            [
                "adjustment",
                "adjustment",
                "consumption",
                "consumption",
                "initial",
                "purchase",
            ],
        )
        # The balance is the sum of the rows.
        self.assertEqual(
            sum(contract.points_move_ids.mapped("points")), contract.points_remaining
        )
        # The stored counters agree with the rows, for searches and reports.
        self.assertEqual(
            Contract.search(
                [("id", "=", contract.id), ("points_remaining", "=", 21.0)]
            ),
            contract,
        )

    def test_kind_and_counter_agree(self):
        contract = self._points_contract()
        add = self.env["service.contract"]._add_points_moves
        with self.assertRaisesRegex(ValidationError, "cannot move that counter"):
            add(
                [
                    {
                        "contract_id": contract.id,
                        "kind": "consumption",
                        "counter": "total",
                        "points": -1.0,
                    }
                ]
            )
        with self.assertRaisesRegex(ValidationError, "cannot move that counter"):
            add(
                [
                    {
                        "contract_id": contract.id,
                        "kind": "purchase",
                        "counter": "used",
                        "points": 1.0,
                    }
                ]
            )
        with self.assertRaisesRegex(ValidationError, "moves some points"):
            add([{"contract_id": contract.id, "kind": "purchase", "points": 0.0}])
        self.assertEqual(len(contract.points_move_ids), 1)

    def test_writing_a_counter_adds_an_adjustment(self):
        contract = self._points_contract()
        contract.points_used = 7
        contract.points_total = 25
        self.assertEqual(
            self._counters(contract),
            {"points_total": 25.0, "points_used": 7.0, "points_remaining": 18.0},
        )
        adjustments = contract.points_move_ids.filtered(
            lambda move: move.kind == "adjustment"
        )
        self.assertRecordValues(
            adjustments.sorted("id"),
            [
                {"counter": "used", "points": -7.0},
                {"counter": "total", "points": 5.0},
            ],
        )
        # Writing what the ledger already says adds nothing.
        contract.write({"points_total": 25, "points_used": 7})
        self.assertEqual(len(contract.points_move_ids), 3)
        # The form writes through the same inverse.
        with Form(contract.with_user(self.user)) as form:
            form.points_used = 3
        self.assertRecordValues(
            contract.points_move_ids.sorted("id")[-1],
            [{"kind": "adjustment", "counter": "used", "points": 4.0}],
        )
        self.assertEqual(contract.points_remaining, 22.0)
        # A counter set at creation (an import, the form) is a row too.
        imported = self._create_contract(
            template_id=False, contract_type="points", points_total=12, points_used=2
        )
        self.assertRecordValues(
            imported.points_move_ids.sorted("id"),
            [
                {"kind": "initial", "counter": "total", "points": 12.0},
                {"kind": "adjustment", "counter": "used", "points": -2.0},
            ],
        )
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            imported.points_total = -1
        self.assertEqual(imported.points_total, 12.0)

    def test_a_new_template_presets_its_points(self):
        contract = self._create_contract(template_id=False, contract_type="points")
        self.assertFalse(contract.points_move_ids)
        contract.template_id = self.points_template
        self.assertRecordValues(
            contract.points_move_ids, [{"kind": "initial", "points": 20.0}]
        )
        other = self.env["service.contract.template"].create(
            {"name": "30 points", "contract_type": "points", "points_total": 30}
        )
        contract.template_id = other
        self.assertEqual(contract.points_total, 30.0)
        self.assertRecordValues(
            contract.points_move_ids.sorted("id")[-1],
            [{"kind": "adjustment", "counter": "total", "points": 10.0}],
        )
        # The same template again changes nothing.
        contract.template_id = other
        self.assertEqual(len(contract.points_move_ids), 2)

    def test_users_cannot_edit_or_delete_rows(self):
        contract = self._points_contract()
        move = contract.points_move_ids
        for user in (self.user, self.manager):  # read, nothing else
            as_user = move.with_user(user)
            self.assertEqual(as_user.points, 20.0, "the ledger is readable")
            with self.assertRaises(AccessError):
                as_user.points = 50.0
            with self.assertRaises(AccessError):
                as_user.unlink()
        with self.assertRaises(AccessError):
            self.env["service.contract.points.move"].with_user(self.user).create(
                {"contract_id": contract.id, "counter": "total", "points": 5.0}
            )
        # Even a manager only adjusts: the other kinds follow from documents.
        for kind in ("initial", "purchase", "consumption"):
            with self.assertRaisesRegex(UserError, "Only adjustments"):
                self.env["service.contract.points.move"].with_user(self.manager).create(
                    {"contract_id": contract.id, "kind": kind, "points": -1.0}
                )
        # Not even the administrator: a movement is undone by another one.
        admin_move = move.with_user(self.env.ref("base.user_admin"))
        with self.assertRaises(AccessError):
            admin_move.points = 50.0
        with self.assertRaises(AccessError):
            admin_move.unlink()
        self.assertRecordValues(move, [{"points": 20.0}])
        self.assertEqual(contract.points_total, 20.0)

    def test_another_company_does_not_see_the_ledger(self):
        contract = self._points_contract()
        other_company = self.env["res.company"].create({"name": "Other Site"})
        stranger = self._create_user(
            "sc_points_stranger",
            "service_contract.group_service_contract_user",
            company=other_company,
        )
        Move = self.env["service.contract.points.move"].with_user(stranger)
        self.assertFalse(Move.search([("contract_id", "=", contract.id)]))
        self.assertTrue(
            self.env["service.contract.points.move"]
            .with_user(self.user)
            .search([("contract_id", "=", contract.id)])
        )


@tagged("post_install", "-at_install")
class TestPointsLedgerConcurrency(TransactionCase):
    """Two consumptions at once, in two real transactions, both count."""

    def _env(self, cr):
        return api.Environment(cr, SUPERUSER_ID, {})

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = self._env(cr)
            partner = env["res.partner"].create({"name": "Concurrent Points"})
            contract = env["service.contract"].create(
                {
                    "partner_id": partner.id,
                    "contract_type": "points",
                    "points_total": 10,
                }
            )
            self.contract_id, self.partner_id = contract.id, partner.id
        self.addCleanup(self._drop_committed_data)

    def _drop_committed_data(self):
        with self.registry.cursor() as cr:
            env = self._env(cr)
            env["service.contract"].browse(self.contract_id).unlink()
            env["res.partner"].browse(self.partner_id).unlink()

    def _consume(self, env, points):
        return env["service.contract"]._add_points_moves(
            [
                {
                    "contract_id": self.contract_id,
                    "kind": "consumption",
                    "points": -points,
                }
            ]
        )

    def test_two_consumptions_at_once_both_count(self):
        attempts = []

        def consume_in_b():
            attempts.append(1)
            self._consume(env_b, 3.0)

        with self.registry.cursor() as cr_a, self.registry.cursor() as cr_b:
            env_a, env_b = self._env(cr_a), self._env(cr_b)
            # Both transactions have read the contract: 10 points left.
            for env in (env_a, env_b):
                contract = env["service.contract"].browse(self.contract_id)
                self.assertEqual(contract.points_remaining, 10.0)
            self._consume(env_a, 4.0)
            env_a.flush_all()
            cr_a.commit()  # pylint: disable=invalid-commit
            # B consumed from the same 10 points: its counters, computed
            # without A's row, may not overwrite A's. The database refuses,
            # and B is run again, as Odoo runs a request again.
            with mute_logger("odoo.sql_db"):  # the refused update is logged
                retrying(consume_in_b, env_b)
        self.assertEqual(len(attempts), 2, "B's first attempt must not be written")
        with self.registry.cursor() as cr:
            contract = self._env(cr)["service.contract"].browse(self.contract_id)
            self.assertRecordValues(
                contract,
                [{"points_total": 10.0, "points_used": 7.0, "points_remaining": 3.0}],
            )
            self.assertEqual(
                sorted(
                    contract.points_move_ids.filtered(
                        lambda move: move.kind == "consumption"
                    ).mapped("points")
                ),
                [-4.0, -3.0],
            )
