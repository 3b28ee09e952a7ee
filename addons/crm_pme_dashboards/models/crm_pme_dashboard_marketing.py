"""Dashboard section of the marketing add-on, shown when it is installed."""

from datetime import datetime, time, timedelta

from odoo import models


class CrmPmeDashboard(models.AbstractModel):
    _inherit = "crm.pme.dashboard"  # pylint: disable=consider-merging-classes-inherited

    def _section_marketing(self, scope):
        """Campaigns running, leads of the period that came from a
        campaign, and each campaign's results (leads, won, revenue, return
        on budget) as the campaign screen computes them."""
        s = scope
        Campaign = self.env["crm.pme.campaign"]
        campaign_domain = [
            ("company_id", "=", s["company"].id),
            ("date_start", "<=", s["end"]),
            "|",
            ("date_end", "=", False),
            ("date_end", ">=", s["start"]),
        ]
        campaigns = Campaign.search(campaign_domain, order="date_start desc", limit=20)
        running = Campaign.search_count(
            [("company_id", "=", s["company"].id), ("state", "=", "running")]
        )
        utm_ids = campaigns.utm_campaign_id.ids
        lead_domain = self._lead_domain(scope) + [
            ("campaign_id", "in", utm_ids),
            ("create_date", ">=", datetime.combine(s["start"], time.min)),
            (
                "create_date",
                "<",
                datetime.combine(s["end"] + timedelta(days=1), time.min),
            ),
        ]
        leads = self.env["crm.lead"].search_count(lead_domain) if utm_ids else 0
        return {
            "key": "marketing",
            "title": self.env._("Marketing"),
            "tiles": [
                self._tile(
                    "campaigns_running",
                    self.env._("Campaigns running"),
                    running,
                    "count",
                    self._action(
                        scope,
                        self.env._("Campaigns running"),
                        "crm.pme.campaign",
                        [
                            ("company_id", "=", s["company"].id),
                            ("state", "=", "running"),
                        ],
                    ),
                ),
                self._tile(
                    "campaign_leads",
                    self.env._("Leads from campaigns"),
                    leads,
                    "count",
                    self._action(
                        scope,
                        self.env._("Leads from campaigns"),
                        "crm.lead",
                        lead_domain,
                    ),
                ),
            ],
            "campaigns": [
                {
                    "label": campaign.name,
                    "leads": campaign.lead_count,
                    "won": campaign.won_count,
                    "revenue": campaign.revenue,
                    "budget": campaign.budget,
                    "return_on_budget": campaign.return_on_budget,
                    "action": self._action(
                        scope,
                        campaign.name,
                        "crm.pme.campaign",
                        [("id", "=", campaign.id)],
                        views=("form",),
                    ),
                }
                for campaign in campaigns
            ],
        }
