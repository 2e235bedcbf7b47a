"""Access rights, checked as the people who use the product.

Each addon's ``test_access_rights.py`` states in a table what each group may
do with each of its models (``"r"`` read, ``"w"`` write, ``"c"`` create,
``"u"`` unlink), as the product means it, and checks it here with a
non-admin user of that group. The expectations are written in the tests, not
read back from the access files: a change to a file that opens or closes an
operation fails the table until someone decides it on purpose.
"""

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user

OPERATIONS = {"r": "read", "w": "write", "c": "create", "u": "unlink"}

# The people who use the product, by the groups Odoo gives them. Odoo 18's
# repair orders have no group of their own: a repair user is an inventory
# user, so "stock" stands for the warehouse and the repair desk.
PERSONAS = {
    "sc_user": "service_contract.group_service_contract_user",
    "sc_manager": "service_contract.group_service_contract_manager",
    "salesman": "sales_team.group_sale_salesman",
    "stock": "stock.group_stock_user",
    "accountant": "account.group_account_invoice",
    "employee": "base.group_user",
}


class AccessTableMixin:
    """Table-driven access checks for a ``TransactionCase``."""

    @classmethod
    def _create_personas(cls, company=None, suffix=""):
        company = company or cls.env.company
        return {
            key: new_test_user(
                cls.env,
                login=f"access_{key}{suffix}",
                groups=groups,
                company_id=company.id,
                company_ids=[Command.set(company.ids)],
            )
            for key, groups in PERSONAS.items()
        }

    @classmethod
    def _create_other_company_user(cls, login, groups, name="Site B"):
        """A new company and a user of it only, with ``groups`` and the
        export right (the isolation tests export)."""
        company = cls.env["res.company"].create({"name": name})
        user = new_test_user(
            cls.env,
            login=login,
            groups=f"{groups},base.group_allow_export",
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )
        return company, user

    def _assert_table_names_every_model(self, module, expected):
        """The table states every model ``module``'s access file grants
        something on (the rights themselves are the table's)."""
        res_ids = (
            self.env["ir.model.data"]
            .search([("module", "=", module), ("model", "=", "ir.model.access")])
            .mapped("res_id")
        )
        access = self.env["ir.model.access"].browse(res_ids)
        self.assertEqual(set(access.model_id.mapped("model")), set(expected))

    def _assert_model_access(self, model_name, expected, record=None):
        """``expected``: {persona: "rwcu" letters it may use}; every persona
        of ``self.personas`` is checked, the missing ones may do nothing.

        Each operation a persona may not use is refused with an
        ``AccessError`` naming the model; with ``record`` (a record of that
        model, made by the administrator), read, write and unlink are really
        attempted on it (write with no values, unlink only when refused) and
        the record is left as it was."""
        unknown = set(expected) - set(self.personas)
        self.assertFalse(unknown, f"unknown personas in the {model_name} table")
        for persona, user in self.personas.items():
            allowed = expected.get(persona, "")
            Model = self.env[model_name].with_user(user)
            for letter, operation in OPERATIONS.items():
                verb = "may" if letter in allowed else "may not"
                where = f"{persona} {verb} {operation} {model_name}"
                with self.subTest(persona=persona, model=model_name, op=operation):
                    # The record cache is shared by every user of the
                    # transaction: empty it, so that each read goes to the
                    # database with this user's rights.
                    self.env.invalidate_all()
                    if letter in allowed:
                        self.assertTrue(Model.has_access(operation), where)
                        if record is not None and letter != "c":
                            record.with_user(user).check_access(operation)
                        if record is not None and letter == "r":
                            record.with_user(user).read(["display_name"])
                        continue
                    self.assertFalse(Model.has_access(operation), where)
                    with self.assertRaises(AccessError, msg=where) as caught:
                        self._attempt(Model, record, letter)
                    self.assertIn(model_name, str(caught.exception), where)
        if record is not None:
            self.assertTrue(record.exists(), f"{model_name} record was deleted")

    def _attempt(self, Model, record, letter):
        """Really attempt the refused operation ``letter``."""
        if letter == "c":
            Model.create({})
        elif record is None:
            Model.check_access(OPERATIONS[letter])
        elif letter == "r":
            record.with_user(Model.env.user).read(["display_name"])
        elif letter == "w":
            record.with_user(Model.env.user).write({})
        else:
            record.with_user(Model.env.user).unlink()

    def _assert_form_opens(self, record, personas, view=None):
        """Each of ``personas`` opens ``record``'s form (every field and
        sub-list the form shows it is read) without an access error."""
        for persona in personas:
            with self.subTest(persona=persona, form=record._name):
                self.env.invalidate_all()
                form = Form(record.with_user(self.personas[persona]), view=view)
                self.assertEqual(form.id, record.id)

    def _assert_out_of_reach(self, user, records, field="display_name"):
        """``records`` (of one model) are out of ``user``'s reach whichever
        way they look: search, read, name_search, grouped lists, export."""
        Model = self.env[records._name].with_user(user)
        self.assertTrue(records, f"no {records._name} to hide")
        self.env.invalidate_all()
        where = f"{records._name} seen by {user.login} through"
        self.assertFalse(Model.search([("id", "in", records.ids)]), f"{where} search")
        with self.assertRaises(AccessError, msg=f"{where} read"):
            records.with_user(user).read([field])
        self.env.invalidate_all()
        found = set()
        for record in records.sudo():
            found |= {rid for rid, _name in Model.name_search(record.display_name)}
        self.assertFalse(found & set(records.ids), f"{where} name_search")
        groups = Model._read_group([("id", "in", records.ids)], aggregates=["__count"])
        self.assertEqual(groups, [(0,)], f"{where} _read_group")
        grouped = Model.read_group([("id", "in", records.ids)], ["id:count"], [])
        self.assertEqual(grouped[0]["__count"], 0, f"{where} read_group")
        exported = Model.search([("id", "in", records.ids)]).export_data([field])
        self.assertEqual(exported["datas"], [], f"{where} export_data")
        # Exporting the records by id reads a stored column of theirs.
        stored = next(
            name
            for name, definition in records._fields.items()
            if definition.store and definition.column_type and name != "id"
        )
        self.env.invalidate_all()
        with self.assertRaises(AccessError, msg=f"{where} export_data of the ids"):
            records.with_user(user).export_data([stored])
