"""Every workflow field of every workflow model, forged over JSON-RPC.

The models of the three addons that keep a legal status inherit
``school.workflow.mixin`` and name their workflow fields. This sweep takes each such
model, a record of it from the database (the demo school), and, as the school
administrator — who holds every role of the school but is no superuser — writes each
workflow field with a forged value and creates a copy carrying it, plainly and with
every context key the product ever trusted. Each attempt must be refused and leave the
record as it was.
"""

from odoo import fields
from odoo.tests import new_test_user, tagged

from ..models.base import SCHOOL_MODEL_PREFIX, is_derived
from .rpc_common import SchoolRpcCase, jsonable

# the legal records of the product: each keeps its status through the workflow mixin
WORKFLOW_MODELS = {
    "school.achievement",
    "school.portfolio.handover",
    "school.certificate",
    "school.certificate.blank",
    "school.certificate.blank.batch",
    "school.certificate.custody",
    "school.certificate.register",
    "school.certificate.register.correction",
    "school.certificate.register.signoff",
    "school.archive.record",
    "school.archive.transfer.act",
    "school.council.decision",
    "school.destruction.act",
    "school.personal.file",
    "school.personal.file.transfer",
    "school.personal.file.year",
    "school.journal.check",
    "school.journal.check.remark",
    "school.journal.correction",
    "school.journal.transfer",
    "school.lesson",
    "school.lesson.change",
    "school.period",
    "school.period.mark",
    "school.timetable",
    "school.guardian.check",
    "school.attestation.protocol",
    "school.result.credit",
    "school.period.forecast",
    "school.journal.report",
}


def forged_value(record, name):
    """A value of the field that differs from the record's."""
    field = record._fields[name]
    current = record[name]
    if field.type == "selection":
        options = [key for key, _label in field._description_selection(record.env)]
        return next(key for key in reversed(options) if key != current)
    if field.type == "many2one":
        other = record.env[field.comodel_name].search([("id", "!=", current.id)], limit=1)
        return other.id
    if field.type == "boolean":
        return not current
    if field.type == "date":
        return "2001-01-01"
    if field.type == "datetime":
        return "2001-01-01 10:00:00"
    if field.type in ("integer", "float", "monetary"):
        return (current or 0) + 7
    if field.type in ("char", "text", "html"):
        return "forged"
    if field.type in ("many2many", "one2many"):
        return [fields.Command.clear()]
    raise AssertionError(f"{record._name}.{name}: no forged value for {field.type}")


@tagged("post_install", "-at_install")
class TestWorkflowSweep(SchoolRpcCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.school_admin = new_test_user(
            cls.env, login="t_sweep_admin", groups="school_records.group_school_admin"
        )

    def _workflow_models(self):
        mixin = self.env.registry["school.workflow.mixin"]
        return {
            name
            for name, model in self.env.registry.items()
            if issubclass(model, mixin) and not model._abstract and not model._transient
        }

    def test_the_legal_records_use_the_workflow_mixin(self):
        missing = WORKFLOW_MODELS - self._workflow_models()
        self.assertFalse(sorted(missing), "legal records without the workflow guard")
        for name in self._workflow_models():
            with self.subTest(model=name):
                self.assertTrue(self.env[name]._workflow_fields, "no workflow field named")
                self.assertLessEqual(
                    set(self.env[name]._workflow_fields), set(self.env[name]._fields)
                )

    def test_no_workflow_field_is_forged_over_rpc(self):
        swept = set()
        for name in sorted(self._workflow_models()):
            record = self.env[name].search([], limit=1, order="id desc")
            if not record:
                continue
            swept.add(name)
            for field_name in record._workflow_fields:
                with self.subTest(model=name, field=field_name):
                    self._sweep_field(record, field_name)
        # the demo school holds at least the portfolio's documents
        self.assertTrue(swept, "no workflow record in the database to sweep")

    def test_no_derived_field_is_forged_over_rpc(self):
        """The stored fields every model of the product computes itself (related
        fields, computed ones without an inverse: a mark's numeric value, a lesson's
        «filled late», a student's consent state…), written over JSON-RPC by the school
        administrator on a record of the demo school: refused, the record unchanged."""
        swept = set()
        for name in sorted(self.env.registry):
            model = self.env[name]
            if not name.startswith(SCHOOL_MODEL_PREFIX) or model._abstract or model._transient:
                continue
            derived = [f for f, field in model._fields.items() if is_derived(field)]
            record = model.search([], limit=1, order="id desc") if derived else None
            if not record:
                continue
            swept.add(name)
            for field_name in derived:
                with self.subTest(model=name, field=field_name):
                    before = record.read([field_name])[0][field_name]
                    value = jsonable(forged_value(record, field_name))
                    self.assertRpcRefused(
                        self.school_admin, name, "write", [record.id], {field_name: value}
                    )
                    self.assertEqual(record.read([field_name])[0][field_name], before)
        self.assertGreaterEqual(
            swept, {"school.mark", "school.attendance", "school.lesson", "school.student"}
        )

    def _sweep_field(self, record, field_name):
        before = record.read([field_name])[0][field_name]
        value = forged_value(record, field_name)
        self.assertRpcForgeryRefused(
            self.school_admin, record._name, "write", [record.id], {field_name: value}
        )
        self.assertEqual(record.read([field_name])[0][field_name], before)
        count = self.env[record._name].search_count([])
        copied = record.copy_data()[0]
        for name in record._workflow_fields:
            copied.pop(name, None)
        copied[field_name] = value
        default = self.env[record._name].default_get([field_name]).get(field_name)
        if record._fields[field_name].type == "selection" and value == default:
            # the default may be given on create (a published timetable's other state is
            # draft): forge a state that is not the default
            options = record._fields[field_name]._description_selection(record.env)
            copied[field_name] = next(key for key, _label in reversed(options) if key != default)
        self.assertRpcForgeryRefused(self.school_admin, record._name, "create", [jsonable(copied)])
        self.assertEqual(self.env[record._name].search_count([]), count)
