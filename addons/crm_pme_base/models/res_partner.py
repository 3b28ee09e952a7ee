from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import SQL

from ..tools import company as company_rules
from ..tools import quality as quality_rules
from ..tools import sector as sector_rules
from .crm_pme_consent import STATES as CONSENT_STATES
from .crm_pme_lifecycle_event import LIFECYCLE_STATES

LEGAL_FORMS = [
    ("1000", "Sole proprietorship (EI)"),
    ("5202", "General partnership (SNC)"),
    ("5498", "Single-member SARL (EURL)"),
    ("5499", "SARL"),
    ("5599", "SA with a board of directors"),
    ("5710", "SAS"),
    ("5720", "Single-member SAS (SASU)"),
    ("6540", "Property company (SCI)"),
    ("9220", "Declared association"),
    ("other", "Other"),
]
HEADCOUNT_BANDS = [
    ("NN", "Non-employer"),
    ("00", "0 employees (some during the year)"),
    ("01", "1 or 2 employees"),
    ("02", "3 to 5 employees"),
    ("03", "6 to 9 employees"),
    ("11", "10 to 19 employees"),
    ("12", "20 to 49 employees"),
    ("21", "50 to 99 employees"),
    ("22", "100 to 199 employees"),
    ("31", "200 to 249 employees"),
    ("32", "250 to 499 employees"),
    ("41", "500 to 999 employees"),
    ("42", "1,000 to 1,999 employees"),
    ("51", "2,000 to 4,999 employees"),
    ("52", "5,000 to 9,999 employees"),
    ("53", "10,000 employees or more"),
]
REVENUE_BANDS = [
    ("lt_500k", "Under 500 k€"),
    ("500k_2m", "500 k€ to 2 M€"),
    ("2m_10m", "2 to 10 M€"),
    ("10m_50m", "10 to 50 M€"),
    ("50m_1500m", "50 M€ to 1.5 G€"),
    ("gt_1500m", "Over 1.5 G€"),
]
COMPANY_CATEGORIES = [
    ("micro", "Micro-enterprise"),
    ("pme", "SME (PME)"),
    ("eti", "Mid-cap (ETI)"),
    ("ge", "Large enterprise"),
]
CONTACT_ROLES = [
    ("management", "Management"),
    ("purchasing", "Purchasing"),
    ("technical", "Technical"),
    ("finance", "Finance"),
    ("sales", "Sales and marketing"),
    ("other", "Other"),
]
SECTOR_TRIGGER_FIELDS = {
    "zip",
    "country_id",
    "state_id",
    "city",
    "parent_id",
    "company_id",
}
CONSENT_CHANNELS = ("email", "phone", "sms", "post")


