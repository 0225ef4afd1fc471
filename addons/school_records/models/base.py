from odoo import api, models
from odoo.exceptions import UserError

# the models of the product: every model of the three addons is named school.*
SCHOOL_MODEL_PREFIX = "school."


class Base(models.AbstractModel):
    """The derived fields of the school's records are never written by hand.

    A stored field computed from others — a related field (a mark's numeric value and
    weight, its journal and period), a computed one without an inverse (a lesson's
    «filled on» and «filled late», a student's consent state, a personal file's
    retention date) — is the record's own conclusion from what was recorded. Odoo lets
    ``create`` and ``write`` set such a field and keeps the value until a dependency
    changes, and every logged-in user reaches them over JSON-RPC: a teacher could make a
    «2» count as a 5 in the averages, or a late journal look filled on time, without a
    line in the journal audit. So a value for such a field is refused on the product's
    models, the way the workflow mixin refuses workflow fields.

    Only the environment's superuser flag lets it through — the server's own code (the
    demo, a migration, an action that checked the role and writes with ``sudo()``), which
    no caller can set over RPC; the context is never read (DESIGN: «Authorization never
    reads the context»). Wizards (transient models) hold no record and are left alone.
    Odoo's own recomputation does not go through ``create`` or ``write``."""

    _inherit = "base"

    @api.model_create_multi
    def create(self, vals_list):
        if self._school_guards_derived_fields():
            for vals in vals_list:
                self._school_check_no_derived_vals(vals)
        return super().create(vals_list)

    def write(self, vals):
        if self._school_guards_derived_fields():
            self._school_check_no_derived_vals(vals)
        return super().write(vals)

    def _school_guards_derived_fields(self):
        return (
            self._name.startswith(SCHOOL_MODEL_PREFIX) and not self._transient and not self.env.su
        )

    def _school_check_no_derived_vals(self, vals):
        forged = [name for name in vals if is_derived(self._fields.get(name))]
        if forged:
            labels = ", ".join(sorted(self._fields[name].string for name in forged))
            raise UserError(
                self.env._(
                    "%(document)s: %(fields)s — computed by the school records, not set by hand.",
                    fields=labels,
                    document=self._description,
                )
            )


def is_derived(field):
    """A stored field its model computes itself and nobody sets (no inverse)."""
    return bool(field and field.store and field.compute and field.readonly and not field.inverse)
