from odoo import fields, models
from odoo.exceptions import UserError


class SchoolTimetableCopy(models.TransientModel):
    """Copy a timetable to the next period of its class, or to other classes.

    The copies are drafts. Copied to another class, each slot takes that class's
    journal of the same subject (and the study group of the same name); a slot
    without such a journal is left out and named in the copy's note."""

    _name = "school.timetable.copy"
    _description = "Copy a Timetable"

    timetable_id = fields.Many2one("school.timetable", required=True, ondelete="cascade")
    target = fields.Selection(
        [("period", "The next period of the class"), ("classes", "Other classes")],
        required=True,
        default="period",
    )
    class_ids = fields.Many2many("school.class", string="Classes")
    date_from = fields.Date(string="Valid from", required=True)

    def action_copy(self):
        self.ensure_one()
        source = self.timetable_id
        source._check_school_role(
            "school_records.group_deputy", role=self.env._("the deputy director")
        )
        if self.target == "period":
            copies = source.copy({"date_from": self.date_from, "date_to": False})
        else:
            if not self.class_ids:
                raise UserError(self.env._("Choose the classes to copy the timetable to."))
            copies = self._copy_to_classes(source, self.class_ids, self.date_from)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Timetables"),
            "res_model": "school.timetable",
            "view_mode": "list,form",
            "domain": [("id", "in", copies.ids)],
        }

    def _copy_to_classes(self, source, classes, date_from):
        assignments = self.env["school.teaching.assignment"].search(
            [("class_id", "in", classes.ids)]
        )
        journals = {
            (a.class_id.id, a.subject_id.id, a.study_group_id.name or False): a for a in assignments
        }
        vals_list = []
        for school_class in classes:
            slots, missing = [], []
            for slot in source.slot_ids:
                key = (school_class.id, slot.subject_id.id, slot.study_group_id.name or False)
                journal = journals.get(key)
                if not journal:
                    missing.append(slot.display_name)
                    continue
                slots.append(
                    fields.Command.create(
                        {
                            "weekday": slot.weekday,
                            "number": slot.number,
                            "week_parity": slot.week_parity,
                            "assignment_id": journal.id,
                            "room_id": slot.room_id.id,
                        }
                    )
                )
            note = False
            if missing:
                note = self.env._(
                    "Not copied (no journal of the subject in %(school_class)s): %(slots)s",
                    school_class=school_class.name,
                    slots="; ".join(missing),
                )
            vals_list.append(
                {
                    "class_id": school_class.id,
                    "date_from": date_from,
                    "bell_schedule_id": source.bell_schedule_id.id,
                    "slot_ids": slots,
                    "note": note,
                }
            )
        return self.env["school.timetable"].create(vals_list)
