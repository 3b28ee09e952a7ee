from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    crm_pme_rfm_months = fields.Integer(
        string="RFM window (months)",
        default=24,
        help="The RFM scores count the posted customer invoices of this many months.",
    )
    crm_pme_rfm_date = fields.Date(
        string="RFM computed on",
        readonly=True,
        copy=False,
        help="The last run of the RFM scores.",
    )

    @api.constrains("crm_pme_rfm_months")
    def _check_crm_pme_rfm_months(self):
        for company in self:
            if not 1 <= company.crm_pme_rfm_months <= 120:
                raise ValidationError(
                    self.env._(
                        "The RFM window must be between 1 and 120 months (got "
                        "%(months)s).",
                        months=company.crm_pme_rfm_months,
                    )
                )
