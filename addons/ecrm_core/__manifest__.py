# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "eCRM Core",
    "summary": "One customer profile across every channel: phones, emails, "
    "orders from the web shop, stores and the storefront API, telesales "
    "confirmation and the interaction log",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "website": "https://github.com/ecrm-odoo/ecrm",
    "author": "eCRM contributors",
    "license": "AGPL-3",
    "application": True,
    "installable": True,
    "depends": [
        "contacts",
        "phone_validation",
        "portal",
        "sale_management",
        "sale_stock",
        "sms",
        "utm",
        "website_sale",
    ],
    "external_dependencies": {"python": ["phonenumbers"]},
    "data": [
        "security/ecrm_security.xml",
        "security/ir.model.access.csv",
        "data/ecrm_order_flow_data.xml",
        "views/res_partner_views.xml",
        "views/sale_order_views.xml",
        "views/menus.xml",
        "views/ecrm_cancel_reason_views.xml",
        "views/ecrm_channel_responsible_views.xml",
        "views/res_config_settings_views.xml",
        "wizards/ecrm_order_wizard_views.xml",
        "views/ecrm_order_flow_menus.xml",
        "report/ecrm_telesales_report_views.xml",
    ],
    "demo": [
        "demo/ecrm_users_demo.xml",
        "demo/res_partner_demo.xml",
        "demo/product_demo.xml",
        "demo/sale_order_demo.xml",
        "demo/ecrm_order_flow_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "ecrm_core/static/tests/tours/*.js",
        ],
    },
}
