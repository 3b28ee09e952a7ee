from odoo import fields, models
from odoo.tools import SQL

from odoo.addons.crm_pme_base.models.crm_pme_lifecycle_event import LIFECYCLE_STATES
from odoo.addons.crm_pme_base.tools import revenue

from ..models.res_partner import RFM_SEGMENTS

# Row id: business id * IDS_PER_PARTNER + company id (fewer companies).
IDS_PER_PARTNER = 100000


class CrmPmeGeoReport(models.Model):
    """Geomarketing: one row per business (commercial entity) and company
    it belongs to (its own company, or every company for a shared business),
    so that every measure adds up by département, region, sector... and the
    penetration (customers / businesses) is the average of 0 or 100 per row,
    exact at any grouping level. Sector, lifecycle, RFM group, revenue and
    campaign responses are that company's, the revenue in its currency; the
    row id packs the business and the company."""

    _name = "crm.pme.geo.report"
    _description = "Geomarketing analysis"
    _auto = False
    _order = "revenue_12m desc"
    _depends = {
        "res.partner": [
            "company_id",
            "country_id",
            "country_department_id",
            "sector_id",
            "user_id",
            "lifecycle_state",
            "rfm_segment",
            "is_company",
            "active",
            "parent_id",
            "commercial_partner_id",
        ],
        "account.move": [
            "state",
            "move_type",
            "invoice_date",
            "commercial_partner_id",
            "amount_untaxed_signed",
            "company_id",
        ],
        "crm.lead": ["campaign_id", "partner_id", "company_id"],
        "res.company": ["currency_id"],
        "crm.pme.campaign": ["utm_campaign_id"],
    }

    partner_id = fields.Many2one("res.partner", string="Business", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    country_id = fields.Many2one("res.country", readonly=True)
    department_id = fields.Many2one(
        "res.country.department", string="Département", readonly=True
    )
    region_id = fields.Many2one("res.country.state", readonly=True)
    sector_id = fields.Many2one("crm.pme.sector", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    lifecycle_state = fields.Selection(
        LIFECYCLE_STATES, string="Lifecycle", readonly=True
    )
    rfm_segment = fields.Selection(RFM_SEGMENTS, string="RFM group", readonly=True)
    partner_count = fields.Integer(string="Companies", readonly=True)
    customer_count = fields.Integer(string="Customers", readonly=True)
    penetration = fields.Float(
        string="Penetration (%)",
        aggregator="avg",
        readonly=True,
        help="Customers (active lifecycle) out of the companies, in %.",
    )
    revenue_12m = fields.Monetary(
        string="Revenue 12 months",
        readonly=True,
        currency_field="currency_id",
        help="Posted customer invoices of the company net of refunds, untaxed, "
        "last 12 months, in the company's currency.",
    )
    response_count = fields.Integer(
        string="Campaign responses",
        readonly=True,
        help="Leads and opportunities attributed to a marketing campaign.",
    )

    @property
    def _table_query(self):
        # The revenue is crm_pme_base's invoiced revenue (tools/revenue.py)
        # of the last 12 months, today included. Company-dependent values
        # are jsonb keyed by company id; a company with no lifecycle value
        # reads "prospect".
        date_from, date_to = revenue.last_12_months(fields.Date.context_today(self))
        return SQL(
            """
            WITH revenue AS (
                SELECT r.partner_id, r.company_id, r.revenue AS amount
                  FROM (%(revenue)s) r
            ), responses AS (
                SELECT COALESCE(lp.commercial_partner_id, l.partner_id)
                           AS partner_id,
                       l.company_id,
                       COUNT(*) AS total
                  FROM crm_lead l
                  JOIN crm_pme_campaign c ON c.utm_campaign_id = l.campaign_id
                  JOIN res_partner lp ON lp.id = l.partner_id
                 GROUP BY 1, 2
            ), pairs AS (
                SELECT p.*,
                       c.id AS pair_company_id,
                       c.currency_id AS pair_currency_id,
                       COALESCE(p.lifecycle_state ->> c.id::text, 'prospect')
                           AS pair_lifecycle_state
                  FROM res_partner p
                  JOIN res_company c
                    ON p.company_id IS NULL OR c.id = p.company_id
                 WHERE p.is_company
                   AND p.active
                   AND p.parent_id IS NULL
            )
            SELECT p.id::bigint * %(ids_per_partner)s + p.pair_company_id AS id,
                   p.id AS partner_id,
                   p.pair_company_id AS company_id,
                   p.pair_currency_id AS currency_id,
                   p.country_id,
                   p.country_department_id AS department_id,
                   d.state_id AS region_id,
                   (p.sector_id ->> p.pair_company_id::text)::int AS sector_id,
                   p.user_id,
                   p.pair_lifecycle_state AS lifecycle_state,
                   p.rfm_segment ->> p.pair_company_id::text AS rfm_segment,
                   1 AS partner_count,
                   CASE WHEN p.pair_lifecycle_state = 'active' THEN 1 ELSE 0 END
                       AS customer_count,
                   CASE WHEN p.pair_lifecycle_state = 'active'
                        THEN 100.0 ELSE 0.0 END AS penetration,
                   COALESCE(r.amount, 0) AS revenue_12m,
                   COALESCE(s.total, 0) AS response_count
              FROM pairs p
              LEFT JOIN res_country_department d ON d.id = p.country_department_id
              LEFT JOIN revenue r
                ON r.partner_id = p.id AND r.company_id = p.pair_company_id
              LEFT JOIN responses s
                ON s.partner_id = p.id AND s.company_id = p.pair_company_id
            """,
            ids_per_partner=IDS_PER_PARTNER,
            revenue=revenue.customer_revenue_sql(date_from=date_from, date_to=date_to),
        )
