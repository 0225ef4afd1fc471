import base64
from datetime import date, timedelta

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged

from .common import SchoolRecordsCase

DOCUMENT = base64.b64encode(b"%PDF-1.4 signed consent")


@tagged("post_install", "-at_install")
class TestPdConsent(SchoolRecordsCase):
    """Consents to the processing of personal data (152-FZ) and the paper route."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.father = cls.env["res.partner"].create({"name": "Иванов Сергей Петрович"})
        cls.child.guardian_ids = [(4, cls.father.id)]

    def _consent(self, partner, student, state="given", day=date(2025, 9, 1), **values):
        document = {"document": DOCUMENT, "document_name": "consent.pdf"}
        return self.env["school.pd.consent"].create(
            {
                "partner_id": partner.id,
                "student_id": student.id,
                "state": state,
                "date": day,
                **(document if state == "given" else {}),
                **values,
            }
        )

    def test_missing_without_any_record(self):
        self.assertRecordValues(
            self.classmate, [{"pd_consent_state": "missing", "paper_route": True}]
        )

    def test_guardian_consent_gives_the_student_the_portal_route(self):
        consent = self._consent(self.parent_partner, self.child)
        self.assertRecordValues(consent, [{"is_current": True, "signer_role": "guardian"}])
        self.assertRecordValues(self.child, [{"pd_consent_state": "given", "paper_route": False}])

    def test_refusal_puts_the_student_on_the_paper_route(self):
        self._consent(self.parent_partner, self.child, "refused")
        self.assertRecordValues(self.child, [{"pd_consent_state": "refused", "paper_route": True}])

    def test_only_the_latest_record_counts(self):
        given = self._consent(self.parent_partner, self.child, day=date(2025, 9, 1))
        withdrawn = self._consent(
            self.parent_partner, self.child, "withdrawn", day=date(2025, 10, 1)
        )
        self.assertRecordValues(given | withdrawn, [{"is_current": False}, {"is_current": True}])
        self.assertEqual(self.child.pd_consent_state, "refused")
        # a consent given again later counts again
        again = self._consent(self.parent_partner, self.child, day=date(2025, 11, 1))
        self.assertFalse(withdrawn.is_current)
        self.assertTrue(again.is_current)
        self.assertEqual(self.child.pd_consent_state, "given")

    def test_a_late_entry_of_an_older_paper_does_not_replace_the_newer(self):
        newer = self._consent(self.parent_partner, self.child, "refused", day=date(2025, 10, 1))
        older = self._consent(self.parent_partner, self.child, day=date(2025, 9, 1))
        self.assertRecordValues(newer | older, [{"is_current": True}, {"is_current": False}])
        self.assertEqual(self.child.pd_consent_state, "refused")

    def test_latest_rule_is_per_person(self):
        self._consent(self.parent_partner, self.child, "refused", day=date(2025, 10, 1))
        father = self._consent(self.father, self.child, day=date(2025, 9, 1))
        self.assertTrue(father.is_current)
        self.assertEqual(self.child.pd_consent_state, "given")

    def test_the_student_own_decision_prevails(self):
        self._consent(self.parent_partner, self.child)
        own = self._consent(self.child.partner_id, self.child, "refused")
        self.assertEqual(own.signer_role, "student")
        self.assertEqual(self.child.pd_consent_state, "refused")

    def test_guardian_badge_follows_their_own_consent(self):
        self.assertTrue(self.father.school_paper_route)
        self._consent(self.father, self.child)
        self.father.invalidate_recordset(["school_paper_route"])
        self.assertFalse(self.father.school_paper_route)
        # Иванова Ольга has two children; consent for one of them is not enough
        self._consent(self.parent_partner, self.child)
        self.assertTrue(self.parent_partner.school_paper_route)
        self._consent(self.parent_partner, self.sibling)
        self.parent_partner.invalidate_recordset(["school_paper_route"])
        self.assertFalse(self.parent_partner.school_paper_route)

    def test_signer_must_be_a_guardian_or_the_student(self):
        with self.assertRaises(ValidationError):
            self._consent(self.other_parent_partner, self.child)

    def test_given_consent_needs_the_signed_document(self):
        with self.assertRaises(ValidationError):
            self._consent(self.parent_partner, self.child, document=False)

    def test_no_consent_from_the_future(self):
        # two days ahead: the school's «today» (user time zone) may already be tomorrow in UTC
        with self.assertRaises(ValidationError):
            self._consent(self.parent_partner, self.child, day=date.today() + timedelta(days=2))

    def test_student_filter_finds_the_paper_route(self):
        self._consent(self.parent_partner, self.child)
        paper = self.env["school.student"].search(
            [("paper_route", "=", True), ("enrollment_ids.class_id", "=", self.class_5a.id)]
        )
        self.assertEqual(paper, self.classmate)

    def test_class_teacher_records_consents_of_own_class_only(self):
        Consent = self.env["school.pd.consent"].with_user(self.class_teacher)
        form = Form(Consent)
        form.student_id = self.child
        form.partner_id = self.parent_partner
        form.state = "refused"
        consent = form.save()
        self.assertEqual(self.child.pd_consent_state, "refused")
        self.assertTrue(consent.is_current)
        with self.assertRaises(AccessError):
            Consent.create(
                {
                    "partner_id": self.other_parent_partner.id,
                    "student_id": self.other_child.id,
                    "state": "refused",
                }
            )

    def test_secretary_records_and_teacher_cannot_read(self):
        consent = (
            self.env["school.pd.consent"]
            .with_user(self.secretary)
            .create(
                {
                    "partner_id": self.other_parent_partner.id,
                    "student_id": self.other_child.id,
                    "state": "refused",
                }
            )
        )
        self.assertTrue(consent.is_current)
        with self.assertRaises(AccessError):
            consent.with_user(self.teacher).read(["state"])
        with self.assertRaises(AccessError):
            consent.with_user(self.secretary).unlink()
