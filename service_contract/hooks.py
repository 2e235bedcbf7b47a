"""Installation hooks of the service contract addon."""

from odoo.tools import SQL


def post_init_hook(env):
    """Fill the installed base of the units delivered before installation.

    One set-based query: for every serial whose last done move to or from a
    customer location is a delivery, the unit is installed at that
    delivery's customer since that day (the customer's company as
    ``service_partner_id``, the delivery address as ``service_address_id``).
    Units already returned, or never delivered, stay unassigned.
    """
    env["stock.lot"].flush_model()
    env.cr.execute(
        SQL(
            """
            WITH last_move AS (
                SELECT DISTINCT ON (sml.lot_id)
                       sml.lot_id,
                       dest.usage = 'customer' AS delivered,
                       COALESCE(picking.partner_id, move.partner_id) AS partner_id,
                       sml.date
                  FROM stock_move_line sml
                  JOIN stock_move move ON move.id = sml.move_id
                  JOIN stock_location src ON src.id = sml.location_id
                  JOIN stock_location dest ON dest.id = sml.location_dest_id
             LEFT JOIN stock_picking picking ON picking.id = sml.picking_id
                 WHERE sml.state = 'done'
                   AND sml.lot_id IS NOT NULL
                   AND (src.usage = 'customer') != (dest.usage = 'customer')
              ORDER BY sml.lot_id, sml.date DESC, sml.id DESC
            )
            UPDATE stock_lot lot
               SET service_partner_id = partner.commercial_partner_id,
                   service_commercial_partner_id = partner.commercial_partner_id,
                   service_address_id = partner.id,
                   service_delivery_date = last_move.date::date
              FROM last_move
              JOIN res_partner partner ON partner.id = last_move.partner_id
             WHERE lot.id = last_move.lot_id
               AND last_move.delivered
               AND lot.service_partner_id IS NULL
            """
        )
    )
    env["stock.lot"].invalidate_model(
        [
            "service_partner_id",
            "service_commercial_partner_id",
            "service_address_id",
            "service_delivery_date",
        ]
    )
