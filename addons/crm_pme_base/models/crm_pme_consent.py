from odoo import api, fields, models
from odoo.exceptions import ValidationError

CHANNELS = [
    ("email", "Email"),
    ("phone", "Phone"),
    ("sms", "SMS"),
    ("post", "Post"),
]
STATES = [
    ("granted", "Granted"),
    ("refused", "Refused"),
    ("withdrawn", "Withdrawn"),
]


class CrmPmeConsent(models.Model):
    """One entry of the consent ledger: what a person said, on which channel,
    when, on which legal basis and with which proof. Entries are never edited
    by users: a new entry supersedes the previous one of the same channel."""

    _name = "crm.pme.consent"
    _description = "Consent ledger entry"
    _order = "date desc, id desc"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner",
        string="Contact",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    channel = fields.Selection(CHANNELS, required=True, index=True)
    state = fields.Selection(STATES, required=True, default="granted")
    legal_basis = fields.Selection(
        [
            ("consent", "Consent"),
            ("legitimate_interest", "Legitimate interest (B2B)"),
            ("contract", "Contract"),
        ],
        required=True,
        default="consent",
    )
    source = fields.Char(help="Where the consent was collected: form, trade fair...")
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    proof = fields.Text(help="What proves the consent: form reference, call log...")
    proof_attachment_id = fields.Many2one("ir.attachment", string="Proof document")
    user_id = fields.Many2one(
        "res.users",
        string="Recorded by",
        default=lambda self: self.env.user,
        readonly=True,
    )
    email = fields.Char(related="partner_id.email")
    phone = fields.Char(related="partner_id.phone")

    @api.constrains("date")
    def _check_date(self):
        now = fields.Datetime.now()
        for consent in self:
            if consent.date > now:
                raise ValidationError(
                    self.env._(
                        "The consent of %(partner)s is dated in the future: "
                        "record the date it was given.",
                        partner=consent.partner_id.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        consents = super().create(vals_list)
        consents._crm_pme_sync_blacklists()
        return consents

    def _crm_pme_sync_blacklists(self):
        """Feed Odoo's email and phone blacklists from the newest entries."""
        # sudo: the blacklists are system models; recording a refusal in the
        # ledger is what allows a user to blacklist that address.
        mail_blacklist = self.env["mail.blacklist"].sudo()
        phone_blacklist = self.env["phone.blacklist"].sudo()
        for consent in self.sorted("date"):
            partner = consent.partner_id
            refused = consent.state in ("refused", "withdrawn")
            message = self.env._(
                "Consent ledger: %(state)s by %(partner)s",
                state=consent._fields["state"].convert_to_export(
                    consent.state, consent
                ),
                partner=partner.display_name,
            )
            if consent.channel == "email" and partner.email_normalized:
                if refused:
                    mail_blacklist._add(partner.email_normalized, message=message)
                else:
                    mail_blacklist._remove(partner.email_normalized, message=message)
            elif consent.channel in ("phone", "sms"):
                numbers = [
                    self.env.user._phone_format(
                        number=number, country=partner.country_id
                    )
                    for number in (partner.phone, partner.mobile)
                    if number
                ]
                numbers = [n for n in numbers if n]
                if numbers and refused:
                    phone_blacklist._add(numbers, message=message)
                elif numbers:
                    phone_blacklist._remove(numbers, message=message)
