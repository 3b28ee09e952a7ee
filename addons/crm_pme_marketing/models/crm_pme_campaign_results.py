from collections import defaultdict

from odoo import api, fields, models


class CrmPmeCampaign(models.Model):
    """The results of a campaign: emails, calls, leads, orders and the return
    on its budget, as aggregates."""

    _inherit = "crm.pme.campaign"  # pylint: disable=consider-merging-classes-inherited

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
        rows = (
            # sudo: results are aggregate figures of the campaign, the same for
            # every user who may read the campaign (a salesperson sees only his
            # own leads, a CRM PME user without email marketing rights cannot
            # read mailings nor their traces). Only the aggregates leave this
            # method.
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

    @api.depends("phonecall_ids.crm_pme_outcome", "phonecall_ids.state")
    def _compute_call_results(self):
        rows = (
            self.env["crm.phonecall"]
            # sudo: counts of the campaign's calls by outcome, for every reader
            # of the campaign (a caller sees only his own calls).
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
