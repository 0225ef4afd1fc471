"""Calling the models the way an attacker would: JSON-RPC to the real Odoo server.

``/web/dataset/call_kw`` is what every logged-in user, a parent on the portal included,
can send: any public method, any ids, any context. A forged path is refused when the
server answers with an AccessError, a UserError or a ValidationError — not with a
TypeError that only proves the call was malformed.
"""

import json

from odoo.tests import HttpCase
from odoo.tests.common import JsonRpcException

REFUSALS = {
    "odoo.exceptions.AccessError",
    "odoo.exceptions.UserError",
    "odoo.exceptions.ValidationError",
    "odoo.exceptions.MissingError",
}

# context keys the product's guards once trusted; each forged call sends them all
FORGED_CONTEXT = {
    "school_certificate_workflow": True,
    "school_period_correction": True,
    "school_correction_workflow": True,
    "school_personal_file_signing": True,
    "school_personal_file_filling": True,
    "school_audit_reason": "Исправление по решению завуча",
    "school_archive_snapshot": True,
    "school_archive_workflow": True,
    "tracking_disable": True,
}


def jsonable(value):
    """Values as JSON-RPC carries them: dates as strings, commands as lists."""
    if isinstance(value, (list, tuple)):
        return [jsonable(item) for item in value]
    if isinstance(value, dict):
        return {key: jsonable(item) for key, item in value.items()}
    if hasattr(value, "isoformat"):
        return str(value)
    return value


class SchoolRpcCase(HttpCase):
    """An HttpCase whose ``rpc`` logs in as a user (password = login, as
    ``new_test_user`` makes them) and calls a model method over JSON-RPC."""

    _rpc_login = None

    def rpc(self, user, model, method, *args, context=None, **kwargs):
        self._rpc_as(user)
        result = self.make_jsonrpc_request(
            "/web/dataset/call_kw", _call_kw(model, method, args, kwargs, context)
        )
        self.env.invalidate_all()
        return result

    def rpc_error(self, user, model, method, *args, context=None, **kwargs):
        """The error the server answers the call with, as the user's screen gets it
        ({"name": the exception's class, "message": its text}); None when it passed."""
        self._rpc_as(user)
        request = {"jsonrpc": "2.0", "method": "call", "id": 0}
        request["params"] = _call_kw(model, method, args, kwargs, context)
        response = self.url_open(
            "/web/dataset/call_kw",
            json.dumps(request).encode(),
            headers={"Content-Type": "application/json"},
        )
        response.raise_for_status()
        self.env.invalidate_all()
        error = response.json().get("error")
        return error and error["data"]

    def _rpc_as(self, user):
        if self._rpc_login != user.login:
            self.authenticate(user.login, user.login)
            self._rpc_login = user.login

    def assertRpcRefused(self, user, model, method, *args, context=None, **kwargs):
        """The call is refused with a proper error; nothing it tried is kept (the
        request's transaction is rolled back by the server)."""
        with self.assertRaises(JsonRpcException) as caught:
            self.rpc(user, model, method, *args, context=context, **kwargs)
        self.assertIn(
            caught.exception.args[0] if caught.exception.args else "",
            REFUSALS,
            f"{user.login}: {model}.{method} failed for another reason",
        )
        self.env.invalidate_all()
        return caught.exception

    def assertRpcForgeryRefused(self, user, model, method, *args, **kwargs):
        """Refused with the forged context too: no context key grants a right."""
        self.assertRpcRefused(user, model, method, *args, **kwargs)
        return self.assertRpcRefused(user, model, method, *args, context=FORGED_CONTEXT, **kwargs)


def _call_kw(model, method, args, kwargs, context):
    return {
        "model": model,
        "method": method,
        "args": list(args),
        "kwargs": {**kwargs, "context": dict(context or {})},
    }
