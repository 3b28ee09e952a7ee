# Copyright 2026 CRM PME contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "CRM PME - Base",
    "summary": "Company profile (SIRET, NAF), sectors, lifecycle, RGPD consent "
    "and data quality for French SMEs",
    "version": "18.0.1.2.0",
    "category": "Sales/CRM",
    "website": "https://github.com/crm-pme/crm-pme",
    "author": "CRM PME contributors",
    "license": "AGPL-3",
    "application": True,
    "depends": [
        "account",
        "sales_team",
        "phone_validation",
        "l10n_fr_siret",
        "l10n_fr_department",
        "l10n_fr_account",
    ],
    "external_dependencies": {"python": ["python-stdnum", "phonenumbers"]},
    "data": [
        "security/crm_pme_base_groups.xml",
        "security/ir.model.access.csv",
        "security/crm_pme_base_security.xml",
        "security/crm_pme_import_check_security.xml",
        "data/crm.pme.naf.csv",
        "data/ir_cron_data.xml",
        "views/crm_pme_naf_views.xml",
        "views/crm_pme_sector_views.xml",
        "views/crm_pme_consent_views.xml",
        "views/crm_pme_lifecycle_event_views.xml",
        "views/res_partner_views.xml",
        "views/res_partner_rgpd_views.xml",
        "views/crm_pme_duplicate_views.xml",
        "wizard/crm_pme_settings_views.xml",
        "wizard/crm_pme_import_check_views.xml",
        "views/crm_pme_base_menus.xml",
    ],
    "demo": [
        "demo/crm_pme_demo_company.xml",
        "demo/crm_pme_sector_demo.xml",
        "demo/res_partner_demo.xml",
        "demo/crm_pme_consent_demo.xml",
        "demo/product_demo.xml",
        "demo/crm_pme_demo_invoices.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "crm_pme_base/static/tests/tours/**/*",
        ],
    },
    "installable": True,
}
