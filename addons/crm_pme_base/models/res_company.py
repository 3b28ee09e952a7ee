from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    crm_pme_active_months = fields.Integer(
        string="Active customer window (months)",
        default=12,
        help="A customer invoiced within this many months is active.",
    )
    crm_pme_lost_months = fields.Integer(
        string="Lost customer after (months)",
        default=18,
        help="A customer not invoiced for this many months is lost; between "
        "the two windows it is at risk.",
    )
    crm_pme_sector_overwrite_salesperson = fields.Boolean(
        string="Sector sets the salesperson",
        help="When set, assigning a sector always replaces the company's "
        "salesperson with the sector's; otherwise only an empty one is filled.",
    )
    crm_pme_prospect_review_years = fields.Integer(
        string="Review prospects after (years)",
        default=3,
        help="Prospects with no contact for this many years are flagged for "
        "review or deletion (CNIL).",
    )
    crm_pme_duplicate_similarity = fields.Float(
        string="Name similarity for duplicates",
        default=0.6,
        help="Trigram similarity (0-1) above which two company names are "
        "suggested as duplicates.",
    )

    crm_pme_quality_threshold = fields.Integer(
        string="Quality score threshold",
        default=70,
        help="Companies scoring below it are listed in Data quality.",
    )

    @api.constrains(
        "crm_pme_active_months",
        "crm_pme_lost_months",
        "crm_pme_prospect_review_years",
        "crm_pme_duplicate_similarity",
        "crm_pme_quality_threshold",
    )
    def _check_crm_pme_settings(self):
        for company in self:
            if not 0 < company.crm_pme_active_months < company.crm_pme_lost_months:
                raise ValidationError(
                    self.env._(
                        "The active customer window must be at least one month "
                        "and shorter than the lost customer delay."
                    )
                )
            if company.crm_pme_prospect_review_years < 1:
                raise ValidationError(
                    self.env._("The prospect review delay must be at least one year.")
                )
            if not 0 <= company.crm_pme_quality_threshold <= 100:
                raise ValidationError(
                    self.env._("The quality score threshold must be between 0 and 100.")
                )
            if not 0 < company.crm_pme_duplicate_similarity <= 1:
                raise ValidationError(
                    self.env._(
                        "The name similarity for duplicates must be between 0 and 1."
                    )
                )
