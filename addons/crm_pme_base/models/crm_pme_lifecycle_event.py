from odoo import fields, models

LIFECYCLE_STATES = [
    ("prospect", "Prospect"),
    ("active", "Active customer"),
    ("at_risk", "At risk"),
    ("lost", "Lost"),
]


class CrmPmeLifecycleEvent(models.Model):
    """A dated change of a company's lifecycle state, kept for counting
    (e.g. customers lost last year). Written by the lifecycle recompute."""

    _name = "crm.pme.lifecycle.event"
    _description = "Customer lifecycle transition"
    _order = "date desc, id desc"
    _log_access = True

    # History is never deleted with its partner (archive the partner).
    partner_id = fields.Many2one(
        "res.partner", required=True, index=True, ondelete="restrict", readonly=True
    )
    company_id = fields.Many2one("res.company", index=True, readonly=True)
    date = fields.Date(required=True, index=True, readonly=True)
    old_state = fields.Selection(LIFECYCLE_STATES, string="From", readonly=True)
    new_state = fields.Selection(
        LIFECYCLE_STATES, string="To", required=True, readonly=True, index=True
    )
