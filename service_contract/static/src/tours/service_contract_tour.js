/** @odoo-module **/

import { registry } from "@web/core/registry";

// Creates a contract from a template and sets it ready.  The customer and the
// template are created by the Python test that starts this tour.
registry.category("web_tour.tours").add("service_contract_tour", {
    url: "/odoo/action-service_contract.action_service_contract",
    steps: () => [
        {
            content: "Create a contract",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Pick the customer",
            trigger: ".o_field_widget[name=partner_id] input",
            run: "edit Tour Customer",
        },
        {
            trigger: ".ui-menu-item > a:contains('Tour Customer')",
            run: "click",
        },
        {
            content: "Pick the template",
            trigger: ".o_field_widget[name=template_id] input",
            run: "edit Tour Maintenance",
        },
        {
            trigger: ".ui-menu-item > a:contains('Tour Maintenance')",
            run: "click",
        },
        {
            content: "The template gives the type",
            trigger: ".o_field_widget[name=contract_type]:contains('Maintenance')",
        },
        {
            content: "Open the skills groups",
            trigger: ".o_notebook .nav-link:contains('Skills Groups')",
            run: "click",
        },
        {
            content: "The template gives the skills groups",
            trigger: ".o_field_widget[name=skill_line_ids] td:contains('Tour Hotline')",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The contract has its number",
            trigger: ".o_form_saved .o_field_widget[name=name]:contains('SC/')",
        },
        {
            content: "Set it ready",
            trigger: "button[name=action_ready]",
            run: "click",
        },
        {
            content: "The status is Ready",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Ready')",
        },
        {
            trigger: ".o_form_view:not(:has(button[name=action_ready]))",
        },
    ],
});
