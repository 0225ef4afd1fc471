"""The neutral grid every report builder makes: a book of sheets, each a title, its
heading rows, its body rows and totals, as cells with a style *name*.

The builders write with the small part of the xlsxwriter API they need (``write``,
``merge_range``, ``set_column``, …); the grid records it. The same grid is then

- rendered as XLSX by ``tools/xlsx.py`` ``write_grid`` (the calls are replayed on a real
  workbook, the style names becoming the formats the book declares), and
- printed as the PDF statements (``GridSheet.content()``: plain JSON, the paper's
  title, column widths, heading and body rows).

A builder names its styles: ``title``, ``head``, ``cell`` and ``name`` are the
statements' (:data:`STATEMENT_FORMATS`); ``book.add_format(props)`` declares another."""

STYLE_NAMES = ("title", "head", "cell", "name")
_BORDER = {"border": 1, "valign": "vcenter", "font_size": 9}
# the formats of the statements' styles in the XLSX
STATEMENT_FORMATS = {
    "title": {"bold": True, "font_size": 12},
    "head": {**_BORDER, "bold": True, "align": "center", "text_wrap": True},
    "cell": {**_BORDER, "align": "center"},
    "name": _BORDER,
}
# fit to the page's width as the XLSX does: the font (px) shrinks with the sheet's width
# in Excel's character units; about this many units fit an A4 landscape page at 1px
PAGE_UNITS_AT_1PX = 1650
FONT_SIZES = (6, 10)


class GridBook:
    """What ``xlsxwriter.Workbook`` is to the builders: the sheets, in order, and the
    formats their style names stand for."""

    def __init__(self, formats=None):
        self.sheets = []
        self.formats = dict(STATEMENT_FORMATS if formats is None else formats)

    def add_worksheet(self, name=None):
        sheet = GridSheet(name or f"Sheet{len(self.sheets) + 1}")
        self.sheets.append(sheet)
        return sheet

    def add_format(self, properties=None, name=None):
        """Declares a format; returns its style name (``name`` or a new one)."""
        name = name or f"format{len(self.formats)}"
        self.formats[name] = dict(properties or {})
        return name

    def styles(self):
        """The statements' styles by their names (what ``_styles(book)`` was)."""
        return {name: name for name in STYLE_NAMES}


class GridSheet:
    """A worksheet that keeps ``{(row, col): (value, style name, colspan)}`` and, for
    the XLSX, every call in order (``calls``)."""

    def __init__(self, name):
        self.name = name
        self.cells = {}
        self.widths = {}
        self.header_rows = None
        self.calls = []

    def _record(self, method, *args, **kwargs):
        self.calls.append((method, args, kwargs))

    # the recorded part of the xlsxwriter Worksheet API ------------------------------------
    def write(self, row, col, value=None, style=None):  # pylint: disable=method-required-super
        self._record("write", row, col, value, style)
        self.cells[row, col] = (value, style, 1)

    def write_number(self, row, col, value, style=None):
        self._record("write_number", row, col, value, style)
        self.cells[row, col] = (value, style, 1)

    def write_blank(self, row, col, value=None, style=None):
        self._record("write_blank", row, col, value, style)
        self.cells[row, col] = (None, style, 1)

    def write_datetime(self, row, col, value, style=None):
        self._record("write_datetime", row, col, value, style)
        self.cells[row, col] = (value, style, 1)

    def merge_range(self, first_row, first_col, last_row, last_col, value, style=None):
        """The builders merge within a row: the colspan of the first cell."""
        self._record("merge_range", first_row, first_col, last_row, last_col, value, style)
        self.cells[first_row, first_col] = (value, style, last_col - first_col + 1)

    def set_column(self, first_col, last_col, width=None):
        self._record("set_column", first_col, last_col, width)
        for col in range(first_col, last_col + 1):
            self.widths[col] = width

    def repeat_rows(self, first_row, last_row=None):
        self._record("repeat_rows", first_row, last_row)
        self.header_rows = (first_row, first_row if last_row is None else last_row)

    def set_row(self, row, height=None):
        self._record("set_row", row, height)

    def repeat_columns(self, first_col, last_col=None):
        self._record("repeat_columns", first_col, last_col)

    def set_margins(self, left=0.7, right=0.7, top=0.75, bottom=0.75):
        self._record("set_margins", left=left, right=right, top=top, bottom=bottom)

    def freeze_panes(self, row, col):
        self._record("freeze_panes", row, col)

    def set_landscape(self):
        self._record("set_landscape")

    def set_paper(self, paper):
        self._record("set_paper", paper)

    def fit_to_pages(self, width, height):
        self._record("fit_to_pages", width, height)

    def set_header(self, header):
        self._record("set_header", header)

    def set_footer(self, footer):
        self._record("set_footer", footer)

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

    def rows(self):
        """The cell values row by row (``None`` where nothing was written): what a
        builder's test reads."""
        if not self.cells:
            return []
        height = max(row for row, _col in self.cells) + 1
        width = max(col for _row, col in self.cells) + 1
        return [
            [self.cells.get((row, col), (None,))[0] for col in range(width)]
            for row in range(height)
        ]

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
