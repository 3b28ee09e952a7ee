from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    crm_pme_objective_revenue_source = fields.Selection(
        [("order", "Confirmed orders"), ("invoice", "Posted invoices")],
        string="Objective revenue from",
        default="order",
        required=True,
        help="Revenue objectives count the untaxed amount of confirmed sale "
        "orders (dated by their order date) or of posted customer invoices "
        "net of credit notes (dated by their invoice date).",
    )
    crm_pme_overdue_block = fields.Boolean(
        string="Block orders of customers with overdue invoices",
        help="Confirming an order is refused when the customer's overdue "
        "amount exceeds the threshold; a sales manager may confirm anyway, "
        "which is logged on the order.",
    )
    crm_pme_overdue_threshold = fields.Monetary(
        string="Overdue threshold",
        currency_field="currency_id",
        help="Overdue amount above which confirming an order is blocked.",
    )

    @api.constrains("crm_pme_overdue_threshold")
    def _check_crm_pme_overdue_threshold(self):
        for company in self:
            if company.crm_pme_overdue_threshold < 0:
                raise ValidationError(
                    self.env._(
                        "The overdue threshold cannot be negative: enter zero "
                        "to block any overdue amount."
                    )
                )
