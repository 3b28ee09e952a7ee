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
        """The sector of the customer's company, when it is a sector of the
        lead's company (a partner shared by the companies has the sector of
        one of them only). The lead's company is not a dependency: it is not
        precomputed, the sector is."""
        for lead in self:
            sector = lead.partner_id.commercial_partner_id.sector_id
            if sector and lead.company_id and sector.company_id != lead.company_id:
                sector = sector.browse()
            if lead.partner_id:
                lead.sector_id = sector

    @api.model_create_multi
    def create(self, vals_list):
        if "default_user_id" not in self.env.context:
            self._crm_pme_fill_from_sector(vals_list)
        return super().create(vals_list)

    @api.model
    def _crm_pme_fill_from_sector(self, vals_list):
        """Give a new lead without a salesperson the salesperson and the team
        of its sector (given, or the sector of its customer's company)."""
        partner_ids = {v["partner_id"] for v in vals_list if v.get("partner_id")}
        partners = self.env["res.partner"].browse(partner_ids)
        sector_by_partner = {p.id: p.commercial_partner_id.sector_id for p in partners}
        Sector = self.env["crm.pme.sector"]
        for vals in vals_list:
            if vals.get("user_id"):
                continue
            sector = (
                Sector.browse(vals["sector_id"])
                if vals.get("sector_id")
                else sector_by_partner.get(vals.get("partner_id"), Sector)
            )
            # A sector of another company than the lead's gives nothing.
            company_id = vals.get("company_id")
            if not sector.user_id or company_id and sector.company_id.id != company_id:
                continue
            vals["user_id"] = sector.user_id.id
            if sector.team_id and not vals.get("team_id"):
                vals["team_id"] = sector.team_id.id

    @api.model
    def get_import_templates(self):
        return [
            {
                "label": self.env._("CRM PME template: opportunities"),
                "template": "/crm_pme_sales/static/xls/crm_pme_opportunities.xlsx",
            }
        ] + super().get_import_templates()
