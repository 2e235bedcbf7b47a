from odoo import models

METER_EXPIRY_TYPE = "service_contract_meter.mail_activity_type_meter_expiry"


class MailActivity(models.Model):
    _inherit = "mail.activity"

    def write(self, vals):
        contracts = (
            self._get_meter_expiry_contracts()
            if "active" in vals and not vals["active"]
            else None
        )
        result = super().write(vals)
        if contracts:
            contracts._meter_expiry_mark_due()
        return result

    def unlink(self):
        contracts = self._get_meter_expiry_contracts()
        result = super().unlink()
        contracts._meter_expiry_mark_due()
        return result

    def _get_meter_expiry_contracts(self):
        """The contracts of these activities that warn of an expiry by meter:
        once such a warning is done or removed, the next meter expiry run
        looks at its contract again (and warns again while it is due)."""
        type_id = self.env["ir.model.data"]._xmlid_to_res_id(
            METER_EXPIRY_TYPE, raise_if_not_found=False
        )
        return self.env["service.contract"].browse(
            {
                activity.res_id
                for activity in self
                if activity.res_model == "service.contract"
                and activity.activity_type_id.id == type_id
            }
        )
