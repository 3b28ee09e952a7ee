from odoo import fields, models

STATUSES = [
    ("ready", "Ready"),
    ("warning", "Warning"),
    ("refused", "Refused"),
    ("imported", "Imported"),
    ("failed", "Import failed"),
]


class CrmPmeImportCheckLine(models.Model):
    _name = "crm.pme.import.check.line"
    _description = "Migration check row"
    _order = "row_number"

    check_id = fields.Many2one(
        "crm.pme.import.check", required=True, ondelete="cascade", index=True
    )
    row_number = fields.Integer(string="Row")
    name = fields.Char()
    status = fields.Selection(STATUSES, required=True)
    reasons = fields.Text()
    values_json = fields.Text()
    partner_id = fields.Many2one("res.partner", string="Created contact")
