/** @odoo-module **/

import { registry } from "@web/core/registry";

// From Service Contracts > Installed Base, a service user opens a unit and
// sees its Coverage answer today (the covering contract and, for each
// contract that could have covered it, why not) and its Contracts.  The
// unit, its contracts and the user are created by the Python test that
// starts this tour.
registry.category("web_tour.tours").add("installed_base_coverage_tour", {
    url: "/odoo/action-service_contract.action_installed_base",
    steps: () => [
        {
            content: "Open the unit",
            trigger: ".o_data_row td:contains('SN-TOUR-IB1')",
            run: "click",
        },
        {
            content: "Open its Coverage tab",
            trigger: ".o_notebook .nav-link:contains('Coverage')",
            run: "click",
        },
        {
            content: "The covering contract, with its reason and shares",
            trigger:
                ".o_field_widget[name=service_coverage_html] tr:contains('Covers')" +
                ":contains('Serial SN-TOUR-IB1 is listed on contract'):contains('Premium')" +
                ":contains('Labour 80.0%')",
        },
        {
            content: "The expired contract says when it expired",
            trigger:
                ".o_field_widget[name=service_coverage_html] tr:contains('Does not qualify')" +
                ":contains('expired on')",
        },
        {
            content: "The contract whose condition fails says which",
            trigger:
                ".o_field_widget[name=service_coverage_html] tr:contains('Does not qualify')" +
                ":contains('fails the rule \"Used as Commercial\"')",
        },
        {
            content: "Open its Contracts tab",
            trigger: ".o_notebook .nav-link:contains('Contracts')",
            run: "click",
        },
        {
            content: "The covering contract is listed",
            trigger:
                ".o_field_widget[name=service_contract_ids] .o_data_row" +
                ":contains('Tour Base Customer'):contains('Ready')",
        },
    ],
});
