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
    def _crm_pme_find_duplicates(self, today=None):
        """List new pairs of possible duplicates among commercial entities, in
        one statement. Returns the number of new pairs."""
        today = today or fields.Date.context_today(self)
        self.env.flush_all()
        threshold = self.env.company.crm_pme_duplicate_similarity or 0.6
        # Raw cursor: the trigram operator "%" (which uses the GIN index)
        # cannot be written through odoo.tools.SQL; the query is a constant
        # and every value is a parameter.
        self.env.cr.execute(
            """
            WITH pairs AS (
                SELECT a.id AS a_id, b.id AS b_id,
                       COALESCE(a.company_id, b.company_id) AS company_id,
                       CASE
                         WHEN a.siren IS NOT NULL AND a.siren != ''
                              AND a.siren = b.siren THEN 'siren'
                         WHEN a.email_normalized IS NOT NULL
                              AND a.email_normalized = b.email_normalized THEN 'email'
                         WHEN length(regexp_replace(a.phone, '\\D', '', 'g')) >= 9
                              AND right(regexp_replace(a.phone, '\\D', '', 'g'), 9)
                                = right(regexp_replace(b.phone, '\\D', '', 'g'), 9)
                           THEN 'phone'
                         ELSE 'name'
                       END AS reason,
                       similarity(a.name, b.name) AS similarity
                  FROM res_partner a
                  JOIN res_partner b
                    ON b.id > a.id
                   AND b.active AND b.parent_id IS NULL
                   AND (a.company_id IS NULL OR b.company_id IS NULL
                        OR a.company_id = b.company_id)
                   AND ((a.siren IS NOT NULL AND a.siren != '' AND a.siren = b.siren)
                     OR (a.email_normalized IS NOT NULL
                         AND a.email_normalized = b.email_normalized)
                     OR (length(regexp_replace(a.phone, '\\D', '', 'g')) >= 9
                         AND right(regexp_replace(a.phone, '\\D', '', 'g'), 9)
                           = right(regexp_replace(b.phone, '\\D', '', 'g'), 9))
                     OR (a.name %% b.name AND similarity(a.name, b.name) >= %s))
                 WHERE a.active AND a.parent_id IS NULL
            )
            INSERT INTO crm_pme_duplicate
                   (partner_id, duplicate_id, company_id, reason, similarity,
                    found_date, state, create_uid, create_date, write_uid, write_date)
            SELECT a_id, b_id, company_id, reason, similarity, %s, 'new',
                   %s, now() at time zone 'UTC', %s, now() at time zone 'UTC'
              FROM pairs
            ON CONFLICT (partner_id, duplicate_id) DO NOTHING
            """,
            [threshold, today, self.env.uid, self.env.uid],
        )
        count = self.env.cr.rowcount
        self.invalidate_model()
        return count

    @api.model
    def _cron_crm_pme_data_maintenance(self):
        """Monthly data maintenance: new duplicates, stale prospects."""
        self._crm_pme_find_duplicates()
        self.env["res.partner"]._crm_pme_flag_stale_prospects()
