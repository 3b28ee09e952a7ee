from odoo.tests import TransactionCase, tagged
from odoo.tools import html2plaintext


@tagged("post_install", "-at_install")
class TestDemoTexts(TransactionCase):
    """The demo tickets and interventions hold HTML, not escaped tags shown as text."""

    def test_demo_texts_are_html(self):
        records = [
            self.env.ref(f"crm_pme_aftersales.{xmlid}", raise_if_not_found=False)
            for xmlid in (
                "helpdesk_ticket_demo_new",
                "helpdesk_ticket_demo_in_progress",
                "helpdesk_ticket_demo_awaiting",
            )
        ]
        records = [record for record in records if record]
        if not records:
            self.skipTest("installed without demo data")
        interventions = self.env["crm.pme.intervention"].search(
            [("work_report", "!=", False)]
        )
        texts = [record.description for record in records] + [
            intervention.work_report for intervention in interventions
        ]
        for text in texts:
            plain = html2plaintext(text or "")
            self.assertTrue(plain.strip())
            self.assertNotIn("<", plain)
            self.assertNotIn("&lt;", str(text))
        self.assertIn("<p>", str(records[0].description))
