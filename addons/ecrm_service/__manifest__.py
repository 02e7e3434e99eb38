# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "eCRM Complaints",
    "summary": "Complaints from every channel on OCA helpdesk tickets: routing to "
    "departments, deadlines, supplier escalation on the portal, satisfaction",
    "version": "18.0.1.1.0",
    "category": "After-Sales",
    "website": "https://github.com/ecrm-odoo/ecrm",
    "author": "eCRM contributors",
    "license": "AGPL-3",
    "installable": True,
    "depends": [
        "ecrm_core",
        "helpdesk_mgmt",
        "portal",
        "resource",
        "rating",
        "website",
    ],
    "data": [
        "security/ecrm_service_security.xml",
        "security/ir.model.access.csv",
        "views/ecrm_supplier_agreement_views.xml",
        "data/helpdesk_data.xml",
        "data/resource_calendar_data.xml",
        "data/mail_template_data.xml",
        "views/helpdesk_ticket_views.xml",
        "views/helpdesk_ticket_category_views.xml",
        "views/helpdesk_ticket_team_views.xml",
        "views/ecrm_ticket_transfer_views.xml",
        "views/res_partner_views.xml",
        "views/ecrm_complaint_report_views.xml",
        "views/portal_templates.xml",
        "views/menus.xml",
        "security/ecrm_service_telesales_security.xml",
        "views/sale_order_views.xml",
        "views/ecrm_complaints_app_views.xml",
    ],
    "demo": [
        "demo/helpdesk_team_demo.xml",
        "demo/ecrm_supplier_agreement_demo.xml",
        "demo/ecrm_supplier_portal_demo.xml",
        "demo/helpdesk_ticket_demo.xml",
        "demo/helpdesk_ticket_open_demo.xml",
        "demo/ecrm_complaints_app_demo.xml",
        "demo/helpdesk_mgmt_demo_archive.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "ecrm_service/static/tests/tours/*.js",
        ],
    },
}
