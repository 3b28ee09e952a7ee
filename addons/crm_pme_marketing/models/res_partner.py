import base64

from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.crm_pme_base.tools import revenue

from ..tools import rfm as rfm_rules

RFM_SEGMENTS = [
    ("champions", "Champions"),
    ("loyal", "Loyal"),
    ("cannot_lose", "Cannot lose them"),
    ("at_risk", "At risk"),
    ("new", "New customers"),
    ("promising", "Promising"),
    ("hibernating", "Hibernating"),
    ("lost", "Lost customers"),
]
# Company-dependent figures (one value per company, jsonb keyed by company id)
# written by _crm_pme_rfm_sql, and the SQL expression of each.
RFM_FIELDS = {
    "rfm_recency_score": "r",
    "rfm_frequency_score": "f",
    "rfm_monetary_score": "m",
    "rfm_segment": "segment",
    "rfm_last_invoice_date": "last_date",
    "rfm_invoice_count": "freq",
    "rfm_amount": "amount",
}
LIFECYCLE_COLOURS = {
    "prospect": "#1f77b4",
    "active": "#2ca02c",
    "at_risk": "#ff7f0e",
    "lost": "#d62728",
}
MARKER_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="32" height="42" '
    'viewBox="0 0 32 42"><path d="M16 1C7.7 1 1 7.7 1 16c0 11 15 25 15 25s15-14 '
    '15-25C31 7.7 24.3 1 16 1z" fill="{colour}" stroke="#333" stroke-width="1.5"/>'
    '<circle cx="16" cy="16" r="6" fill="#fff"/></svg>'
)
SCORE_HELP = "Quintile 1 (lowest) to 5 (best) among the customers of the company."


