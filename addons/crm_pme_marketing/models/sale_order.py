from odoo import fields, models
from odoo.exceptions import UserError


class SaleOrder(models.Model):
    _inherit = "sale.order"

    crm_pme_offer_id = fields.Many2one(
        "crm.pme.offer",
        string="Offer",
        check_company=True,
        domain="[('state', '=', 'active')]",
        copy=False,
    )

    def action_crm_pme_apply_offer(self):
        """Add the products of the chosen offer to the quotation."""
        self.ensure_one()
        offer = self.crm_pme_offer_id
        if not offer:
            raise UserError(self.env._("Choose the offer to add to the quotation."))
        if self.state not in ("draft", "sent"):
            raise UserError(
                self.env._("An offer can only be added to a quotation, not an order.")
            )
        offer._ensure_valid_on(fields.Date.context_today(self, self.date_order))
        self.env["sale.order.line"].create(
            [line._prepare_sale_line_vals(self) for line in offer.line_ids]
        )
        self.message_post(body=self.env._("Offer %(offer)s added.", offer=offer.name))
        return True
