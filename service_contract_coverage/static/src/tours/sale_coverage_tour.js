/** @odoo-module **/

import { registry } from "@web/core/registry";

// A salesperson adds a one-year warranty to a laptop on a quotation, and one
// to a laptop an earlier order delivered, and confirms it.  The customer and the products are created by the Python test
// that starts this tour.
function addWarranty(content) {
    return [
        {
            content,
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
    ];
}

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
        ...addWarranty("Add the warranty"),
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
        ...addWarranty("Add a warranty for the unit an earlier order delivered"),
        {
            content: "Choose the unit it covers",
            trigger: ".o_selected_row div[name=covered_lot_id] input",
            run: "edit LAP-TOUR-OLD",
        },
        {
            trigger: ".ui-menu-item > a:contains('LAP-TOUR-OLD')",
            run: "click",
        },
        {
            content: "The coverage dates are filled in",
            trigger: ".o_selected_row div[name=coverage_date_end]:not(:empty)",
        },
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The second warranty shows the unit it covers",
            trigger:
                ".o_form_saved .o_data_row:has(td[name=product_template_id]:contains('Tour Warranty')) " +
                "td[name=covered_lot_id]:contains('LAP-TOUR-OLD')",
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

// The warehouse user delivers the laptop of that order.
registry.category("web_tour.tours").add("sale_coverage_delivery_tour", {
    url: "/odoo/action-stock.action_picking_tree_all",
    steps: () => [
        {
            content: "Open the delivery of the laptop",
            trigger: ".o_data_row:contains('Tour Coverage Customer'):contains('Ready') td[name=name]",
            run: "click",
        },
        {
            content: "Open the laptop's detailed operations",
            trigger:
                ".o_field_widget[name=move_ids_without_package] .o_data_row:contains('Tour Laptop') " +
                "button[name='Open Move']",
            run: "click",
        },
        {
            content: "The serial in stock is reserved",
            trigger: ".modal .o_data_row:contains('LAP-TOUR-NEW')",
        },
        {
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
        {
            content: "Validate",
            trigger: "button[name=button_validate]:not(.d-none)",
            run: "click",
        },
        {
            content: "The delivery is done",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Done')",
        },
    ],
});

// Back on the order, the salesperson sees the warranty delivered and its
// contract covering the serial.
registry.category("web_tour.tours").add("sale_coverage_delivered_tour", {
    url: "/odoo/action-sale.action_orders",
    steps: () => [
        {
            content: "Open the salesperson's order",
            trigger: ".o_data_row:contains('Tour Coverage Customer') td[name=name]",
            run: "click",
        },
        {
            content: "The warranty of the delivered laptop is delivered (billable)",
            trigger:
                ".o_data_row:has(td[name=product_template_id]:contains('Tour Warranty'))" +
                ":has(td[name=covered_line_id]:contains('Tour Laptop')) " +
                "td[name=qty_delivered]:contains('1.00')",
        },
        {
            content: "Open its contract",
            trigger:
                ".o_data_row:has(td[name=covered_line_id]:contains('Tour Laptop')) " +
                "button[name=action_view_coverage_contract]",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_notebook .nav-link[name=coverage]",
            run: "click",
        },
        {
            content: "The contract covers the delivered serial",
            trigger:
                ".o_form_view .o_field_widget[name=coverage_ids] td:contains('LAP-TOUR-NEW')",
        },
    ],
});
