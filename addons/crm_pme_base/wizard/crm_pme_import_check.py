import base64
import json
import logging
import threading
import time
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression
from odoo.tools.sql import escape_psql

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

    @api.depends("filename", "create_date")
    def _compute_display_name(self):
        # The form's title, its breadcrumb and the browser tab: never empty,
        # before and after the check.
        for check in self:
            if check.filename:
                check.display_name = self.env._(
                    "Migration check of %(file)s", file=check.filename
                )
            elif check.id:
                check.display_name = self.env._(
                    "Migration check no. %(number)s", number=check.id
                )
            else:
                check.display_name = self.env._("New migration check")

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
        if error.code == "bad_bytes":
            return self.env._(
                "Line %(line)s of the file holds a byte (%(byte)s) that is not "
                "text in %(encoding)s, the encoding of the rest of the file: the "
                "file is damaged or mixes encodings. Correct that line, or save "
                "the file again as CSV UTF-8 (separator ;) or .xlsx, and check "
                "it again.",
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
        """Message of each reason code; the row's values (its keys in
        rules.HEADER_ALIASES) fill the placeholders."""
        return {
            "name_missing": self.env._("Name missing"),
            "siret_invalid": self.env._("Invalid SIRET (wrong checksum)"),
            "siren_invalid": self.env._(
                "Invalid SIREN %(siren)s (wrong checksum, or not the SIRET's "
                "first 9 digits)"
            ),
            "naf_unknown": self.env._("Unknown NAF code %(naf_code)s"),
            "department_mismatch": self.env._(
                "Département inconsistent with the postcode"
            ),
            "revenue_invalid": self.env._("Revenue is not a positive amount"),
            "duplicate_siret": self.env._("This SIRET already exists in Odoo"),
            "siret_in_file": self.env._(
                "SIRET already on row %(row)s of the file: a SIRET is imported "
                "once, from its first row"
            ),
            "siret_missing": self.env._("No SIRET"),
            "naf_missing": self.env._("No NAF code"),
            "email_invalid": self.env._("Malformed email"),
            "phone_invalid": self.env._("Invalid phone number"),
            "address_incomplete": self.env._("Incomplete address"),
            "legal_form_unknown": self.env._(
                "Legal form “%(legal_form)s” not recognised: left empty"
            ),
            "legal_form_other": self.env._(
                "Legal form “%(legal_form)s” has no code of its own in the "
                "list: imported as “Other”"
            ),
            "headcount_invalid": self.env._(
                "Headcount “%(headcount)s” is not a number of employees nor "
                "a band: left empty"
            ),
            "headcount_band_invalid": self.env._(
                "Headcount band “%(headcount_band)s” is not an INSEE band "
                "code: left empty"
            ),
            "date_invalid": self.env._(
                "Customer since “%(customer_since)s” is not a date (or an "
                "impossible one): left empty"
            ),
            "role_unknown": self.env._(
                "Role “%(contact_role)s” not recognised: left empty"
            ),
            "yes_no_unknown": self.env._(
                "Decision-maker “%(is_decision_maker)s” is neither yes nor "
                "no: left unticked"
            ),
            "company_flag_mismatch": self.env._(
                "The row says “%(is_company)s” for “Is a company”: it is "
                "imported as the file holds (%(target)s)"
            ),
            "country_unknown": self.env._(
                "Unknown country “%(country)s”: imported without a country"
            ),
            "parent_unknown": self.env._(
                "No company named “%(parent_name)s” in Odoo: imported without a company"
            ),
            "postcode_city_mismatch": self.env._(
                "Postcode %(zip)s is in département %(found)s, but %(city)s "
                "is in département %(expected)s elsewhere (%(where)s)"
            ),
            "siren_in_file": self.env._(
                "Same SIREN as row %(row)s of the file (another establishment "
                "of the same company?)"
            ),
            "duplicate_in_file": self.env._(
                "Repeats row %(row)s of the file: same %(fields)s"
            ),
            "identical_in_file": self.env._(
                "Repeats row %(row)s of the file: identical row, not imported twice"
            ),
            "duplicate_in_database": self.env._("Possible duplicate of %(partners)s"),
        }

    def _duplicate_field_labels(self):
        return {
            "siret": self.env._("SIRET"),
            "siren": self.env._("SIREN"),
            "email": self.env._("email"),
            "phone": self.env._("phone"),
            "name": self.env._("name"),
        }

    def _selection_labels(self):
        """{field: {rules.normalize_label(label): code}} of the legal form,
        headcount band and contact role lists, their labels in English, in
        French and in the user's language (those installed)."""
        Partner = self.env["res.partner"]
        installed = {code for code, _name in self.env["res.lang"].get_installed()}
        langs = {"en_US", "fr_FR", self.env.lang or "en_US"} & installed
        labels = {}
        for name in ("legal_form", "headcount_band", "contact_role"):
            field = Partner._fields[name]
            index = {}
            for lang in sorted(langs):
                env = self.with_context(lang=lang).env
                for code, label in field._description_selection(env):
                    index[rules.normalize_label(label)] = code
            labels[name] = index
        return labels

    def _resolve_countries(self, rows):
        """{lower-cased name or code: country id} of the countries the rows
        name (in the user's language or English), France always."""
        wanted = {str(v.get("country") or "").strip() for v in rows} | {"France"}
        wanted.discard("")
        domains = [[("name", "=ilike", escape_psql(value))] for value in wanted]
        codes = [w.upper() for w in wanted if len(w) == 2]
        if codes:
            domains.append([("code", "in", codes)])
        domain = expression.OR(domains)
        countries = {}
        for country in self.env["res.country"].search(domain):
            countries[country.name.lower()] = country.id
            countries[country.with_context(lang="en_US").name.lower()] = country.id
            countries[country.code.lower()] = country.id
        return countries

    def _resolve_parents(self, rows):
        """{lower-cased name: company id} of the companies the rows name."""
        names = {str(v["parent_name"]).strip() for v in rows if v.get("parent_name")}
        parents = {}
        if names:
            for parent in self.env["res.partner"].search(
                [("name", "in", list(names)), ("is_company", "=", True)], order="id"
            ):
                parents.setdefault(parent.name.lower(), parent.id)
        return parents

    def _city_places(self, rows):
        """(city, postcode, count, row index or None) of the French companies
        already in Odoo (those the user may read) and of the rows."""
        places = [
            (values.get("city"), values.get("zip"), 1, index)
            for index, values in enumerate(rows)
            if values.get("city") and values.get("zip") and self._in_france(values)
        ]
        cities = {rules.normalize_city(city) for city, _z, _c, _i in places}
        if not places:
            return places
        groups = self.env["res.partner"]._read_group(
            [
                ("city", "!=", False),
                ("zip", "!=", False),
                ("parent_id", "=", False),
                ("country_id.code", "=", "FR"),
            ],
            ["city", "zip"],
            ["__count"],
        )
        places += [
            (city, postcode, count, None)
            for city, postcode, count in groups
            if rules.normalize_city(city) in cities
        ]
        return places

    def _in_france(self, values):
        country = str(values.get("country") or "").strip().lower()
        return country in ("", "france", "fr")

    def _batch_context(self, rows):
        """What the check of any batch of ``rows`` needs: the known NAF codes
        (one query), what rows share with earlier ones, the reason labels,
        the lists' labels, the countries and companies named, and where the
        rows' cities are seen."""
        # A NAF code is known when it is one of the 732 sub-classes.
        codes = {rules.normalize_naf(v.get("naf_code")) for v in rows} - {""}
        known_naf = set(
            self.env["crm.pme.naf"]
            .search([("code", "in", list(codes)), ("level", "=", "subclass")])
            .mapped("code")
        )
        return {
            "known_naf": known_naf,
            "file_findings": rules.file_findings(rows),
            "labels": self._reason_labels(),
            "field_labels": self._duplicate_field_labels(),
            "selections": self._selection_labels(),
            "countries": self._resolve_countries(rows),
            "parents": self._resolve_parents(rows) if self.target == "contact" else {},
            "cities": rules.city_departments(self._city_places(rows)),
            "partner_names": {},
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

    def _batch_line_vals(self, batch, context):
        """Values of the report lines of ``batch`` [(index, row values)]."""
        labels = context["labels"]
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
        target = dict(self._fields["target"]._description_selection(self.env))
        line_vals = []
        for index, values in batch:
            params = dict.fromkeys(rules.HEADER_ALIASES, "")
            params.update({k: str(v) for k, v in values.items()})
            params["target"] = target[self.target]
            refusing, warnings = rules.check_row(
                values, context["known_naf"], company, context["selections"]
            )
            warnings += self._row_database_warnings(values, context)
            reasons = [labels[code] % params for code in refusing + warnings]
            for code, text in self._row_file_reasons(index, values, context):
                (refusing if code in rules.REFUSING else warnings).append(code)
                reasons.append(text)
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

    def _row_database_warnings(self, values, context):
        """Warnings of a row's values that only the database knows: an
        unknown country or company."""
        warnings = []
        country = str(values.get("country") or "").strip().lower()
        if country and country not in context["countries"]:
            warnings.append("country_unknown")
        parent = str(values.get("parent_name") or "").strip().lower()
        if self.target == "contact" and parent and parent not in context["parents"]:
            warnings.append("parent_unknown")
        return warnings

    def _row_file_reasons(self, index, values, context):
        """[(code, message)] of what a row shares with other rows of the file
        (or with the companies of Odoo, for a city's département)."""
        labels = context["labels"]
        field_labels = context["field_labels"]
        reasons = []
        for code, earlier, shared in context["file_findings"].get(index, []):
            params = {"row": earlier + 2}
            if code == "duplicate_in_file":
                fields_text = ", ".join(field_labels[kind] for kind in shared)
                text = labels[code] % dict(params, fields=fields_text)
            else:
                text = labels[code] % params
            reasons.append((code, text))
        if values.get("city") and values.get("zip") and self._in_france(values):
            clash = rules.postcode_city_clash(
                values["city"], values["zip"], index, context["cities"]
            )
            if clash:
                expected, count, rows = clash
                where = [self.env._("row %(row)s", row=row + 2) for row in rows[:3]]
                in_odoo = count - len(rows)
                if in_odoo:
                    where.append(
                        self.env._("%(count)s companies in Odoo", count=in_odoo)
                    )
                reasons.append(
                    (
                        "postcode_city_mismatch",
                        labels["postcode_city_mismatch"]
                        % {
                            "zip": values["zip"],
                            "city": values["city"],
                            "found": rules.department_from_postcode(values["zip"]),
                            "expected": expected,
                            "where": ", ".join(where),
                        },
                    )
                )
        return reasons

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
        context = self._batch_context(rows)
        size = max(self.batch_size, 1)
        line_vals = []
        for start in range(0, len(rows), size):
            batch = list(enumerate(rows[start : start + size], start))
            line_vals += self._batch_line_vals(batch, context)
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
                context = check._batch_context(rows)
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
                        check._batch_line_vals(batch, context)
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

    def _prepare_partner_vals(self, values, context):
        """Partner values of one checked row: every column the check read
        lands here, or the check said why not (rules.interpret_row and
        _row_database_warnings)."""
        clean, _warnings = rules.interpret_row(
            values, context["selections"], self.target == "company"
        )
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
            if not rules.is_empty(values.get(key)):
                vals[key] = str(values[key]).strip()
        siret = rules.normalize_siret(values.get("siret"))
        siren = rules.normalize_siret(values.get("siren"))
        if siret:
            vals["siret"] = siret
        elif siren:
            vals["siren"] = siren
        if clean.get("naf_code"):
            vals["naf_id"] = context["naf_ids"].get(clean["naf_code"])
        amount = rules.parse_amount(values.get("annual_revenue"))
        if amount:
            vals["annual_revenue"] = amount
        for key in (
            "legal_form",
            "headcount_band",
            "customer_since",
            "contact_role",
            "is_decision_maker",
        ):
            if key in clean:
                vals[key] = clean[key]
        countries = context["countries"]
        country = str(values.get("country") or "France").strip().lower()
        vals["country_id"] = countries.get(country, False)
        if values.get("parent_name"):
            name = str(values["parent_name"]).strip().lower()
            vals["parent_id"] = context["parents"].get(name, False)
        return vals

    def _import_context(self, rows):
        """What _prepare_partner_vals needs for ``rows``: NAF ids, countries,
        companies and the lists' labels (a few queries for the file)."""
        codes = {rules.normalize_naf(v.get("naf_code")) for v in rows} - {""}
        return {
            "naf_ids": {
                naf.code: naf.id
                for naf in self.env["crm.pme.naf"].search(
                    [("code", "in", list(codes)), ("level", "=", "subclass")]
                )
            },
            "countries": self._resolve_countries(rows),
            "parents": self._resolve_parents(rows),
            "selections": self._selection_labels(),
        }

    def _existing_sirets(self, sirets):
        """{SIRET: company name} of the companies of Odoo the user may read
        (this company's and the shared ones) that have one of ``sirets``."""
        if not sirets:
            return {}
        partners = self.env["res.partner"].search_fetch(
            [("siret", "in", list(sirets))], ["siret", "display_name"]
        )
        return {partner.siret: partner.display_name for partner in partners}

    def action_import(self):
        """Import the ready rows (and rows with warnings if asked), one
        savepoint per batch: a failing batch leaves nothing of itself.

        A SIRET is imported once: a row whose SIRET is already on a company
        of Odoo (created since the check, by another import for example) or
        on a row imported just before is not imported, and says why."""
        self.ensure_one()
        self._ensure_manager()
        if self.state != "checked":
            raise UserError(self.env._("Check the file before importing it."))
        statuses = ("ready", "warning") if self.include_warnings else ("ready",)
        lines = self.line_ids.filtered(lambda line: line.status in statuses)
        rows = [json.loads(line.values_json) for line in lines]
        context = self._import_context(rows)
        sirets = {rules.normalize_siret(v.get("siret")) for v in rows} - {""}
        existing = self._existing_sirets(sirets)
        imported_sirets = {}
        size = max(self.batch_size, 1)
        Partner = self.env["res.partner"]
        for start in range(0, len(lines), size):
            batch = self.env["crm.pme.import.check.line"]
            vals_list = []
            for line in lines[start : start + size]:
                values = json.loads(line.values_json)
                siret = rules.normalize_siret(values.get("siret"))
                reason = self._siret_taken(siret, existing, imported_sirets)
                if reason:
                    line.write(
                        {
                            "status": "refused",
                            "reasons": "\n".join(filter(None, [line.reasons, reason])),
                        }
                    )
                    continue
                if siret:
                    imported_sirets[siret] = line.row_number
                batch |= line
                vals_list.append(self._prepare_partner_vals(values, context))
            if not batch:
                continue
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
                for line in batch:
                    siret = rules.normalize_siret(
                        json.loads(line.values_json).get("siret")
                    )
                    imported_sirets.pop(siret, None)
                continue
            for line, partner in zip(batch, partners, strict=True):
                line.write({"status": "imported", "partner_id": partner.id})
        self.state = "done"
        return True

    def _siret_taken(self, siret, existing, imported_sirets):
        """Why a row with ``siret`` is not imported, or None."""
        if not siret:
            return None
        if siret in existing:
            return self.env._(
                "Not imported: SIRET %(siret)s is already on %(partner)s in Odoo",
                siret=siret,
                partner=existing[siret],
            )
        if siret in imported_sirets:
            return self.env._(
                "Not imported: SIRET %(siret)s is imported from row %(row)s",
                siret=siret,
                row=imported_sirets[siret],
            )
        return None
