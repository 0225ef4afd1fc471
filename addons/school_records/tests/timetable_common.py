"""A school week for the timetable tests: rooms, a bell schedule, the timetables of 5А
and 6Б (draft), a curriculum, on the fixture's year 2035/2036 (1 September 2035 is a
Saturday: the week of 27 August is the first, odd, week)."""

from datetime import date

from .common import SchoolFixture

MONDAY, TUESDAY, WEDNESDAY = "0", "1", "2"


class TimetableFixture(SchoolFixture):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.room_21 = cls.env["school.room"].create({"name": "21 (тест)"})
        cls.room_22 = cls.env["school.room"].create({"name": "22 (тест)"})
        cls.gym = cls.env["school.room"].create({"name": "Спортзал (тест)", "is_shared": True})
        cls.bells = cls.env["school.bell.schedule"].create(
            {
                "name": "Основное (тест)",
                "sequence": 0,
                "line_ids": [
                    (0, 0, {"number": 1, "time_start": 8.5, "time_end": 9.25}),
                    (0, 0, {"number": 2, "time_start": 9.5, "time_end": 10.25}),
                    (0, 0, {"number": 3, "time_start": 10.5, "time_end": 11.25}),
                ],
            }
        )
        cls.timetable_5a = cls._timetable(
            cls.class_5a,
            [
                (MONDAY, 1, cls.assignment_5a, cls.room_21),
                (TUESDAY, 2, cls.assignment_5a_history, cls.room_22),
            ],
        )
        cls.timetable_6b = cls._timetable(
            cls.class_6b, [(MONDAY, 1, cls.assignment_6b, cls.room_22)]
        )
        Line = cls.env["school.curriculum.line"]
        Line.create(
            [
                {
                    "year_id": cls.year.id,
                    "level": "5",
                    "subject_id": cls.math.id,
                    "hours_per_week": 5,
                },
                {
                    "year_id": cls.year.id,
                    "level": "5",
                    "subject_id": cls.history.id,
                    "hours_per_week": 2,
                },
            ]
        )

    @classmethod
    def _timetable(cls, school_class, slots, date_from=date(2035, 9, 1), **values):
        return cls.env["school.timetable"].create(
            {
                "class_id": school_class.id,
                "date_from": date_from,
                "slot_ids": [
                    (
                        0,
                        0,
                        {
                            "weekday": weekday,
                            "number": number,
                            "assignment_id": assignment.id,
                            "room_id": room.id if room else False,
                            **(extra[0] if extra else {}),
                        },
                    )
                    for weekday, number, assignment, room, *extra in slots
                ],
                **values,
            }
        )

    def _lessons(self, assignment, date_from, date_to):
        return self.env["school.lesson"].search(
            [
                ("assignment_id", "=", assignment.id),
                ("date", ">=", date_from),
                ("date", "<=", date_to),
            ],
            order="date, number",
        )
