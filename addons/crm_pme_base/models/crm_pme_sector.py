from odoo import api, fields, models

from ..tools import sector as sector_rules


class CrmPmeSector(models.Model):
    _name = "crm.pme.sector"
    _description = "Geographic sector"
    _inherit = ["mail.thread"]
    _order = "sequence, name"
    _check_company_auto = True

    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True, tracking=True)
    code = fields.Char(tracking=True)
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        tracking=True,
        check_company=True,
        domain="[('share', '=', False)]",
    )
    team_id = fields.Many2one(
        "crm.team", string="Sales team", tracking=True, check_company=True
    )
    technician_id = fields.Many2one(
        "res.users",
        tracking=True,
        check_company=True,
        domain="[('share', '=', False)]",
    )
    rule_ids = fields.One2many("crm.pme.sector.rule", "sector_id", string="Rules")
    partner_ids = fields.One2many(
        "res.partner", "sector_id", string="Companies of the sector"
    )
    partner_count = fields.Integer(compute="_compute_partner_count", string="Companies")
    color = fields.Integer()
    description = fields.Html()

    _sql_constraints = [
        (
            "code_company_uniq",
            "unique(code, company_id)",
            "A sector with this code already exists in this company.",
        ),
    ]

    def _compute_partner_count(self):
        groups = self.env["res.partner"]._read_group(
            [("sector_id", "in", self.ids)], ["sector_id"], ["__count"]
        )
        counts = {sector.id: count for sector, count in groups}
        for sector in self:
            sector.partner_count = counts.get(sector.id, 0)

    @api.constrains("active", "company_id")
    def _check_rule_clashes(self):
        self.rule_ids._check_clashes()

    def _crm_pme_assignment(self, company, user, team, overwrite=False):
        """The salesperson and the team (``res.users``, ``crm.team``) a
        partner, a lead or an order of ``company`` gets from this sector,
        given its own salesperson ``user`` (given, or its customer's) and
        team: tools/sector.py's ``sector_salesperson`` and ``sector_team``.
        No sector, or a sector of another company than ``company`` (when
        given), gives nothing: ``user`` and ``team`` come back unchanged."""
        if len(self) != 1 or (company and self.company_id != company):
            return user, team
        sector_team = self.team_id
        user_id = sector_rules.sector_salesperson(
            user.id, self.user_id.id, overwrite=overwrite
        )
        team_id = sector_rules.sector_team(
            team.id,
            user_id,
            self.user_id.id,
            sector_team.id,
            (sector_team.member_ids | sector_team.user_id).ids if sector_team else [],
        )
        return user.browse(user_id), team.browse(team_id)

    def action_view_partners(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_pme_base.res_partner_action_companies"
        )
        action["domain"] = [("sector_id", "=", self.id)]
        action["context"] = {"default_is_company": True}
        return action

    def action_reassign(self):
        """Recompute the sector of every company of the sectors' companies."""
        self.env["res.partner"]._crm_pme_ensure_sector_manager()
        domain = [
            ("parent_id", "=", False),
            ("company_id", "in", self.company_id.ids + [False]),
        ]
        partners = self.env["res.partner"].search(domain)
        partners._crm_pme_assign_sectors()
        return True
