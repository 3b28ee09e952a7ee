from ast import literal_eval

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.osv import expression
from odoo.tools import SQL

TARGETS = [
    ("companies", "Companies"),
    ("contacts", "Contacts of companies"),
    ("all", "Companies, contacts and individuals"),
]


class CrmPmeSegment(models.Model):
    """A saved dynamic audience: a domain on contacts, evaluated when used."""

    _name = "crm.pme.segment"
    _description = "Marketing segment"
    _inherit = ["mail.thread"]
    _order = "name, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=False, tracking=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    description = fields.Text()
    target = fields.Selection(
        TARGETS, required=True, default="companies", tracking=True
    )
    domain = fields.Char(
        string="Filter",
        default="[]",
        required=True,
        tracking=True,
        help="Which contacts belong to the segment: sector, département, NAF, "
        "size, revenue band, lifecycle, RFM group, consent...",
    )
    member_count = fields.Integer(string="Members", compute="_compute_member_count")
    campaign_ids = fields.One2many("crm.pme.campaign", "segment_id")

    @api.depends("domain", "target", "company_id")
    @api.depends_context("uid", "allowed_company_ids")
    def _compute_member_count(self):
        counts = self._crm_pme_member_counts()
        for index, segment in enumerate(self):
            segment.member_count = counts.get(index, 0)

    def _crm_pme_member_counts(self):
        """Member count of each segment in one query, whatever the number of
        segments and members (one sub-select per segment, UNION ALL). Keys
        are the positions of the segments in self (new records have no id)."""
        parts = []
        for index, segment in enumerate(self):
            try:
                domain = segment._get_member_domain()
            except (ValueError, SyntaxError):
                continue
            query = segment._get_partner_model()._search(domain)
            parts.append(
                SQL(
                    "SELECT %s AS segment_id, COUNT(*) AS total FROM (%s) AS members",
                    index,
                    query.select(SQL("1")),
                )
            )
        if not parts:
            return {}
        rows = self.env.execute_query(SQL(" UNION ALL ").join(parts))
        return dict(rows)

    @api.constrains("domain")
    def _check_domain(self):
        for segment in self:
            try:
                domain = segment._crm_pme_parsed_domain()
                self.env["res.partner"]._search(domain)
            except (ValueError, SyntaxError, TypeError, KeyError) as error:
                raise ValidationError(
                    self.env._(
                        "The filter of the segment %(segment)s is not valid: "
                        "%(error)s. Build it again with the filter editor.",
                        segment=segment.name,
                        error=error,
                    )
                ) from error

    def _crm_pme_parsed_domain(self):
        self.ensure_one()
        domain = literal_eval((self.domain or "[]").strip())
        if not isinstance(domain, list | tuple):
            raise ValueError(self.env._("a filter is a list of conditions"))
        return list(domain)

    def _get_target_domain(self):
        self.ensure_one()
        if self.target == "companies":
            return [("is_company", "=", True)]
        if self.target == "contacts":
            return [("is_company", "=", False), ("parent_id.is_company", "=", True)]
        return []

    def _get_member_domain(self):
        """The contacts of the segment (a hook for sibling add-ons)."""
        self.ensure_one()
        return expression.AND(
            [
                self._get_target_domain(),
                [("company_id", "in", [self.company_id.id, False])],
                self._crm_pme_parsed_domain(),
            ]
        )

    def _get_partner_model(self):
        """Contacts as seen from the segment's company: company-dependent
        figures (RFM group...) are those of that company."""
        self.ensure_one()
        return self.env["res.partner"].with_company(self.company_id)

    def _get_members(self):
        self.ensure_one()
        return self._get_partner_model().search(self._get_member_domain())

    def action_view_members(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Members of %(segment)s", segment=self.name),
            "res_model": "res.partner",
            "view_mode": "list,kanban,form",
            "domain": self._get_member_domain(),
            "context": {"create": False},
        }
