from odoo import fields, models


class StockLot(models.Model):
    _inherit = "stock.lot"

    meter_ids = fields.One2many("service.asset.meter", "lot_id", string="Meters")
    meter_reading_ids = fields.One2many(
        "service.meter.reading", "lot_id", string="Meter Readings"
    )
    meter_reading_count = fields.Integer(
        string="Readings", compute="_compute_meter_reading_count"
    )

    def _compute_meter_reading_count(self):
        counts = dict(
            self.env["service.meter.reading"]._read_group(
                [("lot_id", "in", self.ids)], ["lot_id"], ["__count"]
            )
        )
        for lot in self:
            lot.meter_reading_count = counts.get(lot, 0)

    def action_view_meter_readings(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "service_contract_meter.action_service_meter_reading"
        )
        action["domain"] = [("lot_id", "=", self.id)]
        action["context"] = {
            "default_lot_id": self.id,
            "search_default_group_meter": 1,
        }
        action["view_mode"] = "graph,list,pivot,form"
        action["views"] = [
            (view_id, mode)
            for view_id, mode in action.get("views", [])
            if mode == "graph"
        ] + [
            (view_id, mode)
            for view_id, mode in action.get("views", [])
            if mode != "graph"
        ]
        return action
