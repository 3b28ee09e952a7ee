from collections import defaultdict

from odoo import api, fields, models

from ..tools.phone import phone_key


class ResPartner(models.Model):
    """Duplicate search on commercial entities: the suggestions of the
    partner form, the monthly job (crm.pme.duplicate) and the migration
    check share one query, _crm_pme_duplicate_matches."""

    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    duplicate_ids = fields.Many2many(
        "res.partner",
        compute="_compute_duplicate_ids",
        string="Possible duplicates",
    )
    duplicate_count = fields.Integer(compute="_compute_duplicate_ids")

    @api.depends("name", "siren", "email", "phone")
    @api.depends_context("uid", "company")
    def _compute_duplicate_ids(self):
        found = self._crm_pme_find_duplicates()
        for partner in self:
            duplicates = self.browse(found.get(partner._origin.id, []))
            partner.duplicate_ids = duplicates
            partner.duplicate_count = len(duplicates)

    def action_crm_pme_merge_duplicates(self):
        self.ensure_one()
        return (self | self.duplicate_ids)._crm_pme_merge_action()

    def action_crm_pme_view_duplicates(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_pme_base.res_partner_action_companies"
        )
        action["domain"] = [("id", "in", (self | self.duplicate_ids).ids)]
        return action

    def _crm_pme_merge_action(self):
        """Odoo's contact merge wizard on these partners."""
        return {
            "type": "ir.actions.act_window",
            "res_model": "base.partner.merge.automatic.wizard",
            "views": [[False, "form"]],
            "target": "new",
            "context": {
                "active_model": "res.partner",
                "active_ids": self.ids,
                "active_id": self[:1].id,
            },
        }

    def _crm_pme_find_duplicates(self):
        """Map each commercial entity of self to its possible duplicates that
        the current user may read."""
        partners = self._origin.filtered(lambda p: p.id and not p.parent_id)
        if not partners:
            return {}
        matches = self._crm_pme_duplicate_matches(partners._crm_pme_duplicate_rows())
        candidates = self.browse({m[1] for m in matches})
        visible = set(candidates._filtered_access("read").ids)
        found = defaultdict(list)
        for partner_id, duplicate_id, _reason, _siret in matches:
            if duplicate_id in visible:
                found[partner_id].append(duplicate_id)
        return found

    def _crm_pme_duplicate_rows(self, shared_only=False):
        """The rows of _crm_pme_duplicate_matches for these partners.

        ``shared_only``: a shared partner (no company) is compared with the
        shared partners only, not with those of every company (the monthly
        job, whose pairs each belong to one company)."""
        return [
            {
                "key": partner.id,
                "excluded": partner.id,
                "siren": partner.siren,
                "email": partner.email_normalized,
                "phone": phone_key(partner.phone),
                "name": partner.name,
                "company": partner.company_id.id,
                "shared_only": shared_only,
            }
            for partner in self
        ]

    @api.model
    def _crm_pme_duplicate_thresholds(self, company_ids):
        """Name similarity setting of each company: {company id: threshold},
        0 (no company) taking the current company's."""
        # sudo: one setting of the partners' own companies, which the user may
        # not have among the companies of the current context.
        companies = self.env["res.company"].sudo().browse(company_ids)
        thresholds = {
            company.id: company.crm_pme_duplicate_similarity or 0.6
            for company in companies
        }
        thresholds[0] = self.env.company.crm_pme_duplicate_similarity or 0.6
        return thresholds

    @api.model
    def _crm_pme_duplicate_matches(self, rows):
        """Existing commercial entities that may be the same as ``rows``.

        ``rows``: dicts with ``key`` (returned as is), ``excluded`` (a partner
        id not to match, or 0), ``siren``, ``email`` (normalised), ``phone``
        (last nine digits), ``name``, ``company`` (id or False) and optionally
        ``shared_only``. A row of a company matches the partners of that
        company and the shared ones (no company); a row without company
        matches the partners of every company, or only the shared ones if
        ``shared_only``. A partner matches on the same SIREN, email or phone,
        or a name at least as similar as the row's company threshold (the
        current company's for a row without company), by trigram. One query
        for all rows; each match uses an index. Returns [(key, partner id,
        reason, siret)], the reason being the strongest of siren, email,
        phone, name.
        """
        if not rows:
            return []
        self.env["res.partner"].flush_model(
            [
                "name",
                "siren",
                "siret",
                "email_normalized",
                "phone",
                "company_id",
                "active",
                "parent_id",
            ]
        )

        def column(name):
            return [row.get(name) or "" for row in rows]

        companies = [row.get("company") or 0 for row in rows]
        thresholds = self._crm_pme_duplicate_thresholds(
            list({company for company in companies if company})
        )
        row_thresholds = [thresholds[company] for company in companies]
        # The "%" operator keeps the names at least as similar as this setting
        # (0.3 by default): at the lowest threshold of the rows the GIN index
        # returns only the real candidates instead of every name sharing a
        # common word; each row then applies its own company's threshold.
        self.env.cr.execute(
            "SELECT set_config('pg_trgm.similarity_threshold', %s, true)",
            [str(min(row_thresholds))],
        )
        # Raw cursor: the trigram operator "%" (which uses the GIN index)
        # cannot be written through odoo.tools.SQL; the query is a constant
        # and every value is a parameter.
        self.env.cr.execute(
            """
            WITH u AS MATERIALIZED (
                SELECT *
                  FROM unnest(%(keys)s::int[], %(excluded)s::int[], %(sirens)s::text[],
                              %(emails)s::text[], %(phones)s::text[],
                              %(names)s::text[], %(companies)s::int[],
                              %(thresholds)s::float[], %(shared_only)s::bool[])
                       AS u(key, excluded, siren, email, phone, name, company,
                            threshold, shared_only)
            ), candidates AS MATERIALIZED (
                SELECT u.key, p.id, 1 AS strength
                  FROM u JOIN res_partner p ON p.siren = u.siren
                 WHERE u.siren != ''
                 UNION ALL
                SELECT u.key, p.id, 2
                  FROM u JOIN res_partner p ON p.email_normalized = u.email
                 WHERE u.email != ''
                 UNION ALL
                SELECT u.key, p.id, 3
                  FROM u
                  JOIN res_partner p
                    ON right(regexp_replace(p.phone, '\\D', '', 'g'), 9) = u.phone
                 WHERE u.phone != ''
                 UNION ALL
                SELECT u.key, p.id, 4
                  FROM u
                  JOIN res_partner p
                    ON p.name %% u.name AND similarity(p.name, u.name) >= u.threshold
                 WHERE u.name != ''
            )
            SELECT c.key, c.id, min(c.strength), p.siret
              FROM candidates c
              JOIN u ON u.key = c.key
              -- one primary-key lookup per candidate, whatever the statistics
              CROSS JOIN LATERAL (
                  SELECT p.siret, p.company_id, p.active, p.parent_id
                    FROM res_partner p
                   WHERE p.id = c.id
                  OFFSET 0
              ) p
             WHERE c.id != u.excluded AND p.active AND p.parent_id IS NULL
               AND (p.company_id IS NULL OR p.company_id = u.company
                    OR (u.company = 0 AND NOT u.shared_only))
             GROUP BY c.key, c.id, p.siret
             ORDER BY c.key, c.id
            """,
            {
                "keys": [row["key"] for row in rows],
                "excluded": [row.get("excluded") or 0 for row in rows],
                "sirens": column("siren"),
                "emails": [(row.get("email") or "").strip().lower() for row in rows],
                "phones": column("phone"),
                "names": column("name"),
                "companies": companies,
                "thresholds": row_thresholds,
                "shared_only": [bool(row.get("shared_only")) for row in rows],
            },
        )
        reasons = {1: "siren", 2: "email", 3: "phone", 4: "name"}
        return [
            (key, partner_id, reasons[strength], siret)
            for key, partner_id, strength, siret in self.env.cr.fetchall()
        ]
