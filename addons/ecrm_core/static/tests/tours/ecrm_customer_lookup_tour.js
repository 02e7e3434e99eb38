/** @odoo-module **/
// Copyright 2026 eCRM contributors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import { registry } from "@web/core/registry";
import { openEcrmApp } from "./ecrm_tour_steps";

// The demo customer Huỳnh Thanh Hạnh has the phone "84-788-373-440"; the agent
// types it the way the caller says it and lands on the Customer 360 form.
registry.category("web_tour.tours").add("ecrm_customer_lookup", {
    url: "/odoo",
    steps: () => [
        ...openEcrmApp(),
        {
            content: "The customers are listed",
            trigger: ".o_kanban_view .o_kanban_record",
        },
        {
            content: "Type the phone number written another way",
            trigger: ".o_searchview_input",
            run: "edit 0788 373 440",
        },
        {
            content: "Search",
            trigger: ".o_searchview_input",
            run: "press Enter",
        },
        {
            content: "Only that customer is left",
            trigger: ".o_kanban_view:not(:has(.o_kanban_record:not(.o_kanban_ghost):not(:contains('Huỳnh Thanh Hạnh')))) .o_kanban_record:contains('Huỳnh Thanh Hạnh')",
            run: "click",
        },
        {
            content: "The Customer 360 block shows the figures",
            trigger: ".o_form_view div[name='ecrm_360'] h5:contains('Customer 360')",
        },
        {
            content: "The figures are there",
            trigger: ".o_form_view div[name='ecrm_360'] .o_field_widget[name='ecrm_order_count']",
        },
    ],
});
