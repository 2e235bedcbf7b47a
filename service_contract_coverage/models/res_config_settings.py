from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    service_coverage_include_unlisted = fields.Boolean(
        related="company_id.service_coverage_include_unlisted", readonly=False
    )
    service_coverage_map_tile_url = fields.Char(
        string="Map Tile Server",
        config_parameter="service_contract_coverage.map_tile_url",
        help="URL template of the coverage map's tiles ({z}, {x}, {y}); "
        "empty: the map draws its markers and boundaries without tiles.",
    )
