from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from ..tools import sector as sector_rules

SECTOR_TRIGGER_FIELDS = {
    "zip",
    "country_id",
    "state_id",
    "city",
    "parent_id",
    "company_id",
}


class ResPartner(models.Model):
    """Sector of a commercial entity, per company: each company applies its
    own sector rules, and a partner shared by several companies may sit in a
    different sector in each (a company-dependent field: one jsonb column
    keyed by company id)."""

    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    sector_id = fields.Many2one(
        "crm.pme.sector",
        company_dependent=True,
        ondelete="set null",
        domain="[('company_id', '=', current_company_id)]",
    )
    commercial_sector_id = fields.Many2one(
        related="commercial_partner_id.sector_id", string="Company sector"
    )
    sector_team_id = fields.Many2one(related="sector_id.team_id", string="Sector team")

    @api.model_create_multi
    def create(self, vals_list):
        partners = super().create(vals_list)
        partners.filtered(lambda p: not p.sector_id)._crm_pme_assign_sectors()
        with_sector = partners.filtered("sector_id")
        if with_sector:
            with_sector._crm_pme_apply_sector_salesperson()
        return partners

    def write(self, vals):
        result = super().write(vals)
        if self.env.context.get("crm_pme_sector_assign"):
            return result
        if "sector_id" in vals:
            self._crm_pme_apply_sector_salesperson()
        elif SECTOR_TRIGGER_FIELDS & vals.keys():
            self._crm_pme_assign_sectors()
        return result

    def action_crm_pme_reassign_sectors(self):
        """Recompute the sector of the selected companies (all if none)."""
        self._crm_pme_ensure_sector_manager()
        partners = self or self.search([("parent_id", "=", False)])
        partners._crm_pme_assign_sectors()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "Sectors recomputed for %(count)s companies.", count=len(partners)
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _crm_pme_get_sector(self, company):
        """The sector of this partner's commercial entity in ``company`` (the
        company of a lead, a quotation, a ticket), whatever the company the
        user works in."""
        self.ensure_one()
        if not company:
            return self.env["crm.pme.sector"]
        commercial = self.commercial_partner_id.with_company(company)
        return commercial.sector_id.with_env(self.env)

    def _crm_pme_ensure_sector_manager(self):
        if not self.env.user.has_group("crm_pme_base.crm_pme_group_manager"):
            raise AccessError(
                self.env._(
                    "Only a CRM PME manager can reassign sectors: ask a manager."
                )
            )

    def _crm_pme_place(self):
        """Where a partner is, as the sector rules of tools/sector.py see it."""
        self.ensure_one()
        department = self.country_department_id
        return sector_rules.Place(
            country_id=self.country_id.id,
            region_id=department.state_id.id or self.state_id.id,
            department_id=department.id,
            zip=self.zip,
        )

    def _crm_pme_sector_companies(self):
        """Companies whose sector rules apply to ``self``: a partner's own
        company, every company for a shared partner."""
        companies = self.company_id
        if not all(partner.company_id for partner in self):
            # sudo: a shared partner gets its sector in every active company,
            # not only in the companies of the user who created or moved it;
            # only the companies' ids are used, to pick their rules.
            companies |= self.env["res.company"].sudo().search([("active", "=", True)])
        return companies

    def _crm_pme_assign_sectors(self):
        """Give each commercial entity of self, in each company it belongs
        to, the sector of that company's most specific rule, and the sector's
        salesperson. Two UPDATE statements whatever the number of companies
        (the ORM would flush in chunks)."""
        partners = self.filtered(lambda p: p.id and not p.parent_id)
        if not partners:
            return
        companies = partners._crm_pme_sector_companies()
        # sudo: sector rules are configuration every user reads; the matching
        # must not depend on which rules the current user may see. Only the
        # rules of ``companies`` are read, nothing is written through them.
        rules = self.env["crm.pme.sector.rule"].sudo()._crm_pme_sorted_rules(companies)
        self.flush_model(["sector_id", "user_id"])
        current = dict(
            self.env.execute_query(
                SQL(
                    "SELECT id, sector_id FROM res_partner WHERE id = ANY(%s)",
                    partners.ids,
                )
            )
        )
        changed_ids, company_ids, sector_ids = [], [], []
        for partner in partners:
            place = partner._crm_pme_place()
            stored = current.get(partner.id) or {}
            for company in partner.company_id or companies:
                sector_id = sector_rules.match_sector(rules[company.id], place)
                if stored.get(str(company.id)) != sector_id:
                    changed_ids.append(partner.id)
                    company_ids.append(company.id)
                    sector_ids.append(sector_id)
        if not changed_ids:
            return
        changed = self.browse(set(changed_ids))
        changed.modified(["sector_id", "user_id"])
        self.env.execute_query(
            SQL(
                """
                UPDATE res_partner p
                   SET sector_id = NULLIF(
                           (COALESCE(p.sector_id, '{}') - u.removed) || u.added,
                           '{}'),
                       write_uid = %s,
                       write_date = %s
                  FROM (SELECT id,
                               COALESCE(array_agg(company_id::text)
                                        FILTER (WHERE sector_id IS NULL), '{}')
                                   AS removed,
                               COALESCE(jsonb_object_agg(company_id::text, sector_id)
                                        FILTER (WHERE sector_id IS NOT NULL), '{}')
                                   AS added
                          FROM unnest(%s::int[], %s::int[], %s::int[])
                               AS u(id, company_id, sector_id)
                         GROUP BY id) AS u
                 WHERE p.id = u.id
                """,
                self.env.uid,
                fields.Datetime.now(),
                changed_ids,
                company_ids,
                sector_ids,
            )
        )
        # The statement reads the sectors' salesperson and the companies'
        # setting: pending ORM writes of them must reach the database first.
        self.env["crm.pme.sector"].flush_model(["user_id", "company_id"])
        self.env["res.company"].flush_model(["crm_pme_sector_overwrite_salesperson"])
        self.env.execute_query(self._crm_pme_sector_salesperson_sql(changed.ids))
        changed.invalidate_recordset(
            ["sector_id", "user_id", "write_uid", "write_date"]
        )
        changed.modified(["sector_id", "user_id"])

    @api.model
    def _crm_pme_sector_salesperson_sql(self, partner_ids):
        """Fill the salesperson of ``partner_ids`` from their sector in their
        company (the current company for a shared partner), always if that
        company says so: ``_crm_pme_apply_sector_salesperson`` in one
        statement (``sector_salesperson`` of tools/sector.py, tested against
        it in tests/test_sector.py)."""
        return SQL(
            """
            UPDATE res_partner p
               SET user_id = s.user_id
              FROM crm_pme_sector s
              JOIN res_company c ON c.id = s.company_id
             WHERE p.id = ANY(%(ids)s)
               AND s.id = (p.sector_id
                           ->> COALESCE(p.company_id, %(company)s)::text)::int
               AND s.company_id = COALESCE(p.company_id, %(company)s)
               AND s.user_id IS NOT NULL
               AND p.user_id IS DISTINCT FROM s.user_id
               AND (p.user_id IS NULL OR c.crm_pme_sector_overwrite_salesperson)
            """,
            ids=partner_ids,
            company=self.env.company.id,
        )

    def _crm_pme_apply_sector_salesperson(self):
        """Fill the salesperson from the sector of the partner's company (the
        current company for a shared partner), always if that company says
        so (``crm.pme.sector._crm_pme_assignment``)."""
        by_user = defaultdict(list)
        no_team = self.env["crm.team"]
        for partner in self:
            company = partner.company_id or self.env.company
            sector = partner._crm_pme_get_sector(company)
            user, _team = sector._crm_pme_assignment(
                company,
                partner.user_id,
                no_team,
                overwrite=company.crm_pme_sector_overwrite_salesperson,
            )
            if user != partner.user_id:
                by_user[user.id].append(partner.id)
        for user_id, ids in by_user.items():
            # No "you have been assigned" email per company: a batch of a
            # thousand companies would send a thousand emails.
            self.browse(ids).with_context(
                crm_pme_sector_assign=True, mail_auto_subscribe_no_notify=True
            ).write({"user_id": user_id})
