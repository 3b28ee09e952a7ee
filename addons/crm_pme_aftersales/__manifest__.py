# Copyright 2026 CRM PME contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "CRM PME - After-sales",
    "summary": "On-site interventions with signature and invoicing, French "
    "business calendar for helpdesk SLAs, PME ticket categories",
    "version": "18.0.1.0.0",
    "category": "After-Sales",
    "website": "https://github.com/crm-pme/crm-pme",
    "author": "CRM PME contributors",
    "license": "AGPL-3",
    "depends": [
        "crm_pme_base",
        "helpdesk_mgmt",
        "helpdesk_mgmt_sla",
        "account",
        "sale",
        "resource",
    ],
    "external_dependencies": {"python": ["holidays"]},
    "data": [
        "security/crm_pme_aftersales_groups.xml",
        "security/ir.model.access.csv",
        "security/crm_pme_intervention_security.xml",
        "security/crm_pme_kb_article_security.xml",
        "data/ir_sequence_data.xml",
        "data/product_data.xml",
        "data/helpdesk_ticket_category_data.xml",
        "data/ir_cron_data.xml",
        "data/crm_pme_sla_digest_template.xml",
        "report/crm_pme_intervention_report.xml",
        "views/crm_pme_intervention_views.xml",
        "views/crm_pme_kb_article_views.xml",
        "views/helpdesk_ticket_views.xml",
        "views/helpdesk_ticket_team_views.xml",
        "views/res_partner_views.xml",
        "views/crm_pme_aftersales_menus.xml",
    ],
    "demo": [
        "demo/crm_pme_aftersales_demo.xml",
        "demo/crm_pme_kb_article_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "crm_pme_aftersales/static/tests/tours/*.esm.js",
        ],
    },
    "installable": True,
}
