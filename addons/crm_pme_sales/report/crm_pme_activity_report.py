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

    def _query(self):
        return SQL(
            """
            WITH events AS (
                SELECT u.id AS user_id, m.date::date AS date,
                       u.company_id AS company_id,
                       CASE t.category WHEN 'phonecall' THEN 'call'
                            WHEN 'meeting' THEN 'meeting'
                            ELSE 'activity' END AS kind
                  FROM mail_message m
                  JOIN res_users u ON u.partner_id = m.author_id
                  JOIN mail_activity_type t ON t.id = m.mail_activity_type_id
                 WHERE m.model IN %(models)s
                UNION ALL
                SELECT u.id, m.date::date, u.company_id, 'email'
                  FROM mail_message m
                  JOIN res_users u ON u.partner_id = m.author_id
                  JOIN mail_message_subtype st ON st.id = m.subtype_id
                 WHERE m.model IN %(models)s
                   AND m.message_type IN ('email', 'comment')
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
                SELECT p.create_uid, p.create_date::date,
                       COALESCE(p.company_id, u.company_id), 'prospect'
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
             GROUP BY date, user_id, company_id
            """,
            models=ACTIVITY_MODELS,
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                "CREATE OR REPLACE VIEW %s AS (%s)",
                SQL.identifier(self._table),
                self._query(),
            )
        )
