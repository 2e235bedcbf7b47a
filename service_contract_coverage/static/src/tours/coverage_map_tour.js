/** @odoo-module **/

import {registry} from "@web/core/registry";

// A service user opens the coverage map on one customer, counts the markers
// of each colour and the contract boundaries against the data the Python
// test made (test_coverage_map_tour.py), then clicks the gap marker and
// lands on its unit.
function expectCount(selector, expected) {
    const found = document.querySelectorAll(selector).length;
    if (found !== expected) {
        throw new Error(`${selector}: ${found} on the map, ${expected} expected`);
    }
}

registry.category("web_tour.tours").add("coverage_map_tour", {
    steps: () => [
        {
            content: "The map is drawn",
            trigger: ".o_coverage_map .leaflet-container",
        },
        {
            content: "Show the tour customer's units only",
            trigger: "select.o_coverage_map_filter_partner",
            run() {
                const select = this.anchor;
                const option = [...select.options].find(
                    (o) => o.textContent.trim() === "Map Tour Customer"
                );
                select.value = option.value;
                select.dispatchEvent(new Event("change", {bubbles: true}));
            },
        },
        {
            content: "The legend counts the customer's units",
            trigger: ".o_coverage_map_legend_gap .o_coverage_map_count:contains(1)",
        },
        {
            content: "Markers per colour and boundaries",
            trigger: ".o_coverage_map_marker_gap",
            run() {
                expectCount(".o_coverage_map .o_coverage_map_marker_covered", 3);
                expectCount(".o_coverage_map .o_coverage_map_marker_gap", 1);
                expectCount(".o_coverage_map .o_coverage_map_marker_duplicate", 1);
                expectCount(".o_coverage_map .o_coverage_map_marker_decommissioned", 1);
                expectCount(".o_coverage_map .o_coverage_map_marker_uncovered", 0);
                expectCount(".o_coverage_map path.o_coverage_map_boundary", 3);
                expectCount(".o_coverage_map_unlocated li", 1);
                expectCount(".o_coverage_map .leaflet-tile", 0);
            },
        },
        {
            content: "Open the gap's unit",
            trigger: ".o_coverage_map_marker_gap",
            run: "click",
        },
        {
            content: "The unit's form",
            trigger: ".o_form_view .o_breadcrumb .active:contains(MAP-GAP-1)",
        },
    ],
});
