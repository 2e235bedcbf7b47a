/** @odoo-module **/

import { registry } from "@web/core/registry";

// A fleet user opens a unit from the installed base, records a meter reading,
// imports readings from a CSV file (a file with bad rows first: each is
// reported and nothing is imported; then a good one) and sees the contract's
// calculated expiry move.  The unit, its meter, its contract and the user are
// created by the Python test that starts this tour.

const expiries = [];

function uploadCsv(name, text) {
    const input = document.querySelector(
        ".o_field_widget[name=file] input[type=file]"
    );
    const transfer = new DataTransfer();
    transfer.items.add(new File([text], name, { type: "text/csv" }));
    input.files = transfer.files;
    input.dispatchEvent(new Event("change", { bubbles: true }));
}

function today() {
    return new Date().toISOString().slice(0, 10);
}

function openContract(first) {
    return [
        {
            content: "Open the unit's contracts",
            trigger: "button[name=action_view_service_contracts]",
            run: "click",
        },
        {
            trigger: ".o_data_row td:contains('Tour Fleet Customer')",
            run: "click",
        },
        first
            ? {
                  content: "The contract shows its calculated expiry",
                  trigger:
                      ".o_form_view .o_field_widget[name=date_expiry_calculated]:not(:empty)",
                  run() {
                      expiries.push(this.anchor.textContent.trim());
                  },
              }
            : checkExpiryMoved(),
    ];
}

function checkExpiryMoved() {
    return {
        content: "The calculated expiry moved",
        trigger: ".o_form_view .o_field_widget[name=date_expiry_calculated]:not(:empty)",
        run() {
            const expiry = this.anchor.textContent.trim();
            const before = expiries[expiries.length - 1];
            if (expiry === before) {
                throw new Error(`The calculated expiry did not move from ${before}.`);
            }
            expiries.push(expiry);
        },
    };
}

registry.category("web_tour.tours").add("service_contract_meter_tour", {
    url: "/odoo/action-service_contract.action_installed_base",
    steps: () => [
        {
            content: "Open the unit",
            trigger: ".o_data_row td:contains('SN-TOUR-M1')",
            run: "click",
        },
        {
            content: "Open its Meters tab",
            trigger: ".o_notebook .nav-link:contains('Meters')",
            run: "click",
        },
        {
            content: "The odometer shows the last reading",
            trigger:
                ".o_field_widget[name=meter_ids] .o_data_row:has(td:contains('Tour Odometer')) " +
                "td[name=last_net_value]:contains('66,000.00')",
        },
        ...openContract(true),
        {
            content: "Back to the unit",
            trigger: ".o_breadcrumb .breadcrumb-item a:contains('SN-TOUR-M1')",
            run: "click",
        },
        {
            trigger: ".o_notebook .nav-link:contains('Meters')",
            run: "click",
        },
        {
            content: "Record a reading",
            trigger: ".o_field_widget[name=meter_reading_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            trigger:
                ".o_field_widget[name=meter_reading_ids] .o_selected_row " +
                ".o_field_widget[name=meter_id] input",
            run: "edit Tour Odometer",
        },
        {
            trigger: ".ui-menu-item > a:contains('Tour Odometer')",
            run: "click",
        },
        {
            trigger:
                ".o_field_widget[name=meter_reading_ids] .o_selected_row " +
                ".o_field_widget[name=value] input",
            run: "edit 67000",
        },
        {
            content: "Save the unit",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The reading counts",
            trigger:
                ".o_form_saved, .o_field_widget[name=meter_ids] " +
                "td[name=last_net_value]:contains('67,000.00')",
        },
        {
            trigger:
                ".o_field_widget[name=meter_ids] td[name=last_net_value]:contains('67,000.00')",
        },
        ...openContract(false),
        {
            content: "Go to the meter readings",
            trigger: "button[data-menu-xmlid='service_contract.menu_service_contract_main']",
            run: "click",
        },
        {
            trigger: "a[data-menu-xmlid='service_contract_meter.menu_service_meter_reading']",
            run: "click",
        },
        {
            content: "Import readings from a file",
            trigger: ".o_list_view button:contains('Import CSV')",
            run: "click",
        },
        {
            content: "A file with bad rows",
            trigger: ".modal .o_field_widget[name=file]",
            run() {
                uploadCsv(
                    "readings-bad.csv",
                    "serial,meter code,date,value\n" +
                        `SN-TOUR-M1,TOUR-KM,${today()},68000\n` +
                        `SN-NOPE,TOUR-KM,${today()},68000\n` +
                        `SN-TOUR-M1,TOUR-NOPE,${today()},68000\n` +
                        "SN-TOUR-M1,TOUR-KM,yesterday,68000\n" +
                        `SN-TOUR-M1,TOUR-KM,${today()},many\n` +
                        `SN-TOUR-M1,TOUR-KM,${today()},1000\n`
                );
            },
        },
        {
            content: "The file is chosen",
            trigger: ".modal .o_field_widget[name=file] .o_clear_file_button",
        },
        {
            trigger: ".modal button[name=action_import]",
            run: "click",
        },
        {
            content: "Each bad row is reported with its line and reason",
            trigger:
                ".modal:contains('Nothing was imported')" +
                ":contains('Line 3: Unknown serial number SN-NOPE.')" +
                ":contains('Line 4: Unknown meter code TOUR-NOPE.')" +
                ":contains('Line 5: Invalid date yesterday')" +
                ":contains('Line 6: Invalid value many')" +
                ":contains('Line 7: ')" +
                ":contains('below the previous reading')",
        },
        {
            content: "Close the message",
            trigger: ".modal:contains('Nothing was imported') .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "Clear the bad file",
            trigger: ".modal .o_field_widget[name=file] .o_clear_file_button",
            run: "click",
        },
        {
            content: "A good file",
            trigger: ".modal .o_field_widget[name=file]:not(:has(.o_clear_file_button))",
            run() {
                uploadCsv(
                    "readings-good.csv",
                    "serial;meter code;date;value\n" +
                        `SN-TOUR-M1;TOUR-KM;${today()};69000\n` +
                        `SN-TOUR-M1;TOUR-KM;${today()};70000\n`
                );
            },
        },
        {
            content: "The file is chosen",
            trigger: ".modal .o_field_widget[name=file] .o_clear_file_button",
        },
        {
            trigger: ".modal button[name=action_import]",
            run: "click",
        },
        {
            content: "Two readings were imported",
            trigger: ".modal .o_reading_import_count:contains('2')",
        },
        {
            trigger: ".modal button[name=action_view_readings]",
            run: "click",
        },
        {
            content: "The imported readings are listed",
            trigger: ".o_list_view .o_data_row td[name=value]:contains('70,000.00')",
        },
        {
            content: "Back to the installed base",
            trigger: "button[data-menu-xmlid='service_contract.menu_service_contract_main']",
            run: "click",
        },
        {
            trigger: "a[data-menu-xmlid='service_contract.menu_installed_base']",
            run: "click",
        },
        {
            trigger: ".o_data_row td:contains('SN-TOUR-M1')",
            run: "click",
        },
        ...openContract(false),
        {
            content: "Open the contract's meters",
            trigger: ".o_notebook .nav-link:contains('Meters')",
            run: "click",
        },
        {
            content: "The contract meter shows the last reading",
            trigger:
                ".o_field_widget[name=meter_ids] td[name=last_net_value]:contains('70,000.00')",
        },
    ],
});
