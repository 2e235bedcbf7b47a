/** @odoo-module **/

import { registry } from "@web/core/registry";

// A salesperson adds a one-year warranty to a laptop on a quotation and
// confirms it.  The customer and the products are created by the Python test
// that starts this tour.
registry.category("web_tour.tours").add("sale_coverage_tour", {
    url: "/odoo/action-sale.action_quotations_with_onboarding",
    steps: () => [
        {
            content: "Create a quotation",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Pick the customer",
            trigger: ".o_field_widget[name=partner_id] input",
            run: "edit Tour Coverage Customer",
        },
        {
            trigger: ".ui-menu-item > a:contains('Tour Coverage Customer')",
            run: "click",
        },
        {
            content: "Add the laptop",
            trigger: "a:contains('Add a product')",
            run: "click",
        },
        {
            trigger: ".o_data_row div[name=product_template_id] input",
            run: "edit Tour Laptop",
        },
        {
            trigger: ".ui-menu-item > a:contains('Tour Laptop')",
            run: "click",
        },
        {
            content: "Save the quotation",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_saved",
        },
        {
            content: "Add the warranty",
            trigger: "a:contains('Add a product')",
            run: "click",
        },
        {
            trigger: ".o_data_row.o_selected_row div[name=product_template_id] input",
            run: "edit Tour Warranty",
        },
        {
            trigger: ".ui-menu-item > a:contains('Tour Warranty')",
            run: "click",
        },
        {
            content: "Choose the laptop it covers",
            trigger: ".o_selected_row div[name=covered_line_id] input",
            run: "edit Tour Laptop",
        },
        {
            trigger: ".ui-menu-item > a:contains('Tour Laptop')",
            run: "click",
        },
        {
            content: "The coverage dates are filled in",
            trigger: ".o_selected_row div[name=coverage_date_end]:not(:empty)",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_saved",
        },
        {
            content: "The warranty is listed under the laptop it covers",
            trigger:
                ".o_data_row:has(td[name=product_template_id]:contains('Tour Laptop')) " +
                "+ .o_data_row td[name=product_template_id]:contains('Tour Warranty')",
        },
        {
            content: "Confirm the quotation",
            trigger: "button[name=action_confirm]:not(.d-none)",
            run: "click",
        },
        {
            content: "The order is confirmed",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Sales Order')",
        },
    ],
});
