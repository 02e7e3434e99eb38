/** @odoo-module **/
// Copyright 2026 eCRM contributors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
// Steps that several complaint tours take the same way.

/** On an open complaint, transfer it to the department ``team`` with ``note``
 * and wait until the form shows the new department. */
export function transferComplaint(team, note) {
    return [
        {
            content: "Transfer the complaint to the department that acts",
            trigger: ".o_form_view button.o_ecrm_transfer_button",
            run: "click",
        },
        {
            content: "Choose the department",
            trigger: ".modal .o_field_widget[name=team_id] input",
            run: `edit ${team}`,
        },
        {
            trigger: `.ui-autocomplete a:contains('${team}')`,
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=note] textarea",
            run: `edit ${note}`,
        },
        {
            content: "Transfer",
            trigger: ".modal footer button[name=action_transfer]",
            run: "click",
        },
        {
            content: "The complaint is now in the department",
            trigger: `.o_form_view:not(:has(.modal)) .o_field_widget[name=team_id] input:value('${team}')`,
        },
    ];
}
