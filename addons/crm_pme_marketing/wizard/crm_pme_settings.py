from odoo import api, fields, models
from odoo.exceptions import AccessError


class CrmPmeSettings(models.TransientModel):
    _inherit = "crm.pme.settings"

    crm_pme_rfm_months = fields.Integer(string="RFM window (months)")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if "crm_pme_rfm_months" in fields_list:
            values["crm_pme_rfm_months"] = self.env.company.crm_pme_rfm_months
        return values

    def _ensure_crm_pme_settings_allowed(self):
        """Only a CRM PME manager, and only for a company he is allowed in
        (the company of the wizard can be forced at creation by RPC)."""
        self.ensure_one()
        user = self.env.user
        if not user.has_group("crm_pme_base.crm_pme_group_manager"):
            raise AccessError(
                self.env._("Only a CRM PME manager can change these settings.")
            )
        if self.company_id not in user.company_ids:
            raise AccessError(
                self.env._(
                    "You can only change the settings of a company you are allowed in."
                )
            )

    def action_apply(self):
        # Checked before anything is written, the base settings included.
        self._ensure_crm_pme_settings_allowed()
        result = super().action_apply()
        # sudo: a CRM PME manager (checked above) may tune this field of a
        # company he is allowed in without the right to edit companies.
        self.company_id.sudo().crm_pme_rfm_months = self.crm_pme_rfm_months
        return result
