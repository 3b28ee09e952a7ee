from odoo import fields, models

from .crm_pme_call_script import STEP_TYPES


class CrmPmeCallScriptStep(models.Model):
    _name = "crm.pme.call.script.step"
    _description = "Call script step"
    _order = "script_id, sequence, id"

    script_id = fields.Many2one(
        "crm.pme.call.script", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="script_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    step_type = fields.Selection(STEP_TYPES, string="Step", required=True)
    name = fields.Char(string="Title", required=True)
    content = fields.Text(string="What to say")
    answer = fields.Text(
        string="Suggested answer", help="For an objection: what to answer."
    )
