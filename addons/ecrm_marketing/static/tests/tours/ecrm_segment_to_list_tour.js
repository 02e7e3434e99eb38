/** @odoo-module **/
// Copyright 2026 eCRM contributors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import { registry } from "@web/core/registry";
import { openEcrmApp } from "@ecrm_core/../tests/tours/ecrm_tour_steps";

registry.category("web_tour.tours").add("ecrm_segment_to_list", {
    url: "/odoo",
    steps: () => [
        ...openEcrmApp(),
        {
            content: "Open the marketing menu",
            trigger: ".o_main_navbar button[data-menu-xmlid='ecrm_marketing.menu_ecrm_marketing_root']",
            run: "click",
        },
        {
            trigger: ".dropdown-item[data-menu-xmlid='ecrm_marketing.menu_ecrm_segment']",
            run: "click",
        },
        {
            content: "Create a segment",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=name] input",
            run: "edit Khách nữ mua trên web tour",
        },
        {
            content: "Women only",
            trigger: ".o_field_widget[name=gender] select",
            run: "selectByLabel Female",
        },
        {
            content: "Who bought at least once",
            trigger: ".o_field_widget[name=order_count_min] input",
            run: "edit 1",
        },
        {
            content: "The preview counts the matching customers before saving",
            trigger: ".o_field_widget[name=preview_count]",
        },
        {
            content: "Send the segment to a new mailing list",
            trigger: "button[name=action_create_mailing_list]",
            run: "click",
        },
        {
            content: "The list is set and the synchronisation reported",
            trigger: "button[name=action_sync_mailing_list]",
        },
        {
            trigger: ".o_field_widget[name=sync_summary]:contains(subscribed)",
        },
    ],
});