class ResPartner(models.Model):
    _inherit = "res.partner"

    # Company profile
    naf_id = fields.Many2one(
        "crm.pme.naf",
        string="NAF/APE code",
        index=True,
        ondelete="restrict",
        domain=[("level", "=", "subclass")],
        help="Main activity of the company (INSEE NAF rev. 2 sub-class).",
    )
    naf_section_id = fields.Many2one(
        related="naf_id.section_id", store=True, string="NAF section", index=True
    )
    legal_form = fields.Selection(LEGAL_FORMS)
    headcount_band = fields.Selection(HEADCOUNT_BANDS, string="Headcount")
    annual_revenue = fields.Monetary(
        string="Annual revenue", currency_field="crm_pme_currency_id"
    )
    crm_pme_currency_id = fields.Many2one(
        "res.currency", compute="_compute_crm_pme_currency_id"
    )
    revenue_band = fields.Selection(
        REVENUE_BANDS, compute="_compute_revenue_band", store=True
    )
    company_category = fields.Selection(
        COMPANY_CATEGORIES,
        string="Category",
        compute="_compute_company_category",
        store=True,
        help="Category of decree 2008-1354, from headcount and revenue.",
    )
    customer_since = fields.Date()
    # Contacts inside a company
    contact_role = fields.Selection(CONTACT_ROLES, string="Role")
    is_decision_maker = fields.Boolean(string="Decision-maker")
    # Sector
    sector_id = fields.Many2one(
        "crm.pme.sector",
        index=True,
        ondelete="set null",
        domain="[('company_id', 'in', [company_id or current_company_id])]",
    )
    commercial_sector_id = fields.Many2one(
        related="commercial_partner_id.sector_id", string="Company sector"
    )
    sector_team_id = fields.Many2one(related="sector_id.team_id", string="Sector team")
    # Lifecycle
    lifecycle_state = fields.Selection(
        LIFECYCLE_STATES,
        string="Lifecycle",
        default="prospect",
        readonly=True,
        index=True,
        copy=False,
    )
    lifecycle_date = fields.Date(
        string="In this state since", readonly=True, copy=False
    )
    last_invoice_date = fields.Date(readonly=True, copy=False)
    lifecycle_event_ids = fields.One2many(
        "crm.pme.lifecycle.event", "partner_id", string="Lifecycle history"
    )
    # Consent (RGPD)
    consent_ids = fields.One2many("crm.pme.consent", "partner_id", string="Consents")
    consent_email_state = fields.Selection(
        CONSENT_STATES,
        string="Email consent",
        compute="_compute_consent_states",
        store=True,
    )
    consent_phone_state = fields.Selection(
        CONSENT_STATES,
        string="Phone consent",
        compute="_compute_consent_states",
        store=True,
    )
    consent_sms_state = fields.Selection(
        CONSENT_STATES,
        string="SMS consent",
        compute="_compute_consent_states",
        store=True,
    )
    consent_post_state = fields.Selection(
        CONSENT_STATES,
        string="Post consent",
        compute="_compute_consent_states",
        store=True,
    )
    rgpd_last_contact_date = fields.Date(
        string="Last contact from the prospect", readonly=True, copy=False
    )
    rgpd_review_needed = fields.Boolean(
        string="RGPD review needed",
        readonly=True,
        copy=False,
        index=True,
        help="Prospect with no contact for the company's review delay: review "
        "or delete its data (CNIL).",
    )
    # Data quality
    quality_score = fields.Integer(
        string="Quality score", compute="_compute_quality", store=True, index=True
    )
    quality_failed_rules = fields.Char(
        compute="_compute_quality", store=True, string="Failed quality rules"
    )
    quality_issues = fields.Text(
        compute="_compute_quality_issues", string="Quality issues"
    )

    @api.depends("company_id")
    def _compute_crm_pme_currency_id(self):
        for partner in self:
            partner.crm_pme_currency_id = (
                partner.company_id.currency_id or self.env.company.currency_id
            )

    @api.depends("annual_revenue")
    def _compute_revenue_band(self):
        for partner in self:
            partner.revenue_band = company_rules.revenue_band(partner.annual_revenue)

    @api.depends("headcount_band", "annual_revenue")
    def _compute_company_category(self):
        for partner in self:
            partner.company_category = company_rules.company_category(
                partner.headcount_band, partner.annual_revenue
            )

    @api.depends("consent_ids.state", "consent_ids.date", "consent_ids.channel")
    def _compute_consent_states(self):
        latest = {}
        if self.ids:
            # sudo: the stored state per channel is the same for every reader;
            # the ledger may hold entries of companies the user does not see.
            consents = (
                self.env["crm.pme.consent"]
                .sudo()
                .search_fetch(
                    [("partner_id", "in", self.ids)],
                    ["partner_id", "channel", "state"],
                    order="date desc, id desc",
                )
            )
            for consent in consents:
                latest.setdefault(
                    (consent.partner_id.id, consent.channel), consent.state
                )
        for partner in self:
            for channel in CONSENT_CHANNELS:
                partner[f"consent_{channel}_state"] = latest.get(
                    (partner._origin.id, channel), False
                )

    @api.depends(
        "is_company",
        "parent_id",
        "country_id",
        "siren",
        "nic",
        "naf_id",
        "email",
        "phone",
        "mobile",
        "street",
        "zip",
        "city",
        "state_id",
        "country_department_id",
    )
    def _compute_quality(self):
        for partner in self:
            score, failing = quality_rules.evaluate(partner._crm_pme_quality_values())
            partner.quality_score = score
            partner.quality_failed_rules = ",".join(failing) or False

    def _crm_pme_quality_values(self):
        """Plain values the quality rules of tools/quality.py read."""
        self.ensure_one()
        department = self.country_department_id
        region = self.state_id if self.state_id.department_ids else False
        return {
            "is_company": self.is_company,
            "country_code": self.country_id.code,
            "siren": self.siren,
            "nic": self.nic,
            "naf_code": self.naf_id.code,
            "email": self.email,
            "phone": self.phone or self.mobile,
            "street": self.street,
            "zip": self.zip,
            "city": self.city,
            "department_code": department.code,
            "department_region_code": department.state_id.id,
            "region_code": region.id if region else False,
        }

    @api.depends("quality_failed_rules")
    @api.depends_context("lang")
    def _compute_quality_issues(self):
        labels = dict(self._crm_pme_quality_rule_labels())
        for partner in self:
            codes = (partner.quality_failed_rules or "").split(",")
            partner.quality_issues = (
                "\n".join(labels[code] for code in codes if code in labels) or False
            )

    def _crm_pme_quality_rule_labels(self):
        """What is wrong when a rule fails: the issues list names problems,
        not the rules they break."""
        return [
            ("siret", self.env._("SIRET missing or invalid")),
            ("naf", self.env._("No NAF code")),
            ("email", self.env._("Email missing or malformed")),
            ("phone", self.env._("Phone number missing or invalid")),
            ("address", self.env._("Incomplete address")),
            ("department", self.env._("Département inconsistent with the postcode")),
        ]

    @api.constrains("annual_revenue")
    def _check_annual_revenue(self):
        for partner in self:
            if partner.annual_revenue < 0:
                raise ValidationError(
                    self.env._(
                        "The annual revenue of %(partner)s cannot be negative.",
                        partner=partner.display_name,
                    )
                )

    @api.constrains("naf_id")
    def _check_naf_level(self):
        for partner in self:
            if partner.naf_id and partner.naf_id.level != "subclass":
                raise ValidationError(
                    self.env._(
                        "%(code)s is a NAF %(level)s, not an activity code: choose "
                        "a sub-class such as 62.01Z.",
                        code=partner.naf_id.code,
                        level=partner.naf_id._fields["level"].convert_to_export(
                            partner.naf_id.level, partner.naf_id
                        ),
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        partners = super().create(vals_list)
        partners.filtered(lambda p: not p.sector_id)._crm_pme_assign_sectors()
        with_sector = partners.filtered("sector_id")
        if with_sector:
            with_sector._crm_pme_apply_sector_salesperson()
        return partners

    def write(self, vals):
        result = super().write(vals)
        if self.env.context.get("crm_pme_sector_assign"):
            return result
        if "sector_id" in vals:
            self._crm_pme_apply_sector_salesperson()
        elif SECTOR_TRIGGER_FIELDS & vals.keys():
            self._crm_pme_assign_sectors()
        return result

    def action_crm_pme_reassign_sectors(self):
        """Recompute the sector of the selected companies (all if none)."""
        self._crm_pme_check_sector_manager()
        partners = self or self.search([("parent_id", "=", False)])
        partners._crm_pme_assign_sectors()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "Sectors recomputed for %(count)s companies.", count=len(partners)
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    @api.model
    def action_crm_pme_low_quality(self):
        """Companies whose quality score is below the company's threshold."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_pme_base.res_partner_action_quality"
        )
        threshold = self.env.company.crm_pme_quality_threshold
        action["domain"] = [
            ("parent_id", "=", False),
            ("quality_score", "<", threshold),
        ]
        action["context"] = {}
        return action

    @api.model
    def get_import_templates(self):
        templates = super().get_import_templates()
        if self.env.context.get("crm_pme_contacts"):
            return [
                {
                    "label": self.env._("CRM PME template: contacts"),
                    "template": "/crm_pme_base/static/xls/crm_pme_contacts.xlsx",
                }
            ] + templates
        return [
            {
                "label": self.env._("CRM PME template: companies"),
                "template": "/crm_pme_base/static/xls/crm_pme_companies.xlsx",
            },
            {
                "label": self.env._("CRM PME template: contacts"),
                "template": "/crm_pme_base/static/xls/crm_pme_contacts.xlsx",
            },
        ] + templates

    def _crm_pme_check_sector_manager(self):
        if not self.env.user.has_group("crm_pme_base.crm_pme_group_manager"):
            raise AccessError(
                self.env._(
                    "Only a CRM PME manager can reassign sectors: ask a manager."
                )
            )

    def _crm_pme_place(self):
        """Where a partner is, as the sector rules of tools/sector.py see it."""
        self.ensure_one()
        department = self.country_department_id
        return sector_rules.Place(
            country_id=self.country_id.id,
            region_id=department.state_id.id or self.state_id.id,
            department_id=department.id,
            zip=self.zip,
        )

    def _crm_pme_assign_sectors(self):
        """Give each commercial entity of self the sector of its most specific
        rule, and the sector's salesperson. Two UPDATE statements whatever the
        number of companies (the ORM would flush in chunks)."""
        partners = self.filtered(lambda p: p.id and not p.parent_id)
        if not partners:
            return
        companies = partners.company_id | self.env.company
        # sudo: sector rules are configuration every user reads; the matching
        # must not depend on which rules the current user may see.
        rules = self.env["crm.pme.sector.rule"].sudo()._crm_pme_sorted_rules(companies)
        changed_ids, sector_ids = [], []
        for partner in partners:
            company_id = partner.company_id.id or self.env.company.id
            sector_id = sector_rules.match_sector(
                rules[company_id], partner._crm_pme_place()
            )
            if partner.sector_id.id != (sector_id or False):
                changed_ids.append(partner.id)
                sector_ids.append(sector_id)
        if not changed_ids:
            return
        self.env["res.partner"].flush_model(["sector_id", "user_id"])
        changed = self.browse(changed_ids)
        changed.modified(["sector_id", "user_id"])
        self.env.execute_query(
            SQL(
                """
                UPDATE res_partner p
                   SET sector_id = u.sector_id, write_uid = %s, write_date = %s
                  FROM unnest(%s::int[], %s::int[]) AS u(id, sector_id)
                 WHERE p.id = u.id
                """,
                self.env.uid,
                fields.Datetime.now(),
                changed_ids,
                sector_ids,
            )
        )
        self.env.execute_query(self._crm_pme_sector_salesperson_sql(changed_ids))
        changed.invalidate_recordset(
            ["sector_id", "user_id", "write_uid", "write_date"]
        )
        changed.modified(["sector_id", "user_id"])

    @api.model
    def _crm_pme_sector_salesperson_sql(self, partner_ids):
        """Fill the salesperson of ``partner_ids`` from their sector (always,
        if the sector's company says so)."""
        return SQL(
            """
            UPDATE res_partner p
               SET user_id = s.user_id
              FROM crm_pme_sector s
              JOIN res_company c ON c.id = s.company_id
             WHERE p.id = ANY(%s)
               AND s.id = p.sector_id
               AND s.user_id IS NOT NULL
               AND p.user_id IS DISTINCT FROM s.user_id
               AND (p.user_id IS NULL OR c.crm_pme_sector_overwrite_salesperson)
            """,
            partner_ids,
        )

    def _crm_pme_apply_sector_salesperson(self):
        """Fill the salesperson from the sector (always, if the company says so)."""
        by_user = defaultdict(list)
        for partner in self:
            sector = partner.sector_id
            if not sector.user_id or partner.user_id == sector.user_id:
                continue
            overwrite = sector.company_id.crm_pme_sector_overwrite_salesperson
            if overwrite or not partner.user_id:
                by_user[sector.user_id.id].append(partner.id)
        for user_id, ids in by_user.items():
            # No "you have been assigned" email per company: a batch of a
            # thousand companies would send a thousand emails.
            self.browse(ids).with_context(
                crm_pme_sector_assign=True, mail_auto_subscribe_no_notify=True
            ).write({"user_id": user_id})

    # Lifecycle -------------------------------------------------------------

    def _crm_pme_lifecycle_sql(self, today, partner_ids=None):
        """One statement: recompute the lifecycle of commercial entities from
        their posted customer invoices, date the transitions in
        crm.pme.lifecycle.event and return (partner, old state, new state)."""
        restrict = SQL("")
        if partner_ids is not None:
            restrict = SQL("AND p.id IN %s", tuple(partner_ids) or (0,))
        now = fields.Datetime.now()
        return SQL(
            """
            WITH invoices AS (
                SELECT m.commercial_partner_id AS partner_id,
                       MIN(m.invoice_date) AS first_date,
                       MAX(m.invoice_date) AS last_date
                  FROM account_move m
                 WHERE m.state = 'posted'
                   AND m.move_type = 'out_invoice'
                   AND m.invoice_date <= %(today)s
                 GROUP BY m.commercial_partner_id
            ), computed AS (
                SELECT p.id,
                       c.id AS company_id,
                       p.lifecycle_state AS old_state,
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
                  JOIN res_company c ON c.id = COALESCE(p.company_id, %(company)s)
                  LEFT JOIN invoices i ON i.partner_id = p.id
                 WHERE p.parent_id IS NULL
                   %(restrict)s
            ), changed AS (
                UPDATE res_partner p
                   SET lifecycle_state = computed.new_state,
                       lifecycle_date = CASE
                         WHEN p.lifecycle_state IS DISTINCT FROM computed.new_state
                           THEN %(today)s ELSE p.lifecycle_date END,
                       last_invoice_date = computed.last_date,
                       customer_since = COALESCE(p.customer_since, computed.first_date)
                  FROM computed
                 WHERE p.id = computed.id
                   AND (p.lifecycle_state IS DISTINCT FROM computed.new_state
                        OR p.last_invoice_date IS DISTINCT FROM computed.last_date
                        OR (p.customer_since IS NULL
                            AND computed.first_date IS NOT NULL))
             RETURNING p.id, computed.company_id, computed.old_state,
                       computed.new_state
            )
            INSERT INTO crm_pme_lifecycle_event
                   (partner_id, company_id, date, old_state, new_state,
                    create_uid, create_date, write_uid, write_date)
            SELECT id, company_id, %(today)s, old_state, new_state,
                   %(uid)s, %(now)s, %(uid)s, %(now)s
              FROM changed
             WHERE old_state IS DISTINCT FROM new_state
         RETURNING partner_id, old_state, new_state
            """,
            today=today,
            company=self.env.company.id,
            restrict=restrict,
            uid=self.env.uid,
            now=now,
        )

    @api.model
    def _crm_pme_recompute_lifecycle(self, today=None, partner_ids=None):
        """Recompute lifecycles in one statement and log the transitions in
        the chatter in one batch. Return the number of transitions."""
        today = today or fields.Date.context_today(self)
        self.env.flush_all()
        rows = self.env.execute_query(self._crm_pme_lifecycle_sql(today, partner_ids))
        self.invalidate_model(
            ["lifecycle_state", "lifecycle_date", "last_invoice_date", "customer_since"]
        )
        self.env["crm.pme.lifecycle.event"].invalidate_model()
        if rows:
            labels = dict(
                self._fields["lifecycle_state"]._description_selection(self.env)
            )
            bodies = {
                partner_id: self.env._(
                    "Lifecycle: %(old)s \u2192 %(new)s",
                    old=labels.get(old, "-"),
                    new=labels[new],
                )
                for partner_id, old, new in rows
            }
            self.browse(list(bodies))._message_log_batch(bodies=bodies)
        return len(rows)

    @api.model
    def _cron_crm_pme_lifecycle(self):
        self._crm_pme_recompute_lifecycle()

    def action_crm_pme_recompute_lifecycle(self):
        self._crm_pme_recompute_lifecycle(partner_ids=self.ids)
        return True

    # RGPD review -------------------------------------------------------------

    @api.model
    def _crm_pme_flag_stale_prospects(self, today=None):
        """Flag prospects with no contact from them for the review delay.

        The last contact is the newest of: an email or message they (or a
        contact of theirs) sent, a consent entry, the record's creation.
        One statement that writes only the partners whose date or flag
        changed; returns the number of partners written.
        """
        today = today or fields.Date.context_today(self)
        self.env.flush_all()
        rows = self.env.execute_query(
            SQL(
                """
                WITH contact AS (
                    SELECT COALESCE(a.parent_id, a.id) AS partner_id,
                           MAX(msg.date)::date AS last_date
                      FROM mail_message msg
                      JOIN res_partner a ON a.id = msg.author_id
                     WHERE msg.message_type IN ('email', 'comment')
                     GROUP BY COALESCE(a.parent_id, a.id)
                ), consent AS (
                    SELECT partner_id, MAX(date)::date AS last_date
                      FROM crm_pme_consent
                     GROUP BY partner_id
                ), computed AS (
                    SELECT p.id,
                           GREATEST(contact.last_date, consent.last_date,
                                    p.create_date::date) AS last_date,
                           COALESCE(
                               p.lifecycle_state = 'prospect'
                               AND GREATEST(contact.last_date, consent.last_date,
                                            p.create_date::date)
                                   <= %(today)s::date - make_interval(
                                       years => c.crm_pme_prospect_review_years),
                               FALSE
                           ) AS review_needed
                      FROM res_partner p
                      JOIN res_company c ON c.id = COALESCE(p.company_id, %(company)s)
                      LEFT JOIN contact ON contact.partner_id = p.id
                      LEFT JOIN consent ON consent.partner_id = p.id
                     WHERE p.parent_id IS NULL
                )
                UPDATE res_partner p
                   SET rgpd_last_contact_date = computed.last_date,
                       rgpd_review_needed = computed.review_needed
                  FROM computed
                 WHERE p.id = computed.id
                   AND (p.rgpd_last_contact_date IS DISTINCT FROM computed.last_date
                        OR p.rgpd_review_needed IS DISTINCT FROM
                           computed.review_needed)
             RETURNING p.id
                """,
                company=self.env.company.id,
                today=today,
            )
        )
        self.invalidate_model(["rgpd_last_contact_date", "rgpd_review_needed"])
        return len(rows)

    @api.model
    def _cron_crm_pme_rgpd_review(self):
        self._crm_pme_flag_stale_prospects()

    def init(self):
        res = super().init()
        # pg_trgm is a trusted extension: the database owner may create it.
        # Odoo creates it for databases made from its manager, not with -d/-i.
        self.env.cr.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        self.env.registry.has_trigram = True
        # Indexes of the duplicate search (_crm_pme_duplicate_matches).
        self.env.cr.execute(
            """CREATE INDEX IF NOT EXISTS res_partner_crm_pme_name_trgm_idx
               ON res_partner USING gin (name gin_trgm_ops);
               CREATE INDEX IF NOT EXISTS res_partner_crm_pme_siren_idx
               ON res_partner (siren) WHERE siren IS NOT NULL;
               CREATE INDEX IF NOT EXISTS res_partner_crm_pme_email_idx
               ON res_partner (email_normalized) WHERE email_normalized IS NOT NULL;
               CREATE INDEX IF NOT EXISTS res_partner_crm_pme_phone_idx
               ON res_partner ((right(regexp_replace(phone, '\\D', '', 'g'), 9)))
               WHERE phone IS NOT NULL"""
        )
        return res
