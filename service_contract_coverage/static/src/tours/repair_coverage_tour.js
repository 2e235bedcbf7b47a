/** @odoo-module **/

import { registry } from "@web/core/registry";

// A technician opens a repair on a covered serial: it shows the covering
// contract, Under Warranty, and its quotation carries the covered shares as
// discounts.  Then a repair on a unit whose contract expired shows why it is
// not covered.  The units, contracts and the technician are created by the
// Python test that starts this tour.
registry.category("web_tour.tours").add("repair_coverage_tour", {
    url: "/odoo/action-repair.action_repair_order_tree",
    steps: () => [
        {
            content: "Open the repair of the covered printer",
            trigger: ".o_data_row td:contains('Tour Repair Customer')",
            run: "click",
        },
        {
            content: "It is under warranty",
            trigger: ".o_field_widget[name=under_warranty] input:checked",
        },
        {
            content: "The covering contract is shown",
            trigger: ".o_field_widget[name=service_contract_id]:not(:empty)",
        },
        {
            content: "Open the Coverage tab",
            trigger: ".o_notebook .nav-link:contains('Coverage')",
            run: "click",
        },
        {
            content: "It says why the unit is covered",
            trigger:
                ".o_field_widget[name=service_coverage_reason]" +
                ":contains('Serial SN-TOUR-R1 is listed on contract')",
        },
        {
            trigger: ".o_field_widget[name=service_parts_rate]:contains('50')",
        },
        {
            content: "Create the quotation",
            trigger: "button[name=action_create_sale_order]",
            run: "click",
        },
        {
            content: "The covered share of the part is its discount",
            trigger:
                ".o_field_widget[name=order_line] .o_data_row:has(td:contains('Tour Drum')) " +
                "td[name=discount]:contains('50.00')",
        },
        {
            content: "Back to the repair",
            trigger: ".o_breadcrumb .breadcrumb-item a:contains('WH/RO/'), .o_breadcrumb .breadcrumb-item:last-child a",
            run: "click",
        },
        {
            trigger: ".o_notebook .nav-link:contains('Coverage')",
            run: "click",
        },
        {
            content: "The repair lists the covered shares applied",
            trigger:
                ".o_field_widget[name=service_pricing_html] tr:contains('Tour Drum'):contains('50.0%')",
        },
        {
            content: "Back to the repairs",
            trigger: ".o_breadcrumb .breadcrumb-item:first-child a",
            run: "click",
        },
        {
            content: "A new repair",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=partner_id] input",
            run: "edit Tour Repair Customer",
        },
        {
            trigger: ".ui-menu-item > a:contains('Tour Repair Customer')",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=product_id] input",
            run: "edit Tour Printer",
        },
        {
            trigger: ".ui-menu-item > a:contains('Tour Printer')",
            run: "click",
        },
        {
            content: "The unit whose contract expired",
            trigger: ".o_field_widget[name=lot_id] input",
            run: "edit SN-TOUR-R2",
        },
        {
            trigger: ".ui-menu-item > a:contains('SN-TOUR-R2')",
            run: "click",
        },
        {
            trigger: ".o_notebook .nav-link:contains('Coverage')",
            run: "click",
        },
        {
            content: "It says the contract expired, and on which date",
            trigger:
                ".o_field_widget[name=service_coverage_reason]:contains('expired on')",
        },
        {
            content: "It is not under warranty",
            trigger: ".o_field_widget[name=under_warranty] input:not(:checked)",
        },
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_saved",
        },
    ],
});
