from odoo import api, fields, models


class CrmPmeSettings(models.TransientModel):
    _inherit = "crm.pme.settings"

    crm_pme_rfm_months = fields.Integer(string="RFM window (months)")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if "crm_pme_rfm_months" in fields_list:
            values["crm_pme_rfm_months"] = self.env.company.crm_pme_rfm_months
        return values

    def action_apply(self):
        result = super().action_apply()
        # sudo: as in crm_pme_base, a CRM PME manager (checked by super) may
        # tune the settings of the current company.
        self.company_id.sudo().crm_pme_rfm_months = self.crm_pme_rfm_months
        return result
