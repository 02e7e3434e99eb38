# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "eCRM Analytics",
    "summary": "Scores every customer (RFM, lifetime value, churn risk, behaviour "
    "cluster), recommends products and warns managers when buying behaviour turns",
    "version": "18.0.1.2.0",
    "category": "Sales/CRM",
    "website": "https://github.com/ecrm-odoo/ecrm",
    "author": "eCRM contributors",
    "license": "AGPL-3",
    "installable": True,
    "depends": [
        "ecrm_core",
        "ecrm_marketing",
        "ecrm_service",
        "spreadsheet_dashboard",
        "mail",
    ],
    "external_dependencies": {
        "python": ["numpy", "scipy", "scikit-learn", "xlsxwriter"]
    },
    "data": [
        "security/ecrm_analytics_security.xml",
        "security/ir.model.access.csv",
        "data/ir_cron_data.xml",
        "views/ecrm_analytics_run_views.xml",
        "views/res_partner_views.xml",
        "views/ecrm_clv_model_views.xml",
        "views/ecrm_churn_model_views.xml",
        "views/ecrm_customer_cluster_views.xml",
        "views/ecrm_alert_views.xml",
        "views/ecrm_rfm_snapshot_views.xml",
        "views/ecrm_report_views.xml",
        "views/res_config_settings_views.xml",
        "views/ecrm_segment_views.xml",
        "views/menus.xml",
        "data/spreadsheet_dashboard_data.xml",
        "views/ecrm_dashboard_menus.xml",
        "views/sale_order_views.xml",
    ],
    "demo": [
        "demo/res_users_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "ecrm_analytics/static/tests/tours/*.js",
        ],
    },
}
