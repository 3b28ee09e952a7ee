from odoo import fields, models, tools
from odoo.tools import SQL

ACTIVITY_MODELS = ("crm.lead", "res.partner", "sale.order")


class CrmPmeActivityReport(models.Model):
    """Sales activity per salesperson and day (group it by week): activities
    done by kind, emails sent, quotes sent, orders won and prospects
    created."""

    _name = "crm.pme.activity.report"
    _description = "Sales activity analysis"
    _auto = False
    _rec_name = "date"
    _order = "date desc"

    date = fields.Date(readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    call_count = fields.Integer(string="Calls", readonly=True)
    meeting_count = fields.Integer(string="Meetings", readonly=True)
    other_activity_count = fields.Integer(string="Other activities", readonly=True)
    email_count = fields.Integer(string="Emails sent", readonly=True)
    quote_count = fields.Integer(string="Quotes sent", readonly=True)
    order_count = fields.Integer(string="Orders won", readonly=True)
    prospect_count = fields.Integer(string="Prospects created", readonly=True)

    @property
    def _table_query(self):
        return self._query()

    def _query(self):
        """Each event belongs to the company of the record it is about (the
        lead's, the order's, the partner's), never to the salesperson's
        default company. A message on a record shared by the companies
        belongs to the company the author was working in when posting it
        (``record_company_id``); a prospect shared by the companies to none.
        Only the events of the allowed companies are read."""
        return SQL(
            """
            WITH messages AS (
                SELECT m.id, m.date, m.message_type, m.mail_activity_type_id,
                       m.subtype_id, u.id AS user_id,
                       COALESCE(l.company_id, so.company_id, p.company_id,
                                m.record_company_id) AS company_id
                  FROM mail_message m
                  JOIN res_users u ON u.partner_id = m.author_id
                  LEFT JOIN crm_lead l
                    ON m.model = 'crm.lead' AND l.id = m.res_id
                  LEFT JOIN sale_order so
                    ON m.model = 'sale.order' AND so.id = m.res_id
                  LEFT JOIN res_partner p
                    ON m.model = 'res.partner' AND p.id = m.res_id
                 WHERE m.model IN %(models)s
            ), events AS (
                SELECT m.user_id, m.date::date AS date, m.company_id,
                       CASE t.category WHEN 'phonecall' THEN 'call'
                            WHEN 'meeting' THEN 'meeting'
                            ELSE 'activity' END AS kind
                  FROM messages m
                  JOIN mail_activity_type t ON t.id = m.mail_activity_type_id
                UNION ALL
                SELECT m.user_id, m.date::date, m.company_id, 'email'
                  FROM messages m
                  JOIN mail_message_subtype st ON st.id = m.subtype_id
                 WHERE m.message_type IN ('email', 'comment')
                   AND m.mail_activity_type_id IS NULL
                   AND NOT COALESCE(st.internal, FALSE)
                UNION ALL
                SELECT so.user_id, so.create_date::date, so.company_id, 'quote'
                  FROM sale_order so
                 WHERE so.state IN ('sent', 'sale') AND so.user_id IS NOT NULL
                UNION ALL
                SELECT so.user_id, so.date_order::date, so.company_id, 'order'
                  FROM sale_order so
                 WHERE so.state = 'sale' AND so.user_id IS NOT NULL
                UNION ALL
                SELECT p.create_uid, p.create_date::date, p.company_id, 'prospect'
                  FROM res_partner p
                  JOIN res_users u ON u.id = p.create_uid
                 WHERE p.is_company AND p.parent_id IS NULL
                   AND NOT u.share
            )
            SELECT ROW_NUMBER() OVER (ORDER BY date, user_id, company_id) AS id,
                   date, user_id, company_id,
                   COUNT(*) FILTER (WHERE kind = 'call') AS call_count,
                   COUNT(*) FILTER (WHERE kind = 'meeting') AS meeting_count,
                   COUNT(*) FILTER (WHERE kind = 'activity')
                       AS other_activity_count,
                   COUNT(*) FILTER (WHERE kind = 'email') AS email_count,
                   COUNT(*) FILTER (WHERE kind = 'quote') AS quote_count,
                   COUNT(*) FILTER (WHERE kind = 'order') AS order_count,
                   COUNT(*) FILTER (WHERE kind = 'prospect') AS prospect_count
              FROM events
             WHERE company_id IN %(companies)s OR company_id IS NULL
             GROUP BY date, user_id, company_id
            """,
            models=ACTIVITY_MODELS,
            companies=tuple(self.env.companies.ids),
        )

    def init(self):
        # The report was an SQL view before it read the allowed companies
        # (_table_query): drop the view left by older versions.
        tools.drop_view_if_exists(self.env.cr, self._table)
