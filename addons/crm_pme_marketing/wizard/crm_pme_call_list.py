from odoo import api, fields, models


class CrmPmeCallList(models.TransientModel):
    """Generate the call list of a phoning campaign: the segment's contacts
    the French phoning rules allow calling, shared in turn between the
    callers. The form shows beforehand how many calls will be planned and
    how many contacts are left out, and why."""

    _name = "crm.pme.call.list"
    _description = "Call list of a phoning campaign"
    _check_company_auto = True

    campaign_id = fields.Many2one(
        "crm.pme.campaign", required=True, readonly=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="campaign_id.company_id")
    caller_ids = fields.Many2many(
        "res.users",
        string="Callers",
        compute="_compute_caller_ids",
        store=True,
        readonly=False,
        check_company=True,
        help="The calls are shared in turn between these callers.",
    )
    call_count = fields.Integer(
        string="Calls to plan", compute="_compute_candidate_counts"
    )
    no_phone_count = fields.Integer(
        string="Without a valid phone", compute="_compute_candidate_counts"
    )
    refused_count = fields.Integer(
        string="With a phone refusal", compute="_compute_candidate_counts"
    )
    rules_count = fields.Integer(
        string="Forbidden now by the phoning rules",
        compute="_compute_candidate_counts",
    )

    @api.depends("campaign_id")
    def _compute_caller_ids(self):
        for wizard in self:
            campaign = wizard.campaign_id
            wizard.caller_ids = campaign.caller_ids or campaign.user_id

    @api.depends("campaign_id")
    def _compute_candidate_counts(self):
        for wizard in self:
            allowed, skipped = (
                wizard.campaign_id._crm_pme_call_candidates()
                if wizard.campaign_id.segment_id
                else ([], {})
            )
            wizard.call_count = len(allowed)
            wizard.no_phone_count = skipped.get("no_phone", 0)
            wizard.refused_count = skipped.get("refused", 0)
            wizard.rules_count = skipped.get("rules", 0)

    def action_generate(self):
        """Create the calls, tell the campaign's chatter what was left out."""
        self.ensure_one()
        campaign = self.campaign_id
        campaign._ensure_campaign_type("phoning")
        allowed, skipped = campaign._crm_pme_call_candidates()
        callers = self.caller_ids or campaign.user_id or self.env.user
        vals_list = [
            campaign._prepare_call_vals(partner, moment, callers[index % len(callers)])
            for index, (partner, moment) in enumerate(allowed)
        ]
        calls = self.env["crm.phonecall"].create(vals_list)
        campaign.call_skipped_count = sum(skipped.values())
        message = self.env._(
            "%(created)s calls planned; left out: %(no_phone)s without a valid "
            "phone, %(refused)s with a phone refusal, %(rules)s that the French "
            "phoning rules forbid calling now.",
            created=len(calls),
            no_phone=skipped["no_phone"],
            refused=skipped["refused"],
            rules=skipped["rules"],
        )
        campaign.message_post(body=message)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": message,
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
