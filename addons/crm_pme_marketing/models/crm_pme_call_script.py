from markupsafe import Markup

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
    script_html = fields.Html(
        string="Script to read",
        compute="_compute_script_html",
        sanitize=False,
        help="The steps as the caller reads them, on a desktop or a phone.",
    )

    @api.depends("step_ids")
    def _compute_step_count(self):
        for script in self:
            script.step_count = len(script.step_ids)

    @api.depends(
        "goal",
        "step_ids.sequence",
        "step_ids.step_type",
        "step_ids.name",
        "step_ids.content",
        "step_ids.answer",
    )
    def _compute_script_html(self):
        """The script as one readable text: each step a heading and its
        paragraphs, the caller's own line breaks kept, every value escaped."""
        step_labels = dict(
            self.env["crm.pme.call.script.step"]
            ._fields["step_type"]
            ._description_selection(self.env)
        )
        for script in self:
            parts = []
            if script.goal:
                parts.append(
                    Markup('<p class="text-muted fst-italic">%s</p>')
                    % self.env._("Goal: %(goal)s", goal=script.goal)
                )
            for step in script.step_ids.sorted(lambda s: (s.sequence, s.id)):
                parts.append(
                    Markup(
                        '<h4 class="mt-3">%s <small class="text-muted">%s</small></h4>'
                    )
                    % (step.name, step_labels.get(step.step_type, ""))
                )
                if step.content:
                    parts.append(
                        Markup('<p style="white-space: pre-line;">%s</p>')
                        % step.content
                    )
                if step.answer:
                    parts.append(
                        Markup(
                            '<p style="white-space: pre-line;">'
                            "<strong>%s</strong> %s</p>"
                        )
                        % (self.env._("Suggested answer:"), step.answer)
                    )
            script.script_html = Markup("").join(parts) if parts else False
