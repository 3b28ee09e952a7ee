from odoo import api, fields, models


class CrmLead(models.Model):
    _inherit = "crm.lead"

    sector_id = fields.Many2one(
        "crm.pme.sector",
        compute="_compute_sector_id",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
        ondelete="set null",
        domain="[('company_id', 'in', [company_id or current_company_id])]",
        help="Sector of the customer's company; drives the salesperson and "
        "the team of new leads that have none.",
    )

    @api.depends("partner_id")
    def _compute_sector_id(self):
        """The sector of the customer's company in the lead's company (a
        partner shared by the companies has a sector in each). The lead's
        company is not a dependency: it is not precomputed, the sector is."""
        for lead in self:
            if lead.partner_id:
                lead.sector_id = lead.partner_id._crm_pme_get_sector(
                    lead.company_id or self.env.company
                )

    @api.model_create_multi
    def create(self, vals_list):
        if "default_user_id" not in self.env.context:
            self._crm_pme_fill_from_sector(vals_list)
        return super().create(vals_list)

    @api.model
    def _crm_pme_fill_from_sector(self, vals_list):
        """Give a new lead without a salesperson the salesperson and the team
        of its sector (given, or the sector of its customer's company), by
        the rule orders follow too (``crm.pme.sector._crm_pme_assignment``).
        A sector without a salesperson gives nothing: crm's default
        salesperson and team apply."""
        Partner = self.env["res.partner"]
        Company = self.env["res.company"]
        Sector = self.env["crm.pme.sector"]
        Team = self.env["crm.team"]
        for vals in vals_list:
            if vals.get("user_id"):
                continue
            company = Company.browse(vals.get("company_id"))
            if vals.get("sector_id"):
                sector = Sector.browse(vals["sector_id"])
            elif vals.get("partner_id"):
                sector = Partner.browse(vals["partner_id"])._crm_pme_get_sector(
                    company or self.env.company
                )
            else:
                continue
            user, team = sector._crm_pme_assignment(
                company, self.env["res.users"], Team.browse(vals.get("team_id"))
            )
            if not user:
                continue
            vals["user_id"] = user.id
            if team and not vals.get("team_id"):
                vals["team_id"] = team.id

    @api.model
    def get_import_templates(self):
        return [
            {
                "label": self.env._("CRM PME template: opportunities"),
                "template": "/crm_pme_sales/static/xls/crm_pme_opportunities.xlsx",
            }
        ] + super().get_import_templates()
