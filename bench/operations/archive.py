"""Year-end archiving of the whole school's busiest year, as the scheduled job does it,
and the verification of the archive (rolled back, files in a scratch directory).

Baselines: plain `sha256sum` of the same files (the filestore copies for the archiving,
both copies for the verification)."""

import subprocess
import time
from pathlib import Path

from bench.harness import Undo, measure, peak_memory_mb, rolled_back, scratch_data_dir
from bench.school import busiest_year, confirm_period_marks


def _sha256sum_seconds(paths):
    """Seconds for plain `sha256sum` to read and hash `paths` (one process)."""
    start = time.perf_counter()
    subprocess.run(["sha256sum", *map(str, paths)], check=True, capture_output=True)
    return time.perf_counter() - start


def run(registry, iterations, args=None):
    """Year-end archiving of the WHOLE school's busiest year, as the scheduled job does it
    (every journal as XLSX + JSON, every class's summary statement, both copies written
    and sealed, the sealed manifest and the act of transfer), then the verification of
    the archive; baselines: plain `sha256sum` of the same files (the filestore copies for
    the archiving, both copies for the verification). The archiving runs once (it takes
    minutes on the large school) without the printable PDFs, which are timed apart: the
    year-end run's batched print (PRINT_BATCH journals a wkhtmltopdf call) on the first
    two batches of journals, next to the print of a few journals one call each.
    Everything is rolled back, the files written in a scratch directory that is removed."""
    with rolled_back(registry) as env, scratch_data_dir("bench_archive_"):
        if "school.archive.record" not in env:
            return []
        year = busiest_year(env)
        if not year:
            return []
        confirm_period_marks(env, year)
        act = env["school.archive.transfer.act"].create({"year_id": year.id, "with_pdf": False})
        memory_before = peak_memory_mb()
        figures = measure(lambda: act._run(), 1)
        env.flush_all()
        memory_after = peak_memory_mb()
        records = env["school.archive.record"].search([("transfer_act_id", "=", act.id)])
        records |= act.manifest_record_id
        paths = _archive_paths(records)
        filestore_paths = [fs for fs, _mirror in paths]
        base = measure(lambda: _sha256sum_seconds(filestore_paths), iterations)
        Check = env["school.archive.check"]

        def verify():
            try:
                with env.cr.savepoint():
                    check = Check._run(records)
                    env.flush_all()
                    made["result"] = check.result
                    raise Undo
            except Undo:
                env.invalidate_all()

        made = {}
        both_copies = [path for pair in paths for path in pair]
        verify_figures = measure(verify, iterations)
        verify_base = measure(lambda: _sha256sum_seconds(both_copies), iterations)
        pdf = _journal_pdfs(env, year)
        size = sum(Path(p).stat().st_size for p in filestore_paths)
        journals = len(records.filtered(lambda r: r.kind == "class_journal"))
        common = {
            "year": year.name,
            "classes": len(records.filtered(lambda r: r.kind == "summary_statement")),
            "journals": journals,
            "units": len(records),
            "files": len(filestore_paths),
            "bytes": size,
            "peak_memory_mb": memory_after,
            "peak_memory_growth_mb": memory_after - memory_before,
        }
        return [
            {
                "operation": "archive: year-end, whole school",
                **figures,
                "baseline": f"sha256sum of the {len(filestore_paths)} files ({size / 1e6:.0f} MB)",
                "baseline_s": base["median_s"],
                "ratio": figures["median_s"] / base["median_s"] if base["median_s"] else None,
                "act_state": act.state,
                **common,
            },
            {
                "operation": "archive: the journals' PDFs, batched",
                "median_s": pdf["batched_s"],
                "queries": pdf["batched_queries"],
                "baseline": "the same journals printed one wkhtmltopdf call each",
                "baseline_s": pdf["single_s"],
                "ratio": pdf["batched_s"] / pdf["single_s"] if pdf["single_s"] else None,
                "note": (
                    f"seconds a journal: {pdf['journals']} journals in"
                    f" {pdf['calls']} wkhtmltopdf calls, {pdf['sample']} printed one by one;"
                    f" the whole school's {journals} journals: about"
                    f" {pdf['batched_s'] * journals:.0f} s batched,"
                    f" {pdf['single_s'] * journals:.0f} s one by one"
                ),
                **common,
            },
            {
                "operation": "archive: verify whole school",
                **verify_figures,
                "baseline": f"sha256sum of both copies ({len(both_copies)} files)",
                "baseline_s": verify_base["median_s"],
                "ratio": verify_figures["median_s"] / verify_base["median_s"]
                if verify_base["median_s"]
                else None,
                "check_result": made.get("result"),
                **common,
            },
        ]


def _journal_pdfs(env, year, batches=2, sample=3):
    """Seconds a journal of the printable PDFs of the year's journals: `batches` batches
    printed as the year-end run prints them (``_print_journals``), and the first `sample`
    of them printed one wkhtmltopdf call each."""
    from odoo.addons.school_archive.models.school_archive_record import PRINT_BATCH as batch

    Record = env["school.archive.record"]
    assignments = env["school.teaching.assignment"].search(
        [("class_id.year_id", "=", year.id)], limit=batches * batch
    )
    journals = [exporters for exporters in map(Record._year_exporters, assignments) if exporters]
    if not journals:
        return dict.fromkeys(
            ("batched_s", "batched_queries", "single_s", "journals", "calls", "sample"), 0
        )
    batched = measure(lambda: Record._print_journals(journals), 1)
    single = measure(lambda: [Record._print_journal(j) for j in journals[:sample]], 1)
    return {
        "batched_s": batched["median_s"] / len(journals),
        "batched_queries": batched["queries"],
        "single_s": single["median_s"] / len(journals[:sample]),
        "journals": len(journals),
        "calls": -(-len(journals) // batch),
        "sample": len(journals[:sample]),
    }


def _archive_paths(units):
    """[(filestore path, mirror path)] of the units' files."""
    pairs = []
    for unit in units:
        for archived in unit.file_ids:
            attachment = archived._attachment()
            pairs.append((attachment._full_path(attachment.store_fname), archived._mirror_path()))
    return pairs
