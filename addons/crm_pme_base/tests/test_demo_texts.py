import re

from odoo.tests import TransactionCase, tagged

# A line break followed by the indentation of an XML file.
XML_INDENT = re.compile(r"\n[ \t]{2,}")


@tagged("post_install", "-at_install")
class TestDemoTexts(TransactionCase):
    """The texts the suite's data and demo files load read as a user typed
    them: no indentation of the XML file inside a name, a proof or a call
    script, no HTML tags shown as text."""

    def test_loaded_texts_keep_no_xml_layout(self):
        data = self.env["ir.model.data"].search(
            [
                ("module", "=like", "crm\\_pme\\_%"),
                ("model", "not like", "ir.%"),
                ("model", "not in", ["res.groups", "mail.template"]),
            ]
        )
        if not data:
            self.skipTest("no record loaded by the suite's files")
        bad = []
        for model_name in set(data.mapped("model")):
            Model = self.env[model_name]
            text_fields = [
                name
                for name, field in Model._fields.items()
                if field.store
                and field.type in ("char", "text", "html")
                and name not in ("domain", "code", "arch_db", "body_html")
            ]
            records = Model.browse(
                data.filtered(lambda d, m=model_name: d.model == m).mapped("res_id")
            ).exists()
            for record in records:
                for name in text_fields:
                    value = record[name]
                    if not value or not isinstance(value, str):
                        continue
                    if Model._fields[name].type == "html":
                        if "&lt;" in value:
                            bad.append(f"{record!r}.{name}: {value[:60]!r}")
                    elif XML_INDENT.search(value) or value != value.strip():
                        bad.append(f"{record!r}.{name}: {value[:60]!r}")
        self.assertEqual(bad, [])
