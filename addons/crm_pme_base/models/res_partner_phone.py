from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import SQL

from ..tools.phone import phone_key, phone_key_sql


class ResPartner(models.Model):
    """The phone line of a partner, whatever the notation of its numbers:
    the duplicates, the consents and the phoning rules match partners and
    calls through tools/phone.py's key."""

    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    crm_pme_phone_key = fields.Char(
        string="Phone line key",
        compute="_compute_crm_pme_phone_key",
        search="_search_crm_pme_phone_key",
        help="The last nine digits of the phone number (else the mobile): "
        "the same line whatever its notation (+33, 0033, 0, spaces, dots).",
    )

    @api.depends("phone", "mobile")
    def _compute_crm_pme_phone_key(self):
        for partner in self:
            partner.crm_pme_phone_key = (
                phone_key(partner.phone) or phone_key(partner.mobile) or False
            )

    def _search_crm_pme_phone_key(self, operator, value):
        """Partners whose phone or mobile is one of the lines ``value`` (keys
        or numbers in any notation)."""
        if operator not in ("=", "in"):
            raise UserError(
                self.env._(
                    "Search a phone line with its number: it is the same line or not."
                )
            )
        values = value if isinstance(value, list | tuple) else [value]
        keys = sorted({phone_key(v) for v in values} - {""})
        if not keys:
            return expression.FALSE_DOMAIN
        self.env["res.partner"].flush_model(["phone", "mobile"])
        # One indexed lookup per column (see init).
        return [
            (
                "id",
                "in",
                SQL(
                    "(SELECT id FROM res_partner WHERE %s IN %s"
                    " UNION SELECT id FROM res_partner WHERE %s IN %s)",
                    phone_key_sql(SQL.identifier("phone")),
                    tuple(keys),
                    phone_key_sql(SQL.identifier("mobile")),
                    tuple(keys),
                ),
            )
        ]

    def init(self):
        res = super().init()
        # The phone column's index is created with the duplicate search's
        # (res_partner.py); this one serves the search on the mobile.
        self.env.cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS res_partner_crm_pme_mobile_idx"
                " ON res_partner ((%s)) WHERE mobile IS NOT NULL",
                phone_key_sql(SQL.identifier("mobile")),
            )
        )
        return res
