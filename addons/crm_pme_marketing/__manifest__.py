# Copyright 2026 CRM PME contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "CRM PME - Marketing",
    "summary": "Segments, RFM scores, emailing and phoning campaigns with call "
    "scripts and the French phoning rules",
    "version": "18.0.1.1.0",
    "category": "Marketing",
    "website": "https://github.com/crm-pme/crm-pme",
    "author": "CRM PME contributors",
    "license": "AGPL-3",
    "depends": [
        "crm_pme_base",
        "crm",
        "mass_mailing",
        "mass_mailing_crm",
        "utm",
        "sale_management",
        "crm_phonecall",
        "web_view_leaflet_map_partner",
    ],
    "external_dependencies": {"python": ["holidays"]},
    "data": [
        "security/crm_pme_marketing_groups.xml",
        "security/ir.model.access.csv",
        "security/crm_pme_marketing_security.xml",
        "data/ir_cron_data.xml",
        "wizard/crm_pme_call_outcome_views.xml",
        "wizard/crm_pme_settings_views.xml",
        "wizard/crm_pme_call_list_views.xml",
        "views/crm_pme_segment_views.xml",
        "views/crm_pme_offer_views.xml",
        "views/crm_pme_call_script_views.xml",
        "views/crm_pme_campaign_views.xml",
        "views/crm_phonecall_views.xml",
        "views/res_partner_views.xml",
        "report/crm_pme_geo_report_views.xml",
        "views/crm_pme_marketing_menus.xml",
    ],
    "demo": [
        "demo/crm_pme_marketing_demo.xml",
        "demo/res_partner_geo_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "crm_pme_marketing/static/tests/tours/*.js",
        ],
    },
    "installable": True,
}
