# Copyright 2026 CRM PME contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "CRM PME - Dashboards",
    "summary": "Manager dashboard for French SMEs: customers lost and at risk, "
    "sales, objectives, conversion, receivables, after-sales and marketing, "
    "with Excel export",
    "version": "18.0.1.1.0",
    "category": "Sales/CRM",
    "website": "https://github.com/crm-pme/crm-pme",
    "author": "CRM PME contributors",
    "license": "AGPL-3",
    "depends": [
        "crm_pme_sales",
        "report_xlsx",
        "spreadsheet_dashboard",
    ],
    "external_dependencies": {"python": ["xlsxwriter"]},
    "data": [
        "report/crm_pme_dashboard_reports.xml",
        "views/crm_pme_dashboard_views.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "crm_pme_dashboards/static/src/dashboard/**/*",
        ],
        "web.assets_tests": [
            "crm_pme_dashboards/static/tests/tours/**/*",
        ],
    },
    "installable": True,
}
