import math

from odoo import api, fields, models
from odoo.exceptions import UserError

# seed 003 §7.3.4: the expert commission selects 2–3 % of the graduates' personal files
SELECTED_SHARE_MIN = 0.02
SELECTED_SHARE_MAX = 0.03


def selection_bounds(graduates):
    """(fewest, most) personal files to keep of `graduates`: 2–3 %, at least one."""
    if not graduates:
        return 0, 0
    low = max(1, math.ceil(graduates * SELECTED_SHARE_MIN - 1e-9))
    return low, max(low, math.floor(graduates * SELECTED_SHARE_MAX + 1e-9))


class SchoolArchivePermanentSelection(models.TransientModel):
    """The expert commission's selection for permanent keeping: among the archived
    personal files of one year's graduates it keeps 2–3 % for ever; the others are
    destroyed 3 years after graduation under a destruction act."""

    _name = "school.archive.permanent.selection"
    _description = "Selection of Personal Files for Permanent Keeping"

    year_id = fields.Many2one("school.academic.year", string="Graduation year", required=True)
    candidate_ids = fields.Many2many(
        "school.archive.record",
        "school_archive_selection_candidate_rel",
        string="Graduates' personal files in the archive",
        compute="_compute_candidates",
    )
    graduates_count = fields.Integer(string="Graduates", compute="_compute_candidates")
    selected_ids = fields.Many2many(
        "school.archive.record",
        "school_archive_selection_selected_rel",
        string="Kept permanently",
        compute="_compute_selected",
        store=True,
        readonly=False,
    )
    selected_count = fields.Integer(compute="_compute_share")
    selected_share = fields.Float(string="Share (%)", compute="_compute_share", digits=(5, 1))
    allowed_range = fields.Char(string="To select", compute="_compute_share")

    def _graduates_files(self):
        self.ensure_one()
        year = self.year_id
        return (
            self.env["school.personal.file"]
            .sudo()
            .search(
                [
                    ("leaving_reason", "=", "graduation"),
                    ("leaving_date", ">=", year.date_start),
                    ("leaving_date", "<=", year.date_end),
                ]
            )
        )

    @api.depends("year_id")
    def _compute_candidates(self):
        for wizard in self:
            files = self.env["school.personal.file"]
            if wizard.year_id:
                files = wizard._graduates_files()
            wizard.graduates_count = len(files)
            wizard.candidate_ids = files.archive_record_id.filtered(
                lambda unit: unit.state != "destroyed"
            )

    @api.depends("candidate_ids")
    def _compute_selected(self):
        for wizard in self:
            wizard.selected_ids = wizard.candidate_ids.filtered("keep_permanently")

    @api.depends("selected_ids", "graduates_count")
    def _compute_share(self):
        for wizard in self:
            low, high = wizard._allowed_counts()
            wizard.selected_count = len(wizard.selected_ids)
            wizard.selected_share = (
                100.0 * len(wizard.selected_ids) / wizard.graduates_count
                if wizard.graduates_count
                else 0.0
            )
            wizard.allowed_range = str(low) if low == high else f"{low}–{high}"

    def _allowed_counts(self):
        return selection_bounds(self.graduates_count)

    def action_confirm(self):
        self.ensure_one()
        if not self.env["school.roles"]._is_deputy():
            raise UserError(
                self.env._("Only the expert commission (deputy, director) selects files to keep.")
            )
        if not self.candidate_ids:
            raise UserError(
                self.env._(
                    "No personal file of the graduates of %s is in the archive yet.",
                    self.year_id.name,
                )
            )
        if self.selected_ids - self.candidate_ids:
            raise UserError(self.env._("Select among this year's graduates' files only."))
        low, high = self._allowed_counts()
        if not low <= len(self.selected_ids) <= high:
            raise UserError(
                self.env._(
                    "The commission keeps 2–3%% of the graduates' personal files: "
                    "%(low)s to %(high)s of %(graduates)s, not %(selected)s.",
                    low=low,
                    high=high,
                    graduates=self.graduates_count,
                    selected=len(self.selected_ids),
                )
            )
        kept = self.selected_ids
        dropped = (self.candidate_ids - kept).filtered("keep_permanently")
        kept.filtered(lambda unit: not unit.keep_permanently).keep_permanently = True
        dropped.keep_permanently = False
        note = self.env._(
            "Selected for permanent keeping by the expert commission among the %(count)s "
            "graduates of %(year)s.",
            count=self.graduates_count,
            year=self.year_id.name,
        )
        for unit in kept:
            unit.message_post(body=note)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Kept permanently"),
            "res_model": "school.archive.record",
            "view_mode": "list,form",
            "domain": [("id", "in", kept.ids)],
        }
