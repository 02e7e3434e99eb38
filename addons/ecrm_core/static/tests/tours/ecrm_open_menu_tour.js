/** @odoo-module **/
// Copyright 2026 eCRM contributors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import { registry } from "@web/core/registry";
import { openEcrmApp } from "./ecrm_tour_steps";

registry.category("web_tour.tours").add("ecrm_open_menu", {
    url: "/odoo",
    steps: () => [
        ...openEcrmApp(),
        {
            content: "The customers of the demo data are listed",
            trigger: ".o_kanban_record:contains('Hà Nội')",
        },
        {
            content: "Open the orders menu",
            trigger: ".o_main_navbar button[data-menu-xmlid='ecrm_core.menu_ecrm_orders_root']",
            run: "click",
        },
        {
            trigger: ".dropdown-item[data-menu-xmlid='ecrm_core.menu_ecrm_orders']",
            run: "click",
        },
        {
            content: "Orders of every channel are there",
            trigger: ".o_list_view .o_data_row",
        },
    ],
});
