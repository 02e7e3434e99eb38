/** @odoo-module **/
// Copyright 2026 eCRM contributors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import { registry } from "@web/core/registry";
import { openEcrmApp } from "./ecrm_tour_steps";

registry.category("web_tour.tours").add("ecrm_telesales_queue", {
    url: "/odoo",
    steps: () => [
        ...openEcrmApp(),
        {
            content: "Open the orders menu",
            trigger: ".o_main_navbar button[data-menu-xmlid='ecrm_core.menu_ecrm_orders_root']",
            run: "click",
        },
        {
            content: "Open the telesales queue",
            trigger: ".dropdown-item[data-menu-xmlid='ecrm_core.menu_ecrm_orders_telesales']",
            run: "click",
        },
        {
            content: "The queue shows the customer's phone, ready to call",
            trigger: ".o_data_row:contains('Khách Tour Điện Thoại') .o_field_phone a[href^='tel:']",
        },
        {
            content: "See the queue as columns by telesales state",
            trigger: ".o_switch_view.o_kanban",
            run: "click",
        },
        {
            trigger: ".o_kanban_group .o_kanban_record:contains('Khách Tour Điện Thoại')",
            run: "click",
        },
        {
            content: "Who to call and on which number, above the order",
            trigger: ".o_form_view .alert-info .o_field_phone a[href^='tel:']",
        },
        {
            content: "Open the customer's history",
            trigger: ".o_notebook .nav-link[name='ecrm_history']",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='ecrm_partner_history_ids']",
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
    ],
});
