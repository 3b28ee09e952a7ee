from odoo import api, fields, models
from odoo.osv import expression

from .crm_pme_campaign import REFUSED


class CrmPmeCampaign(models.Model):
    """The mass mailing of an emailing campaign."""

    _inherit = "crm.pme.campaign"  # pylint: disable=consider-merging-classes-inherited

    mailing_ids = fields.One2many(
        "mailing.mailing",
        compute="_compute_mailing_ids",
        string="Mailings",
        groups="mass_mailing.group_mass_mailing_user",
    )
    mailing_count = fields.Integer(compute="_compute_mailing_count")

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

    def action_create_mailing(self):
        self.ensure_one()
        self._ensure_campaign_type("emailing")
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
