from odoo import Command
from odoo.tests import tagged

from .common import ServiceContractCommon

REPORT = "service_contract.report_service_contract"


@tagged("post_install", "-at_install")
class TestReportFrench(ServiceContractCommon):
    """The contract PDF speaks the customer's language: French from fr.po."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.env["ir.module.module"]._load_module_terms(["service_contract"], ["fr_FR"])
        cls.partner.lang = "fr_FR"
        cls.english_partner = cls.env["res.partner"].create(
            {"name": "Northwind", "is_company": True, "lang": "en_US"}
        )
        cls.lot.service_address_id = cls.partner_site

    def _render(self, contracts):
        html, report_type = self.env["ir.actions.report"]._render_qweb_html(
            REPORT, contracts.ids
        )
        self.assertEqual(report_type, "html")
        return html.decode()

    def _contract(self, partner):
        return self._create_contract(
            partner_id=partner.id,
            template_id=self.warranty_template.id,
            user_id=self.env.user.id,
            external_ref="PO-77",
            terms="<p>Parts and labour for one year.</p>",
            lot_ids=[Command.link(self.lot.id)] if partner == self.partner else [],
        )

    def test_report_in_french(self):
        contract = self._contract(self.partner)
        html = self._render(contract)
        for french in (
            "Garantie",  # the contract type, a selection label
            "– contrat",
            "<strong>Début</strong>",
            "<strong>Fin</strong>",
            "<strong>Représentant commercial</strong>",
            "<strong>Votre référence</strong>",
            "Équipements couverts",
            "Numéro de série",
            "Produit",
            "Installé chez",
            "Niveaux de service",
            "Groupe de compétences",
            "Réponse (h)",
            "Résolution (h)",
            "Conditions de service",
        ):
            self.assertIn(french, html)
        for english in (
            "Warranty",
            "<strong>Start</strong>",
            "<strong>End</strong>",
            "Sales Representative",
            "Your Reference",
            "Covered equipment",
            "Serial Number",
            "Installed At",
            "Service levels",
            "Skills Group",
            "Response (h)",
            "Terms of Service",
        ):
            self.assertNotIn(english, html)
        # What the user typed is printed as typed.
        for data in (contract.name, "SN-T-0001", "Workshop B", "PO-77", "On-site"):
            self.assertIn(data, html)
        report = self.env.ref("service_contract.action_report_service_contract")
        self.assertEqual(
            report.with_context(lang="fr_FR").print_report_name,
            "'Contrat - %s' % object.name",
        )

    def test_whole_installed_base_and_points_in_french(self):
        template = self.env["service.contract.template"].create(
            {"name": "Points", "contract_type": "points", "points_total": 40}
        )
        contract = self._create_contract(template_id=template.id, points_used=5)
        contract.whole_installed_base = True
        html = self._render(contract)
        self.assertIn(
            "Ce contrat couvre tous les équipements installés dans vos locaux.", html
        )
        self.assertIn("Points :", html)
        self.assertIn("(utilisés :", html)
        self.assertNotIn("covers every unit installed", html)
        self.assertNotIn("(used:", html)

    def test_each_customer_gets_their_language(self):
        """One print of a French and an English customer's contracts."""
        french = self._contract(self.partner)
        english = self._contract(self.english_partner)
        html = self._render(french | english)
        self.assertIn("Conditions de service", html)
        self.assertIn("Terms of Service", html)
        english_html = self._render(english)
        self.assertIn("<strong>Start</strong>", english_html)
        self.assertNotIn("Conditions de service", english_html)
