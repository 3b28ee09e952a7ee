from odoo import api, fields, models

from ..models.crm_phonecall import OUTCOMES


class CrmPmeCallOutcome(models.TransientModel):
    """End a call with its outcome (from the call, beside its script)."""

    _name = "crm.pme.call.outcome"
    _description = "Call outcome"

    phonecall_id = fields.Many2one("crm.phonecall", required=True, readonly=True)
    partner_id = fields.Many2one(related="phonecall_id.partner_id")
    outcome = fields.Selection(OUTCOMES, required=True, default="interested")
    callback_date = fields.Datetime(string="Call back on")
    note = fields.Text()

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if (
            "phonecall_id" in fields_list
            and not values.get("phonecall_id")
            and self.env.context.get("active_model") == "crm.phonecall"
        ):
            values["phonecall_id"] = self.env.context.get("active_id")
        return values

    def action_confirm(self):
        self.ensure_one()
        result = self.phonecall_id._crm_pme_set_outcome(
            self.outcome, callback_date=self.callback_date, note=self.note
        )
        if self.outcome == "interested":
            return {
                "type": "ir.actions.act_window",
                "res_model": "crm.lead",
                "res_id": result.id,
                "view_mode": "form",
                "views": [(False, "form")],
            }
        return {"type": "ir.actions.act_window_close"}
