"""The deputy's summary of the УУД assessments (seed 001 §3.2): per class and action,
how many students were assessed and the share of each level."""

from ..models.school_uud import UUD_LEVELS, education_level_of
from .grid import GridBook


class UudSummaryBuilder:
    """The summary of ``classes`` of ``year``."""

    def __init__(self, env, year, classes):
        self.env = env
        self.year_id = year
        self.classes = classes

    def _summary_table(self, classes):
        """{class: [(action, assessed, {level: share in percent})]} by the action order."""
        counts = self.env["school.uud.assessment"]._summary(classes)
        Uud = self.env["school.uud"].with_context(active_test=False)
        result = {}
        for school_class in classes:
            uuds = Uud.search(
                [("education_level", "=", education_level_of(school_class.level_number))]
            )
            rows = []
            for uud in uuds:
                levels = counts.get((school_class.id, uud.id), {})
                assessed = sum(levels.values())
                if not assessed and not uud.active:
                    continue
                rows.append(
                    (
                        uud,
                        assessed,
                        {
                            level: round(100.0 * levels.get(level, 0) / assessed, 1)
                            if assessed
                            else 0.0
                            for level, _label in UUD_LEVELS
                        },
                    )
                )
            result[school_class] = rows
        return result

    def build(self):
        table = self._summary_table(self.classes)
        kinds = dict(self.env["school.uud"]._fields["kind"]._description_selection(self.env))
        level_labels = dict(
            self.env["school.uud.assessment"]._fields["level"]._description_selection(self.env)
        )
        book = GridBook({})
        head = book.add_format({"bold": True, "border": 1, "text_wrap": True}, name="head")
        cell = book.add_format({"border": 1}, name="cell")
        for school_class, rows in table.items():
            sheet = book.add_worksheet(school_class.name)
            sheet.write(
                0,
                0,
                self.env._(
                    "Learning actions (УУД) of class %(class)s, %(year)s",
                    **{"class": school_class.name},
                    year=self.year_id.name,
                ),
                head,
            )
            headers = [self.env._("Kind"), self.env._("Learning action"), self.env._("Assessed")]
            headers += [f"{level_labels[level]}, %" for level, _label in UUD_LEVELS]
            for col, header in enumerate(headers):
                sheet.write(2, col, header, head)
            sheet.set_column(0, 0, 16)
            sheet.set_column(1, 1, 50)
            sheet.set_column(2, 5, 12)
            for row, (uud, assessed, shares) in enumerate(rows, start=3):
                values = [kinds.get(uud.kind, ""), uud.name, assessed]
                values += [shares[level] for level, _label in UUD_LEVELS]
                for col, value in enumerate(values):
                    sheet.write(row, col, value, cell)
        return book
