from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression
from odoo.tools.misc import format_datetime

from odoo.addons.crm_pme_base.tools.phone import phone_key

from ..tools import phoning

OUTCOMES = [
    ("interested", "Interested"),
    ("call_back", "Call back"),
    ("not_interested", "Not interested"),
    ("wrong_number", "Wrong number"),
    ("do_not_call", "Do not call"),
]
SCOPES = [
    (phoning.SCOPE_PROSPECTING, "Prospecting"),
    (phoning.SCOPE_CUSTOMER, "Current customer"),
    (phoning.SCOPE_CALLBACK, "Requested call-back"),
]
REFUSED = ("refused", "withdrawn")
RULE_FIELDS = (
    "date",
    "partner_id",
    "partner_phone",
    "partner_mobile",
    "state",
    "direction",
    "crm_pme_scope",
)


class CrmPhonecall(models.Model):
    _inherit = "crm.phonecall"

    crm_pme_campaign_id = fields.Many2one(
        "crm.pme.campaign", string="Marketing campaign", index=True, ondelete="set null"
    )
    crm_pme_script_id = fields.Many2one(
        related="crm_pme_campaign_id.script_id", string="Call script"
    )
    crm_pme_script_step_ids = fields.One2many(
        related="crm_pme_campaign_id.script_id.step_ids", string="Script steps"
    )
    crm_pme_script_html = fields.Html(
        related="crm_pme_campaign_id.script_id.script_html", string="Script to read"
    )
    crm_pme_outcome = fields.Selection(OUTCOMES, string="Outcome", index=True)
    crm_pme_consumer = fields.Boolean(
        string="Consumer line",
        compute="_compute_crm_pme_consumer",
        help="An individual, not a company's professional line: the French "
        "phoning rules apply.",
    )

    crm_pme_callback_origin_id = fields.Many2one(
        "crm.phonecall",
        string="Call-back asked in",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        help="The call during which the person asked to be called back: this "
        "call is not prospecting.",
    )
    crm_pme_phone_key = fields.Char(
        string="Phone line key",
        compute="_compute_crm_pme_phone_key",
        store=True,
        index="btree_not_null",
        help="The line called, whatever the notation of its number: the "
        "attempts and refusals of the phoning rules are counted per line.",
    )
    crm_pme_scope = fields.Selection(
        SCOPES,
        string="Scope",
        compute="_compute_crm_pme_scope",
        store=True,
        help="Prospecting calls (campaign calls, calls to prospects) follow the "
        "French consumer phoning rules; a call to a customer within a current "
        "contract and a call-back the person asked for do not.",
    )
    crm_pme_scope_reason = fields.Char(
        string="Phoning rules",
        compute="_compute_crm_pme_scope",
        store=True,
        help="Which phoning rules apply to the call and why, as decided when "
        "the call was planned or logged.",
    )

    @api.depends("partner_id.commercial_partner_id.is_company")
    def _compute_crm_pme_consumer(self):
        for call in self:
            call.crm_pme_consumer = bool(call.partner_id) and phoning.is_consumer(
                call.partner_id.commercial_partner_id.is_company, False
            )

    @api.depends(
        "partner_phone", "partner_mobile", "partner_id.phone", "partner_id.mobile"
    )
    def _compute_crm_pme_phone_key(self):
        for call in self:
            call.crm_pme_phone_key = phone_key(call._crm_pme_number()) or False

    @api.depends(
        "direction",
        "partner_id",
        "partner_phone",
        "partner_mobile",
        "company_id",
        "crm_pme_campaign_id",
        "crm_pme_callback_origin_id",
    )
    def _compute_crm_pme_scope(self):
        for call in self:
            if call.direction != "out" or not call.partner_id:
                call.crm_pme_scope = False
                call.crm_pme_scope_reason = False
                continue
            customer_reason = False
            if not (call.crm_pme_callback_origin_id or call.crm_pme_campaign_id):
                customer_reason = call._crm_pme_current_customer_reason()
            scope, reason = phoning.call_scope(
                requested_callback=bool(call.crm_pme_callback_origin_id),
                campaign=bool(call.crm_pme_campaign_id),
                current_customer=bool(customer_reason),
            )
            call.crm_pme_scope = scope
            call.crm_pme_scope_reason = call._crm_pme_scope_text(
                scope, reason, customer_reason
            )

    def _crm_pme_company(self):
        self.ensure_one()
        return self.company_id or self.env.company

    def _crm_pme_current_customer_reason(self):
        """Why the person is a customer of the call's company within a
        current contract (an active customer, or an order confirmed within
        the active customer window), or False."""
        self.ensure_one()
        company = self._crm_pme_company()
        commercial = self.partner_id.commercial_partner_id.with_company(company)
        if commercial.lifecycle_state == "active":
            return self.env._(
                "%(partner)s is an active customer of %(company)s",
                partner=commercial.display_name,
                company=company.name,
            )
        since = fields.Datetime.now() - relativedelta(
            months=company.crm_pme_active_months
        )
        order = (
            self.env["sale.order"]
            # sudo: whether an order exists, not its content; a salesperson may
            # not read the orders of the other salespeople.
            .sudo()
            .search_fetch(
                [
                    ("partner_id", "child_of", commercial.id),
                    ("company_id", "=", company.id),
                    ("state", "=", "sale"),
                    ("date_order", ">=", since),
                ],
                ["name", "date_order"],
                order="date_order desc",
                limit=1,
            )
        )
        if order:
            return self.env._(
                "%(partner)s has the order %(order)s of %(date)s with %(company)s",
                partner=commercial.display_name,
                order=order.name,
                date=fields.Date.to_string(order.date_order),
                company=company.name,
            )
        return False

    def _crm_pme_french_line(self):
        """Whether the number called is a line in France (numbers without
        an international prefix read in the person's, else the company's,
        country)."""
        self.ensure_one()
        partner = self.partner_id
        country = (
            partner.country_id
            or partner.commercial_partner_id.country_id
            or self._crm_pme_company().country_id
        )
        return phoning.is_french_line(self._crm_pme_number(), country.code)

    def _crm_pme_scope_text(self, scope, reason, customer_reason):
        """The readable reason of the scope, and which rules follow."""
        self.ensure_one()
        partner = self.partner_id.display_name
        if reason == phoning.REASON_CALLBACK:
            return self.env._(
                "Requested call-back: %(partner)s asked to be called back during "
                'the call "%(call)s". Not prospecting: the consumer phoning rules '
                "do not apply; a phone refusal is honoured.",
                partner=partner,
                call=self.crm_pme_callback_origin_id.name,
            )
        if reason == phoning.REASON_CUSTOMER:
            return self.env._(
                "Current customer: %(why)s. A call within the current contract is "
                "not prospecting: the consumer phoning rules do not apply; a phone "
                "refusal is honoured.",
                why=customer_reason,
            )
        if reason == phoning.REASON_CAMPAIGN:
            why = self.env._(
                "Prospecting: call of the marketing campaign %(campaign)s.",
                campaign=self.crm_pme_campaign_id.name,
            )
        else:
            why = self.env._(
                "Prospecting: %(partner)s is not a current customer of %(company)s.",
                partner=partner,
                company=self._crm_pme_company().name,
            )
        if not self.crm_pme_consumer:
            rules = self.env._("Professional line: only a phone refusal is honoured.")
        elif not self._crm_pme_french_line():
            rules = self.env._(
                "Line outside France: the French consumer rules do not apply; a "
                "phone refusal is honoured."
            )
        else:
            rules = self.env._(
                "Consumer line in France: the consumer phoning rules apply "
                "(consent, weekdays 10:00-13:00 and 14:00-20:00, no public "
                "holiday, 4 attempts per 30 days, 60 days after a refusal)."
            )
        return f"{why} {rules}"

    def _crm_pme_number(self):
        self.ensure_one()
        partner = self.partner_id
        return (
            self.partner_phone or self.partner_mobile or partner.phone or partner.mobile
        )

    def _crm_pme_rule_values(self):
        """The plain values tools/phoning.py's call_violations reads."""
        self.ensure_one()
        partner = self.partner_id
        moment = self.date or fields.Datetime.now()
        key = phone_key(self._crm_pme_number())
        window = phoning.ATTEMPT_WINDOW
        # sudo: the cap counts the attempts of every caller of the company,
        # including calls the current user may not read; only the dates of the
        # calls to this person or line are read, nothing is shown or written.
        Call = self.sudo().with_context(active_test=False)
        attempts = []
        if key:
            # The same line, whatever the partner and the notation of the
            # number each call stored.
            attempts = Call.search_fetch(
                [
                    ("id", "not in", self.ids),
                    ("crm_pme_phone_key", "=", key),
                    ("direction", "=", "out"),
                    ("state", "!=", "cancel"),
                    ("date", ">", moment - window),
                    ("date", "<", moment + window),
                ],
                ["date"],
            ).mapped("date")
        same_person = [("partner_id", "=", partner.id)]
        if key:
            same_person = expression.OR(
                [same_person, [("crm_pme_phone_key", "=", key)]]
            )
        refusal = Call.search_fetch(
            expression.AND(
                [
                    same_person,
                    [
                        ("id", "not in", self.ids),
                        ("crm_pme_outcome", "=", "not_interested"),
                        ("date", "<=", moment),
                    ],
                ]
            ),
            ["date"],
            order="date desc",
            limit=1,
        )
        return {
            "moment": moment,
            "scope": self.crm_pme_scope or phoning.SCOPE_PROSPECTING,
            "french_line": self._crm_pme_french_line(),
            "consumer": self.crm_pme_consumer,
            "consent_state": self._crm_pme_line_consent_state(key),
            "other_attempts": attempts,
            "last_refusal": refusal.date or None,
            "department_code": partner.country_department_id.code,
        }

    def _crm_pme_line_consent_state(self, key):
        """The phone consent of the person called, or the refusal of another
        contact of the call's company on the same line (the consent ledger
        may have recorded it with the number in another notation)."""
        self.ensure_one()
        partner = self.partner_id
        state = partner.consent_phone_state
        if state in REFUSED or not key:
            return state
        refused = (
            self.env["res.partner"]
            # sudo: whether someone refused this line, whoever the user may read.
            .sudo()
            .with_context(active_test=False)
            .search_fetch(
                [
                    ("crm_pme_phone_key", "=", key),
                    ("consent_phone_state", "in", REFUSED),
                    ("id", "!=", partner.id),
                    ("company_id", "in", [self._crm_pme_company().id, False]),
                ],
                ["consent_phone_state"],
                limit=1,
            )
        )
        return refused.consent_phone_state or state

    def _crm_pme_rule_messages(self, values):
        partner = self.partner_id.display_name
        return {
            phoning.RULE_OPPOSITION: self.env._(
                'rule "opposition": %(partner)s refused phone calls in the consent '
                "ledger.",
                partner=partner,
            ),
            phoning.RULE_CONSENT: self.env._(
                'rule "consumer consent": %(partner)s is a consumer with no '
                "recorded phone consent (law of 30 June 2025); record the consent "
                "first.",
                partner=partner,
            ),
            phoning.RULE_WEEKDAY: self.env._(
                'rule "weekdays": consumers may be called only Monday to Friday.'
            ),
            phoning.RULE_HOURS: self.env._(
                'rule "hours": consumers may be called only 10:00-13:00 and '
                "14:00-20:00 (Paris time)."
            ),
            phoning.RULE_HOLIDAY: self.env._(
                'rule "public holiday": consumers may not be called on a public '
                "holiday."
            ),
            phoning.RULE_CAP: self.env._(
                'rule "4 attempts": this number already has %(count)s call '
                "attempts within 30 days of this one (at most 4 per 30 days).",
                count=len(values["other_attempts"]),
            ),
            phoning.RULE_REFUSAL: self.env._(
                'rule "60 days after a refusal": %(partner)s refused on '
                "%(date)s; no new call before %(next)s.",
                partner=partner,
                date=format_datetime(self.env, values["last_refusal"] or False),
                next=format_datetime(
                    self.env,
                    (values["last_refusal"] or fields.Datetime.now())
                    + phoning.REFUSAL_DELAY,
                ),
            ),
        }

    def _crm_pme_ensure_rules(self):
        """Refuse outgoing calls, planned or logged, that break a rule."""
        for call in self:
            if call.direction != "out" or call.state == "cancel":
                continue
            if not call.partner_id:
                continue
            values = call._crm_pme_rule_values()
            broken = phoning.call_violations(**values)
            if broken:
                messages = call._crm_pme_rule_messages(values)
                raise ValidationError(
                    self.env._(
                        "The call to %(partner)s on %(date)s breaks the French "
                        "phoning rules:\n%(rules)s",
                        partner=call.partner_id.display_name,
                        date=format_datetime(self.env, values["moment"]),
                        rules="\n".join(f"- {messages[rule]}" for rule in broken),
                    )
                )

    @api.constrains(*RULE_FIELDS)
    def _check_crm_pme_phoning_rules(self):
        self._crm_pme_ensure_rules()

    # Call outcomes -----------------------------------------------------------

    def _crm_pme_set_outcome(self, outcome, callback_date=None, note=None):
        """End the call with an outcome and do what it implies."""
        self.ensure_one()
        if outcome == "call_back" and not callback_date:
            raise UserError(
                self.env._(
                    "Choose when to call %(partner)s back.",
                    partner=self.partner_id.display_name,
                )
            )
        vals = {"crm_pme_outcome": outcome, "state": "done"}
        if note:
            vals["description"] = "\n".join(filter(None, [self.description, note]))
        self.write(vals)
        handler = getattr(self, f"_crm_pme_outcome_{outcome}")
        return handler(callback_date=callback_date)

    def _crm_pme_outcome_interested(self, callback_date=None):
        lead = self.env["crm.lead"].create(self._prepare_crm_pme_opportunity_vals())
        self.opportunity_id = lead
        return lead

    def _prepare_crm_pme_opportunity_vals(self):
        partner = self.partner_id
        return {
            "name": self.env._(
                "%(partner)s - %(call)s", partner=partner.display_name, call=self.name
            ),
            "type": "opportunity",
            "partner_id": partner.id,
            "user_id": self.user_id.id,
            "team_id": self.team_id.id,
            "company_id": (self.company_id or self.env.company).id,
            "campaign_id": self.campaign_id.id,
            "source_id": self.source_id.id,
            "medium_id": self.medium_id.id,
            "description": self.description,
        }

    def _crm_pme_outcome_call_back(self, callback_date=None):
        # The person asked for this call: it is not prospecting (its scope
        # says so); a refusal recorded since is still checked.
        callback = self.copy(
            {
                "date": callback_date,
                "state": "open",
                "crm_pme_outcome": False,
                "crm_pme_callback_origin_id": self.id,
                "user_id": self.user_id.id,
                "name": self.env._("Call back: %(call)s", call=self.name),
            }
        )
        self.partner_id.activity_schedule(
            "mail.mail_activity_data_call",
            date_deadline=fields.Date.context_today(self, callback_date),
            summary=self.env._(
                "Call back at %(time)s", time=format_datetime(self.env, callback_date)
            ),
            user_id=self.user_id.id or self.env.uid,
        )
        return callback

    def _crm_pme_outcome_not_interested(self, callback_date=None):
        return True

    def _crm_pme_outcome_wrong_number(self, callback_date=None):
        self.partner_id.crm_pme_phone_wrong = True
        self.partner_id.message_post(
            body=self.env._(
                "Wrong number reported by %(user)s: %(number)s",
                user=self.env.user.name,
                number=self._crm_pme_number() or "-",
            )
        )
        return True

    def _crm_pme_outcome_do_not_call(self, callback_date=None):
        return self.env["crm.pme.consent"].create(
            {
                "partner_id": self.partner_id.id,
                "company_id": (self.company_id or self.env.company).id,
                "channel": "phone",
                "state": "refused",
                "legal_basis": "consent",
                "source": self.env._("Phone call"),
                "proof": self.env._(
                    'Refusal said during the call "%(call)s" of %(date)s.',
                    call=self.name,
                    date=format_datetime(self.env, self.date),
                ),
            }
        )
