import io
import subprocess
from unittest.mock import patch

from freezegun import freeze_time

from odoo.tests import tagged
from odoo.tools.pdf import PdfFileReader

from odoo.addons.base.models.ir_actions_report import IrActionsReport

from ..models import school_archive_record
from .archive_common import ArchiveCase


def pdf_text(content):
    """The words of the PDF, as pdftotext reads them."""
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()
    return sorted(text.split())


@tagged("post_install", "-at_install")
class TestArchiveYearEndBatch(ArchiveCase):
    """The year-end run prints the school's journals in few wkhtmltopdf calls and still
    archives one sealed PDF a journal, holding the pages of that journal only, and
    reports its progress to the scheduled action."""

    def _archive(self, **values):
        calls = []
        original = IrActionsReport._run_wkhtmltopdf

        def counting(report, bodies, *args, **kwargs):
            calls.append(len(bodies))
            return original(report, bodies, *args, **kwargs)

        with patch.object(IrActionsReport, "_run_wkhtmltopdf", counting):
            act = self.Act.with_context(force_report_rendering=True)._archive_year(
                self.year, **values
            )
        return act, calls

    def test_batched_prints_are_the_journals_printed_alone(self):
        act, calls = self._archive()
        journals = act.record_ids.filtered(lambda unit: unit.kind == "class_journal")
        self.assertGreaterEqual(len(journals), 3)
        self.assertEqual(len(calls), 1, "the journals are printed in one wkhtmltopdf call")
        Record = self.Record.with_context(force_report_rendering=True)
        for unit in journals:
            pdfs = unit.file_ids.filtered(lambda f: f.mimetype == "application/pdf")
            self.assertEqual(len(pdfs), 1, unit.name)
            self.assertTrue(unit._seal_intact(), unit.name)
            content = pdfs._read_content()
            self.assertTrue(content.startswith(b"%PDF"), unit.name)
            alone = Record._print_journal(Record._year_exporters(unit.assignment_id))
            self.assertEqual(
                len(PdfFileReader(io.BytesIO(content)).pages),
                len(PdfFileReader(io.BytesIO(alone)).pages),
                unit.name,
            )
            # the same words (pdftotext's reading order may differ: without the patched
            # Qt, wkhtmltopdf scales a batch to its widest journal)
            words, alone_words = pdf_text(content), pdf_text(alone)
            self.assertEqual(words, alone_words, unit.name)
            self.assertIn(unit.assignment_id.teacher_id.name.split()[0], words, unit.name)
            others = (journals - unit).assignment_id.subject_id - unit.assignment_id.subject_id
            for subject in others:
                self.assertNotIn(subject.name.split()[0], words, unit.name)
            # the cut marks are gone
            self.assertNotIn(school_archive_record.SPLIT_MARK.encode(), content)

    def test_a_batch_that_cannot_be_cut_is_printed_journal_by_journal(self):
        with patch.object(type(self.Record), "_cut_at_marks", return_value=None):
            act, calls = self._archive()
        journals = act.record_ids.filtered(lambda unit: unit.kind == "class_journal")
        self.assertEqual(len(calls), 1 + len(journals))
        for unit in journals:
            self.assertEqual(len(unit.file_ids.filtered(lambda f: f.name.endswith(".pdf"))), 1)

    def test_the_cron_reports_its_progress(self):
        cron = self.env.ref("school_archive.ir_cron_school_archive_year_end")
        self.Act._archive_year(self.year, limit=0, with_pdf=False)  # started «in the background»
        act = self.Act.search([("year_id", "=", self.year.id)])
        cron, progress = cron._add_progress()
        with freeze_time("2036-10-02"):
            cron.env["school.archive.transfer.act"]._cron_archive_year_end(batch_size=2)
        self.assertRecordValues(progress, [{"done": 2, "remaining": act.units_total - 2}])
        self.assertEqual(act.units_done, 2)
        self.assertRecordValues(
            cron, [{"progress_done": 2, "progress_remaining": act.units_total - 2}]
        )
        cron, progress = cron._add_progress()
        with freeze_time("2036-10-02"):
            cron.env["school.archive.transfer.act"]._cron_archive_year_end(batch_size=1000)
        self.assertRecordValues(progress, [{"done": act.units_total - 2, "remaining": 0}])
        self.assertEqual(act.state, "to_sign")
