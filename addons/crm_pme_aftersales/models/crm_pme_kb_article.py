# Copyright 2026 CRM PME contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.tools import SQL, html2plaintext


class CrmPmeKbArticle(models.Model):
    _name = "crm.pme.kb.article"
    _description = "Knowledge base article"
    _inherit = ["mail.thread"]
    _order = "helpful_count desc, name, id"
    _check_company_auto = True

    name = fields.Char(string="Title", required=True, tracking=True)
    body = fields.Html(sanitize_style=True)
    tag_ids = fields.Many2many("helpdesk.ticket.tag", string="Tags")
    category_id = fields.Many2one("helpdesk.ticket.category", check_company=True)
    product_id = fields.Many2one("product.product", check_company=True)
    is_published = fields.Boolean(string="Published", default=True, tracking=True)
    helpful_count = fields.Integer(string="Found helpful", readonly=True, copy=False)
    company_id = fields.Many2one(
        "res.company", index=True, default=lambda self: self.env.company
    )
    active = fields.Boolean(default=True)

    @api.model
    def _search_ranked(self, text, limit=5):
        """Published articles matching ``text``, best first, by PostgreSQL
        full-text search in the French configuration (stemming, stop words):
        the title weighs more than the body. One SQL query."""
        text = (text or "").strip()
        if not text:
            return self.browse()
        # plainto_tsquery stems and cleans the words, joined by AND; any of
        # them should suggest an article, so AND becomes OR.
        query = SQL(
            """
            WITH q AS (
                SELECT replace(
                    plainto_tsquery('french', %(text)s)::text, '&', '|'
                )::tsquery AS query
            )
            SELECT a.id
              FROM crm_pme_kb_article a, q
             WHERE a.active AND a.is_published
               AND (a.company_id IS NULL OR a.company_id IN %(companies)s)
               AND q.query::text != ''
               AND %(document)s @@ q.query
             ORDER BY ts_rank(%(document)s, q.query) DESC, a.helpful_count DESC, a.id
             LIMIT %(limit)s
            """,
            text=text,
            companies=tuple(self.env.companies.ids),
            document=self._tsvector_sql("a"),
            limit=limit,
        )
        self.env.flush_all()
        self.env.cr.execute(query)
        # The WHERE clause applies the record rules' conditions (published,
        # the user's companies) in the same query.
        return self.browse([row[0] for row in self.env.cr.fetchall()])

    @api.model
    def _tsvector_sql(self, alias):
        return SQL(
            "setweight(to_tsvector('french', coalesce(%(name)s, '')), 'A') || "
            "setweight(to_tsvector('french', regexp_replace("
            "coalesce(%(body)s, ''), '<[^>]*>', ' ', 'g')), 'B')",
            name=SQL.identifier(alias, "name"),
            body=SQL.identifier(alias, "body"),
        )

    def action_mark_helpful(self):
        self.ensure_one()
        # sudo: anyone who reads an article may say it helped, without the
        # right to edit it; only the counter is touched.
        self.sudo().helpful_count += 1
        return True

    def action_insert_into_ticket(self):
        """From the ticket's suggestions: reply to the ticket with this text."""
        self.ensure_one()
        ticket = self.env["helpdesk.ticket"].browse(
            self.env.context.get("crm_pme_ticket_id")
        )
        ticket.check_access("read")
        return ticket.with_context(
            crm_pme_article_id=self.id
        ).action_crm_pme_insert_article()

    def _plain_body(self):
        self.ensure_one()
        return html2plaintext(self.body or "")
