/** @odoo-module **/
// Copyright 2026 eCRM contributors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";

const dashboardShown = [
    {
        content: "The eCRM customers dashboard is the one shown",
        trigger: ".o_spreadsheet_dashboard_search_panel li.active[data-name=Customers]",
    },
    {
        content: "Its period filter is there",
        trigger: ".o_spreadsheet_dashboard_action .o_filter_value_container",
    },
    {
        content: "Its charts are drawn",
        trigger: ".o_spreadsheet_dashboard_action .o_renderer .o-figure canvas",
    },
];

registry.category("web_tour.tours").add("ecrm_dashboard_open", {
    url: "/odoo/action-ecrm_analytics.ecrm_dashboard_action",
    steps: () => dashboardShown,
});

registry.category("web_tour.tours").add("ecrm_manager_day", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps(
            "ecrm_analytics.menu_ecrm_dashboard_root",
            "Open the eCRM dashboard"
        ),
        ...dashboardShown,
        ...stepUtils.goToAppSteps("ecrm_core.menu_ecrm_root", "Open the eCRM app"),
        {
            content: "Open the reporting menu",
            trigger: ".o_main_navbar button[data-menu-xmlid='ecrm_core.menu_ecrm_reporting']",
            run: "click",
        },
        {
            content: "Open the alerts",
            trigger: ".dropdown-item[data-menu-xmlid='ecrm_analytics.menu_ecrm_alert']",
            run: "click",
        },
        {
            content: "Open the supplier's complaint spike",
            trigger: ".o_list_view .o_data_row td[name=name]:contains(May mặc Sài Gòn)",
            run: "click",
        },
        {
            content: "Acknowledge it",
            trigger: ".o_form_view button[name=action_acknowledge]",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(Acknowledged)",
        },
        {
            content: "Close it once handled",
            trigger: ".o_form_view button[name=action_close]",
            run: "click",
        },
        {
            content: "The alert is closed",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(Closed)",
        },
    ],
});
