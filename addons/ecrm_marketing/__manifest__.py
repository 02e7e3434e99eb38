# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "eCRM Marketing",
    "summary": "Loyalty tiers and points, multi-criteria customer segments synced "
    "to mailing lists, campaign costs, reach and channel ROI",
    "version": "18.0.1.1.0",
    "category": "Marketing",
    "website": "https://github.com/ecrm-odoo/ecrm",
    "author": "eCRM contributors",
    "license": "AGPL-3",
    "installable": True,
    "depends": [
        "ecrm_core",
        "loyalty",
        "sale_loyalty",
        "mass_mailing",
        "mass_mailing_sms",
        "utm",
        "survey",
    ],
    "data": [
        "security/ir.model.access.csv",
        "security/ecrm_marketing_security.xml",
        "data/mail_template_data.xml",
        "data/ir_cron_data.xml",
        "views/ecrm_loyalty_tier_views.xml",
        "views/ecrm_loyalty_tier_history_views.xml",
        "views/res_partner_views.xml",
        "views/res_config_settings_views.xml",
        "views/ecrm_segment_views.xml",
        "views/mailing_list_views.xml",
        "views/utm_campaign_views.xml",
        "views/ecrm_channel_report_views.xml",
        "views/portal_templates.xml",
        "views/menus.xml",
        "views/ecrm_marketing_app_menus.xml",
        "security/ecrm_satisfaction_security.xml",
        "data/ecrm_satisfaction_data.xml",
        "views/ecrm_satisfaction_campaign_views.xml",
    ],
    "demo": [
        "demo/ecrm_loyalty_tier_demo.xml",
        "demo/loyalty_program_demo.xml",
        "demo/ecrm_segment_demo.xml",
        "demo/utm_campaign_demo.xml",
        "demo/res_users_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "ecrm_marketing/static/tests/tours/*.js",
        ],
    },
}
