"""The family portal's one base: whose children a portal user reads, a record asked for by
id, the counters of the portal home and the pager of a list that grows. The diary
(``portal.py``), the portfolio (``school_portfolio``) and the pages the QR codes of the
printed documents lead to build on it.

Access is decided by the record rules, never by a ``sudo()`` search: the portal rule of
``school.student`` is the family (``family_partner_ids``, which a refused consent empties),
those of the lessons, marks and portfolio entries are the family's children while they
were at school. Once a record passed the rules it is read as superuser (Odoo's
``_document_check_access`` returns it so), as the pages show the names of teachers,
classes and rooms a portal user has no right to read one by one."""

import re

from werkzeug.exceptions import NotFound

from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

TOKEN = re.compile(r"^[0-9a-f]{32}$")


def document_by_token(model_name, token, domain=()):
    """The issued document a printed QR code names by its token, as superuser, or 404.
    Anyone may scan the code: the pages show what the document's ``_public_values``
    say (number, date, initials, checksum), never a mark. The token is the only key."""
    if not TOKEN.match(token or ""):
        raise NotFound()
    document = (
        request.env[model_name].sudo().search([("access_token", "=", token), *domain], limit=1)
    )
    if not document:
        raise NotFound()
    return document


class SchoolFamilyPortal(CustomerPortal):
    """A parent reads each of their children, a student themself.

    - ``_family_students()``: the family's children as the record rules give them;
    - ``_family_student(id)`` / ``_family_document(model, id, student)``: a record asked
      for by id through ``_document_check_access``; anything the rules hide is a 404,
      so a page never tells whether another family's id exists;
    - ``_family_counters``: {counter: method} for the portal home's cards (``/my``
      asks ``/my/counters`` for them, ``portal.portal_docs_entry`` shows a card whose
      ``placeholder_count`` is not zero);
    - ``_family_pager(url, total, page)``: Odoo's portal pager.
    """

    _family_items_per_page = 20

    # whose records ------------------------------------------------------------------------
    def _family_students(self):
        """The students of the user's family: a parent's children, a student themself.
        Searched under the user's record rules and limited to the family, so that a
        teacher who also has a child at school sees only that child on the portal."""
        if request.env.user._is_public():
            return request.env["school.student"]
        partner = request.env.user.partner_id
        students = request.env["school.student"].search([("family_partner_ids", "in", partner.ids)])
        return students.sudo()

    def _family_document(self, model_name, record_id, student=None):
        """The record ``model_name``/``record_id`` if the user's record rules let them
        read it (and it is ``student``'s when given), as superuser; else 404."""
        try:
            document = self._document_check_access(model_name, record_id)
        except (AccessError, MissingError, ValueError):
            raise NotFound() from None
        if student is not None and document.student_id != student:
            raise NotFound()
        return document

    def _family_student(self, student_id):
        """The student of the URL, if the user is of their family; else 404."""
        student = self._family_document("school.student", student_id)
        if student not in self._family_students():
            raise NotFound()
        return student

    # the portal home ----------------------------------------------------------------------
    def _family_counters(self):
        """{counter name: method returning its number}; the addons add theirs."""
        return {}

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        for name, count in self._family_counters().items():
            if name in counters:
                values[name] = count() if not request.env.user._is_public() else 0
        return values

    # lists --------------------------------------------------------------------------------
    def _family_pager(self, url, total, page=1, url_args=None):
        return portal_pager(
            url=url,
            total=total,
            page=page,
            step=self._family_items_per_page,
            url_args=url_args,
        )
