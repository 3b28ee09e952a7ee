from odoo import api, fields, models

STEP_TYPES = [
    ("opening", "Opening"),
    ("discovery", "Discovery question"),
    ("pitch", "Pitch"),
    ("objection", "Objection"),
    ("closing", "Closing"),
]


class CrmPmeCallScript(models.Model):
    """An "argumentaire": what the caller says, step by step."""

    _name = "crm.pme.call.script"
    _description = "Call script"
    _order = "name, id"
    _check_company_auto = True

    name = fields.Char(required=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    goal = fields.Text(help="What a successful call achieves.")
    step_ids = fields.One2many(
        "crm.pme.call.script.step", "script_id", string="Steps", copy=True
    )
    step_count = fields.Integer(compute="_compute_step_count")

    @api.depends("step_ids")
    def _compute_step_count(self):
        for script in self:
            script.step_count = len(script.step_ids)
