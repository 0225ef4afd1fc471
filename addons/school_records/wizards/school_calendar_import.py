"""Import of the school calendar: the Russian production calendar of a year, and the
school's vacations and shortened days, from a simple CSV file.

One row per day: ``date,kind[,levels][,name][,weekday_as]`` — the date as YYYY-MM-DD,
the kind (holiday, vacation, workday, shortened, or in Russian: праздник, каникулы,
рабочий, сокращённый), the grades it applies to (``1-11`` when empty, ``1`` or ``1-4``),
a description and, for a transferred working day, the weekday whose timetable applies
(0 = Monday). A first row of headers and lines starting with ``#`` are skipped. Every
row is checked first: one wrong row refuses the whole file, with all the wrong rows
named, and nothing is written. The files of this year and the next are in ``data/`` of
the repository."""

import base64
import csv
import io
from datetime import date

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

KIND_NAMES = {
    "holiday": "holiday",
    "праздник": "holiday",
    "выходной": "holiday",
    "vacation": "vacation",
    "каникулы": "vacation",
    "workday": "workday",
    "рабочий": "workday",
    "shortened": "shortened",
    "short": "shortened",
    "сокращённый": "shortened",
    "сокращенный": "shortened",
}
MAX_ERRORS = 30


class SchoolCalendarImport(models.TransientModel):
    _name = "school.calendar.import"
    _description = "Import of the School Calendar"

    file = fields.Binary(required=True)
    filename = fields.Char()
    shortened_bell_schedule_id = fields.Many2one(
        "school.bell.schedule",
        string="Bell schedule of shortened days",
        default=lambda self: self.env["school.bell.schedule"].search(
            [("is_shortened", "=", True)], limit=1
        ),
    )

    def action_import(self):
        self.ensure_one()
        try:
            text = base64.b64decode(self.file).decode("utf-8-sig")
        except (ValueError, UnicodeDecodeError) as error:
            raise UserError(self.env._("The file is not a UTF-8 CSV file.")) from error
        days = self._import_text(text, self.shortened_bell_schedule_id)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("School calendar"),
            "res_model": "school.calendar.day",
            "view_mode": "list,form",
            "domain": [("id", "in", days.ids)],
        }

    @api.model
    def _import_text(self, text, shortened_bell_schedule=None):
        """Check every row of ``text``, then write them all (or nothing). Returns the
        calendar days created or updated."""
        if not self.env["school.roles"]._is_deputy():
            raise AccessError(self.env._("Only the deputy director imports the school calendar."))
        values, errors = self._parse(text)
        if errors:
            shown = errors[:MAX_ERRORS]
            if len(errors) > MAX_ERRORS:
                shown.append(self.env._("… and %(count)s more.", count=len(errors) - MAX_ERRORS))
            raise UserError(
                self.env._(
                    "The calendar file was not imported:\n%(errors)s", errors="\n".join(shown)
                )
            )
        if not values:
            raise UserError(self.env._("The calendar file has no days."))
        return self._write_days(values, shortened_bell_schedule)

    @api.model
    def _parse(self, text):
        values, errors, seen = [], [], {}
        reader = csv.reader(io.StringIO(text))
        for number, row in enumerate(reader, start=1):
            cells = [cell.strip() for cell in row]
            if not any(cells) or cells[0].startswith("#"):
                continue
            if number == 1 and cells[0].lower() in ("date", "дата"):
                continue
            row_values, row_errors = self._parse_row(number, cells)
            errors += row_errors
            if row_values:
                key = (row_values["date"], row_values["level_from"], row_values["level_to"])
                if key in seen:
                    errors.append(
                        self.env._(
                            "Row %(row)s: %(date)s is already in row %(first)s.",
                            row=number,
                            date=row_values["date"],
                            first=seen[key],
                        )
                    )
                seen[key] = number
                values.append(row_values)
        return values, errors

    @api.model
    def _parse_row(self, number, cells):
        errors = []
        cells = cells + [""] * (5 - len(cells))
        raw_date, raw_kind, raw_levels, name, raw_weekday = cells[:5]
        try:
            day = date.fromisoformat(raw_date)
        except ValueError:
            day = None
            errors.append(
                self.env._(
                    "Row %(row)s: «%(value)s» is not a date (YYYY-MM-DD).",
                    row=number,
                    value=raw_date,
                )
            )
        kind = KIND_NAMES.get(raw_kind.lower())
        if not kind:
            errors.append(
                self.env._(
                    "Row %(row)s: unknown kind «%(value)s» "
                    "(holiday, vacation, workday, shortened).",
                    row=number,
                    value=raw_kind,
                )
            )
        levels = self._parse_levels(raw_levels)
        if not levels:
            errors.append(
                self.env._(
                    "Row %(row)s: «%(value)s» are not grades (1-11).", row=number, value=raw_levels
                )
            )
        weekday = raw_weekday or False
        if weekday and weekday not in ("0", "1", "2", "3", "4", "5", "6"):
            errors.append(
                self.env._(
                    "Row %(row)s: «%(value)s» is not a weekday (0 = Monday … 6 = Sunday).",
                    row=number,
                    value=raw_weekday,
                )
            )
        if day and kind == "workday" and day.weekday() < 5:
            errors.append(
                self.env._(
                    "Row %(row)s: %(date)s is a weekday, it cannot be a transferred working day.",
                    row=number,
                    date=day,
                )
            )
        if errors:
            return None, errors
        return {
            "date": day,
            "kind": kind,
            "level_from": levels[0],
            "level_to": levels[1],
            "name": name or False,
            "weekday_as": weekday,
        }, []

    @staticmethod
    def _parse_levels(raw):
        if not raw:
            return (1, 11)
        parts = raw.replace("–", "-").split("-")
        try:
            numbers = [int(part) for part in parts]
        except ValueError:
            return None
        if len(numbers) == 1:
            numbers *= 2
        if len(numbers) != 2 or not 1 <= numbers[0] <= numbers[1] <= 11:
            return None
        return tuple(numbers)

    @api.model
    def _write_days(self, values, shortened_bell_schedule):
        """Update the days already in the calendar (same date and grades), create the
        others: one search, one create."""
        Day = self.env["school.calendar.day"]
        existing = {
            (day.date, day.level_from, day.level_to): day
            for day in Day.search([("date", "in", list({vals["date"] for vals in values}))])
        }
        updated, to_create = Day.browse(), []
        for vals in values:
            if vals["kind"] == "shortened" and shortened_bell_schedule:
                vals["bell_schedule_id"] = shortened_bell_schedule.id
            day = existing.get((vals["date"], vals["level_from"], vals["level_to"]))
            if day:
                day.write(vals)
                updated |= day
            else:
                to_create.append(vals)
        return updated | Day.create(to_create)
