# Copyright 2026 CRM PME contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "CRM PME - Sales",
    "summary": "Sector-driven selling and sales objectives (target, achieved, "
    "forecast, attainment) for French SMEs",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "website": "https://github.com/crm-pme/crm-pme",
    "author": "CRM PME contributors",
    "license": "AGPL-3",
    "depends": [
        "crm_pme_base",
        "crm",
        "sale_management",
        "sale_crm",
        "account",
    ],
    "data": [
        "security/ir.model.access.csv",
        "security/crm_pme_objective_security.xml",
        "security/crm_pme_quote_report_security.xml",
        "security/crm_pme_activity_report_security.xml",
        "views/crm_lead_views.xml",
        "views/sale_order_views.xml",
        "wizard/crm_pme_portfolio_transfer_views.xml",
        "wizard/crm_pme_overdue_override_views.xml",
        "views/res_partner_views.xml",
        "views/product_document_views.xml",
        "views/crm_pme_objective_views.xml",
        "views/res_config_settings_views.xml",
        "report/crm_pme_quote_report_views.xml",
        "report/crm_pme_activity_report_views.xml",
        "views/crm_pme_sales_menus.xml",
    ],
    "demo": [
        "demo/crm_pme_sales_demo.xml",
        "demo/crm_pme_sales_demo_orders.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "crm_pme_sales/static/src/scss/crm_pme_sales.scss",
        ],
        "web.assets_tests": [
            "crm_pme_sales/static/tests/tours/**/*",
        ],
    },
    "installable": True,
}
