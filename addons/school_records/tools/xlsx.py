"""The one way the school's addons open an XLSX workbook.

Every writer (statements, journal copies, the archived journal workbooks, the portfolio)
goes through :func:`new_workbook`, so that:

- text a user typed is always written as text: a topic, a homework or an achievement
  that starts with ``=``, ``+``, ``-`` or ``@`` never becomes a live formula
  (``strings_to_formulas`` off) and a text that looks like a link stays text;
- a text over Excel's cell limit is refused with a message that names the sheet and the
  cell, instead of being cut silently (xlsxwriter itself would keep the first 32,767
  characters and drop the rest).
"""

import io
import re

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from odoo.exceptions import UserError

# Excel keeps at most this many characters in one cell.
EXCEL_CELL_LIMIT = 32767

WORKBOOK_OPTIONS = {
    "in_memory": True,
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}


class SchoolWorksheet(Worksheet):
    """A worksheet that refuses a text longer than a cell holds."""

    school_env = None

    def _write_string(self, row, col, string, cell_format=None):
        if isinstance(string, str) and len(string) > EXCEL_CELL_LIMIT:
            env = self.school_env
            raise UserError(
                env._(
                    "The text for cell %(cell)s of the sheet «%(sheet)s» has %(length)s "
                    "characters; an Excel cell holds at most %(limit)s. Shorten the text "
                    "(or split it into several records) and export again: nothing is cut "
                    "silently.",
                    cell=xl_rowcol_to_cell(row, col),
                    sheet=self.name,
                    length=len(string),
                    limit=EXCEL_CELL_LIMIT,
                )
            )
        return super()._write_string(row, col, string, cell_format)


class SchoolWorkbook(xlsxwriter.Workbook):
    """An xlsxwriter workbook whose sheets are :class:`SchoolWorksheet`."""

    worksheet_class = SchoolWorksheet

    def __init__(self, env, output, options=None):
        super().__init__(output, {**(options or {}), **WORKBOOK_OPTIONS})
        self.school_env = env

    def add_worksheet(self, name=None, worksheet_class=None):
        sheet = super().add_worksheet(name, worksheet_class=worksheet_class or SchoolWorksheet)
        sheet.school_env = self.school_env
        return sheet


def new_workbook(env, output, options=None):
    """An in-memory workbook writing into ``output`` (a BytesIO); text stays text and
    a text too long for a cell is refused with a message in ``env``'s language."""
    return SchoolWorkbook(env, output, options)


# the calls of a grid whose last argument is a style name
STYLED_CALLS = ("write", "write_number", "write_datetime", "write_blank", "merge_range")
# the characters Excel refuses in a sheet's name (and at most 31 of them)
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\']")
SHEET_NAME_LIMIT = 31


def write_grid(env, grid_book):
    """The one XLSX writer of the reports: renders a report builder's grid
    (``builders.grid.GridBook``) into an XLSX file (bytes), each style name of the grid
    becoming the format the grid declares for it."""
    output = io.BytesIO()
    book = new_workbook(env, output)
    formats = {name: book.add_format(props) for name, props in grid_book.formats.items()}
    for grid_sheet in grid_book.sheets:
        sheet = book.add_worksheet(grid_sheet.name)
        for method, args, kwargs in grid_sheet.calls:
            if method in STYLED_CALLS:
                *args, style = args
                args = (*args, formats.get(style) if style else None)
            getattr(sheet, method)(*args, **kwargs)
    book.close()
    return output.getvalue()
