import base64
import csv
import io
import json
import logging

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..tools import import_check as rules

_logger = logging.getLogger(__name__)

try:
    import openpyxl
except ImportError:  # pragma: no cover - Odoo requires it
    openpyxl = None
try:
    import xlsxwriter
except ImportError:  # pragma: no cover - Odoo requires it
    xlsxwriter = None

STATUSES = [
    ("ready", "Ready"),
    ("warning", "Warning"),
    ("refused", "Refused"),
    ("imported", "Imported"),
    ("failed", "Import failed"),
]


class CrmPmeImportCheck(models.TransientModel):
    """Migration check ("recette") of a file of companies or contacts: every
    row against the rules and the database, without writing anything; then,
    on request, the import of the ready rows in batches."""

    _name = "crm.pme.import.check"
    _description = "Migration check of a customer file"

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
        [("draft", "Draft"), ("checked", "Checked"), ("done", "Imported")],
        default="draft",
        required=True,
    )
    line_ids = fields.One2many("crm.pme.import.check.line", "check_id", string="Rows")
    ready_count = fields.Integer(compute="_compute_counts", string="Ready")
    warning_count = fields.Integer(compute="_compute_counts", string="Warnings")
    refused_count = fields.Integer(compute="_compute_counts", string="Refused")
    imported_count = fields.Integer(compute="_compute_counts", string="Imported")
    failed_count = fields.Integer(compute="_compute_counts", string="Failed")
    unknown_columns = fields.Char(readonly=True)

    @api.depends("line_ids.status")
    def _compute_counts(self):
        for check in self:
            statuses = check.line_ids.mapped("status")
            check.ready_count = statuses.count("ready")
            check.warning_count = statuses.count("warning")
            check.refused_count = statuses.count("refused")
            check.imported_count = statuses.count("imported")
            check.failed_count = statuses.count("failed")

    @api.model_create_multi
    def create(self, vals_list):
        self._check_manager()
        return super().create(vals_list)

    def _check_manager(self):
        if not self.env.user.has_group("crm_pme_base.crm_pme_group_manager"):
            raise AccessError(
                self.env._(
                    "Only a CRM PME manager can check and import customer files."
                )
            )

    # Reading -----------------------------------------------------------------

    def _read_rows(self):
        """Return (headers, rows as lists) of the file."""
        self.ensure_one()
        content = base64.b64decode(self.file or b"")
        name = (self.filename or "").lower()
        if name.endswith((".xlsx", ".xlsm")) or content[:2] == b"PK":
            return self._read_xlsx(content)
        return self._read_csv(content)

    def _read_xlsx(self, content):
        try:
            book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
        except Exception as error:
            raise UserError(
                self.env._(
                    "This file cannot be read as an Excel workbook (%(error)s): "
                    "save it as .xlsx or CSV and try again.",
                    error=error,
                )
            ) from error
        sheet = book.worksheets[0]
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        rows = [row for row in rows if any(cell not in (None, "") for cell in row)]
        if not rows:
            return [], []
        return [str(h or "") for h in rows[0]], rows[1:]

    def _read_csv(self, content):
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                text = content.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=";,\t")
        except csv.Error:
            dialect = csv.excel
            dialect.delimiter = ";"
        rows = [row for row in csv.reader(io.StringIO(text), dialect) if any(row)]
        if not rows:
            return [], []
        return rows[0], rows[1:]

    def _parse(self):
        headers, raw_rows = self._read_rows()
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

    def action_check(self):
        """Check every row; write nothing but the report lines."""
        self.ensure_one()
        self._check_manager()
        rows, unknown = self._parse()
        # A NAF code is known when it is one of the 732 sub-classes.
        codes = {
            str(v.get("naf_code")).strip().upper() for v in rows if v.get("naf_code")
        }
        known_naf = set(
            self.env["crm.pme.naf"]
            .search([("code", "in", list(codes)), ("level", "=", "subclass")])
            .mapped("code")
        )
        file_duplicates = rules.find_file_duplicates(rows)
        labels = self._reason_labels()
        company = self.target == "company"
        size = max(self.batch_size, 1)
        line_vals = []
        partner_names = {}
        for start in range(0, len(rows), size):
            batch = list(enumerate(rows[start : start + size], start))
            db_duplicates = self._database_duplicates(batch) if company else {}
            ids = {pid for matches in db_duplicates.values() for pid, _s in matches}
            missing = ids - set(partner_names)
            if missing:
                for partner in self.env["res.partner"].browse(missing):
                    partner_names[partner.id] = partner.display_name
            for index, values in batch:
                refusing, warnings = rules.check_row(values, known_naf, company)
                reasons = [labels[code] for code in refusing + warnings]
                if index in file_duplicates:
                    reasons.append(
                        labels["duplicate_in_file"]
                        % {
                            "rows": ", ".join(
                                str(i + 2) for i in file_duplicates[index]
                            )
                        }
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
        self.line_ids.unlink()
        self.env["crm.pme.import.check.line"].create(line_vals)
        self.write({"state": "checked", "unknown_columns": ", ".join(unknown) or False})
        return self._reopen()

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    # Report ------------------------------------------------------------------

    def _report_xlsx(self):
        """The check's report as an Excel workbook (bytes)."""
        self.ensure_one()
        output = io.BytesIO()
        book = xlsxwriter.Workbook(output, {"in_memory": True})
        sheet = book.add_worksheet(self.env._("Check"))
        bold = book.add_format({"bold": True})
        wrap = book.add_format({"text_wrap": True, "valign": "top"})
        headers = [
            self.env._("Row"),
            self.env._("Name"),
            self.env._("Status"),
            self.env._("Reasons"),
        ]
        for col, header in enumerate(headers):
            sheet.write(0, col, header, bold)
        labels = dict(
            self.env["crm.pme.import.check.line"]
            ._fields["status"]
            ._description_selection(self.env)
        )
        for row, line in enumerate(self.line_ids.sorted("row_number"), 1):
            sheet.write_number(row, 0, line.row_number)
            sheet.write(row, 1, line.name or "")
            sheet.write(row, 2, labels.get(line.status, line.status))
            sheet.write(row, 3, line.reasons or "", wrap)
        sheet.set_column(0, 0, 8)
        sheet.set_column(1, 1, 40)
        sheet.set_column(2, 2, 14)
        sheet.set_column(3, 3, 80)
        book.close()
        return output.getvalue()

    def action_download_report(self):
        self.ensure_one()
        self._check_manager()
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
        self._check_manager()
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
        return self._reopen()


class CrmPmeImportCheckLine(models.TransientModel):
    _name = "crm.pme.import.check.line"
    _description = "Migration check row"
    _order = "row_number"

    check_id = fields.Many2one(
        "crm.pme.import.check", required=True, ondelete="cascade", index=True
    )
    row_number = fields.Integer(string="Row")
    name = fields.Char()
    status = fields.Selection(STATUSES, required=True)
    reasons = fields.Text()
    values_json = fields.Text()
    partner_id = fields.Many2one("res.partner", string="Created contact")
