/** @odoo-module **/
// Copyright 2026 eCRM contributors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("ecrm_analytics_run_now", {
    url: "/odoo/action-ecrm_analytics.ecrm_analytics_run_action",
    steps: () => [
        {
            content: "The run log lists the steps of the last chain",
            trigger: ".o_list_view .o_data_row td[name=name]:contains(RFM scores)",
        },
        {
            content: "Start the chain now",
            trigger: ".o_list_view button[name=action_run_now]",
            run: "click",
        },
        {
            content: "The manager is told it runs in the background",
            trigger: ".o_notification:contains(analytics chain starts)",
        },
    ],
});

registry.category("web_tour.tours").add("ecrm_analytics_partner_scores", {
    steps: () => [
        {
            content: "Open the scores tab of the customer",
            trigger: ".o_notebook a:contains(Scores)",
            run: "click",
        },
        {
            content: "The RFM segment is shown",
            trigger: ".o_field_widget[name=ecrm_rfm_segment]:contains(Champions)",
        },
        {
            content: "Open the recommendations tab",
            trigger: ".o_notebook a:contains(Recommended Products)",
            run: "click",
        },
        {
            content: "The recommended product is listed",
            trigger: ".o_field_widget[name=ecrm_recommendation_ids] td:contains(Quần tây xanh)",
        },
    ],
});
