/** @odoo-module **/

import { registry } from "@web/core/registry";

// An account manager makes a contract from a template, lists what it covers
// (a serial with a component and a rule, a product, a category, and a serial
// decommissioned today), checks the contract against the asset register,
// which names the decommissioned serial, and reads the coverage log.  The
// customer, units, products and the user are created by the Python test that
// starts this tour.

function addLine(steps) {
    return [
        {
            trigger: ".o_field_widget[name=coverage_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=coverage_type]",
        },
        ...steps,
        {
            content: "Save the line",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
    ];
}

function pick(field, text) {
    return [
        {
            trigger: `.modal .o_field_widget[name=${field}] input`,
            run: `edit ${text}`,
        },
        {
            trigger: `.ui-menu-item > a:contains('${text}')`,
            run: "click",
        },
    ];
}

registry.category("web_tour.tours").add("account_manager_tour", {
    url: "/odoo/action-service_contract.action_service_contract",
    steps: () => [
        {
            content: "Create a contract",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=partner_id] input",
            run: "edit Tour AM Customer",
        },
        {
            trigger: ".ui-menu-item > a:contains('Tour AM Customer')",
            run: "click",
        },
        {
            content: "From the template",
            trigger: ".o_field_widget[name=template_id] input",
            run: "edit Tour AM Maintenance",
        },
        {
            trigger: ".ui-menu-item > a:contains('Tour AM Maintenance')",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=contract_type]:contains('Maintenance')",
        },
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The contract has its number",
            trigger: ".o_form_saved .o_field_widget[name=name]:contains('SC/')",
        },
        {
            content: "Open the Coverage tab",
            trigger: ".o_notebook .nav-link[name=coverage]",
            run: "click",
        },
        // A serial, with a component and a rule.
        ...addLine([
            ...pick("lot_id", "SN-TOUR-A1"),
            {
                trigger: ".modal .o_notebook .nav-link[name=components]",
                run: "click",
            },
            {
                trigger:
                    ".modal .o_field_widget[name=component_ids] .o_field_x2many_list_row_add a",
                run: "click",
            },
            {
                trigger:
                    ".modal .o_field_widget[name=component_ids] .o_selected_row " +
                    ".o_field_widget[name=product_id] input",
                run: "edit Tour AM Drum",
            },
            {
                trigger: ".ui-menu-item > a:contains('Tour AM Drum')",
                run: "click",
            },
            {
                trigger: ".modal .o_notebook .nav-link[name=rules]",
                run: "click",
            },
            {
                trigger: ".modal .o_field_widget[name=rule_ids] .o_field_x2many_list_row_add a",
                run: "click",
            },
            {
                trigger:
                    ".modal .o_field_widget[name=rule_ids] .o_selected_row " +
                    ".o_field_widget[name=rule_type] select",
                run: 'select "usage"',
            },
            {
                trigger:
                    ".modal .o_field_widget[name=rule_ids] .o_selected_row " +
                    ".o_field_widget[name=usage_type] select",
                run: 'select "commercial"',
            },
        ]),
        {
            content: "The serial is listed",
            trigger: ".o_field_widget[name=coverage_ids] .o_data_row td[name=lot_id]:contains('SN-TOUR-A1')",
        },
        // A product.
        ...addLine([
            {
                trigger: ".modal .o_field_widget[name=coverage_type] input[data-value=product]",
                run: "click",
            },
            ...pick("product_id", "Tour AM Plotter"),
        ]),
        // A category.
        ...addLine([
            {
                trigger: ".modal .o_field_widget[name=coverage_type] input[data-value=category]",
                run: "click",
            },
            ...pick("categ_id", "Tour AM Printers"),
        ]),
        // A serial decommissioned today.
        ...addLine([...pick("lot_id", "SN-TOUR-A2")]),
        {
            content: "Four coverage lines",
            trigger: ".o_field_widget[name=coverage_ids] .o_data_row:nth-child(4)",
        },
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_saved",
        },
        {
            content: "Check against the asset register",
            trigger: "button[name=action_detect_coverage_gaps]",
            run: "click",
        },
        {
            content: "The decommissioned serial is named",
            trigger:
                ".o_list_view .o_data_row:contains('Decommissioned Unit') " +
                "td[name=lot_id]:contains('SN-TOUR-A2')",
        },
        {
            content: "Back to the contract",
            trigger: ".o_breadcrumb .breadcrumb-item a:contains('SC/')",
            run: "click",
        },
        {
            content: "Open the coverage log",
            trigger: ".o_notebook .nav-link[name=coverage_log]",
            run: "click",
        },
        {
            content: "The log shows the serials added",
            trigger:
                ".o_field_widget[name=coverage_log_ids]:contains('SN-TOUR-A1'):contains('SN-TOUR-A2')",
        },
    ],
});
