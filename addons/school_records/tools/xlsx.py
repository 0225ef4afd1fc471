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
