"""The headline's lost customers turned into a marketing segment, when the
marketing add-on is installed (found in the registry, as its section is)."""

from odoo import api, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_date

SEGMENT_MODEL = "crm.pme.segment"


class CrmPmeDashboard(models.AbstractModel):
    _inherit = "crm.pme.dashboard"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _win_back_allowed(self):
        """The marketing add-on is installed and the user may create its
        segments (what the headline's button needs)."""
        return SEGMENT_MODEL in self.env and self.env[SEGMENT_MODEL].has_access(
            "create"
        )

    @api.model
    def action_crm_pme_win_back_segment(self, filters=None):
        """Create the win-back segment of the customers lost that the
        headline counts for ``filters`` (the last 12 months, the company,
        salesperson, team and sector), or refresh the one already made for
        the same months, company and filters, and open it."""
        scope = self._dashboard_scope(filters)
        if SEGMENT_MODEL not in self.env:
            raise UserError(
                self.env._(
                    "Install CRM PME - Marketing to turn the lost customers "
                    "into a segment."
                )
            )
        if not self._win_back_allowed():
            raise AccessError(
                self.env._(
                    "Only CRM PME managers create marketing segments: ask one "
                    "to create the win-back segment."
                )
            )
        vals = self._prepare_win_back_segment_vals(scope)
        Segment = self.env[SEGMENT_MODEL]
        segment = Segment.with_context(active_test=False).search(
            [("company_id", "=", vals["company_id"]), ("domain", "=", vals["domain"])],
            limit=1,
        )
        if segment:
            segment.write(vals)
        else:
            segment = Segment.create(vals)
        return {
            "type": "ir.actions.act_window",
            "name": segment.name,
            "res_model": SEGMENT_MODEL,
            "res_id": segment.id,
            "views": [[False, "form"]],
            "target": "current",
            "context": {"allowed_company_ids": [scope["company"].id]},
        }

    def _prepare_win_back_segment_vals(self, scope):
        """The segment of the lost customers: the headline's rule as a
        domain, on every kind of contact (a lost customer is a company or
        an individual), in the dashboard's company."""
        filters = [
            record.display_name
            for record in (scope["user"], scope["team"], scope["sector"])
            if record
        ]
        name = self.env._(
            "Win-back: customers lost from %(start)s to %(end)s",
            start=format_date(self.env, scope["last_12_start"]),
            end=format_date(self.env, scope["today"]),
        )
        if filters:
            name = f"{name} ({', '.join(filters)})"
        return {
            "name": name,
            "active": True,
            "company_id": scope["company"].id,
            "target": "all",
            "domain": repr(self._lost_customers_domain(scope)),
            "description": self.env._(
                "The customers lost over these 12 months, as the dashboard's "
                "headline counts them."
            ),
        }
