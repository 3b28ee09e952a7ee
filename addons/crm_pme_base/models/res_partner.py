from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from ..tools import company as company_rules
from ..tools import quality as quality_rules
from .crm_pme_consent import STATES as CONSENT_STATES

LEGAL_FORMS = [
    ("1000", "Sole proprietorship (EI)"),
    ("5202", "General partnership (SNC)"),
    ("5458", "Worker cooperative SARL (SCOP)"),
    ("5485", "Professional practice SARL (SELARL)"),
    ("5498", "Single-member SARL (EURL)"),
    ("5499", "SARL"),
    ("5599", "SA with a board of directors"),
    ("5710", "SAS"),
    ("5720", "Single-member SAS (SASU)"),
    ("6220", "Economic interest group (GIE)"),
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
    # Contacts inside a company
    contact_role = fields.Selection(CONTACT_ROLES, string="Role")
    is_decision_maker = fields.Boolean(string="Decision-maker")
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
            consents = (
                self.env["crm.pme.consent"]
                # sudo: the stored state per channel is the same for every reader;
                # the ledger may hold entries of companies the user does not see.
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

    # RGPD review -------------------------------------------------------------

    @api.model
    def _crm_pme_flag_stale_prospects(self, today=None):
        """Flag prospects with no contact from them for the review delay.

        A prospect is a partner that is a prospect in every company (no
        company holds another lifecycle value for it). The last contact is
        the newest of: an email or message they (or a
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
                               NOT EXISTS (
                                   SELECT 1
                                     FROM jsonb_each_text(p.lifecycle_state) s
                                    WHERE s.value != 'prospect')
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
