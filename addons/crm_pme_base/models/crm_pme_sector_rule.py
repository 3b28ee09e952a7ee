from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import sector as sector_rules


class CrmPmeSectorRule(models.Model):
    _name = "crm.pme.sector.rule"
    _description = "Geographic sector rule"
    _order = "sector_id, rule_type, id"

    sector_id = fields.Many2one(
        "crm.pme.sector", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(
        related="sector_id.company_id", store=True, index=True, string="Company"
    )
    active = fields.Boolean(related="sector_id.active", store=True)
    rule_type = fields.Selection(
        [
            ("postcode", "Postcode prefix"),
            ("department", "Département"),
            ("region", "Region"),
            ("country", "Country"),
        ],
        string="Match on",
        required=True,
        default="department",
    )
    country_id = fields.Many2one(
        "res.country",
        default=lambda self: self.env.ref("base.fr", raise_if_not_found=False),
    )
    region_id = fields.Many2one(
        "res.country.state",
        domain="[('country_id', '=', country_id)]",
    )
    department_id = fields.Many2one("res.country.department", string="Département")
    zip_prefix = fields.Char(string="Postcode prefix")
    name = fields.Char(compute="_compute_name")

    @api.depends("rule_type", "country_id", "region_id", "department_id", "zip_prefix")
    def _compute_name(self):
        labels = dict(self._fields["rule_type"]._description_selection(self.env))
        for rule in self:
            target = {
                "country": rule.country_id.name,
                "region": rule.region_id.name,
                "department": rule.department_id.display_name,
                "postcode": rule.zip_prefix,
            }.get(rule.rule_type)
            rule.name = f"{labels.get(rule.rule_type, '')}: {target or ''}"

    def _to_rule(self):
        return sector_rules.Rule(
            rule_id=self.id,
            sector_id=self.sector_id.id,
            rule_type=self.rule_type,
            country_id=self.country_id.id,
            region_id=self.region_id.id,
            department_id=self.department_id.id,
            zip_prefix=self.zip_prefix,
        )

    @api.constrains(
        "rule_type", "country_id", "region_id", "department_id", "zip_prefix"
    )
    def _check_target(self):
        for rule in self:
            missing = {
                "country": not rule.country_id,
                "region": not rule.region_id,
                "department": not rule.department_id,
                "postcode": not rule.zip_prefix,
            }[rule.rule_type]
            if missing:
                raise ValidationError(
                    self.env._(
                        "The rule of sector %(sector)s has no %(target)s: "
                        "fill it in or change what the rule matches on.",
                        sector=rule.sector_id.display_name,
                        target=rule._fields["rule_type"].convert_to_export(
                            rule.rule_type, rule
                        ),
                    )
                )
            if rule.rule_type == "postcode":
                prefix = sector_rules.normalize_postcode(rule.zip_prefix)
                if not prefix.isalnum() or len(prefix) > 10:
                    raise ValidationError(
                        self.env._(
                            "The postcode prefix %(prefix)s of sector %(sector)s "
                            "is not valid: use the first digits of a postcode, "
                            "e.g. 69 or 6900.",
                            prefix=rule.zip_prefix,
                            sector=rule.sector_id.display_name,
                        )
                    )

    @api.constrains(
        "rule_type",
        "country_id",
        "region_id",
        "department_id",
        "zip_prefix",
        "sector_id",
        "active",
    )
    def _check_clashes(self):
        """Two active sectors of a company may not claim the same companies."""
        for company in self.company_id:
            rules = self.search(
                [("company_id", "=", company.id), ("active", "=", True)]
            )
            clashes = sector_rules.find_clashes([r._to_rule() for r in rules])
            if clashes:
                first, second = clashes[0]
                rule_a, rule_b = self.browse([first.rule_id, second.rule_id])
                raise ValidationError(
                    self.env._(
                        "Sectors %(sector_a)s and %(sector_b)s both claim "
                        "\u201c%(rule)s\u201d: remove the rule from one of them.",
                        sector_a=rule_a.sector_id.display_name,
                        sector_b=rule_b.sector_id.display_name,
                        rule=rule_b.name,
                    )
                )

    @api.model
    def _crm_pme_sorted_rules(self, companies):
        """Active rules of ``companies``, most specific first, per company id."""
        rules = self.search(
            [("company_id", "in", companies.ids), ("active", "=", True)]
        )
        by_company = {company.id: [] for company in companies}
        for rule in rules:
            by_company[rule.company_id.id].append(rule._to_rule())
        return {cid: sector_rules.sort_rules(r) for cid, r in by_company.items()}
