from odoo import Command, api, models
from odoo.exceptions import AccessError, UserError

# Personal data blanked by the RGPD erasure (the name is replaced).
ERASED_FIELDS = (
    "email",
    "phone",
    "mobile",
    "street",
    "street2",
    "zip",
    "city",
    "state_id",
    "website",
    "function",
    "title",
    "comment",
    "image_1920",
    "vat",
    "ref",
    "company_registry",
    "company_name",
    "siren",
    "nic",
    "contact_role",
    "is_decision_maker",
)


class ResPartner(models.Model):
    """Proofs kept with their partner, and the RGPD right to erasure.

    The consent ledger and the lifecycle history are never deleted with a
    partner: the deletion of a partner that has some is refused (archive
    instead). A person's request to erase their data is served by
    ``action_crm_pme_rgpd_erase``, which anonymises the partner and keeps the
    ledger, the proof of a refusal."""

    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    @api.ondelete(at_uninstall=False)
    def _unlink_except_crm_pme_proof(self):
        if not self.ids:
            return
        domain = [("partner_id", "in", self.ids)]
        kept = {
            partner.id
            for model in ("crm.pme.consent", "crm.pme.lifecycle.event")
            # sudo: the entries may belong to a company the user does not see;
            # only which of these partners have one is read, to refuse.
            for [partner] in self.env[model].sudo()._read_group(domain, ["partner_id"])
        }
        if kept:
            names = self.browse(sorted(kept))[:5].mapped("display_name")
            raise UserError(
                self.env._(
                    "%(partners)s cannot be deleted: the consent ledger and the "
                    "lifecycle history keep their entries (the proof of a consent "
                    "or a refusal). Archive them instead; to serve a person's "
                    "request to erase their data, a CRM PME manager uses "
                    "“Erase personal data (RGPD)” on the contact.",
                    partners=", ".join(names),
                )
            )

    def action_crm_pme_rgpd_erase(self):
        """RGPD right to erasure: anonymise the selected persons, archive
        them, and keep their consent ledger (see the readme for what is
        blanked, deleted and kept)."""
        self._crm_pme_ensure_rgpd_erase_allowed()
        for partner in self:
            partner._crm_pme_rgpd_blacklist_refusals()
            partner._crm_pme_rgpd_keep_consent_subjects()
            partner._crm_pme_rgpd_clear_messages()
            partner.with_context(tracking_disable=True, mail_notrack=True).write(
                partner._crm_pme_rgpd_erase_vals()
            )
            partner._message_log(
                body=self.env._(
                    "Personal data erased on request (RGPD right to erasure) by "
                    "%(user)s; the consent ledger is kept.",
                    user=self.env.user.name,
                )
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "Personal data of %(count)s contact(s) erased; the consent "
                    "ledger is kept.",
                    count=len(self),
                ),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def _crm_pme_ensure_rgpd_erase_allowed(self):
        """Only a CRM PME manager, on partners they may edit, that are no
        user or company, and that no accounting entry names."""
        if not self.env.user.has_group("crm_pme_base.crm_pme_group_manager"):
            raise AccessError(
                self.env._("Only a CRM PME manager can erase a person's data.")
            )
        self.check_access("write")
        # sudo: whether a user or a company uses the partner decides the
        # refusal, whichever the manager may read.
        users = self.env["res.users"].sudo().with_context(active_test=False)
        if users.search_count([("partner_id", "in", self.ids)], limit=1):
            raise UserError(
                self.env._(
                    "This contact is linked to a user account: an administrator "
                    "must delete that account before the person's data can be "
                    "erased here."
                )
            )
        if (
            self.env["res.company"]
            # sudo: whether a company of the database uses the contact, a count only.
            .sudo()
            .search_count([("partner_id", "in", self.ids)], limit=1)
        ):
            raise UserError(
                self.env._(
                    "The contact of one of this database's companies cannot be erased."
                )
            )
        # sudo: accounting entries of every company name the person (kept 10
        # years); a count only, nothing of them is shown.
        moves = self.env["account.move"].sudo()
        if moves.search_count(
            [
                "|",
                ("partner_id", "in", self.ids),
                ("commercial_partner_id", "in", self.ids),
            ],
            limit=1,
        ):
            raise UserError(
                self.env._(
                    "This contact appears on accounting entries, which the law "
                    "requires to keep for 10 years (the RGPD right to erasure "
                    "does not apply to them): archive the contact and record "
                    "the person's refusal in the consent ledger instead."
                )
            )

    def _crm_pme_rgpd_erase_vals(self):
        """Values written on the partner: a neutral name, the personal data
        blanked, archived."""
        self.ensure_one()
        names = set(ERASED_FIELDS) & self._fields.keys()
        if self.parent_id:
            # A contact's VAT, SIREN... are its company's, not the person's.
            names -= set(self._commercial_fields())
        vals = dict.fromkeys(names, False)
        vals.update(
            name=self.env._("Anonymised contact %(ref)s", ref=self.id),
            category_id=[Command.clear()],
            active=False,
        )
        return vals

    def _crm_pme_rgpd_latest_consents(self):
        """The newest ledger entry of each channel, all companies."""
        self.ensure_one()
        latest = {}
        consents = (
            self.env["crm.pme.consent"]
            # sudo: the refusal recorded by any company must be honoured; only
            # this partner's entries are read, and only their channel and state used.
            .sudo()
            .search([("partner_id", "=", self.id)], order="date desc, id desc")
        )
        for consent in consents:
            latest.setdefault(consent.channel, consent)
        return latest

    def _crm_pme_rgpd_blacklist_refusals(self):
        """Keep the person off the channels they refused: their email and
        phone numbers stay on (or go back to) Odoo's blacklists, which must
        hold the address to honour the refusal."""
        self.ensure_one()
        for consent in self._crm_pme_rgpd_latest_consents().values():
            if consent.state in ("refused", "withdrawn"):
                consent._crm_pme_add_blacklists()

    def _crm_pme_rgpd_keep_consent_subjects(self):
        """Replace, in the ledger, the address each entry was about by its
        keyed hash: the entry no longer names the person, yet a manager can
        still find it from the address the person gives."""
        self.ensure_one()
        consents = (
            # sudo: the entries of every company are kept and marked; only this
            # partner's entries, for a manager checked by the erasure action.
            self.env["crm.pme.consent"].sudo().search([("partner_id", "=", self.id)])
        )
        for consent in consents:
            subject = consent._crm_pme_subject()
            if subject:
                consent.erased_subject_hash = consent._crm_pme_subject_hash(subject)

    def _crm_pme_rgpd_clear_messages(self):
        """Delete what the partner's chatter, activities, followers and
        attachments hold about the person (tracked values included); blank
        the sender address of the messages they wrote on other documents,
        which stay with those documents. The proofs attached to the ledger
        are kept."""
        self.ensure_one()
        # sudo: a CRM PME manager erases what Odoo's access rules would let
        # only the authors or an administrator delete; the manager was checked
        # by _crm_pme_ensure_rgpd_erase_allowed.
        env = self.sudo().env
        on_partner = [("model", "=", "res.partner"), ("res_id", "=", self.id)]
        env["mail.message"].search(on_partner).unlink()
        env["mail.activity"].search(
            [("res_model", "=", "res.partner"), ("res_id", "=", self.id)]
        ).unlink()
        env["mail.followers"].search(
            [
                "|",
                ("partner_id", "=", self.id),
                "&",
                ("res_model", "=", "res.partner"),
                ("res_id", "=", self.id),
            ]
        ).unlink()
        proofs = env["crm.pme.consent"].search(
            [("partner_id", "=", self.id), ("proof_attachment_id", "!=", False)]
        )
        env["ir.attachment"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "=", self.id),
                ("id", "not in", proofs.proof_attachment_id.ids),
            ]
        ).unlink()
        env["mail.message"].search([("author_id", "=", self.id)]).write(
            {"email_from": False, "reply_to": False}
        )
