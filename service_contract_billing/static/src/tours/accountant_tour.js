/** @odoo-module **/

import { registry } from "@web/core/registry";

// An accountant previews the next invoicing run and runs it, opens the
// contract's Invoicing tab, posts the invoice, registers a payment of its
// first instalment, sets a dispute code on the other open item, sees which
// open item is paid, and renews a contract from Contracts to Renew.  The
// contracts, codes and the accountant are created by the Python test that
// starts this tour.

function menu(section, item) {
    return [
        {
            trigger: `button[data-menu-xmlid='${section}']`,
            run: "click",
        },
        {
            trigger: `a[data-menu-xmlid='${item}']`,
            run: "click",
        },
    ];
}

function openContract() {
    return [
        ...menu(
            "service_contract.menu_service_contract_main",
            "service_contract.menu_service_contract_all"
        ),
        {
            trigger: ".o_data_row:contains('Tour Accounting Customer') td[name=name]",
            run: "click",
        },
        {
            content: "Open the Invoicing tab",
            trigger: ".o_notebook .nav-link[name=invoicing]",
            run: "click",
        },
    ];
}

registry.category("web_tour.tours").add("accountant_tour", {
    url: "/odoo/action-service_contract.action_service_contract",
    steps: () => [
        ...menu(
            "service_contract_billing.menu_service_contract_billing",
            "service_contract_billing.menu_service_contract_invoice_preview"
        ),
        {
            content: "Preview the next invoicing run",
            trigger: ".modal button[name=action_compute]",
            run: "click",
        },
        {
            content: "The contract to invoice is in the preview",
            trigger:
                ".modal .o_field_widget[name=line_ids] .o_data_row:contains('Tour Accounting Customer')",
        },
        {
            content: "Run it",
            trigger: ".modal button[name=action_run]",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal:contains('Create the invoices of this run now?') .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The invoice is created",
            trigger: ".o_notification:contains('1 invoice(s) created')",
        },
        ...openContract(),
        {
            content: "The invoice is on the contract",
            trigger: ".o_field_widget[name=invoice_ids] .o_data_row",
        },
        {
            content: "Open the contract's invoices",
            trigger: "button[name=action_view_invoices]",
            run: "click",
        },
        {
            content: "The draft invoice of the customer",
            trigger: ".o_form_view:contains('Tour Maintenance Fee') button[name=action_post]",
        },
        {
            content: "Post the invoice",
            trigger: ".o_form_view button[name=action_post]:not(.d-none)",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Posted')",
        },
        {
            content: "Register a payment",
            trigger: "button[name=action_register_payment]:not(.d-none)",
            run: "click",
        },
        {
            content: "Of the first instalment",
            trigger: ".modal .o_field_widget[name=amount] input",
            run: "edit 30",
        },
        {
            trigger: ".modal button[name=action_create_payments]",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
        {
            content: "The invoice is partly paid",
            trigger: ".ribbon:contains('Partial'), .o_field_widget[name=payment_state]:contains('Partial')",
        },
        ...openContract(),
        {
            content: "The paid open item shows its payment",
            trigger:
                ".o_field_widget[name=open_item_ids] .o_data_row:first " +
                "td[name=service_paid_amount]:contains('30.00')",
        },
        {
            content: "Set a dispute code on the open one",
            trigger:
                ".o_field_widget[name=open_item_ids] .o_data_row:last td[name=service_dispute_code_id]",
            run: "click",
        },
        {
            trigger:
                ".o_field_widget[name=open_item_ids] .o_selected_row " +
                ".o_field_widget[name=service_dispute_code_id] input",
            run: "edit Tour Price",
        },
        {
            trigger: ".ui-menu-item > a:contains('Tour Price')",
            run: "click",
        },
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The dispute code is kept",
            trigger:
                ".o_form_saved .o_field_widget[name=open_item_ids] .o_data_row:last " +
                "td[name=service_dispute_code_id]:contains('Tour Price')",
        },
        ...menu(
            "service_contract.menu_service_contract_main",
            "service_contract.menu_service_contract_to_renew"
        ),
        {
            content: "Open the contract to renew",
            trigger: ".o_data_row:contains('Tour Renewal Customer') td[name=name]",
            run: "click",
        },
        {
            content: "Renew it",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_renew]",
            run: "click",
        },
        {
            content: "The renewal is in its history",
            trigger: "button[name=action_view_renewals]:contains('1')",
        },
    ],
});
