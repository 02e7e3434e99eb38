# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The routes a portal user (customer or supplier) can call besides the portal
pages, for HttpCase tests: JSON-RPC with a session (``/web/dataset/call_kw``,
``/mail/thread/*``) and XML-RPC with the user's API key."""

import json
import xmlrpc.client
from datetime import timedelta

from odoo import fields
from odoo.tests import new_test_user


def _found(result):
    """The records an answer holds (web_search_read answers a dict)."""
    if isinstance(result, dict) and "records" in result:
        return result["records"]
    return result


def new_portal_user(env, login, **vals):
    """A portal user who logs in with ``login`` and the password
    ``login + "_pwd"``."""
    return new_test_user(
        env, login, password=login + "_pwd", groups="base.group_portal", **vals
    )


class PortalRpcMixin:
    """For HttpCase classes."""

    def call_kw(self, model, method, args=(), kwargs=None):
        """``(result, error name)`` of ``model.method`` through call_kw, as the
        user of the current session (``self.authenticate``)."""
        return self.json_call(
            f"/web/dataset/call_kw/{model}/{method}",
            {
                "model": model,
                "method": method,
                "args": list(args),
                "kwargs": kwargs or {},
            },
        )

    def json_rpc(self, url, params):
        """The whole JSON-RPC answer (``result`` or ``error``) of a route."""
        response = self.url_open(
            url,
            data=json.dumps(
                {"jsonrpc": "2.0", "method": "call", "id": 1, "params": params}
            ),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.status_code, 200, url)
        return response.json()

    def call_kw_answer(self, model, method, args=(), kwargs=None):
        """The whole JSON-RPC answer of ``model.method`` through call_kw."""
        return self.json_rpc(
            "/web/dataset/call_kw",
            {
                "model": model,
                "method": method,
                "args": list(args),
                "kwargs": kwargs or {},
            },
        )

    def json_call(self, url, params):
        """``(result, error name)`` of a JSON-RPC route, never an HTTP error."""
        payload = self.json_rpc(url, params)
        if "error" in payload:
            return None, payload["error"]["data"]["name"]
        return payload["result"], None

    def thread_messages(self, model, res_id):
        """What ``/mail/thread/messages`` answers the session about a record's
        chatter (``""`` when it answers an error)."""
        result, _error = self.json_call(
            "/mail/thread/messages", {"thread_model": model, "thread_id": res_id}
        )
        return result or ""

    def assertSendsHome(self, url):
        """The portal page at ``url`` sends the user back to /my; the page."""
        page = self.url_open(url)
        self.assertTrue(page.url.endswith("/my"), page.url)
        return page

    def assertCallRefused(self, model, method, args=(), kwargs=None):
        """The call answers an access error, or nothing at all (a search that
        finds no record the user may read)."""
        result, error = self.call_kw(model, method, args, kwargs)
        if error is None:
            self.assertFalse(
                _found(result), f"{model}.{method}{args} answered {result}"
            )
        else:
            self.assertIn(
                error,
                ("odoo.exceptions.AccessError", "odoo.exceptions.MissingError"),
                f"{model}.{method}",
            )
        return result, error

    def portal_api_key(self, user):
        """An RPC key of a portal user, as Odoo hands one out when the setting
        "Customer Account: API keys" (``portal.allow_api_keys``) is on."""
        self.env["ir.config_parameter"].sudo().set_param("portal.allow_api_keys", "1")
        # sudo: a key longer than the user's own allowed duration, for the test
        return (
            self.env["res.users.apikeys"]
            .with_user(user)
            .sudo()
            ._generate("rpc", "test", fields.Datetime.now() + timedelta(days=1))
        )

    def xmlrpc(self, user, key, model, method, *args, **kwargs):
        """``(result, fault string)`` of ``model.method`` through XML-RPC."""
        try:
            result = self.xmlrpc_object.execute_kw(
                self.env.cr.dbname, user.id, key, model, method, list(args), kwargs
            )
        except xmlrpc.client.Fault as fault:
            return None, fault.faultString
        return result, None

    def assertXmlrpcRefused(self, user, key, model, method, *args, **kwargs):
        """The call answers a fault (the access error, in the user's language)
        or nothing at all."""
        result, fault = self.xmlrpc(user, key, model, method, *args, **kwargs)
        if fault is None:
            self.assertFalse(
                _found(result), f"{model}.{method}{args} answered {result}"
            )
        return result, fault
