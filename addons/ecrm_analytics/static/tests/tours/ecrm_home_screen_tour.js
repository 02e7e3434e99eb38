/** @odoo-module **/
// Copyright 2026 eCRM contributors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import {registry} from "@web/core/registry";

// Logged in, a demo user opens the home screen: their own app opens on its first
// screen, with records or charts in it, not an empty state.
registry.category("web_tour.tours").add("ecrm_home_screen_has_data", {
    url: "/odoo",
    steps: () => [
        {
            content: "The home action opens (a list, a board or the dashboard)",
            trigger: [
                ".o_action_manager .o_list_view",
                ".o_action_manager .o_kanban_view",
                ".o_action_manager .o_spreadsheet_dashboard_action",
            ].join(", "),
            // the dashboard loads the spreadsheet bundle on first use
            timeout: 30000,
        },
        {
            content: "It shows records or charts",
            trigger: [
                ".o_action_manager .o_list_view .o_data_row",
                ".o_action_manager .o_kanban_view .o_kanban_record:not(.o_kanban_ghost)",
                ".o_action_manager .o_spreadsheet_dashboard_action .o-figure",
            ].join(", "),
            // the dashboard loads the spreadsheet bundle on first use
            timeout: 30000,
        },
        {
            content: "No empty state anywhere on it",
            trigger: ".o_action_manager:not(:has(.o_view_nocontent, .o_nocontent_help))",
        },
    ],
});
