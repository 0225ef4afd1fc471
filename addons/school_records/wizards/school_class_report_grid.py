"""A recording stand-in for an xlsxwriter workbook, so that the class statements'
writers (``school.class.report._write_*``) render into a neutral grid as well as into
an XLSX workbook: the grid is what the PDF statements print, from the same code.

Only the part of the xlsxwriter API the writers use is recorded: the cells and their
merges, the column widths and the rows to repeat on every page. The page set-up calls
(landscape, paper, fit to pages, header and footer) are the PDF's paper format there."""

STYLE_NAMES = ("title", "head", "cell", "name")
# fit to the page's width as the XLSX does: the font (px) shrinks with the sheet's width
# in Excel's character units; about this many units fit an A4 landscape page at 1px
PAGE_UNITS_AT_1PX = 1650
FONT_SIZES = (6, 10)


class GridBook:
    """What ``xlsxwriter.Workbook`` is to the writers: the sheets, in order."""

    def __init__(self):
        self.sheets = []

    def add_worksheet(self, name=None):
        sheet = GridSheet(name or f"Sheet{len(self.sheets) + 1}")
        self.sheets.append(sheet)
        return sheet

    @staticmethod
    def styles():
        """The writers' styles (``_styles(book)`` of the XLSX) by their names."""
        return {name: name for name in STYLE_NAMES}


class GridSheet:
    """A worksheet that keeps ``{(row, col): (value, style name, colspan)}``."""

    def __init__(self, name):
        self.name = name
        self.cells = {}
        self.widths = {}
        self.header_rows = None

    # the recorded part of the xlsxwriter Worksheet API ------------------------------------
    def write(self, row, col, value=None, style=None, *args):  # pylint: disable=method-required-super
        self.cells[row, col] = (value, style, 1)

    def merge_range(self, first_row, first_col, last_row, last_col, value, style=None):
        """The writers merge within a row: the colspan of the first cell."""
        self.cells[first_row, first_col] = (value, style, last_col - first_col + 1)

    def set_column(self, first_col, last_col, width=None, *args, **kwargs):
        for col in range(first_col, last_col + 1):
            self.widths[col] = width

    def repeat_rows(self, first_row, last_row=None):
        self.header_rows = (first_row, first_row if last_row is None else last_row)

    def set_row(self, *args, **kwargs):
        pass

    def freeze_panes(self, *args, **kwargs):
        pass

    def set_landscape(self):
        pass

    def set_paper(self, *args):
        pass

    def fit_to_pages(self, *args):
        pass

    def set_header(self, *args, **kwargs):
        pass

    def set_footer(self, *args, **kwargs):
        pass

    # the grid as plain data -----------------------------------------------------------------
    def content(self):
        """The sheet as printed, plain JSON: the title (the first row), the column
        widths in per cent, the heading rows (repeated on every page) and the body rows,
        each a list of ``{"text", "style", "colspan"}``. Rows without a styled cell are
        the XLSX's notes (the signature line of a sheet): the PDF has its own. The font
        size (px) fits the sheet to the page's width."""
        width = max(
            (col + span for (row, col), (_v, _s, span) in self.cells.items() if row), default=0
        )
        rows = {}
        for row in sorted({row for row, _col in self.cells}):
            if row == 0:
                continue
            line = self._row(row, width)
            if any(cell["style"] for cell in line):
                rows[row] = line
        first, last = self.header_rows or (-1, -1)
        title = self.cells.get((0, 0), ("",))[0]
        return {
            "name": self.name,
            "title": _text(title),
            "widths": self._widths(width),
            "font_size": self._font_size(width),
            "head": [line for row, line in rows.items() if first <= row <= last],
            "body": [line for row, line in rows.items() if not first <= row <= last],
        }

    def _row(self, row, width):
        line, col = [], 0
        while col < width:
            value, style, span = self.cells.get((row, col), ("", None, 1))
            line.append({"text": _text(value), "style": style or "", "colspan": span})
            col += span
        return line

    def _units(self, width):
        return [self.widths.get(col) or 8.43 for col in range(width)]  # Excel's default

    def _widths(self, width):
        units = self._units(width)
        total = sum(units) or 1
        return [round(100 * unit / total, 2) for unit in units]

    def _font_size(self, width):
        smallest, largest = FONT_SIZES
        total = sum(self._units(width)) or 1
        return max(smallest, min(largest, PAGE_UNITS_AT_1PX // total))


def _text(value):
    """A cell as printed: numbers the Russian way (``66,7``, ``100``)."""
    if value is None:
        return ""
    if isinstance(value, float):
        value = int(value) if value.is_integer() else value
        return str(value).replace(".", ",")
    return str(value)
