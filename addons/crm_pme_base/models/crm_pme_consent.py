from odoo import api, fields, models, tools
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import misc

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
        # The ledger is the proof of a consent or a refusal: it is never
        # deleted with its partner (see res_partner_rgpd.py for the erasure).
        ondelete="restrict",
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
    blacklist_lift_pending = fields.Boolean(
        string="Blacklist to lift",
        readonly=True,
        copy=False,
        help="Granted, but the person's address stays on the blacklist until "
        "a user allowed to manage the blacklist lifts it.",
    )
    can_lift_blacklist = fields.Boolean(compute="_compute_can_lift_blacklist")
    erased_subject_hash = fields.Char(
        string="Erased address (hash)",
        readonly=True,
        copy=False,
        index="btree_not_null",
        groups="crm_pme_base.crm_pme_group_manager",
        help="Set when the person's data was erased (RGPD): a keyed hash of the "
        "email or phone number this entry was about, so that the entry names "
        "nobody and is still found from the address the person gives.",
    )
    erased_subject = fields.Char(
        string="Erased address",
        compute="_compute_erased_subject",
        search="_search_erased_subject",
        groups="crm_pme_base.crm_pme_group_manager",
    )
    email = fields.Char(related="partner_id.email")
    phone = fields.Char(related="partner_id.phone")

    @api.depends("channel")
    @api.depends_context("uid")
    def _compute_can_lift_blacklist(self):
        may_write = {
            "email": self.env["mail.blacklist"].has_access("write"),
            "phone": self.env["phone.blacklist"].has_access("write"),
        }
        may_write["sms"] = may_write["phone"]
        for consent in self:
            consent.can_lift_blacklist = may_write.get(consent.channel, False)

    def _compute_erased_subject(self):
        self.erased_subject = False

    def _search_erased_subject(self, operator, value):
        """Entries of erased persons whose email or phone number is
        ``value`` (an exact match, whatever the operator)."""
        if operator not in ("=", "ilike", "like", "=ilike") or not value:
            raise UserError(
                self.env._("Search the erased address with its full value.")
            )
        candidates = {value.strip(), tools.email_normalize(value)}
        candidates.add(self.env.user._phone_format(number=value))
        hashes = [self._crm_pme_subject_hash(c) for c in candidates if c]
        return [("erased_subject_hash", "in", hashes)]

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

    def action_crm_pme_lift_blacklist(self):
        """Lift the blacklist entries a granted consent could not lift when
        it was recorded, for a user with the rights Odoo asks for it."""
        self.ensure_one()
        if self.state != "granted":
            raise UserError(
                self.env._("Only a granted consent lifts the person's blacklisting.")
            )
        self._crm_pme_ensure_blacklist_lift_allowed(raise_exception=True)
        self._crm_pme_lift_blacklists()
        return True

    def _crm_pme_sync_blacklists(self):
        """Feed Odoo's email and phone blacklists from the newest entries.

        A refusal adds the address; a granted consent lifts a blacklisting
        only when it carries a proof and the user has Odoo's own rights on
        the blacklist (the entry may be the person's own unsubscription).
        Otherwise the consent is kept with ``blacklist_lift_pending`` and the
        user is told that someone with those rights must lift it."""
        pending = self.browse()
        for consent in self.sorted("date"):
            if consent.state in ("refused", "withdrawn"):
                consent._crm_pme_add_blacklists()
            elif consent._crm_pme_blacklisted_addresses():
                if consent._crm_pme_ensure_blacklist_lift_allowed():
                    consent._crm_pme_lift_blacklists()
                else:
                    pending |= consent
        if pending:
            # sudo: the flag records what happened; users may not write the
            # ledger (append-only for them).
            pending.sudo().blacklist_lift_pending = True
            self.env.user._bus_send(
                "simple_notification",
                {
                    "type": "warning",
                    "sticky": True,
                    "title": self.env._("Blacklist kept"),
                    "message": pending[0]._crm_pme_blacklist_pending_reason(),
                },
            )

    def _crm_pme_blacklist_message(self):
        self.ensure_one()
        return self.env._(
            "Consent ledger: %(state)s by %(partner)s",
            state=self._fields["state"].convert_to_export(self.state, self),
            partner=self.partner_id.display_name,
        )

    def _crm_pme_phone_numbers(self):
        """The partner's phone numbers, as the phone blacklist stores them."""
        self.ensure_one()
        partner = self.partner_id
        numbers = [
            self.env.user._phone_format(number=number, country=partner.country_id)
            for number in (partner.phone, partner.mobile)
            if number
        ]
        return [number for number in numbers if number]

    def _crm_pme_subject(self):
        """The address this entry is about: the email for the email channel,
        the phone number (as the phone blacklist stores it) for phone and
        SMS; none for post."""
        self.ensure_one()
        if self.channel == "email":
            return self.partner_id.email_normalized or False
        if self.channel in ("phone", "sms"):
            numbers = self._crm_pme_phone_numbers()
            return numbers[0] if numbers else False
        return False

    @api.model
    def _crm_pme_subject_hash(self, subject):
        # Keyed with the database secret: the hash of a known address cannot
        # be computed outside this database.
        return misc.hmac(self.env(su=True), "crm_pme_consent_erased_subject", subject)

    def _crm_pme_add_blacklists(self):
        self.ensure_one()
        partner = self.partner_id
        message = self._crm_pme_blacklist_message()
        if self.channel == "email" and partner.email_normalized:
            # sudo: the blacklist is a system model; recording a refusal in the
            # ledger is what allows a user to blacklist that address, and only
            # that one (adding only protects the person).
            self.env["mail.blacklist"].sudo()._add(
                partner.email_normalized, message=message
            )
        elif self.channel in ("phone", "sms"):
            numbers = self._crm_pme_phone_numbers()
            if numbers:
                # sudo: as for emails above: only the numbers of the partner
                # whose refusal was just recorded are added.
                self.env["phone.blacklist"].sudo()._add(numbers, message=message)

    def _crm_pme_blacklisted_addresses(self):
        """The addresses of the channel of ``self`` that are blacklisted now
        (active entries): the model and the values to lift."""
        self.ensure_one()
        partner = self.partner_id
        if self.channel == "email" and partner.email_normalized:
            if (
                self.env["mail.blacklist"]
                # sudo: a read only, as Odoo's own is_blacklisted computes it.
                .sudo()
                .search_count([("email", "=", partner.email_normalized)], limit=1)
            ):
                return "mail.blacklist", [partner.email_normalized]
        elif self.channel in ("phone", "sms"):
            numbers = self._crm_pme_phone_numbers()
            if numbers:
                listed = (
                    self.env["phone.blacklist"]
                    # sudo: a read only, as Odoo's own phone_blacklisted computes it.
                    .sudo()
                    .search([("number", "in", numbers)])
                    .mapped("number")
                )
                if listed:
                    return "phone.blacklist", listed
        return False

    def _crm_pme_ensure_blacklist_lift_allowed(self, raise_exception=False):
        """A blacklisting is lifted only by a granted consent with a proof,
        recorded or lifted by a user Odoo lets write on that blacklist."""
        self.ensure_one()
        blacklisted = self._crm_pme_blacklisted_addresses()
        if not blacklisted:
            return True
        if not (self.proof or self.proof_attachment_id):
            if raise_exception:
                raise UserError(self._crm_pme_blacklist_pending_reason())
            return False
        if not self.env[blacklisted[0]].has_access("write"):
            if raise_exception:
                raise AccessError(self._crm_pme_blacklist_pending_reason())
            return False
        return True

    def _crm_pme_blacklist_pending_reason(self):
        self.ensure_one()
        if not (self.proof or self.proof_attachment_id):
            return self.env._(
                "The consent of %(partner)s is recorded, but the address stays "
                "on the blacklist: only a granted consent with its proof (text "
                "or document) lifts a blacklisting. Add the proof, then lift it.",
                partner=self.partner_id.display_name,
            )
        return self.env._(
            "The consent of %(partner)s is recorded, but the address stays on "
            "the blacklist, which may be the person's own unsubscription: a "
            "user allowed to manage the blacklist (Email Marketing user or "
            "administrator) must lift it from the consent.",
            partner=self.partner_id.display_name,
        )

    def _crm_pme_lift_blacklists(self):
        """Lift, with the current user's own rights (no sudo)."""
        self.ensure_one()
        blacklisted = self._crm_pme_blacklisted_addresses()
        if blacklisted:
            model, addresses = blacklisted
            message = self._crm_pme_blacklist_message()
            if model == "mail.blacklist":
                for email in addresses:
                    self.env[model]._remove(email, message=message)
            else:
                self.env[model]._remove(addresses, message=message)
        if self.blacklist_lift_pending:
            # sudo: the flag is not a right; users may not write the ledger.
            self.sudo().blacklist_lift_pending = False
