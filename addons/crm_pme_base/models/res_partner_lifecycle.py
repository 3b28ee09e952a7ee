from odoo import api, fields, models
from odoo.tools import SQL

from ..tools import revenue
from .crm_pme_lifecycle_event import LIFECYCLE_STATES

LIFECYCLE_FIELDS = [
    "lifecycle_state",
    "lifecycle_date",
    "last_invoice_date",
    "customer_since",
]


class ResPartner(models.Model):
    """Customer lifecycle of a commercial entity, per company: each company
    sees the lifecycle drawn from its own invoices. The values are
    company-dependent (one jsonb column keyed by company id); a company with
    no value reads "prospect" (the ir.default fallback), so nothing is stored
    for the many prospects."""

    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    customer_since = fields.Date(company_dependent=True)
    lifecycle_state = fields.Selection(
        LIFECYCLE_STATES,
        string="Lifecycle",
        company_dependent=True,
        readonly=True,
        copy=False,
    )
    lifecycle_date = fields.Date(
        string="In this state since",
        company_dependent=True,
        readonly=True,
        copy=False,
    )
    last_invoice_date = fields.Date(company_dependent=True, readonly=True, copy=False)
    lifecycle_event_ids = fields.One2many(
        "crm.pme.lifecycle.event", "partner_id", string="Lifecycle history"
    )

    @api.model
    def _crm_pme_lifecycle_sql(self, today, partner_ids=None):
        """One statement over the (partner, company) pairs: a partner of a
        company for that company only, a shared partner for every company,
        each from that company's posted customer invoices (the dates of
        tools/revenue.py, which leaves credit notes out). It writes only the
        companies whose values changed, dates the transitions in
        crm.pme.lifecycle.event and returns (partner, company, old state,
        new state) for every pair written."""
        restrict = SQL("")
        if partner_ids is not None:
            restrict = SQL("AND p.id IN %s", tuple(partner_ids) or (0,))
        now = fields.Datetime.now()
        return SQL(
            """
            WITH invoices AS (
                SELECT r.partner_id,
                       r.company_id,
                       r.first_invoice_date AS first_date,
                       r.last_invoice_date AS last_date
                  FROM (%(revenue)s) r
            ), computed AS (
                SELECT p.id,
                       c.id AS company_id,
                       COALESCE(p.lifecycle_state ->> c.id::text, 'prospect')
                           AS old_state,
                       (p.last_invoice_date ->> c.id::text)::date AS old_last_date,
                       (p.customer_since ->> c.id::text)::date AS old_since,
                       i.first_date,
                       i.last_date,
                       CASE
                         WHEN i.last_date IS NULL THEN 'prospect'
                         WHEN i.last_date >= %(today)s::date
                              - make_interval(months => c.crm_pme_active_months)
                           THEN 'active'
                         WHEN i.last_date > %(today)s::date
                              - make_interval(months => c.crm_pme_lost_months)
                           THEN 'at_risk'
                         ELSE 'lost'
                       END AS new_state
                  FROM res_partner p
                  JOIN res_company c
                    ON p.company_id IS NULL OR c.id = p.company_id
                  LEFT JOIN invoices i
                    ON i.partner_id = p.id AND i.company_id = c.id
                 WHERE p.parent_id IS NULL
                   %(restrict)s
            ), changed AS (
                SELECT *
                  FROM computed
                 WHERE old_state IS DISTINCT FROM new_state
                    OR old_last_date IS DISTINCT FROM last_date
                    OR (old_since IS NULL AND first_date IS NOT NULL)
            ), per_partner AS (
                SELECT id,
                       COALESCE(array_agg(company_id::text)
                                FILTER (WHERE new_state = 'prospect'), '{}')
                           AS prospect_keys,
                       COALESCE(jsonb_object_agg(company_id::text, new_state)
                                FILTER (WHERE new_state != 'prospect'), '{}')
                           AS states,
                       COALESCE(jsonb_object_agg(company_id::text, %(today)s::date)
                                FILTER (WHERE old_state != new_state), '{}')
                           AS state_dates,
                       COALESCE(array_agg(company_id::text)
                                FILTER (WHERE last_date IS NULL), '{}')
                           AS no_invoice_keys,
                       COALESCE(jsonb_object_agg(company_id::text, last_date)
                                FILTER (WHERE last_date IS NOT NULL), '{}')
                           AS last_dates,
                       COALESCE(jsonb_object_agg(company_id::text, first_date)
                                FILTER (WHERE old_since IS NULL
                                        AND first_date IS NOT NULL), '{}')
                           AS first_dates
                  FROM changed
                 GROUP BY id
            ), written AS (
                UPDATE res_partner p
                   SET lifecycle_state = NULLIF(
                           (COALESCE(p.lifecycle_state, '{}') - u.prospect_keys)
                           || u.states, '{}'),
                       lifecycle_date = NULLIF(
                           COALESCE(p.lifecycle_date, '{}') || u.state_dates, '{}'),
                       last_invoice_date = NULLIF(
                           (COALESCE(p.last_invoice_date, '{}') - u.no_invoice_keys)
                           || u.last_dates, '{}'),
                       customer_since = NULLIF(
                           COALESCE(p.customer_since, '{}') || u.first_dates, '{}')
                  FROM per_partner u
                 WHERE p.id = u.id
             RETURNING p.id
            ), events AS (
                INSERT INTO crm_pme_lifecycle_event
                       (partner_id, company_id, date, old_state, new_state,
                        create_uid, create_date, write_uid, write_date)
                SELECT id, company_id, %(today)s, old_state, new_state,
                       %(uid)s, %(now)s, %(uid)s, %(now)s
                  FROM changed
                 WHERE old_state != new_state
            )
            SELECT id, company_id, old_state, new_state FROM changed
            """,
            today=today,
            revenue=revenue.customer_revenue_sql(
                partner_ids=partner_ids, date_to=today
            ),
            restrict=restrict,
            uid=self.env.uid,
            now=now,
        )

    @api.model
    def _crm_pme_recompute_lifecycle(self, today=None, partner_ids=None):
        """Recompute lifecycles in one statement, tell the ORM which partners
        changed (stored fields that depend on them recompute) and log the
        transitions of partners of one company in their chatter. Return the
        number of transitions."""
        today = today or fields.Date.context_today(self)
        self.env.flush_all()
        rows = self.env.execute_query(self._crm_pme_lifecycle_sql(today, partner_ids))
        self.invalidate_model(LIFECYCLE_FIELDS)
        self.env["crm.pme.lifecycle.event"].invalidate_model()
        written = self.browse({row[0] for row in rows})
        if written:
            written.modified(LIFECYCLE_FIELDS)
        transitions = [row for row in rows if row[2] != row[3]]
        # A shared partner's chatter is read by every company: its transitions
        # stay in the lifecycle history, which each company reads for itself.
        own = set(written.filtered("company_id").ids)
        if own:
            labels = dict(
                self._fields["lifecycle_state"]._description_selection(self.env)
            )
            bodies = {
                partner_id: self.env._(
                    "Lifecycle: %(old)s \u2192 %(new)s",
                    old=labels.get(old, "-"),
                    new=labels[new],
                )
                for partner_id, _company_id, old, new in transitions
                if partner_id in own
            }
            if bodies:
                self.browse(list(bodies))._message_log_batch(bodies=bodies)
        return len(transitions)

    @api.model
    def _cron_crm_pme_lifecycle(self):
        self._crm_pme_recompute_lifecycle()

    def action_crm_pme_recompute_lifecycle(self):
        self._crm_pme_recompute_lifecycle(partner_ids=self.ids)
        return True
