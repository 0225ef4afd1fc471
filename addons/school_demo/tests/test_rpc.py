"""The generator runs as superuser and makes users whose password is their login: no
logged-in user may reach it over JSON-RPC, whatever the role or the context."""

from odoo.tests import new_test_user, tagged
from odoo.tests.common import JsonRpcException

from odoo.addons.school_records.tests.rpc_common import FORGED_CONTEXT, SchoolRpcCase

MODEL = "school.demo.generator"


@tagged("post_install", "-at_install")
class TestGeneratorOverRpc(SchoolRpcCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.parent = new_test_user(cls.env, login="rpc_demo_parent", groups="base.group_portal")
        cls.teacher = new_test_user(
            cls.env, login="rpc_demo_teacher", groups="school_records.group_teacher"
        )
        cls.director = new_test_user(
            cls.env, login="rpc_demo_director", groups="school_records.group_director"
        )

    def _snapshot(self):
        return (
            self.env["res.users"].with_context(active_test=False).search_count([]),
            self.env["school.class"].search_count([]),
            self.env["school.student"].search_count([]),
        )

    def test_nobody_generates_a_school_over_rpc(self):
        before = self._snapshot()
        for user in (self.parent, self.teacher, self.director):
            for context in (None, FORGED_CONTEXT):
                # the entry point is private: Odoo's RPC dispatcher refuses it
                for method, args in (("_generate", ["small"]), ("_demo_logins", [])):
                    with self.subTest(user=user.login, method=method, forged=bool(context)):
                        error = self.assertRpcRefused(user, MODEL, method, *args, context=context)
                        self.assertEqual(error.args[0], "odoo.exceptions.AccessError")
                # the public name of old is gone
                with self.subTest(user=user.login, method="generate", forged=bool(context)):
                    with self.assertRaises(JsonRpcException):
                        self.rpc(user, MODEL, "generate", "small", context=context)
        self.assertEqual(self._snapshot(), before, "the refused calls made nothing")

    def test_the_model_has_no_public_method_of_its_own(self):
        """Nothing public on the model runs as superuser: every method the generator
        defines is private (the ORM's own public methods check the access rights, and an
        abstract model has no records to give)."""
        own = {
            name
            for cls in type(self.env[MODEL]).mro()
            if cls.__module__.startswith("odoo.addons.school_demo.")
            for name, value in vars(cls).items()
            if callable(value)
        }
        self.assertTrue(own)
        self.assertFalse(sorted(name for name in own if not name.startswith("_")))
