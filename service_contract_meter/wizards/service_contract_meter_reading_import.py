import base64
import binascii
import csv
import io

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

# The columns of a readings file, in this order; a first row naming them is
# skipped.
COLUMNS = ("serial", "meter code", "date", "value")


class ServiceContractMeterReadingImport(models.TransientModel):
    """Import meter readings from a CSV file, all or nothing.

    The file has one reading a row, with the columns ``serial`` (the unit's
    serial number), ``meter code`` (the code of the meter), ``date``
    (``YYYY-MM-DD``) and ``value`` (a number, ``.`` as decimal separator),
    separated by commas or semicolons; a first row naming the columns is
    skipped.  Every row is checked as a manual reading is (the unit meter is
    found or added to the unit, the values and dates are validated, the
    readings must follow one another); when any row is bad, nothing is
    imported and each bad row is reported with its line number and reason.
    """

    _name = "service.contract.meter.reading.import"
    _description = "Import Meter Readings"

    file = fields.Binary(string="CSV File", required=True)
    filename = fields.Char()
    state = fields.Selection(
        [("upload", "Upload"), ("done", "Done")], default="upload", required=True
    )
    reading_ids = fields.Many2many(
        "service.meter.reading", string="Imported Readings", readonly=True
    )
    imported_count = fields.Integer(compute="_compute_imported_count")

    @api.depends("reading_ids")
    def _compute_imported_count(self):
        for wizard in self:
            wizard.imported_count = len(wizard.reading_ids)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_import(self):
        """Import the file's readings, or none and say which rows are bad."""
        self.ensure_one()
        rows = self._read_rows()
        if not rows:
            raise UserError(_("The file has no readings."))
        vals_list, errors = self._rows_to_values(rows)
        readings = self.env["service.meter.reading"]
        for line_number, vals in vals_list:
            try:
                with self.env.cr.savepoint():
                    readings |= readings.create(vals)
                    self.env.flush_all()
            except (ValidationError, UserError) as error:
                errors.append((line_number, error.args[0]))
        if errors:
            # Raising rolls the transaction back: no reading of the file stays.
            raise UserError(
                _("Nothing was imported; correct these rows and import again:")
                + "\n"
                + "\n".join(
                    self.env._("Line %(line)s: %(reason)s", line=line, reason=reason)
                    for line, reason in sorted(errors, key=lambda error: error[0])
                )
            )
        self.write({"state": "done", "reading_ids": [fields.Command.set(readings.ids)]})
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": _("Import Meter Readings"),
        }

    def action_view_readings(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "service_contract_meter.action_service_meter_reading"
        )
        action["domain"] = [("id", "in", self.reading_ids.ids)]
        action["context"] = {}
        return action

    # ------------------------------------------------------------------
    # Parsing
    # ------------------------------------------------------------------
    def _read_rows(self):
        """``(line number, cells)`` of each non-empty row of the file."""
        try:
            content = base64.b64decode(self.file or b"")
            text = content.decode("utf-8-sig")
        except (binascii.Error, UnicodeDecodeError) as error:
            raise UserError(_("The file is not a UTF-8 text (CSV) file.")) from error
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        rows = []
        for number, cells in enumerate(csv.reader(io.StringIO(text), dialect), 1):
            cells = [cell.strip() for cell in cells]
            if not any(cells):
                continue
            if not rows and cells[0].lower() == COLUMNS[0]:
                continue  # the header
            rows.append((number, cells))
        return rows

    def _rows_to_values(self, rows):
        """The reading values of the well-formed rows, and the errors of the
        others, each with its line number."""
        serials = {cells[0] for _number, cells in rows if cells and cells[0]}
        codes = {cells[1] for _number, cells in rows if len(cells) > 1 and cells[1]}
        lots = self.env["stock.lot"].search([("name", "in", list(serials))])
        lots_by_name = {}
        for lot in lots:
            lots_by_name.setdefault(lot.name, lot.browse())
            lots_by_name[lot.name] |= lot
        meters = self.env["service.meter"].search([("code", "in", list(codes))])
        meters_by_code = {meter.code: meter for meter in meters}
        vals_list, errors = [], []
        for number, cells in rows:
            vals, error = self._row_to_values(cells, lots_by_name, meters_by_code)
            if error:
                errors.append((number, error))
            else:
                vals_list.append((number, vals))
        return vals_list, errors

    def _row_to_values(self, cells, lots_by_name, meters_by_code):
        """The values of the reading of one row, or the reason it is bad."""
        if len(cells) != len(COLUMNS):
            return None, _(
                "%(count)s columns instead of %(expected)s (%(columns)s).",
                count=len(cells),
                expected=len(COLUMNS),
                columns=", ".join(COLUMNS),
            )
        serial, code, date, value = cells
        lots = lots_by_name.get(serial)
        if not lots:
            return None, _("Unknown serial number %s.", serial or '""')
        if len(lots) > 1:
            return None, _("Serial number %s belongs to several products.", serial)
        meter = meters_by_code.get(code)
        if not meter:
            return None, _("Unknown meter code %s.", code or '""')
        try:
            date = fields.Date.to_date(date)
        except ValueError:
            date = None
        if not date:
            return None, _("Invalid date %s (expected YYYY-MM-DD).", cells[2] or '""')
        try:
            value = float(value)
        except ValueError:
            return None, _("Invalid value %s (expected a number).", value or '""')
        return {
            "lot_id": lots.id,
            "meter_id": meter.id,
            "date": date,
            "value": value,
        }, None
