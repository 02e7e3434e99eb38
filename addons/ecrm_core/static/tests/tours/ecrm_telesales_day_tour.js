/** @odoo-module **/
// Copyright 2026 eCRM contributors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import { registry } from "@web/core/registry";
import { openApp } from "./ecrm_tour_steps";

const CUSTOMER = "Bùi Thị Hạnh";
const ROW = `.o_list_view .o_data_row:contains('${CUSTOMER}')`;

registry.category("web_tour.tours").add("ecrm_telesales_day", {
    url: "/odoo",
    steps: () => [
        ...openApp("ecrm_core.menu_ecrm_telesales_root", "Open the Telesales app"),
        {
            content: "The app opens on today's calls",
            trigger: ".o_breadcrumb .active:contains('Today')",
        },
        {
            content: "The customer's number is one click away",
            trigger: `${ROW} .o_field_phone a[href^='tel:']`,
        },
        {
            content: "Open the oldest order of the customer",
            trigger: `${ROW} td[name='partner_id']`,
            run: "click",
        },
        {
            content: "Only the call buttons act on an order waiting for its call",
            trigger: ".o_form_view .o_statusbar_buttons:not(:has(button[name='action_confirm'])):not(:has(button[name='action_cancel']))",
        },
        {
            content: "Open complaints are announced above the order",
            trigger: ".o_form_view .alert-info [name='ecrm_complaints_summary']:contains('still open')",
        },
        {
            content: "See the customer's complaints",
            trigger: ".o_notebook .nav-link[name='ecrm_complaints']",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='ecrm_partner_complaint_ids'] .o_data_row:contains('rò nước')",
        },
        {
            content: "See the products to propose",
            trigger: ".o_notebook .nav-link[name='ecrm_recommendations']",
            run: "click",
        },
        {
            content: "The customer takes the proposed kettle too",
            trigger: ".o_field_widget[name='ecrm_recommendation_ids'] .o_data_row:contains('Ấm siêu tốc') button[name='action_ecrm_add_to_order']",
            run: "click",
        },
        {
            content: "Back to the order lines",
            trigger: ".o_notebook .nav-link[name='order_lines']",
            run: "click",
        },
        {
            content: "The kettle is now an order line",
            trigger: ".o_field_widget[name='order_line'] .o_data_row:contains('Ấm siêu tốc')",
        },
        {
            content: "The customer confirms on the phone",
            trigger: ".o_form_view button[name='action_ecrm_telesales_confirm']",
            run: "click",
        },
        {
            content: "The order is confirmed: the queue buttons are gone",
            trigger: ".o_form_view .o_form_saved:not(:has(button[name='action_ecrm_telesales_confirm']))",
        },
        {
            content: "Back to today's calls",
            trigger: ".o_breadcrumb .breadcrumb-item a:contains('Today')",
            run: "click",
        },
        {
            content: "Open the customer's next order",
            trigger: `${ROW} td[name='partner_id']`,
            run: "click",
        },
        {
            content: "The customer cancels",
            trigger: ".o_form_view button[name='action_ecrm_telesales_cancel']",
            run: "click",
        },
        {
            content: "Choose why",
            trigger: ".modal .o_field_widget[name='reason_id'] input",
            run: "edit Đổi ý (tour)",
        },
        {
            trigger: ".modal .o-autocomplete--dropdown-item:contains('Đổi ý (tour)')",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name='note'] textarea",
            run: "edit Khách đã mua ở cửa hàng gần nhà",
        },
        {
            trigger: ".modal button[name='action_cancel']",
            run: "click",
        },
        {
            content: "The cancelled order waits for its call-back",
            trigger: ".o_form_view:not(:has(.modal)) button[name='action_ecrm_callback']",
        },
        {
            content: "Cancelled orders to call back have their own menu",
            trigger: ".o_main_navbar [data-menu-xmlid='ecrm_core.menu_ecrm_telesales_callbacks']",
            run: "click",
        },
        {
            trigger: `${ROW}:contains('Đổi ý (tour)') button[name='action_ecrm_callback']`,
        },
    ],
});
