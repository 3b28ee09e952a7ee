from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError


class CrmPmePortfolioTransfer(models.TransientModel):
    _name = "crm.pme.portfolio.transfer"
    _description = "Customer portfolio transfer"

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        context = self.env.context
        if (
            "partner_ids" in fields_list
            and context.get("active_model") == "res.partner"
            and context.get("active_ids")
        ):
            partners = self.env["res.partner"].browse(context["active_ids"])
            values["partner_ids"] = [
                fields.Command.set(partners.commercial_partner_id.ids)
            ]
        return values

    from_user_id = fields.Many2one(
        "res.users",
        string="From salesperson",
        domain="[('share', '=', False)]",
        help="Transfer every company of this salesperson (in the current "
        "company), in addition to the companies selected below.",
    )
    partner_ids = fields.Many2many(
        "res.partner",
        string="Companies",
        domain="[('is_company', '=', True)]",
    )
    to_user_id = fields.Many2one(
        "res.users",
        string="To salesperson",
        required=True,
        domain="[('share', '=', False)]",
    )
    transfer_opportunities = fields.Boolean(
        string="Open opportunities too",
        default=True,
        help="Give the new salesperson the open opportunities of these "
        "companies held by their former salesperson.",
    )
    transfer_quotations = fields.Boolean(
        string="Open quotations too",
        default=True,
        help="Give the new salesperson the quotations not confirmed yet of "
        "these companies held by their former salesperson.",
    )

    def _crm_pme_partners(self):
        self.ensure_one()
        partners = self.partner_ids.commercial_partner_id
        if self.from_user_id:
            partners |= self.env["res.partner"].search(
                [
                    ("user_id", "=", self.from_user_id.id),
                    ("parent_id", "=", False),
                    ("company_id", "in", [self.env.company.id, False]),
                ]
            )
        return partners

    def action_transfer(self):
        self.ensure_one()
        if not self.env.user.has_group("sales_team.group_sale_manager"):
            raise AccessError(
                self.env._("Only a sales manager can transfer a customer portfolio.")
            )
        partners = self._crm_pme_partners()
        if not partners:
            raise UserError(
                self.env._(
                    "Choose the companies to transfer, or the salesperson whose "
                    "companies are to be transferred."
                )
            )
        partners = partners.filtered(lambda p: p.user_id != self.to_user_id)
        everyone = self.env["res.partner"].search(
            [("commercial_partner_id", "in", partners.ids)]
        )
        bodies = {
            partner.id: self.env._(
                "Portfolio transferred from %(old)s to %(new)s by %(user)s.",
                old=partner.user_id.name or self.env._("nobody"),
                new=self.to_user_id.name,
                user=self.env.user.name,
            )
            for partner in partners
        }
        former = {partner.id: partner.user_id.id for partner in everyone}
        everyone.write({"user_id": self.to_user_id.id})
        if self.transfer_opportunities:
            leads = self.env["crm.lead"].search(
                self._crm_pme_lead_domain(partners, former)
            )
            leads.write({"user_id": self.to_user_id.id})
        if self.transfer_quotations:
            orders = self.env["sale.order"].search(
                [
                    ("partner_id.commercial_partner_id", "in", partners.ids),
                    ("state", "in", ("draft", "sent")),
                    ("user_id", "in", list(set(former.values()) - {False})),
                ]
            )
            orders.write({"user_id": self.to_user_id.id})
        partners._message_log_batch(bodies=bodies)
        return {"type": "ir.actions.act_window_close"}

    def _crm_pme_lead_domain(self, partners, former):
        return [
            ("partner_id.commercial_partner_id", "in", partners.ids),
            ("user_id", "in", list(set(former.values()) - {False})),
            ("stage_id.is_won", "=", False),
        ]
