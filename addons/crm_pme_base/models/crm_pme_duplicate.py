from odoo import api, fields, models

REASONS = [
    ("siren", "Same SIREN"),
    ("email", "Same email"),
    ("phone", "Same phone"),
    ("name", "Similar name"),
]


class CrmPmeDuplicate(models.Model):
    """A pair of companies that may be the same, found by the monthly data
    maintenance, to merge or to dismiss."""

    _name = "crm.pme.duplicate"
    _description = "Possible duplicate companies"
    _order = "found_date desc, similarity desc, id desc"

    partner_id = fields.Many2one(
        "res.partner", required=True, ondelete="cascade", index=True, readonly=True
    )
    duplicate_id = fields.Many2one(
        "res.partner",
        string="Possible duplicate",
        required=True,
        ondelete="cascade",
        index=True,
        readonly=True,
    )
    company_id = fields.Many2one("res.company", index=True, readonly=True)
    reason = fields.Selection(REASONS, required=True, readonly=True)
    similarity = fields.Float(digits=(3, 2), readonly=True)
    found_date = fields.Date(required=True, readonly=True, index=True)
    state = fields.Selection(
        [("new", "To review"), ("dismissed", "Not a duplicate")],
        default="new",
        required=True,
        index=True,
    )

    _sql_constraints = [
        (
            "pair_uniq",
            "unique(partner_id, duplicate_id)",
            "This pair of companies is already listed.",
        ),
    ]

    def action_merge(self):
        self.ensure_one()
        return (self.partner_id | self.duplicate_id)._crm_pme_merge_action()

    def action_dismiss(self):
        self.state = "dismissed"

    @api.model
    def _crm_pme_find_duplicates(self, today=None, batch_size=1000):
        """List new pairs of possible duplicates among commercial entities.

        Partners are read in batches; each batch costs one duplicate query
        (see res.partner._crm_pme_duplicate_matches) and one insert. Returns
        the number of new pairs."""
        today = today or fields.Date.context_today(self)
        Partner = self.env["res.partner"].with_context(active_test=True)
        partners = Partner.search_fetch(
            [("parent_id", "=", False)],
            ["name", "siren", "email_normalized", "phone", "company_id"],
            order="id",
        )
        new_pairs = 0
        for start in range(0, len(partners), batch_size):
            batch = partners[start : start + batch_size]
            rows = batch._crm_pme_duplicate_rows()
            company = {partner.id: partner.company_id.id for partner in batch}
            pairs = {}
            for key, partner_id, reason, _siret in Partner._crm_pme_duplicate_matches(
                rows
            ):
                pair = (min(key, partner_id), max(key, partner_id))
                pairs.setdefault(pair, reason)
            if not pairs:
                continue
            firsts, seconds, reasons, companies = [], [], [], []
            for (first, second), reason in pairs.items():
                firsts.append(first)
                seconds.append(second)
                reasons.append(reason)
                companies.append(company.get(first) or company.get(second) or None)
            self.env.cr.execute(
                """
                INSERT INTO crm_pme_duplicate
                       (partner_id, duplicate_id, company_id, reason, similarity,
                        found_date, state, create_uid, create_date, write_uid,
                        write_date)
                SELECT u.a, u.b, u.company, u.reason,
                       similarity(pa.name, pb.name), %s, 'new',
                       %s, now() at time zone 'UTC', %s, now() at time zone 'UTC'
                  FROM unnest(%s::int[], %s::int[], %s::varchar[], %s::int[])
                       AS u(a, b, reason, company)
                  JOIN res_partner pa ON pa.id = u.a
                  JOIN res_partner pb ON pb.id = u.b
                ON CONFLICT (partner_id, duplicate_id) DO NOTHING
                """,
                [
                    today,
                    self.env.uid,
                    self.env.uid,
                    firsts,
                    seconds,
                    reasons,
                    companies,
                ],
            )
            new_pairs += self.env.cr.rowcount
        self.invalidate_model()
        return new_pairs

    @api.model
    def _cron_crm_pme_data_maintenance(self):
        """Monthly data maintenance: new duplicates, stale prospects."""
        self._crm_pme_find_duplicates()
        self.env["res.partner"]._crm_pme_flag_stale_prospects()
