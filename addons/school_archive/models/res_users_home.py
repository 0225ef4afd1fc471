from odoo import api, models


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model
    def _school_home_actions(self):
        """The archivist lands on the archive's units (issue 22 §2), after the director
        and the deputy, before the secretary and the teachers."""
        actions = super()._school_home_actions()
        archivist = (
            "school_records.group_archivist",
            "school_archive.school_archive_record_action",
        )
        position = next(
            (
                index
                for index, (group, _action) in enumerate(actions)
                if group not in ("school_records.group_director", "school_records.group_deputy")
            ),
            len(actions),
        )
        actions.insert(position, archivist)
        return actions
