import base64
import json
import logging
import threading
import time
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..report import import_check_report
from ..tools import import_check as rules
from ..tools import table_file

_logger = logging.getLogger(__name__)

# A call of the background check works for about this many seconds (at least
# one batch), then Odoo calls it again while rows remain.
JOB_TIME_BUDGET = 20
# Checks (their file and rows, personal data) are deleted after this many
# days without change.
CHECK_RETENTION_DAYS = 30


class CrmPmeImportCheck(models.Model):
    """Migration check ("recette") of a file of companies or contacts: every
    row against the rules and the database, without writing anything; then,
    on request, the import of the ready rows in batches.

    A file up to rules.SYNC_MAX_ROWS rows and rules.SYNC_MAX_BYTES bytes is
    checked at once; a larger one is queued for a scheduled action, which
    checks it batch by batch (one transaction each), shows its progress on
    the check and tells the user with an activity when it is done."""

    _name = "crm.pme.import.check"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _description = "Migration check of a customer file"
    _order = "id desc"
    _rec_name = "filename"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    file = fields.Binary(required=True, string="File (CSV or Excel)")
    filename = fields.Char()
    target = fields.Selection(
        [("company", "Companies"), ("contact", "Contacts")],
        required=True,
        default="company",
        string="The file holds",
    )
    batch_size = fields.Integer(default=500, required=True)
    include_warnings = fields.Boolean(
        string="Also import rows with warnings",
        help="Rows with warnings (possible duplicate, missing NAF...) are "
        "imported too; refused rows never are.",
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("queued", "Checking in the background"),
            ("checked", "Checked"),
            ("done", "Imported"),
            ("error", "Could not be checked"),
        ],
        default="draft",
        required=True,
        tracking=True,
    )
    line_ids = fields.One2many("crm.pme.import.check.line", "check_id", string="Rows")
    ready_count = fields.Integer(compute="_compute_counts", string="Ready")
    warning_count = fields.Integer(compute="_compute_counts", string="Warnings")
    refused_count = fields.Integer(compute="_compute_counts", string="Refused")
    imported_count = fields.Integer(compute="_compute_counts", string="Imported")
    failed_count = fields.Integer(compute="_compute_counts", string="Failed")
    unknown_columns = fields.Char(readonly=True)
    total_rows = fields.Integer(string="Rows in the file", readonly=True)
    checked_rows = fields.Integer(string="Rows checked", readonly=True)
    progress = fields.Float(compute="_compute_progress", string="Progress (%)")
    error_message = fields.Text(readonly=True)

    @api.depends("line_ids.status")
    def _compute_counts(self):
        for check in self:
            statuses = check.line_ids.mapped("status")
            check.ready_count = statuses.count("ready")
            check.warning_count = statuses.count("warning")
            check.refused_count = statuses.count("refused")
            check.imported_count = statuses.count("imported")
            check.failed_count = statuses.count("failed")

    @api.depends("total_rows", "checked_rows")
    def _compute_progress(self):
        for check in self:
            check.progress = (
                100.0 * check.checked_rows / check.total_rows
                if check.total_rows
                else 0.0
            )

    @api.model_create_multi
    def create(self, vals_list):
        self._ensure_manager()
        return super().create(vals_list)

    def _ensure_manager(self):
        if not self.env.user.has_group("crm_pme_base.crm_pme_group_manager"):
            raise AccessError(
                self.env._(
                    "Only a CRM PME manager can check and import customer files."
                )
            )

    # Reading -----------------------------------------------------------------

    def _content(self):
        self.ensure_one()
        return base64.b64decode(self.file or b"")

    def _read_rows(self, content=None):
        """Return (headers, rows as lists) of the file."""
        self.ensure_one()
        content = self._content() if content is None else content
        try:
            return table_file.read_table(content, self.filename)
        except table_file.FileReadError as error:
            raise UserError(self._read_error_message(error)) from error

    def _read_error_message(self, error):
        if error.code == "formula_without_value":
            return self.env._(
                "Cells %(cells)s hold a formula whose result is not saved in the "
                "file (it was written by a program, not by a spreadsheet): open "
                "it in Excel or LibreOffice, save it, and check it again.",
                **error.params,
            )
        if error.code == "not_a_table":
            return self.env._(
                "This file cannot be read as CSV (%(error)s): save it again as "
                "CSV (separator ;) or .xlsx and try again.",
                **error.params,
            )
        return self.env._(
            "This file cannot be read as an Excel workbook (%(error)s): "
            "save it as .xlsx or CSV and try again.",
            **error.params,
        )

    def _parse(self, content=None):
        headers, raw_rows = self._read_rows(content)
        keys = rules.map_headers(headers)
        if "name" not in keys:
            raise UserError(
                self.env._(
                    "No column holds the name: the first row of the file must "
                    "be the column titles of the import template (Nom, SIRET, "
                    "Code NAF/APE, Code postal...)."
                )
            )
        unknown = [h for h, k in zip(headers, keys, strict=True) if h and not k]
        rows = []
        for raw in raw_rows:
            values = {}
            for key, cell in zip(keys, raw, strict=False):
                if key and cell not in (None, ""):
                    values[key] = cell if isinstance(cell, int | float) else str(cell)
            rows.append(values)
        return rows, unknown

    # Checking ----------------------------------------------------------------

    def _reason_labels(self):

        return {
            "name_missing": self.env._("Name missing"),
            "siret_invalid": self.env._("Invalid SIRET (wrong checksum)"),
            "naf_unknown": self.env._("Unknown NAF code"),
            "department_mismatch": self.env._(
                "Département inconsistent with the postcode"
            ),
            "revenue_invalid": self.env._("Revenue is not a positive amount"),
            "duplicate_siret": self.env._("This SIRET already exists in Odoo"),
            "siret_missing": self.env._("No SIRET"),
            "naf_missing": self.env._("No NAF code"),
            "email_invalid": self.env._("Malformed email"),
            "phone_invalid": self.env._("Invalid phone number"),
            "address_incomplete": self.env._("Incomplete address"),
            "duplicate_in_file": self.env._("Repeats row %(rows)s of the file"),
            "duplicate_in_database": self.env._("Possible duplicate of %(partners)s"),
        }

    def _database_duplicates(self, batch):
        """Existing companies matching the rows of ``batch`` [(index, values)]:
        {index: [(partner id, same siret)]}. One query for the batch."""
        rows = []
        for index, values in batch:
            siret = rules.normalize_siret(values.get("siret"))
            rows.append(
                {
                    "key": index,
                    "siren": siret[:9] if len(siret) == 14 else "",
                    "email": str(values.get("email") or ""),
                    "phone": rules.phone_key(values.get("phone")),
                    "name": str(values.get("name") or "").strip(),
                    "company": self.env.company.id,
                    "siret": siret if len(siret) == 14 else "",
                }
            )
        sirets = {row["key"]: row["siret"] for row in rows}
        found = {}
        for index, partner_id, _reason, siret in self.env[
            "res.partner"
        ]._crm_pme_duplicate_matches(rows):
            same_siret = bool(sirets[index]) and siret == sirets[index]
            found.setdefault(index, []).append((partner_id, same_siret))
        return found

    def _check_context(self, rows):
        """What the check of any batch of ``rows`` needs: the known NAF codes
        (one query), the duplicates inside the file, the reason labels."""
        # A NAF code is known when it is one of the 732 sub-classes.
        codes = {
            str(v.get("naf_code")).strip().upper() for v in rows if v.get("naf_code")
        }
        known_naf = set(
            self.env["crm.pme.naf"]
            .search([("code", "in", list(codes)), ("level", "=", "subclass")])
            .mapped("code")
        )
        return {
            "known_naf": known_naf,
            "file_duplicates": rules.find_file_duplicates(rows),
            "labels": self._reason_labels(),
            "partner_names": {},
        }

    def _check_batch_vals(self, batch, context):
        """Values of the report lines of ``batch`` [(index, row values)]."""
        labels = context["labels"]
        file_duplicates = context["file_duplicates"]
        partner_names = context["partner_names"]
        company = self.target == "company"
        db_duplicates = self._database_duplicates(batch) if company else {}
        ids = {pid for matches in db_duplicates.values() for pid, _s in matches}
        missing = ids - set(partner_names)
        if missing:
            # The matches are the company's partners and the shared ones,
            # read with the rights of the user who checks the file.
            for partner in self.env["res.partner"].browse(missing):
                partner_names[partner.id] = partner.display_name
        line_vals = []
        for index, values in batch:
            refusing, warnings = rules.check_row(values, context["known_naf"], company)
            reasons = [labels[code] for code in refusing + warnings]
            if index in file_duplicates:
                reasons.append(
                    labels["duplicate_in_file"]
                    % {"rows": ", ".join(str(i + 2) for i in file_duplicates[index])}
                )
                warnings.append("duplicate_in_file")
            matches = db_duplicates.get(index, [])
            if any(same for _pid, same in matches):
                refusing.append("duplicate_siret")
                reasons.append(labels["duplicate_siret"])
            elif matches:
                warnings.append("duplicate_in_database")
                reasons.append(
                    labels["duplicate_in_database"]
                    % {"partners": ", ".join(partner_names[p] for p, _s in matches)}
                )
            status = "refused" if refusing else "warning" if warnings else "ready"
            line_vals.append(
                {
                    "check_id": self.id,
                    "row_number": index + 2,
                    "name": values.get("name") or "",
                    "status": status,
                    "reasons": "\n".join(reasons) or False,
                    "values_json": json.dumps(values, default=str),
                }
            )
        return line_vals

    def action_check(self):
        """Check every row; write nothing but the report lines.

        A file past rules.SYNC_MAX_BYTES bytes or rules.SYNC_MAX_ROWS rows
        is queued for the background check instead."""
        self.ensure_one()
        self._ensure_manager()
        if self.state not in ("draft", "error"):
            raise UserError(
                self.env._("This file is already checked: start a new check.")
            )
        content = self._content()
        if rules.needs_background(len(content)):
            self._queue()
            return True
        rows, unknown = self._parse(content)
        if rules.needs_background(len(content), len(rows)):
            self._queue(total_rows=len(rows), unknown=unknown)
            return True
        self._run_check(rows, unknown)
        return True

    def _run_check(self, rows=None, unknown=None):
        """Check the whole file now, in this transaction."""
        self.ensure_one()
        if rows is None:
            rows, unknown = self._parse()
        context = self._check_context(rows)
        size = max(self.batch_size, 1)
        line_vals = []
        for start in range(0, len(rows), size):
            batch = list(enumerate(rows[start : start + size], start))
            line_vals += self._check_batch_vals(batch, context)
        self.line_ids.unlink()
        self.env["crm.pme.import.check.line"].create(line_vals)
        self.write(
            {
                "state": "checked",
                "unknown_columns": ", ".join(unknown or []) or False,
                "total_rows": len(rows),
                "checked_rows": len(rows),
                "error_message": False,
            }
        )

    def _queue(self, total_rows=0, unknown=None):
        """Leave the check of this file to the scheduled action."""
        self.line_ids.unlink()
        self.write(
            {
                "state": "queued",
                "total_rows": total_rows,
                "checked_rows": 0,
                "unknown_columns": ", ".join(unknown or []) or False,
                "error_message": False,
            }
        )
        self.env.ref("crm_pme_base.ir_cron_crm_pme_import_check")._trigger()

    # Background check ----------------------------------------------------------

    @api.model
    def _cron_crm_pme_import_check(self, time_budget=JOB_TIME_BUDGET):
        """Check the queued files, oldest first, batch by batch: each batch is
        committed with the number of rows checked (outside tests) and
        reported to the cron's progress, so that a stopped run continues
        where it was. Works for about ``time_budget`` seconds (None: until
        every queued file is checked); Odoo calls it again while rows
        remain."""
        auto_commit = not getattr(threading.current_thread(), "testing", False)
        started = time.monotonic()
        done = 0
        while True:
            check = self.search([("state", "=", "queued")], order="id", limit=1)
            if not check:
                break
            done += check._crm_pme_check_in_background(
                started, time_budget, auto_commit
            )
            if time_budget is not None and time.monotonic() - started > time_budget:
                break
        queued = self.search([("state", "=", "queued")])
        remaining = sum(
            max(check.total_rows - check.checked_rows, 1) for check in queued
        )
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        return done

    def _crm_pme_check_in_background(self, started, time_budget, auto_commit):
        """Check the next batches of this queued file under the rights (and
        in the language) of the user who queued it; return the number of
        rows checked."""
        self.ensure_one()
        user = self.create_uid
        check = (
            self.with_user(user)
            .with_company(self.company_id)
            .with_context(lang=user.lang)
        )
        done = 0
        try:
            with self.env.cr.savepoint():
                check._ensure_manager()
                rows, unknown = check._parse()
                context = check._check_context(rows)
        except (UserError, AccessError) as error:
            self._background_failed(check, error.args[0])
            return done
        except Exception as error:  # pylint: disable=broad-except
            _logger.exception("Migration check %s could not be read", self.id)
            self._background_failed(check, str(error))
            return done
        check.write({"total_rows": len(rows), "unknown_columns": ", ".join(unknown)})
        size = max(check.batch_size, 1)
        # Rows come back in the order of the file: the next batch starts
        # where the last committed one ended.
        start = check.checked_rows
        while start < len(rows):
            batch = list(enumerate(rows[start : start + size], start))
            try:
                with self.env.cr.savepoint():
                    check.env["crm.pme.import.check.line"].create(
                        check._check_batch_vals(batch, context)
                    )
                    check.checked_rows = start + len(batch)
                    self.env.flush_all()
            except Exception as error:  # pylint: disable=broad-except
                _logger.exception("Migration check %s failed on a batch", self.id)
                self._background_failed(check, str(error))
                return done
            done += len(batch)
            start += len(batch)
            self.env["ir.cron"]._notify_progress(done=done, remaining=len(rows) - start)
            if auto_commit:
                # One transaction per batch: what is checked stays checked.
                self.env.cr.commit()  # pylint: disable=invalid-commit
            if (
                start < len(rows)
                and time_budget is not None
                and time.monotonic() - started > time_budget
            ):
                return done
        check.state = "checked"
        self._background_notify(
            check,
            check.env._(
                "Migration check of %(file)s done: %(ready)s ready, %(warning)s "
                "with warnings, %(refused)s refused.",
                file=self.filename or "",
                ready=check.ready_count,
                warning=check.warning_count,
                refused=check.refused_count,
            ),
        )
        return done

    def _background_failed(self, check, message):
        self.write({"state": "error", "error_message": message})
        self._background_notify(
            check,
            check.env._(
                "Migration check of %(file)s stopped: %(error)s",
                file=self.filename or "",
                error=message,
            ),
        )

    def _background_notify(self, check, message):
        """Tell the user who queued the file: a message in the check's
        chatter (in their inbox) and an activity pointing to the check.

        Posted by the scheduled action's user (OdooBot), not by the user who
        queued the file, whom Odoo would not notify of their own message."""
        self.message_post(
            body=message,
            partner_ids=check.env.user.partner_id.ids,
            subtype_xmlid="mail.mt_comment",
        )
        self.activity_schedule(
            "mail.mail_activity_data_todo",
            user_id=check.env.user.id,
            summary=check.env._("Migration check finished"),
            note=message,
        )

    @api.autovacuum
    def _gc_crm_pme_import_checks(self):
        """Delete the checks (their file and rows) left unchanged for
        CHECK_RETENTION_DAYS days."""
        limit = fields.Datetime.now() - timedelta(days=CHECK_RETENTION_DAYS)
        checks = self.search([("write_date", "<", limit)])
        self.env["ir.attachment"].search(
            [("res_model", "=", self._name), ("res_id", "in", checks.ids)]
        ).unlink()
        checks.unlink()

    # Report ------------------------------------------------------------------

    def _report_xlsx(self):
        """The check's report as an Excel workbook (bytes)."""
        self.ensure_one()
        return import_check_report.report_xlsx(self)

    def action_download_report(self):
        self.ensure_one()
        self._ensure_manager()
        attachment = self.env["ir.attachment"].create(
            {
                "name": self.env._(
                    "Migration check - %(file)s.xlsx", file=self.filename or "import"
                ),
                "raw": self._report_xlsx(),
                "res_model": self._name,
                "res_id": self.id,
                "mimetype": "application/vnd.openxmlformats-officedocument"
                ".spreadsheetml.sheet",
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }

    # Import ------------------------------------------------------------------

    def _prepare_partner_vals(self, values, naf_ids, countries, parents):
        """Partner values of one checked row."""
        vals = {
            "name": str(values["name"]).strip(),
            "is_company": self.target == "company",
        }
        for key in (
            "street",
            "street2",
            "zip",
            "city",
            "phone",
            "mobile",
            "email",
            "website",
            "function",
        ):
            if values.get(key):
                vals[key] = str(values[key]).strip()
        siret = rules.normalize_siret(values.get("siret"))
        if siret:
            vals["siret"] = siret
        naf = str(values.get("naf_code") or "").strip().upper()
        if naf:
            vals["naf_id"] = naf_ids.get(naf)
        amount = rules.parse_amount(values.get("annual_revenue"))
        if amount:
            vals["annual_revenue"] = amount
        converter = self.env["ir.fields.converter"]
        partner_model = self.env["res.partner"]
        for key in ("legal_form", "headcount_band", "contact_role"):
            value = str(values.get(key) or "").strip()
            if not value:
                continue
            field = partner_model._fields[key]
            try:
                # Codes, English labels and their translations all match.
                vals[key] = converter._str_to_selection(partner_model, field, value)[0]
            except ValueError:
                continue
        if str(values.get("is_decision_maker") or "").strip().lower() in (
            "1",
            "oui",
            "vrai",
            "true",
            "x",
            "yes",
        ):
            vals["is_decision_maker"] = True
        country = str(values.get("country") or "France").strip().lower()
        vals["country_id"] = countries.get(country) or countries.get("france")
        if values.get("parent_name"):
            vals["parent_id"] = parents.get(str(values["parent_name"]).strip().lower())
        return vals

    def action_import(self):
        """Import the ready rows (and rows with warnings if asked), one
        savepoint per batch: a failing batch leaves nothing of itself."""
        self.ensure_one()
        self._ensure_manager()
        if self.state != "checked":
            raise UserError(self.env._("Check the file before importing it."))
        statuses = ("ready", "warning") if self.include_warnings else ("ready",)
        lines = self.line_ids.filtered(lambda line: line.status in statuses)
        rows = [json.loads(line.values_json) for line in lines]
        codes = {
            str(v.get("naf_code")).strip().upper() for v in rows if v.get("naf_code")
        }
        naf_ids = {
            naf.code: naf.id
            for naf in self.env["crm.pme.naf"].search([("code", "in", list(codes))])
        }
        wanted = {str(v.get("country") or "France").strip() for v in rows} | {"France"}
        countries = {}
        for country in self.env["res.country"].search(
            [
                "|",
                ("name", "in", list(wanted)),
                ("code", "in", [w.upper() for w in wanted if len(w) == 2]),
            ]
        ):
            countries[country.name.lower()] = country.id
            countries[country.code.lower()] = country.id
        parent_names = {
            str(v["parent_name"]).strip() for v in rows if v.get("parent_name")
        }
        parents = {}
        if parent_names:
            for parent in self.env["res.partner"].search(
                [("name", "in", list(parent_names)), ("is_company", "=", True)]
            ):
                parents.setdefault(parent.name.lower(), parent.id)
        size = max(self.batch_size, 1)
        Partner = self.env["res.partner"]
        for start in range(0, len(lines), size):
            batch = lines[start : start + size]
            vals_list = [
                self._prepare_partner_vals(
                    json.loads(line.values_json), naf_ids, countries, parents
                )
                for line in batch
            ]
            try:
                with self.env.cr.savepoint():
                    partners = Partner.create(vals_list)
                    self.env.flush_all()
            except Exception as error:  # pylint: disable=broad-except
                _logger.info(
                    "Migration batch from row %s refused: %s",
                    batch[:1].row_number,
                    error,
                )
                batch.write(
                    {
                        "status": "failed",
                        "reasons": self.env._(
                            "Batch not imported: %(error)s", error=str(error)
                        ),
                    }
                )
                continue
            for line, partner in zip(batch, partners, strict=True):
                line.write({"status": "imported", "partner_id": partner.id})
        self.state = "done"
        return True
