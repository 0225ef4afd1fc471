import base64

from werkzeug.exceptions import NotFound

from odoo import fields, http
from odoo.exceptions import UserError, ValidationError
from odoo.http import request

from odoo.addons.school_records.controllers.portal_base import SchoolFamilyPortal

from ..models.school_achievement import CATEGORIES, LEVELS, RESULTS, SOURCES

# the fields a family fills in when adding an entry
ENTRY_FIELDS = ("name", "category", "level", "result", "organiser", "direction", "source")
MAX_FILE_SIZE = 20 * 1024 * 1024


class SchoolPortfolioPortal(SchoolFamilyPortal):
    """Портфолио on the portal: a parent sees and fills the portfolio of each of their
    children, a student their own. The student and the entry in the URL are checked by
    the record rules (``SchoolFamilyPortal``): another family's are a 404. Writes go
    through sudo only after that check."""

    def _family_counters(self):
        return {**super()._family_counters(), "portfolio_count": self._portfolio_count}

    def _portfolio_count(self):
        """The portfolios on the home card: one per child of the family."""
        return len(self._family_students())

    def _portfolio_entry(self, student, entry_id):
        return self._family_document("school.achievement", entry_id, student)

    def _portfolio_values(self, student, **values):
        Achievement = request.env["school.achievement"]
        return {
            **self._prepare_portal_layout_values(),
            "page_name": "school_portfolio",
            "student": student,
            "students": self._family_students(),
            # the student's, whom the record rules let the user read (``_family_student``)
            "entries": Achievement.sudo().search([("student_id", "=", student.id)]),
            "encouragements": request.env["school.encouragement"]
            .sudo()
            .search([("student_id", "=", student.id)]),
            "handover": student.portfolio_handover_ids.filtered(lambda h: h.state == "done")[:1],
            "categories": Achievement._fields["category"]._description_selection(request.env)
            or CATEGORIES,
            "levels": Achievement._fields["level"]._description_selection(request.env) or LEVELS,
            "results": Achievement._fields["result"]._description_selection(request.env) or RESULTS,
            "sources": Achievement._fields["source"]._description_selection(request.env) or SOURCES,
            "today": fields.Date.context_today(request.env.user),
            **values,
        }

    # pages ---------------------------------------------------------------------------------
    @http.route("/my/portfolio", type="http", auth="user", website=True)
    def portfolio_home(self, **kw):
        students = self._family_students()
        if len(students) == 1:
            return request.redirect(f"/my/portfolio/{students.id}")
        values = {
            **self._prepare_portal_layout_values(),
            "students": students,
            "page_name": "school_portfolio",
        }
        return request.render("school_portfolio.portal_portfolio_students", values)

    @http.route("/my/portfolio/<int:student_id>", type="http", auth="user", website=True)
    def portfolio_student(self, student_id, error=None, **kw):
        student = self._family_student(student_id)
        values = self._portfolio_values(student, error=error)
        return request.render("school_portfolio.portal_portfolio_student", values)

    @http.route(
        "/my/portfolio/<int:student_id>/add",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portfolio_add(self, student_id, document=None, **post):
        """Add an entry with its document and send it to the class teacher."""
        student = self._family_student(student_id)
        vals = {key: post[key].strip() for key in ENTRY_FIELDS if post.get(key)}
        vals.update(student_id=student.id, date=self._portfolio_date(post.get("date")))
        try:
            content = self._read_document(document)
            with request.env.cr.savepoint():
                entry = request.env["school.achievement"].sudo().create(vals)
                entry.message_post(
                    body=request.env._("Added on the portal."),
                    author_id=request.env.user.partner_id.id,
                    subtype_xmlid="mail.mt_note",
                )
                if content:
                    self._attach_document(entry, document.filename, content)
                entry.certified = bool(entry.document_ids)
                entry.action_submit()
        except (UserError, ValidationError, ValueError) as error:
            values = self._portfolio_values(student, error=str(error), entry_values=post)
            return request.render("school_portfolio.portal_portfolio_student", values)
        return request.redirect(f"/my/portfolio/{student.id}")

    @http.route(
        "/my/portfolio/<int:student_id>/entry/<int:entry_id>/resubmit",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portfolio_resubmit(self, student_id, entry_id, document=None, **post):
        """Send a returned entry again, with a corrected document if any."""
        student = self._family_student(student_id)
        entry = self._portfolio_entry(student, entry_id)
        try:
            content = self._read_document(document)
            with request.env.cr.savepoint():
                if content:
                    self._attach_document(entry, document.filename, content)
                entry.action_submit()
        except (UserError, ValueError) as error:
            values = self._portfolio_values(student, error=str(error))
            return request.render("school_portfolio.portal_portfolio_student", values)
        return request.redirect(f"/my/portfolio/{student.id}")

    @http.route(
        "/my/portfolio/<int:student_id>/document/<int:attachment_id>",
        type="http",
        auth="user",
        website=True,
    )
    def portfolio_document(self, student_id, attachment_id, **kw):
        """A document of an entry, served only if the entry is in this student's portfolio."""
        student = self._family_student(student_id)
        entry = (
            request.env["school.achievement"]
            .sudo()
            .search(
                [("student_id", "=", student.id), ("document_ids", "in", [attachment_id])],
                limit=1,
            )
        )
        attachment = request.env["ir.attachment"].sudo().browse(attachment_id)
        # a file uploaded for the entry (before its first save the form leaves res_id 0)
        if (
            not entry
            or attachment.res_model != entry._name
            or attachment.res_id not in (0, entry.id)
        ):
            raise NotFound()
        return (
            request.env["ir.binary"]._get_stream_from(attachment).get_response(as_attachment=True)
        )

    @http.route("/my/portfolio/<int:student_id>/print", type="http", auth="user", website=True)
    def portfolio_print(self, student_id, period="all", **kw):
        student = self._family_student(student_id)
        if period not in ("primary", "basic", "secondary", "all"):
            period = "all"
        pdf, _content_type = (
            request.env["ir.actions.report"]
            .sudo()
            ._render_qweb_pdf(
                "school_portfolio.school_portfolio_report", student.ids, data={"period": period}
            )
        )
        headers = [
            ("Content-Type", "application/pdf"),
            ("Content-Length", len(pdf)),
            ("Content-Disposition", 'inline; filename="portfolio.pdf"'),
        ]
        return request.make_response(pdf, headers=headers)

    # helpers -------------------------------------------------------------------------------
    def _portfolio_date(self, value):
        try:
            return (
                fields.Date.to_date(value) if value else fields.Date.context_today(request.env.user)
            )
        except ValueError:
            return fields.Date.context_today(request.env.user)

    def _read_document(self, document):
        if not document or not getattr(document, "filename", None):
            return b""
        content = document.read()
        if len(content) > MAX_FILE_SIZE:
            raise UserError(request.env._("The document file is too large (20 MB at most)."))
        return content

    def _attach_document(self, entry, filename, content):
        attachment = (
            request.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": filename,
                    "datas": base64.b64encode(content),
                    "res_model": "school.achievement",
                    "res_id": entry.id,
                }
            )
        )
        entry.document_ids = [fields.Command.link(attachment.id)]
        return attachment
