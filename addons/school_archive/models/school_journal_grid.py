from odoo import models

from .school_archive_record import SNAPSHOT_CONTEXT


class SchoolJournal(models.AbstractModel):
    _inherit = "school.journal"

    def _check_can_read(self, assignment):
        # the archiving jobs snapshot every journal as the system; the flag alone (from a
        # client's context) opens nothing, it takes a superuser environment too
        if self.env.su and self.env.context.get(SNAPSHOT_CONTEXT):
            return
        return super()._check_can_read(assignment)


# the pages of the journals an archiving job reads, by exporter, on the job's cursor
PAGES_MEMO = "school_archive_journal_pages"


class SchoolJournalExport(models.TransientModel):
    _inherit = "school.journal.export"

    def _journal_pages(self):
        """An archiving job (superuser, snapshot) reads a journal's pages once for its
        PDF, XLSX and JSON; the job drops them after each batch (``drop_journal_pages``)."""
        if not (self.env.su and self.env.context.get(SNAPSHOT_CONTEXT)):
            return super()._journal_pages()
        memo = self.env.cr.cache.setdefault(PAGES_MEMO, {})
        if self.id not in memo:
            memo[self.id] = super()._journal_pages()
        return memo[self.id]


def drop_journal_pages(env):
    env.cr.cache.pop(PAGES_MEMO, None)
