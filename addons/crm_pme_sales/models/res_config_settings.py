from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    crm_pme_objective_revenue_source = fields.Selection(
        related="company_id.crm_pme_objective_revenue_source", readonly=False
    )
    crm_pme_overdue_block = fields.Boolean(
        related="company_id.crm_pme_overdue_block", readonly=False
    )
    crm_pme_company_currency_id = fields.Many2one(
        related="company_id.currency_id", string="Company currency"
    )
    crm_pme_overdue_threshold = fields.Monetary(
        related="company_id.crm_pme_overdue_threshold",
        readonly=False,
        currency_field="crm_pme_company_currency_id",
    )
