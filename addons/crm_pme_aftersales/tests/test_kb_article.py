from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from .common import AftersalesCase


@tagged("post_install", "-at_install", "is_query_count")
class TestKbArticle(AftersalesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Demo articles must not change the ranking of ours.
        cls.env["crm.pme.kb.article"].search([]).active = False
        Article = cls.env["crm.pme.kb.article"]
        cls.boiler = Article.create(
            {
                "name": "Chaudière ZX en sécurité",
                "body": "<p>Réarmer le brûleur de la chaudière après un défaut "
                "de flamme.</p>",
                "company_id": cls.company_a.id,
            }
        )
        cls.printer = Article.create(
            {
                "name": "Imprimante ZX introuvable",
                "body": "<p>Donner une adresse IP fixe à l'imprimante.</p>",
                "company_id": cls.company_a.id,
            }
        )
        cls.mention = Article.create(
            {
                "name": "Entretien annuel ZX",
                "body": "<p>Le contrat couvre aussi les chaudières.</p>",
                "company_id": cls.company_a.id,
            }
        )
        cls.draft = Article.create(
            {
                "name": "Chaudière ZX brouillon",
                "body": "<p>Chaudière chaudière chaudière.</p>",
                "is_published": False,
                "company_id": cls.company_a.id,
            }
        )
        cls.other_company = Article.create(
            {
                "name": "Chaudières ZX Nantes",
                "body": "<p>Chaudière.</p>",
                "company_id": cls.company_b.id,
            }
        )
        cls.ticket = cls.env["helpdesk.ticket"].create(
            {
                "name": "Nos chaudières se mettent en sécurité",
                "description": "<p>Défaut de flamme sur la chaudière du hall.</p>",
                "partner_id": cls.customer.id,
                "company_id": cls.company_a.id,
                "user_id": cls.support.id,
            }
        )

    def test_ranked_french_full_text(self):
        suggestions = self.ticket.with_user(self.support).crm_pme_kb_suggestion_ids
        # Stemming: "chaudières" finds "chaudière"; the title weighs more.
        self.assertEqual(suggestions[:2].ids, [self.boiler.id, self.mention.id])
        self.assertNotIn(self.printer, suggestions)
        self.assertNotIn(self.draft, suggestions)
        self.assertNotIn(self.other_company, suggestions)
        Article = self.env["crm.pme.kb.article"]
        self.assertFalse(Article._search_ranked(""))
        self.assertFalse(Article._search_ranked("xylophone"))
        self.assertFalse(Article._search_ranked("'); DROP TABLE x; --"))

    def test_one_query(self):
        Article = self.env["crm.pme.kb.article"].with_user(self.support)
        Article._search_ranked("chaudière")
        self.env.invalidate_all()
        with self.assertQueryCount(1):
            found = Article._search_ranked("chaudière en panne")
        self.assertEqual(found[:1], self.boiler)

    def test_helpful_insert_and_create_from_ticket(self):
        self.boiler.with_user(self.tech).action_mark_helpful()
        self.assertEqual(self.boiler.helpful_count, 1)
        with self.assertRaises(AccessError):
            self.boiler.with_user(self.tech).write({"name": "Changé"})
        action = (
            self.boiler.with_user(self.support)
            .with_context(crm_pme_ticket_id=self.ticket.id)
            .action_insert_into_ticket()
        )
        self.assertEqual(action["res_model"], "mail.compose.message")
        self.assertIn("Réarmer", action["context"]["default_body"])
        self.assertEqual(action["context"]["default_res_ids"], self.ticket.ids)
        action = self.ticket.with_user(self.support).action_crm_pme_create_kb_article()
        form = Form(
            self.env["crm.pme.kb.article"]
            .with_user(self.support)
            .with_context(**action["context"])
        )
        article = form.save()
        self.assertEqual(article.name, self.ticket.name)
        self.assertFalse(article.is_published)
        self.assertIn("Défaut de flamme", article.body)
        # Drafts are hidden from technicians, and from the other company.
        Article = self.env["crm.pme.kb.article"]
        self.assertNotIn(article, Article.with_user(self.tech).search([]))
        self.assertIn(self.boiler, Article.with_user(self.tech).search([]))
        self.assertNotIn(self.boiler, Article.with_user(self.user_b).search([]))
