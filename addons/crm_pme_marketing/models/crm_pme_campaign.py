from collections import Counter, defaultdict
from datetime import datetime, time

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression

from ..tools import phoning

CAMPAIGN_TYPES = [
    ("emailing", "Emailing"),
    ("phoning", "Phoning"),
    ("postal", "Postal mail"),
    ("event", "Event"),
]
CAMPAIGN_STATES = [
    ("draft", "Draft"),
    ("planned", "Planned"),
    ("running", "Running"),
    ("done", "Done"),
    ("cancel", "Cancelled"),
]
REFUSED = ("refused", "withdrawn")


class CrmPmeCampaign(models.Model):
    _name = "crm.pme.campaign"
    _description = "Marketing campaign"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_start desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    campaign_type = fields.Selection(
        CAMPAIGN_TYPES, string="Type", required=True, default="emailing", tracking=True
    )
    state = fields.Selection(
        CAMPAIGN_STATES,
        string="Status",
        required=True,
        default="draft",
        copy=False,
        tracking=True,
        index=True,
    )
    date_start = fields.Date(
        string="Start date",
        required=True,
        default=fields.Date.context_today,
        tracking=True,
    )
    date_end = fields.Date(string="End date", tracking=True)
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        default=lambda self: self.env.user,
        check_company=True,
        tracking=True,
    )
    segment_id = fields.Many2one("crm.pme.segment", check_company=True, tracking=True)
    offer_id = fields.Many2one("crm.pme.offer", check_company=True)
    script_id = fields.Many2one(
        "crm.pme.call.script", string="Call script", check_company=True
    )
    caller_ids = fields.Many2many(
        "res.users",
        string="Callers",
        check_company=True,
        help="The call list is shared between these callers (the owner when empty).",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    budget = fields.Monetary(tracking=True)
    utm_campaign_id = fields.Many2one(
        "utm.campaign",
        string="UTM campaign",
        readonly=True,
        copy=False,
        ondelete="restrict",
        help="Leads, opportunities, orders and mailings of the campaign carry "
        "this UTM campaign, so that results are attributed.",
    )
    description = fields.Html()
    audience_count = fields.Integer(
        string="Audience", compute="_compute_audience_count"
    )
    mailing_ids = fields.One2many(
        "mailing.mailing",
        compute="_compute_mailing_ids",
        string="Mailings",
        groups="mass_mailing.group_mass_mailing_user",
    )
    mailing_count = fields.Integer(compute="_compute_mailing_count")
    phonecall_ids = fields.One2many("crm.phonecall", "crm_pme_campaign_id")
    phonecall_count = fields.Integer(compute="_compute_phonecall_count")
    call_skipped_count = fields.Integer(
        string="Contacts left out",
        readonly=True,
        copy=False,
        help="Contacts of the segment left out of the last call list: no "
        "valid phone, phone refusal or French phoning rules.",
    )

    # Results
    mail_sent_count = fields.Integer(
        string="Emails sent", compute="_compute_mailing_results"
    )
    mail_opened_count = fields.Integer(
        string="Emails opened", compute="_compute_mailing_results"
    )
    mail_clicked_count = fields.Integer(
        string="Emails clicked", compute="_compute_mailing_results"
    )
    call_done_count = fields.Integer(
        string="Calls made", compute="_compute_call_results"
    )
    call_interested_count = fields.Integer(
        string="Interested", compute="_compute_call_results"
    )
    call_callback_count = fields.Integer(
        string="To call back", compute="_compute_call_results"
    )
    call_not_interested_count = fields.Integer(
        string="Not interested", compute="_compute_call_results"
    )
    call_wrong_number_count = fields.Integer(
        string="Wrong numbers", compute="_compute_call_results"
    )
    call_do_not_call_count = fields.Integer(
        string="Do not call", compute="_compute_call_results"
    )
    lead_count = fields.Integer(
        string="Leads and opportunities", compute="_compute_sales_results"
    )
    won_count = fields.Integer(
        string="Opportunities won", compute="_compute_sales_results"
    )
    revenue = fields.Monetary(
        string="Revenue attributed",
        compute="_compute_sales_results",
        help="Untaxed amount of the confirmed sales orders of the campaign.",
    )
    cost_per_lead = fields.Monetary(compute="_compute_sales_results")
    return_on_budget = fields.Float(
        string="Return on budget (%)",
        compute="_compute_sales_results",
        help="(Revenue - budget) / budget.",
    )

    @api.depends("segment_id.member_count")
    def _compute_audience_count(self):
        for campaign in self:
            campaign.audience_count = campaign.segment_id.member_count

    @api.depends("utm_campaign_id")
    def _compute_mailing_ids(self):
        mailings = self.env["mailing.mailing"].search(
            [("campaign_id", "in", self.utm_campaign_id.ids)]
        )
        for campaign in self:
            campaign.mailing_ids = mailings.filtered(
                lambda m, c=campaign: m.campaign_id == c.utm_campaign_id
            )

    @api.depends("utm_campaign_id")
    def _compute_mailing_count(self):
        # The count only, for every reader of the campaign (the mailings
        # themselves stay for email marketing users, see mailing_ids).
        results = self._results_by_utm(
            "mailing.mailing", [("active", "=", True)], [], ["__count"]
        )
        for campaign in self:
            campaign.mailing_count = sum(
                count for (count,) in results.get(campaign._results_key(), [])
            )

    @api.depends("phonecall_ids")
    def _compute_phonecall_count(self):
        counts = dict(
            self.env["crm.phonecall"]._read_group(
                [("crm_pme_campaign_id", "in", self.ids)],
                ["crm_pme_campaign_id"],
                ["__count"],
            )
        )
        for campaign in self:
            campaign.phonecall_count = counts.get(campaign._origin, 0)

    def _results_key(self):
        """Key of the campaign in ``_results_by_utm``."""
        self.ensure_one()
        return (self.utm_campaign_id.id, self.company_id.id)

    def _results_by_utm(self, model, domain, groupby, aggregates):
        """One read_group of ``model`` over the UTM campaigns of self: counts
        and sums only, never records. Records of a company (leads, orders)
        count only in the campaign of their company.

        Return ``{_results_key(): [(*groupby values, *aggregates), ...]}``."""
        Model = self.env[model]
        company_bound = "company_id" in Model._fields
        if company_bound:
            domain = [*domain, ("company_id", "in", [*self.company_id.ids, False])]
        # sudo: results are aggregate figures of the campaign, the same for
        # every user who may read the campaign (a salesperson sees only his
        # own leads, a CRM PME user without email marketing rights cannot
        # read mailings nor their traces). Only the aggregates leave this
        # method.
        rows = (
            Model.sudo()
            .with_context(active_test=False)
            ._read_group(
                [("campaign_id", "in", self.utm_campaign_id.ids), *domain],
                ["campaign_id", *(["company_id"] if company_bound else []), *groupby],
                aggregates,
            )
        )
        companies = {campaign.company_id.id for campaign in self}
        results = defaultdict(list)
        for utm, *values in rows:
            company = values.pop(0) if company_bound else None
            if company:
                keys = [(utm.id, company.id)]
            else:
                # Records of no company (mailings and their traces, a lead
                # of no company) are no other company's: the UTM campaign of
                # a CRM PME campaign is its own.
                keys = [(utm.id, company_id) for company_id in companies]
            for key in keys:
                results[key].append(tuple(values))
        return results

    @api.depends("utm_campaign_id")
    def _compute_mailing_results(self):
        results = self._results_by_utm(
            "mailing.trace",
            [],
            [],
            [
                "sent_datetime:count",
                "open_datetime:count",
                "links_click_datetime:count",
            ],
        )
        for campaign in self:
            rows = results.get(campaign._results_key()) or [(0, 0, 0)]
            sent, opened, clicked = rows[0]
            campaign.mail_sent_count = sent
            campaign.mail_opened_count = opened
            campaign.mail_clicked_count = clicked

    @api.depends("phonecall_ids.crm_pme_outcome", "phonecall_ids.state")
    def _compute_call_results(self):
        # sudo: counts of the campaign's calls by outcome, for every reader
        # of the campaign (a caller sees only his own calls).
        rows = (
            self.env["crm.phonecall"]
            .sudo()
            ._read_group(
                [
                    ("crm_pme_campaign_id", "in", self._origin.ids),
                    ("state", "=", "done"),
                ],
                ["crm_pme_campaign_id", "crm_pme_outcome"],
                ["__count"],
            )
        )
        counts = {(c.id, outcome): count for c, outcome, count in rows}
        for campaign in self:
            key = campaign._origin.id
            campaign.call_done_count = sum(
                count for (cid, _o), count in counts.items() if cid == key
            )
            campaign.call_interested_count = counts.get((key, "interested"), 0)
            campaign.call_callback_count = counts.get((key, "call_back"), 0)
            campaign.call_not_interested_count = counts.get((key, "not_interested"), 0)
            campaign.call_wrong_number_count = counts.get((key, "wrong_number"), 0)
            campaign.call_do_not_call_count = counts.get((key, "do_not_call"), 0)

    @api.depends("utm_campaign_id", "budget")
    def _compute_sales_results(self):
        leads = self._results_by_utm("crm.lead", [], [], ["__count"])
        won = self._results_by_utm(
            "crm.lead",
            [("active", "=", True), ("stage_id.is_won", "=", True)],
            [],
            ["__count"],
        )
        # Orders in the company's currency: currency_rate is the rate of the
        # order's currency to the company's at the order date.
        revenue = self._results_by_utm(
            "sale.order",
            [("state", "=", "sale")],
            ["currency_rate"],
            ["amount_untaxed:sum"],
        )
        for campaign in self:
            key = campaign._results_key()
            campaign.lead_count = sum(count for (count,) in leads.get(key, []))
            campaign.won_count = sum(count for (count,) in won.get(key, []))
            campaign.revenue = sum(
                amount / (rate or 1.0) for rate, amount in revenue.get(key, [])
            )
            campaign.cost_per_lead = (
                campaign.budget / campaign.lead_count if campaign.lead_count else 0.0
            )
            campaign.return_on_budget = (
                (campaign.revenue - campaign.budget) / campaign.budget * 100
                if campaign.budget
                else 0.0
            )

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for campaign in self:
            if campaign.date_end and campaign.date_end < campaign.date_start:
                raise ValidationError(
                    self.env._(
                        "The campaign %(campaign)s ends before it starts: set an "
                        "end date on or after %(start)s.",
                        campaign=campaign.name,
                        start=campaign.date_start,
                    )
                )

    @api.constrains("budget")
    def _check_budget(self):
        for campaign in self:
            if campaign.budget < 0:
                raise ValidationError(
                    self.env._(
                        "The budget of the campaign %(campaign)s cannot be negative.",
                        campaign=campaign.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not vals.get("utm_campaign_id"):
                vals["utm_campaign_id"] = (
                    self.env["utm.campaign"]
                    .create(self._prepare_utm_campaign_vals(vals))
                    .id
                )
        return super().create(vals_list)

    @api.model
    def _prepare_utm_campaign_vals(self, vals):
        return {
            "title": vals.get("name"),
            "user_id": vals.get("user_id") or self.env.uid,
            "company_id": vals.get("company_id") or self.env.company.id,
        }

    # State -------------------------------------------------------------------

    def _set_state(self, new_state, allowed_from):
        for campaign in self:
            if campaign.state not in allowed_from:
                labels = dict(self._fields["state"]._description_selection(self.env))
                raise UserError(
                    self.env._(
                        "The campaign %(campaign)s is %(state)s: it cannot become "
                        "%(new_state)s.",
                        campaign=campaign.name,
                        state=labels[campaign.state],
                        new_state=labels[new_state],
                    )
                )
        self.write({"state": new_state})
        return True

    def action_plan(self):
        for campaign in self:
            if not campaign.segment_id:
                raise UserError(
                    self.env._(
                        "Choose the segment of the campaign %(campaign)s before "
                        "planning it.",
                        campaign=campaign.name,
                    )
                )
        return self._set_state("planned", ("draft",))

    def action_start(self):
        return self._set_state("running", ("draft", "planned"))

    def action_done(self):
        return self._set_state("done", ("running",))

    def action_cancel(self):
        return self._set_state("cancel", ("draft", "planned", "running"))

    def action_draft(self):
        return self._set_state("draft", ("cancel",))

    # Emailing ----------------------------------------------------------------

    def _get_mailing_domain(self):
        """The segment's contacts that may receive the emailing: an email,
        not blacklisted, no email refusal in the consent ledger, and for
        consumers (individuals) a recorded email consent (CPCE L.34-5; B2B
        professional addresses need none)."""
        self.ensure_one()
        return expression.AND(
            [
                self.segment_id._get_member_domain(),
                [
                    ("email", "!=", False),
                    ("is_blacklisted", "=", False),
                    "|",
                    ("consent_email_state", "=", False),
                    ("consent_email_state", "not in", REFUSED),
                    "|",
                    ("commercial_partner_id.is_company", "=", True),
                    ("consent_email_state", "=", "granted"),
                ],
            ]
        )

    def _prepare_mailing_vals(self):
        self.ensure_one()
        return {
            "subject": self.name,
            "mailing_type": "mail",
            "mailing_model_id": self.env["ir.model"]._get_id("res.partner"),
            "mailing_domain": repr(self._get_mailing_domain()),
            "campaign_id": self.utm_campaign_id.id,
            "medium_id": self.env.ref("utm.utm_medium_email").id,
            "user_id": (self.user_id or self.env.user).id,
            "body_arch": False,
            "body_html": False,
        }

    def _check_type(self, campaign_type):
        for campaign in self:
            if campaign.campaign_type != campaign_type:
                labels = dict(
                    self._fields["campaign_type"]._description_selection(self.env)
                )
                raise UserError(
                    self.env._(
                        "The campaign %(campaign)s is not a %(type)s campaign.",
                        campaign=campaign.name,
                        type=labels[campaign_type],
                    )
                )
            if not campaign.segment_id:
                raise UserError(
                    self.env._(
                        "Choose the segment of the campaign %(campaign)s first.",
                        campaign=campaign.name,
                    )
                )

    def action_create_mailing(self):
        self.ensure_one()
        self._check_type("emailing")
        mailing = self.env["mailing.mailing"].create(self._prepare_mailing_vals())
        return {
            "type": "ir.actions.act_window",
            "res_model": "mailing.mailing",
            "res_id": mailing.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def action_view_mailings(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "mass_mailing.mailing_mailing_action_mail"
        )
        action["domain"] = [("campaign_id", "=", self.utm_campaign_id.id)]
        action["context"] = {"default_campaign_id": self.utm_campaign_id.id}
        return action

    # Phoning -----------------------------------------------------------------

    def _get_call_moment(self):
        """When the calls of the list are planned: the start of the campaign
        at 10:00 Paris time, or now if later."""
        self.ensure_one()
        start = datetime.combine(self.date_start, time(10), phoning.PARIS)
        start = start.astimezone(phoning.UTC).replace(tzinfo=None)
        return max(start, fields.Datetime.now().replace(microsecond=0))

    def _crm_pme_call_candidates(self):
        """Split the segment's contacts into those the campaign may call
        (with their number) and a count of those left out, by reason."""
        self.ensure_one()
        members = self.segment_id._get_members()
        already = set(
            self.phonecall_ids.filtered(lambda c: c.state == "open").partner_id.ids
        )
        numbers = {}
        for partner in members:
            number = partner.phone or partner.mobile
            numbers[partner] = partner._phone_format(number=number) if number else False
        # sudo: the blacklist is a system model; we only read whether a
        # number is on it.
        blacklisted = set(
            self.env["phone.blacklist"]
            .sudo()
            .search([("number", "in", [n for n in numbers.values() if n])])
            .mapped("number")
        )
        moment = self._get_call_moment()
        Call = self.env["crm.phonecall"]
        allowed, skipped = [], Counter()
        for partner in members:
            number = numbers[partner]
            if partner.id in already:
                continue
            if not number or partner.crm_pme_phone_wrong:
                skipped["no_phone"] += 1
                continue
            if number in blacklisted or partner.consent_phone_state in REFUSED:
                skipped["refused"] += 1
                continue
            call = Call.new(self._prepare_call_vals(partner, moment))
            if call.crm_pme_consumer:
                call.date = phoning.next_allowed_time(
                    moment, partner.country_department_id.code
                )
            if phoning.call_violations(**call._crm_pme_rule_values()):
                skipped["rules"] += 1
                continue
            allowed.append((partner, call.date))
        return allowed, skipped

    def _prepare_call_vals(self, partner, moment, user=None):
        return {
            "name": self.name,
            "partner_id": partner.id,
            "partner_phone": partner.phone,
            "partner_mobile": partner.mobile,
            "date": moment,
            "direction": "out",
            "state": "open",
            "user_id": (user or self.user_id or self.env.user).id,
            "company_id": self.company_id.id,
            "crm_pme_campaign_id": self.id,
            "campaign_id": self.utm_campaign_id.id,
            "medium_id": self.env.ref("utm.utm_medium_phone").id,
        }

    def action_generate_calls(self):
        """Create the call list of a phoning campaign, shared in turn between
        its callers."""
        self.ensure_one()
        self._check_type("phoning")
        allowed, skipped = self._crm_pme_call_candidates()
        callers = self.caller_ids or self.user_id or self.env.user
        vals_list = [
            self._prepare_call_vals(partner, moment, callers[index % len(callers)])
            for index, (partner, moment) in enumerate(allowed)
        ]
        calls = self.env["crm.phonecall"].create(vals_list)
        self.call_skipped_count = sum(skipped.values())
        message = self.env._(
            "%(created)s calls planned; left out: %(no_phone)s without a valid "
            "phone, %(refused)s with a phone refusal, %(rules)s that the French "
            "phoning rules forbid calling now.",
            created=len(calls),
            no_phone=skipped["no_phone"],
            refused=skipped["refused"],
            rules=skipped["rules"],
        )
        self.message_post(body=message)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": message,
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def action_view_calls(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_phonecall.crm_case_categ_phone_outgoing0"
        )
        action["domain"] = [("crm_pme_campaign_id", "=", self.id)]
        action["context"] = {"default_crm_pme_campaign_id": self.id}
        return action

    def action_view_members(self):
        self.ensure_one()
        return self.segment_id.action_view_members()