class ResPartner(models.Model):
    _inherit = "res.partner"

    # Company-dependent: a partner shared between companies has the scores
    # of each company's own invoices, shown in the current company.
    rfm_recency_score = fields.Integer(
        string="Recency score",
        readonly=True,
        company_dependent=True,
        help=SCORE_HELP,
    )
    rfm_frequency_score = fields.Integer(
        string="Frequency score",
        readonly=True,
        company_dependent=True,
        help=SCORE_HELP,
    )
    rfm_monetary_score = fields.Integer(
        string="Monetary score",
        readonly=True,
        company_dependent=True,
        help=SCORE_HELP,
    )
    rfm_score = fields.Char(string="RFM score", compute="_compute_rfm_score")
    rfm_segment = fields.Selection(
        RFM_SEGMENTS, string="RFM group", readonly=True, company_dependent=True
    )
    rfm_last_invoice_date = fields.Date(
        string="Last invoice (RFM)", readonly=True, company_dependent=True
    )
    rfm_invoice_count = fields.Integer(
        string="Invoices (RFM window)", readonly=True, company_dependent=True
    )
    rfm_amount = fields.Float(
        string="Invoiced untaxed (RFM window)",
        readonly=True,
        company_dependent=True,
        digits="Account",
        help="Posted customer invoices net of refunds, untaxed, in the "
        "currency of the company (invoices in another currency at the rate of "
        "their date).",
    )
    rfm_date = fields.Date(
        string="RFM computed on",
        compute="_compute_rfm_date",
        help="The last run of the RFM scores of the company.",
    )
    crm_pme_phone_wrong = fields.Boolean(
        string="Wrong phone number",
        copy=False,
        help="A caller reported that the phone number is wrong: phoning "
        "campaigns leave this contact out until the number is fixed.",
    )
    crm_pme_map_marker = fields.Binary(
        string="Map marker", compute="_compute_crm_pme_map_marker"
    )

    @api.depends("rfm_recency_score", "rfm_frequency_score", "rfm_monetary_score")
    def _compute_rfm_score(self):
        for partner in self:
            scores = (
                partner.rfm_recency_score,
                partner.rfm_frequency_score,
                partner.rfm_monetary_score,
            )
            partner.rfm_score = "".join(map(str, scores)) if all(scores) else False

    @api.depends("rfm_segment")
    @api.depends_context("company")
    def _compute_rfm_date(self):
        computed_on = self.env.company.crm_pme_rfm_date
        for partner in self:
            partner.rfm_date = computed_on if partner.rfm_segment else False

    @api.depends("lifecycle_state")
    @api.depends_context("company")
    def _compute_crm_pme_map_marker(self):
        """A map pin coloured by lifecycle, for the leaflet map view."""
        for partner in self:
            colour = LIFECYCLE_COLOURS.get(partner.lifecycle_state, "#7f7f7f")
            partner.crm_pme_map_marker = base64.b64encode(
                MARKER_SVG.format(colour=colour).encode()
            )

    def write(self, vals):
        if {"phone", "mobile"} & vals.keys() and "crm_pme_phone_wrong" not in vals:
            vals = dict(vals, crm_pme_phone_wrong=False)
        return super().write(vals)

    @api.model
    def _crm_pme_rfm_segment_sql(self):
        """The CASE of tools/rfm.py's SEGMENT_RULES over columns r, f, m."""
        fm = SQL("((s.f + s.m + 1) / 2)")
        whens = [
            SQL(
                "WHEN s.r BETWEEN %s AND %s AND %s BETWEEN %s AND %s THEN %s",
                r_min,
                r_max,
                fm,
                fm_min,
                fm_max,
                name,
            )
            for name, r_min, r_max, fm_min, fm_max in rfm_rules.SEGMENT_RULES
        ]
        return SQL("CASE %s END", SQL(" ").join(whens))

    @api.model
    def _crm_pme_rfm_sql(self, today):
        """One statement: score every commercial entity in every company
        from its posted customer invoices (net of refunds) of the company's
        window, and write only the partners whose figures changed; return
        their ids. Invoices, amounts and dates are those of crm_pme_base's
        invoiced revenue (tools/revenue.py).

        Figures belong to the invoicing company: quintiles are taken per
        company (NTILE over a partition), amounts are in the company's
        currency (``amount_untaxed_signed``, converted at the invoice's
        date), and each company's values go under its own key of the
        company-dependent columns. Partners without invoices in a company's
        window have no value in that company."""
        columns = [
            (SQL.identifier(name), SQL(alias)) for name, alias in RFM_FIELDS.items()
        ]
        return SQL(
            """
            WITH invoices AS (
                SELECT r.partner_id,
                       r.company_id,
                       r.last_invoice_date AS last_date,
                       r.invoice_count AS freq,
                       r.revenue AS amount
                  FROM (%(revenue)s) r
            ), scored AS (
                SELECT i.*,
                       NTILE(5) OVER (PARTITION BY i.company_id
                                      ORDER BY i.last_date, i.partner_id) AS r,
                       NTILE(5) OVER (PARTITION BY i.company_id
                                      ORDER BY i.freq, i.partner_id) AS f,
                       NTILE(5) OVER (PARTITION BY i.company_id
                                      ORDER BY i.amount, i.partner_id) AS m
                  FROM invoices i
                 WHERE i.freq > 0
            ), by_partner AS (
                SELECT s.partner_id, %(aggregates)s
                  FROM (SELECT s.*, %(segment)s AS segment FROM scored s) s
                 GROUP BY s.partner_id
            ), target AS (
                SELECT p.id, %(target_columns)s
                  FROM res_partner p
                  LEFT JOIN by_partner b ON b.partner_id = p.id
                 WHERE b.partner_id IS NOT NULL
                    OR p.rfm_segment IS NOT NULL
            )
            UPDATE res_partner p
               SET %(assignments)s,
                   write_uid = %(uid)s,
                   write_date = NOW() AT TIME ZONE 'UTC'
              FROM target t
             WHERE p.id = t.id
               AND (%(changed)s)
            RETURNING p.id
            """,
            revenue=revenue.customer_revenue_sql(
                # The company's window: its last crm_pme_rfm_months months.
                date_from=SQL(
                    "(%s::date - make_interval(months => c.crm_pme_rfm_months))"
                    "::date + 1",
                    today,
                ),
                date_to=today,
            ),
            uid=self.env.uid,
            segment=self._crm_pme_rfm_segment_sql(),
            aggregates=SQL(", ").join(
                SQL(
                    "jsonb_object_agg(s.company_id::text, to_jsonb(s.%s)) AS %s",
                    alias,
                    alias,
                )
                for _name, alias in columns
            ),
            target_columns=SQL(", ").join(
                SQL("b.%s AS %s", alias, name) for name, alias in columns
            ),
            assignments=SQL(", ").join(
                SQL("%s = t.%s", name, name) for name, _alias in columns
            ),
            changed=SQL(" OR ").join(
                SQL("p.%s IS DISTINCT FROM t.%s", name, name)
                for name, _alias in columns
            ),
        )

    @api.model
    def _crm_pme_recompute_rfm(self, today=None):
        """Recompute the RFM scores of all companies in one statement; return
        the number of partners whose figures changed (the others are not
        written)."""
        today = today or fields.Date.context_today(self)
        self.env.flush_all()
        ids = [row[0] for row in self.env.execute_query(self._crm_pme_rfm_sql(today))]
        # Tell the ORM what changed behind its back: the cache of the
        # rewritten partners and whatever depends on their figures.
        partners = self.browse(ids)
        partners.invalidate_recordset([*RFM_FIELDS, "write_uid", "write_date"])
        partners.modified(list(RFM_FIELDS))
        # sudo: the date of the run is a technical field of every company;
        # only that date is written, on the companies not yet stamped today.
        self.env["res.company"].sudo().search(
            [("crm_pme_rfm_date", "!=", today)]
        ).crm_pme_rfm_date = today
        return len(ids)

    @api.model
    def _cron_crm_pme_rfm(self):
        self._crm_pme_recompute_rfm()

    def action_crm_pme_recompute_rfm(self):
        self._crm_pme_recompute_rfm()
        return True
