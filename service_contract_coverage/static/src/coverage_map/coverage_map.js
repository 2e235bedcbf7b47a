/** @odoo-module **/

import {Component, onMounted, onWillStart, onWillUnmount, useRef, useState} from "@odoo/owl";
import {_t} from "@web/core/l10n/translation";
import {registry} from "@web/core/registry";
import {useService} from "@web/core/utils/hooks";

/* global L */

// The coverage map: the installed units as markers coloured by their state
// today, each contract's boundary around the units it covers, and beside the
// map the legend and the units without a position.  Everything it draws comes
// from service.contract.coverage.map.get_map_data; Leaflet and its
// markercluster plugin come from OCA's web_leaflet_lib.
export class CoverageMap extends Component {
    static template = "service_contract_coverage.CoverageMap";
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.mapRef = useRef("map");
        const context = this.props.action?.context || {};
        this.state = useState({
            filters: {
                partner_id: context.coverage_map_partner_id || false,
                contract_id: context.coverage_map_contract_id || false,
                contract_type: false,
                state: false,
            },
            data: null,
        });
        onWillStart(() => this.load());
        onMounted(() => {
            this.createMap();
            this.draw();
        });
        onWillUnmount(() => {
            if (this.map) {
                this.map.remove();
            }
        });
    }

    async load() {
        this.state.data = await this.orm.call(
            "service.contract.coverage.map",
            "get_map_data",
            [],
            {filters: {...this.state.filters}}
        );
    }

    get colors() {
        return Object.fromEntries(this.state.data.states.map((s) => [s.key, s.color]));
    }

    get counts() {
        const counts = {};
        for (const marker of [...this.state.data.markers, ...this.state.data.unlocated]) {
            counts[marker.state] = (counts[marker.state] || 0) + 1;
        }
        return counts;
    }

    createMap() {
        // maxZoom on the map itself: without tiles, clustering needs it.
        this.map = L.map(this.mapRef.el, {zoomSnap: 0.5, minZoom: 2, maxZoom: 19});
        this.layers = L.layerGroup().addTo(this.map);
        const url = this.state.data.tile_url;
        if (url) {
            L.tileLayer(url, {
                maxZoom: 19,
                attribution: "&copy; OpenStreetMap contributors",
            }).addTo(this.map);
        }
    }

    draw() {
        const data = this.state.data;
        this.layers.clearLayers();
        const bounds = [];
        for (const boundary of data.boundaries) {
            const options = {
                color: "#1f6feb",
                weight: 2,
                fillOpacity: 0.08,
                className: "o_coverage_map_boundary",
            };
            const shape =
                boundary.type === "circle"
                    ? L.circle(boundary.center, {...options, radius: boundary.radius})
                    : L.polygon(boundary.points, options);
            shape.bindTooltip(this.textElement(boundary.name), {sticky: true});
            shape.on("click", () => this.openRecord("service.contract", boundary.contract_id));
            this.layers.addLayer(shape);
            if (boundary.type === "circle") {
                bounds.push(boundary.center);
            } else {
                bounds.push(...boundary.points);
            }
        }
        // Gap markers gather in clusters: the under-covered zones at a glance.
        const gaps = L.markerClusterGroup
            ? L.markerClusterGroup({
                  maxClusterRadius: 40,
                  iconCreateFunction: (cluster) =>
                      L.divIcon({
                          className: "o_coverage_map_cluster",
                          html: `<span>${cluster.getChildCount()}</span>`,
                          iconSize: [30, 30],
                      }),
              })
            : L.layerGroup();
        this.layers.addLayer(gaps);
        for (const marker of data.markers) {
            const icon = L.divIcon({
                className: `o_coverage_map_marker o_coverage_map_marker_${marker.state}`,
                html: `<span style="background-color: ${this.colors[marker.state]}"></span>`,
                iconSize: [16, 16],
            });
            const layer = L.marker([marker.lat, marker.lng], {icon, title: marker.name});
            layer.bindTooltip(
                this.textElement(`${marker.name} (${marker.product}), ${marker.partner}`)
            );
            layer.on("click", () => this.openRecord("stock.lot", marker.id));
            (marker.state === "gap" ? gaps : this.layers).addLayer(layer);
            bounds.push([marker.lat, marker.lng]);
        }
        if (bounds.length) {
            this.map.fitBounds(L.latLngBounds(bounds), {padding: [30, 30], maxZoom: 14});
        } else {
            this.map.setView([46.5, 2.5], 5);
        }
    }

    textElement(text) {
        const element = document.createElement("span");
        element.textContent = text;
        return element;
    }

    openRecord(resModel, resId) {
        this.action.doAction({
            type: "ir.actions.act_window",
            res_model: resModel,
            res_id: resId,
            views: [[false, "form"]],
            target: "current",
        });
    }

    async onFilterChange(name, ev) {
        const value = ev.target.value;
        this.state.filters[name] = ["partner_id", "contract_id"].includes(name)
            ? parseInt(value, 10) || false
            : value || false;
        await this.load();
        this.draw();
    }

    async geolocate() {
        const ids = this.state.data.unlocated.map((unit) => unit.id);
        const result = await this.orm.call("stock.lot", "action_geolocate_service_units", [
            ids,
        ]);
        await this.load();
        this.draw();
        if (result) {
            delete result.params.next;
            this.action.doAction(result);
        }
    }

    openUnit(unit) {
        this.openRecord("stock.lot", unit.id);
    }
}

CoverageMap.title = _t("Coverage Map");

registry.category("actions").add("service_contract_coverage.coverage_map", CoverageMap);
