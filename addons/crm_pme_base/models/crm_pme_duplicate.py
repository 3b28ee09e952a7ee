import threading
import time

from odoo import api, fields, models
from odoo.tools import SQL

# The monthly job works in batches of this many companies, committed one by
# one, for about this many seconds a call (Odoo calls it again at once while
# companies remain); the id it ended on is kept under JOB_RESUME_PARAM.
JOB_BATCH_SIZE = 100
JOB_TIME_BUDGET = 10
JOB_RESUME_PARAM = "crm_pme_base.duplicate_job_resume_id"

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
    _check_company_auto = True

    # A duplicate pair is a suggestion to review, neither proof nor history:
    # it goes with its partner (a merge deletes the partner merged away).
    partner_id = fields.Many2one(
        "res.partner",
        required=True,
        ondelete="cascade",
        index=True,
        readonly=True,
        check_company=True,
    )
    duplicate_id = fields.Many2one(
        "res.partner",
        string="Possible duplicate",
        required=True,
        ondelete="cascade",
        index=True,
        readonly=True,
        check_company=True,
    )
    company_id = fields.Many2one(
        "res.company",
        index=True,
        readonly=True,
        help="The company whose users see both companies of the pair; empty "
        "when both are shared by all companies.",
    )
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
    def _crm_pme_find_duplicates(
        self, today=None, batch_size=JOB_BATCH_SIZE, time_budget=JOB_TIME_BUDGET
    ):
        """List new pairs of possible duplicates among commercial entities.

        Partners are read by keyset over their ids, ``batch_size`` at a time;
        each batch costs one duplicate query (see
        res.partner._crm_pme_duplicate_matches) and one insert, then is
        committed with the id it ended on (outside tests) and reported to the
        cron's progress. A call works batches for about ``time_budget``
        seconds (at least one; None: until the end) and returns: the cron
        calls it again while partners remain, and a run that was killed or
        stopped continues after the last committed batch. Inserting a pair
        twice does nothing, so a rerun is harmless. Returns the number of new
        pairs of this call."""
        today = today or fields.Date.context_today(self)
        auto_commit = not getattr(threading.current_thread(), "testing", False)
        # sudo: the resume point of the job is a technical parameter; only
        # this job's own key is read and written.
        params = self.env["ir.config_parameter"].sudo()
        last_id = int(params.get_param(JOB_RESUME_PARAM) or 0)
        Partner = self.env["res.partner"].with_context(active_test=True)
        domain = self._crm_pme_job_domain()
        started = time.monotonic()
        done = new_pairs = 0
        while True:
            batch = Partner.search_fetch(
                domain + [("id", ">", last_id)],
                ["name", "siren", "email_normalized", "phone", "company_id"],
                order="id",
                limit=batch_size,
            )
            if batch:
                new_pairs += self._crm_pme_insert_pairs(batch, today)
                last_id = batch[-1].id
                done += len(batch)
            remaining = (
                Partner.search_count(domain + [("id", ">", last_id)]) if batch else 0
            )
            # The next run starts from zero once the whole list is done.
            params.set_param(JOB_RESUME_PARAM, last_id if remaining else False)
            self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
            if auto_commit:
                # One transaction per batch: what is done stays done.
                self.env.cr.commit()  # pylint: disable=invalid-commit
            if not remaining or (
                time_budget is not None and time.monotonic() - started > time_budget
            ):
                break
        return new_pairs

    @api.model
    def _crm_pme_job_domain(self):
        """The partners the monthly job compares (commercial entities)."""
        return [("parent_id", "=", False)]

    @api.model
    def _crm_pme_job_pending(self):
        """Whether a run of the job stopped before the end of the list."""
        # sudo: the resume point of the job is a technical parameter; only
        # this job's own key is read and written.
        params = self.env["ir.config_parameter"].sudo()
        return bool(params.get_param(JOB_RESUME_PARAM))

    @api.model
    def _crm_pme_insert_pairs(self, partners, today):
        """Insert the new pairs of ``partners`` with their other partners.

        A partner of a company is compared with its company's partners and
        the shared ones, by its company's threshold, and the pair belongs to
        that company; a shared partner is compared with shared partners only
        (pair without company, visible where both partners are). So every
        pair belongs to one company whose users see both partners, whatever
        the batch the match is found from. Returns the number of new pairs."""
        rows = partners._crm_pme_duplicate_rows(shared_only=True)
        company = {row["key"]: row["company"] or None for row in rows}
        pairs = {}
        for key, partner_id, reason, _siret in self.env[
            "res.partner"
        ]._crm_pme_duplicate_matches(rows):
            pair = (min(key, partner_id), max(key, partner_id))
            pairs.setdefault(pair, (reason, company[key]))
        if not pairs:
            return 0
        firsts, seconds, reasons, companies = [], [], [], []
        for (first, second), (reason, company_id) in pairs.items():
            firsts.append(first)
            seconds.append(second)
            reasons.append(reason)
            companies.append(company_id)
        now = fields.Datetime.now()
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO crm_pme_duplicate
                       (partner_id, duplicate_id, company_id, reason, similarity,
                        found_date, state, create_uid, create_date, write_uid,
                        write_date)
                SELECT u.a, u.b, u.company, u.reason,
                       similarity(pa.name, pb.name), %(today)s, 'new',
                       %(uid)s, %(now)s, %(uid)s, %(now)s
                  FROM unnest(%(firsts)s::int[], %(seconds)s::int[],
                              %(reasons)s::varchar[], %(companies)s::int[])
                       AS u(a, b, reason, company)
                  JOIN res_partner pa ON pa.id = u.a
                  JOIN res_partner pb ON pb.id = u.b
                ON CONFLICT (partner_id, duplicate_id) DO NOTHING
                """,
                today=today,
                uid=self.env.uid,
                now=now,
                firsts=firsts,
                seconds=seconds,
                reasons=reasons,
                companies=companies,
            )
        )
        inserted = self.env.cr.rowcount
        self.invalidate_model()
        return inserted

    @api.model
    def _cron_crm_pme_data_maintenance(self):
        """Monthly data maintenance: new duplicates, then, once the whole
        list of companies is done, stale prospects."""
        self._crm_pme_find_duplicates()
        if not self._crm_pme_job_pending():
            self.env["res.partner"]._crm_pme_flag_stale_prospects()
