# Copyright 2026 CRM PME contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.duration import session_hours


class CrmPmeInterventionSession(models.Model):
    _name = "crm.pme.intervention.session"
    _description = "Intervention time session"
    _order = "start, id"

    intervention_id = fields.Many2one(
        "crm.pme.intervention", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        related="intervention_id.company_id", store=True, index=True
    )
    user_id = fields.Many2one(
        "res.users", string="Technician", default=lambda self: self.env.user
    )
    start = fields.Datetime(
        string="Started at", required=True, default=fields.Datetime.now
    )
    stop = fields.Datetime(string="Stopped at")
    hours = fields.Float(compute="_compute_hours", store=True)

    @api.depends("start", "stop")
    def _compute_hours(self):
        for session in self:
            if session.stop and session.start and session.stop >= session.start:
                session.hours = session_hours(session.start, session.stop)
            else:
                session.hours = 0.0

    @api.constrains("start", "stop")
    def _check_stop_after_start(self):
        for session in self:
            if session.stop and session.start and session.stop < session.start:
                raise ValidationError(
                    self.env._(
                        "A session of %(name)s stops (%(stop)s) before it starts "
                        "(%(start)s): correct the times.",
                        name=session.intervention_id.name,
                        stop=session.stop,
                        start=session.start,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            self.env["crm.pme.intervention"].browse(
                {vals.get("intervention_id") for vals in vals_list} - {None, False}
            )._ensure_not_invoiced()
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            interventions = self.intervention_id
            if vals.get("intervention_id"):
                interventions |= interventions.browse(vals["intervention_id"])
            interventions._ensure_not_invoiced()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_invoiced(self):
        if not self.env.su:
            self.intervention_id._ensure_not_invoiced()
