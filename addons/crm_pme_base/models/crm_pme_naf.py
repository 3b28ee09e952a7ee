from odoo import api, fields, models


class CrmPmeNaf(models.Model):
    _name = "crm.pme.naf"
    _description = "NAF/APE activity code"
    _order = "code"
    _parent_store = True
    _rec_names_search = ["code", "name"]

    code = fields.Char(required=True, index=True)
    name = fields.Char(string="Label", required=True)
    level = fields.Selection(
        [
            ("section", "Section"),
            ("division", "Division"),
            ("group", "Group"),
            ("class", "Class"),
            ("subclass", "Sub-class"),
        ],
        required=True,
        index=True,
    )
    parent_id = fields.Many2one("crm.pme.naf", index=True, ondelete="restrict")
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many("crm.pme.naf", "parent_id", string="Children")
    section_id = fields.Many2one(
        "crm.pme.naf",
        index=True,
        ondelete="restrict",
        domain=[("level", "=", "section")],
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_uniq", "unique(code)", "This NAF code already exists."),
    ]

    @api.depends("code", "name")
    def _compute_display_name(self):
        for naf in self:
            naf.display_name = f"{naf.code} {naf.name}" if naf.code else naf.name
