# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Forget a customer met through every channel, then look for them in a
``pg_dump`` of the whole database and in the filestore.

Why the scenario commits: ``pg_dump`` is another PostgreSQL session, so it sees
committed data only. An exported snapshot (``pg_export_snapshot()`` taken by the
test's cursor, ``pg_dump --snapshot``) gives the dump the *same view of committed
data* as the test transaction, but never that transaction's own uncommitted
writes; and a copy of the database (``createdb -T``) needs no other session on
it, which a running test is. So the customer is built and erased in a cursor of
its own that commits (``Registry.cursor()`` outside test mode, as Odoo's own
filestore collector does in ``TransactionCase``), the whole database is dumped
with ``pg_dump --data-only``, the filestore is read file by file, and in the end
everything the scenario created is deleted and committed again, so other tests
find the database as it was (only sequences moved on).

The person's name, emails and phone number (as typed, E.164, national, any
separators) are unique to this run, so any occurrence found is theirs.
"""

import json
import logging
import os
import random
import re
import secrets
import subprocess
import uuid

from odoo import SUPERUSER_ID, api
from odoo.tests import TransactionCase, tagged
from odoo.tools.misc import exec_pg_environ, find_pg_tool

_logger = logging.getLogger(__name__)


@tagged("post_install", "-at_install")
class TestErasureDump(TransactionCase):
    def setUp(self):
        super().setUp()
        token = "qz" + secrets.token_hex(4)
        digits = "".join(random.choice("0123456789") for _i in range(6))
        self.person = {
            "name": f"Vũ Thị {token.capitalize()}",
            "token": token,
            "email": f"{token}@example.vn",
            "old_email": f"{token}.cu@example.vn",
            "phone": f"0903 {digits[:3]} {digits[3:]}",
            "national_digits": f"903{digits}",
        }
        self.created = {}

    # ------------------------------------------------------------------
    # Scenario
    # ------------------------------------------------------------------

    def _env(self, cr):
        return api.Environment(
            cr,
            SUPERUSER_ID,
            {
                "lang": "en_US",
                "mail_notify_force_send": False,
                "tz": "Asia/Ho_Chi_Minh",
            },
        )

    def _build_customer(self, env):
        """The person, through every channel the product has."""
        p = self.person
        product = env["product.product"].search(
            [("default_code", "!=", False), ("sale_ok", "=", True)], limit=1
        )
        run = uuid.uuid4().hex[:10]
        customer = {
            "name": p["name"],
            "phone": p["phone"],
            "email": p["email"],
            "street": f"12 Hàng Bạc, {p['name']}",
            "city": "Hà Nội",
            "country_code": "VN",
        }

        def payload(external_id, **customer_overrides):
            return {
                "external_id": external_id,
                "source": "erasure-test",
                "date": "2026-11-20T09:15:00+07:00",
                "customer": dict(customer, **customer_overrides),
                "lines": [
                    {"sku": product.default_code, "qty": 1, "price_unit": 150000}
                ],
                "payment_method": "cod",
                "paid": False,
            }

        SaleOrder = env["sale.order"]
        # API order (the model method the storefront route calls)
        answer, status = SaleOrder._ecrm_api_intake(payload(f"ER-{run}-1"))
        self.assertEqual(status, 201)
        order = SaleOrder.browse(answer["order_id"])
        partner = order.partner_id
        self.assertEqual(partner.name, p["name"])
        self.created["partner"] = partner.id
        self.created["orders"] = [order.id]
        # queued order (Prefer: respond-async), the number in E.164
        answer, status = SaleOrder._ecrm_api_intake(
            payload(f"ER-{run}-2", phone="+84" + p["national_digits"]),
            respond_async=True,
        )
        self.assertEqual(status, 202)
        self.created["intake_refs"] = [f"ER-{run}-1", f"ER-{run}-2"]
        # delivery and invoice contacts
        children = env["res.partner"].create(
            [
                {
                    "parent_id": partner.id,
                    "type": "delivery",
                    "name": f"{p['name']} (nhà riêng)",
                    "street": "5 Lý Thường Kiệt",
                    "phone": p["phone"],
                },
                {
                    "parent_id": partner.id,
                    "type": "invoice",
                    "name": p["name"],
                    "email": p["email"],
                },
            ]
        )
        order.write(
            {
                "partner_shipping_id": children[0].id,
                "partner_invoice_id": children[1].id,
                "note": f"<p>Giao cho {p['name']}</p>",
                "client_order_ref": p["token"],
                "ecrm_cancel_note": f"{p['name']} đổi ý, gọi lại {p['phone']}",
                "ecrm_callback_note": f"Đã gọi {p['name']}",
            }
        )
        order.activity_schedule(
            "mail.mail_activity_data_call",
            summary=f"Gọi lại {p['name']}",
            note=f"Số {p['phone']}",
            user_id=SUPERUSER_ID,
        )
        # call notes
        env["ecrm.interaction"].create(
            {
                "partner_id": partner.id,
                "summary": f"Gọi {p['name']}",
                "note": f"Khách đọc số {p['phone']} và email {p['email']}",
                "res_model": "sale.order",
                "res_id": order.id,
            }
        )
        # chatter and a tracked email change (the old address stays tracked)
        partner.message_post(body=f"Khách {p['name']} gọi từ {p['phone']}")
        # (tracking compares with the value at the start of the transaction)
        env.cr.commit()
        partner.write({"email": p["old_email"]})
        # complaint with its conversation
        ticket, created = env["helpdesk.ticket"]._ecrm_api_upsert(
            {
                "external_id": f"ER-{run}",
                "source": "erasure-test",
                "date": "2026-11-21T20:05:00+07:00",
                "customer": {
                    "name": p["name"],
                    "phone": p["phone"],
                    "email": p["email"],
                },
                "category": "delivery",
                "subject": "Giao hàng trễ",
                "description": f"Tôi là {p['name']}, số {p['phone']}",
            }
        )
        self.assertTrue(created)
        self.created["tickets"] = ticket.ids
        ticket.write({"ecrm_partner_phone": p["phone"], "partner_email": p["email"]})
        ticket.message_post(
            body=f"Tôi vẫn chưa nhận hàng. {p['name']}",
            author_id=partner.id,
            email_from=f'"{p["name"]}" <{p["email"]}>',
            message_type="email",
            subtype_xmlid="mail.mt_comment",
        )
        ticket.message_post(
            body=f"Đã gọi {p['name']} lúc 10h",
            partner_ids=partner.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        env["rating.rating"].create(
            {
                "res_model_id": env["ir.model"]._get_id("helpdesk.ticket"),
                "res_id": ticket.id,
                "partner_id": partner.id,
                "rating": 5,
                "feedback": f"{p['name']} hài lòng",
                "consumed": True,
            }
        )
        # portal login
        user = (
            env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                {
                    "login": p["email"],
                    "partner_id": partner.id,
                    "password": secrets.token_urlsafe(12),
                    "groups_id": [(6, 0, [env.ref("base.group_portal").id])],
                }
            )
        )
        self.created["user"] = user.id
        # mailing list contact (mobile in national format)
        mailing_list = env["mailing.list"].create({"name": "Danh sách thử xoá"})
        self.created["mailing_list"] = mailing_list.id
        env["mailing.contact"].create(
            {
                "name": p["name"],
                "email": p["email"],
                "mobile": "0" + p["national_digits"],
                "list_ids": [(6, 0, mailing_list.ids)],
            }
        )
        # SMS
        env["sms.sms"].create(
            {
                "number": "+84" + p["national_digits"],
                "partner_id": partner.id,
                "body": f"Chào {p['name']}, đơn hàng đã sẵn sàng",
            }
        )
        # payment transaction
        provider = env["payment.provider"].search([], limit=1)
        method = (
            env["payment.method"].with_context(active_test=False).search([], limit=1)
        )
        tx = env["payment.transaction"].create(
            {
                "provider_id": provider.id,
                "payment_method_id": method.id,
                "reference": f"ER-{run}-TX",
                "amount": order.amount_total,
                "currency_id": order.currency_id.id,
                "partner_id": partner.id,
                "partner_name": p["name"],
                "partner_email": p["email"],
                "partner_phone": p["phone"],
                "partner_address": f"12 Hàng Bạc, {p['name']}",
                "sale_order_ids": [(6, 0, order.ids)],
            }
        )
        self.created["transactions"] = tx.ids
        # website visitor
        env["website.visitor"].create(
            {"partner_id": partner.id, "access_token": uuid.uuid4().hex[:32]}
        )
        # personal-data exports (the files stay in the filestore)
        admin = env.ref("base.user_admin")
        exporter = partner.with_user(admin)
        # one access request: its JSON file and its XLSX workbook
        exporter.action_ecrm_export_personal_data_json()
        # the files are attached to the access request, not to the customer
        requests = env["ecrm.privacy.request"].search([("partner_id", "=", partner.id)])
        exports = env["ir.attachment"].search(
            [
                ("res_model", "=", "ecrm.privacy.request"),
                ("res_id", "in", requests.ids),
            ]
        )
        self.assertEqual(len(exports), 2)
        self.export_files = [exports._full_path(a.store_fname) for a in exports]
        return partner

    # ------------------------------------------------------------------
    # Where to look
    # ------------------------------------------------------------------

    def _needles(self):
        """The person's strings, as stored in plain text, in JSON (escaped
        non-ASCII) and in HTML."""
        p = self.person
        texts = [p["name"], p["token"], p["email"], p["old_email"]]
        needles = set()
        for text in texts:
            needles.add(text.lower())
            needles.add(json.dumps(text)[1:-1].lower())
        return needles

    def _phone_regex(self):
        # the number in any format: 0903..., +84903..., 84 90 3..., 090.3...
        digits = "[ .()-]*".join(self.person["national_digits"])
        return re.compile(rf"(?<!\d)(\+?84|0)[ .()-]*{digits}(?!\d)")

    def _find(self, text):
        text = text.lower()
        found = [n for n in self._needles() if n in text]
        found += self._phone_regex().findall(text) and ["phone"] or []
        return found

    def _dump(self, *tables):
        dbname = self.env.cr.dbname
        args = [find_pg_tool("pg_dump"), "--data-only", "--no-owner", dbname]
        for table in tables:
            args += ["-t", table]
        result = subprocess.run(
            args, env=exec_pg_environ(), capture_output=True, check=True, timeout=60
        )
        return result.stdout.decode("utf-8", "replace")

    def _dump_hits(self, *tables):
        """{table: what was found} in a data-only dump."""
        hits = {}
        table = None
        for line in self._dump(*tables).splitlines():
            if line.startswith("COPY "):
                table = line.split()[1]
                continue
            found = self._find(line)
            if found:
                hits.setdefault(table, set()).update(found)
                hits.setdefault("_lines", []).append(line[:300])
        return hits

    def _filestore_hits(self):
        root = self.env["ir.attachment"]._filestore()
        hits = {}
        for dirpath, _dirs, files in os.walk(root):
            for fname in files:
                path = os.path.join(dirpath, fname)
                with open(path, "rb") as handle:
                    found = self._find(handle.read().decode("utf-8", "replace"))
                if found:
                    hits[path] = found
        return hits

    # ------------------------------------------------------------------
    # Test
    # ------------------------------------------------------------------

    def test_forgotten_customer_is_nowhere_in_dump_or_filestore(self):
        try:
            with self.registry.cursor() as cr:
                partner_id = self._build_customer(self._env(cr)).id
            # the detector finds the person before erasure (not a blind scan)
            before = self._dump_hits(
                "res_partner",
                "ecrm_order_intake",
                "mail_tracking_value",
                "mailing_contact",
                "res_users",
                "helpdesk_ticket",
                "sms_sms",
            )
            for table in (
                "public.res_partner",
                "public.ecrm_order_intake",
                "public.mail_tracking_value",
                "public.mailing_contact",
                "public.res_users",
                "public.helpdesk_ticket",
                "public.sms_sms",
            ):
                self.assertIn(table, before)
            self.assertIn("phone", before["public.ecrm_order_intake"])
            self.assertTrue(all(os.path.exists(f) for f in self.export_files))
            self.assertTrue(self._filestore_hits(), "the export file names the person")

            with self.registry.cursor() as cr:
                env = self._env(cr)
                admin = env.ref("base.user_admin")
                partner = env["res.partner"].browse(partner_id)
                partner.with_user(admin).action_ecrm_anonymise()
            # (the export files are removed once the erasure is committed)

            hits = self._dump_hits()
            lines = hits.pop("_lines", [])
            self.assertEqual(hits, {}, "\n".join(lines[:20]))
            self.assertFalse(any(os.path.exists(f) for f in self.export_files))
            self.assertEqual(self._filestore_hits(), {})

            # what is kept: the order and its total, the complaint, the profile
            with self.registry.cursor() as cr:
                env = self._env(cr)
                partner = env["res.partner"].browse(partner_id)
                self.assertTrue(partner.ecrm_anonymised_date)
                order = env["sale.order"].browse(self.created["orders"])
                self.assertEqual(order.partner_id, partner)
                self.assertEqual(order.amount_total, 150000)
                ticket = env["helpdesk.ticket"].browse(self.created["tickets"])
                self.assertEqual(ticket.partner_id, partner)
                self.assertEqual(ticket.category_id.ecrm_code, "delivery")
                intake = env["ecrm.order.intake"].search(
                    [("external_id", "in", self.created["intake_refs"])]
                )
                self.assertEqual(intake.mapped("state"), ["rejected"])
                self.assertFalse(
                    env["res.users"]
                    .with_context(active_test=False)
                    .search([("partner_id", "=", partner.id), ("active", "=", True)])
                )
        finally:
            self._cleanup()

    def _cleanup(self):
        """Delete what the scenario committed, so other tests find the database
        as it was."""
        if not self.created.get("partner"):
            return
        with self.registry.cursor() as cr:
            env = self._env(cr)
            env = env(context=dict(env.context, active_test=False))
            partners = env["res.partner"].search(
                [("id", "child_of", self.created["partner"])]
            )
            steps = [
                lambda: (
                    env["ecrm.order.intake"]
                    .search(
                        [("external_id", "in", self.created.get("intake_refs", []))]
                    )
                    .unlink()
                ),
                lambda: (
                    env["payment.transaction"]
                    .browse(self.created.get("transactions", []))
                    .exists()
                    .unlink()
                ),
                lambda: (
                    env["helpdesk.ticket"]
                    .browse(self.created.get("tickets", []))
                    .exists()
                    .unlink()
                ),
                lambda: (
                    env["sale.order"]
                    .search([("partner_id", "in", partners.ids)])
                    .with_context(disable_cancel_warning=True)
                    ._action_cancel()
                ),
                lambda: (
                    env["sale.order"]
                    .search([("partner_id", "in", partners.ids)])
                    .unlink()
                ),
                lambda: (
                    env["res.users"].browse(self.created.get("user")).exists().unlink()
                ),
                lambda: (
                    env["mailing.list"]
                    .browse(self.created.get("mailing_list"))
                    .exists()
                    .unlink()
                ),
                lambda: (
                    env["sms.sms"].search([("partner_id", "in", partners.ids)]).unlink()
                ),
                lambda: (
                    env["rating.rating"]
                    .search([("partner_id", "in", partners.ids)])
                    .unlink()
                ),
                lambda: env.cr.execute(
                    # the register refuses to delete a request that was worked
                    # on; the scenario's own requests go with it
                    "DELETE FROM ecrm_privacy_request WHERE partner_id = ANY(%s)",
                    [partners.ids],
                ),
                lambda: (
                    env["res.partner"]
                    .search([("id", "child_of", self.created["partner"])])
                    .unlink()
                ),
            ]
            for step in steps:
                try:
                    with cr.savepoint():
                        step()
                except Exception:
                    _logger.warning("Erasure test clean-up step failed", exc_info=True)
