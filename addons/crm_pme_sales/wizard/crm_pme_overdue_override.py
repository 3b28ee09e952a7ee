from odoo import fields, models


class CrmPmeOverdueOverride(models.TransientModel):
    """A sales manager confirms quotations whose customer's overdue invoices
    exceed the limit, and says why: the reason is logged on each order."""

    _name = "crm.pme.overdue.override"
    _description = "Confirm orders despite overdue invoices"

    order_ids = fields.Many2many("sale.order", string="Orders", required=True)
    reason = fields.Text(
        required=True,
        help="Why these orders are confirmed despite the overdue invoices "
        "(payment promised, guarantee received...): logged on each order.",
    )

    def action_confirm(self):
        self.ensure_one()
        self.order_ids._crm_pme_confirm_despite_overdue(self.reason)
        return {"type": "ir.actions.act_window_close"}
