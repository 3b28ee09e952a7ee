from odoo import api, fields, models
from odoo.exceptions import AccessError

SETTINGS_FIELDS = (
    "crm_pme_active_months",
    "crm_pme_lost_months",
    "crm_pme_sector_overwrite_salesperson",
    "crm_pme_prospect_review_years",
    "crm_pme_duplicate_similarity",
    "crm_pme_quality_threshold",
)


class CrmPmeSettings(models.TransientModel):
    """CRM PME settings of the current company, for CRM PME managers (who
    need not be Odoo administrators to tune their CRM)."""

    _name = "crm.pme.settings"
    _description = "CRM PME settings"

    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, default=lambda s: s.env.company
    )
    crm_pme_active_months = fields.Integer(string="Active customer window (months)")
    crm_pme_lost_months = fields.Integer(string="Lost customer after (months)")
    crm_pme_sector_overwrite_salesperson = fields.Boolean(
        string="Sector sets the salesperson"
    )
    crm_pme_prospect_review_years = fields.Integer(
        string="Review prospects after (years)"
    )
    crm_pme_quality_threshold = fields.Integer(string="Quality score threshold")
    crm_pme_duplicate_similarity = fields.Float(
        string="Name similarity for duplicates", digits=(3, 2)
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        company = self.env.company
        for name in SETTINGS_FIELDS:
            if name in fields_list:
                values[name] = company[name]
        return values

    def action_apply(self):
        self.ensure_one()
        self._ensure_crm_pme_settings_access()
        # sudo: a CRM PME manager may change these fields of a company they
        # work in (checked above) without the right to edit companies.
        self.company_id.sudo().write({name: self[name] for name in SETTINGS_FIELDS})
        return {"type": "ir.actions.act_window_close"}

    def _ensure_crm_pme_settings_access(self):
        """Only a CRM PME manager, and only for a company they are allowed
        in: the company comes from the request and is not trusted."""
        user = self.env.user
        if not user.has_group("crm_pme_base.crm_pme_group_manager"):
            raise AccessError(
                self.env._("Only a CRM PME manager can change these settings.")
            )
        for wizard in self:
            if wizard.company_id not in user.company_ids:
                raise AccessError(
                    self.env._(
                        "You may change the CRM PME settings only of the "
                        "companies you work in: switch to that company first."
                    )
                )
