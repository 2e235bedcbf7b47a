from odoo.tests import TransactionCase, new_test_user

CONTRACT_REPORT = "service_contract.report_service_contract"


class DemoStoryCase(TransactionCase):
    """Checks of the demo story, as a user with ``story_groups``."""

    story_groups = "service_contract.group_service_contract_user"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = new_test_user(
            cls.env, login=f"demo_story_{cls.__module__}", groups=cls.story_groups
        )
        cls.user_env = cls.env(user=cls.user)

    def _render(self, records, report=CONTRACT_REPORT):
        """The HTML of ``report`` for ``records``, rendered as the user."""
        html, report_type = self.user_env["ir.actions.report"]._render_qweb_html(
            report, records.ids
        )
        self.assertEqual(report_type, "html")
        return html.decode()

    def _bare_contract(self, contract_type="maintenance"):
        """A contract with nothing but its customer: no optional section."""
        return self.env["service.contract"].create(
            {
                "partner_id": self.env.ref("service_contract.partner_northwind").id,
                "contract_type": contract_type,
            }
        )
