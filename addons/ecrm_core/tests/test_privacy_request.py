# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io
import json
from datetime import date, datetime, timedelta

import openpyxl

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import EcrmProfileCase
from .portal_rpc import PortalRpcMixin


class PrivacyRequestCommon:
    @classmethod
    def _request(cls, partner, request_type, received=None, user=None, **vals):
        Request = cls.env["ecrm.privacy.request"].with_user(user or cls.manager)
        return Request.create(
            dict(
                {
                    "partner_id": partner.id,
                    "request_type": request_type,
                    "channel": "email",
                    "received_date": received or fields.Datetime.now(),
                },
                **vals,
            )
        )


@tagged("post_install", "-at_install")
class TestPrivacyRequestDeadline(PrivacyRequestCommon, EcrmProfileCase):
    def test_deadline_skips_the_weekend_and_new_year(self):
        # Wednesday 30 Dec 2026, 17:00 in Hà Nội; Friday 1 Jan 2027 is a public
        # holiday of the company's calendar, then a weekend.
        request = self._request(self.lan, "access", datetime(2026, 12, 30, 10, 0))
        self.assertEqual(request.response_deadline, date(2027, 1, 4))
        # 6 working days: Thu 31, Mon 4, Tue 5, Wed 6, Thu 7, Fri 8
        self.assertEqual(request.deadline, date(2027, 1, 8))

    def test_deadline_over_a_plain_weekend(self):
        # Friday 4 Dec 2026: 10 working days for a withdrawal end on Friday 18.
        request = self._request(
            self.lan, "consent_withdrawal", datetime(2026, 12, 4, 3, 0)
        )
        self.assertEqual(request.response_deadline, date(2026, 12, 8))
        self.assertEqual(request.deadline, date(2026, 12, 18))

    def test_a_holiday_added_to_the_calendar_moves_the_deadline(self):
        calendar = self.env.company.resource_calendar_id
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Ngày nghỉ bù",
                "calendar_id": calendar.id,
                "date_from": datetime(2026, 12, 7, 0, 0),
                "date_to": datetime(2026, 12, 7, 23, 0),
            }
        )
        request = self._request(
            self.lan, "consent_withdrawal", datetime(2026, 12, 4, 3, 0)
        )
        self.assertEqual(request.response_deadline, date(2026, 12, 9))
        self.assertEqual(request.deadline, date(2026, 12, 21))

    def test_deadlines_are_configurable_per_type(self):
        limit = self.env.ref("ecrm_core.ecrm_privacy_deadline_erasure")
        self.assertEqual((limit.response_days, limit.days), (2, 6))
        limit.with_user(self.manager).days = 3
        request = self._request(self.lan, "erasure", datetime(2026, 12, 4, 3, 0))
        self.assertEqual(request.deadline, date(2026, 12, 9))
        with self.assertRaises(UserError):
            limit.with_user(self.manager).days = 0
        with self.assertRaises(AccessError):
            limit.with_user(self.telesales).days = 30


@tagged("post_install", "-at_install")
class TestPrivacyRequestFlow(PrivacyRequestCommon, EcrmProfileCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lan.write({"mobile": "0977 555 666", "ecrm_consent_email": True})
        cls.lan.ecrm_consent_sms = True
        cls.lan.ecrm_consent_phone = True

    def _actions(self, request):
        return request.log_ids.sorted("id").mapped("action")

    def test_access_request_attaches_json_and_xlsx_to_the_request(self):
        request = self._request(self.lan, "access")
        request.with_user(self.manager).action_start()
        request.with_user(self.manager).action_carry_out()
        self.assertEqual(request.state, "done")
        self.assertEqual(self._actions(request), ["received", "started", "exported"])
        self.assertEqual(request.log_ids.user_id, self.manager)
        files = self.env["ir.attachment"].search(
            [("res_model", "=", "ecrm.privacy.request"), ("res_id", "=", request.id)]
        )
        self.assertEqual(
            sorted(f.name.rsplit(".", 1)[1] for f in files), ["json", "xlsx"]
        )
        data = json.loads(files.filtered(lambda f: f.name.endswith(".json")).raw)
        self.assertEqual(data["profile"]["name"], "Trần Thị Lan")
        book = openpyxl.load_workbook(
            io.BytesIO(files.filtered(lambda f: f.name.endswith(".xlsx")).raw)
        )
        self.assertIn("Profile", book.sheetnames)
        self.assertFalse(
            self.env["ir.attachment"].search(
                [("res_model", "=", "res.partner"), ("res_id", "=", self.lan.id)]
            )
        )
        self.assertIn("Data exported", request.message_ids[0].body)

    def test_correction_needs_an_outcome_then_is_logged(self):
        request = self._request(self.lan, "correction", description="Sai ngày sinh")
        with self.assertRaises(UserError):
            request.with_user(self.manager).action_carry_out()
        self.assertEqual(request.state, "new")
        request.outcome = "Ngày sinh sửa thành 17/05/1990"
        request.with_user(self.manager).action_carry_out()
        self.assertEqual(self._actions(request), ["received", "corrected"])
        self.assertEqual(request.log_ids[0].note, "Ngày sinh sửa thành 17/05/1990")

    def test_erasure_request_forgets_the_customer(self):
        access = self._request(self.lan, "access")
        access.with_user(self.manager).action_carry_out()
        self.assertEqual(access.export_count, 2)
        request = self._request(self.lan, "erasure")
        request.with_user(self.manager).action_carry_out()
        access.invalidate_recordset(["export_count"])
        self.assertEqual(access.export_count, 0)
        self.assertTrue(self.lan.ecrm_anonymised_date)
        self.assertFalse(self.lan.email)
        self.assertEqual(self._actions(request), ["received", "erased"])
        self.assertEqual(request.state, "done")
        self.assertTrue(request.done_date)

    def test_consent_withdrawal_stops_every_channel_and_blacklists(self):
        received = datetime(2026, 11, 27, 2, 0)
        request = self._request(self.lan, "consent_withdrawal", received)
        request.with_user(self.manager).action_carry_out()
        lan = self.lan
        for channel in ("email", "sms", "phone"):
            self.assertFalse(lan[f"ecrm_consent_{channel}"], channel)
            self.assertEqual(lan[f"ecrm_consent_{channel}_date"], received)
            self.assertEqual(lan[f"ecrm_consent_{channel}_source"], "privacy_request")
        self.assertEqual(lan.ecrm_consent_withdrawn_date, received)
        self.assertTrue(lan.ecrm_privacy_excluded)
        self.assertTrue(
            self.env["mail.blacklist"].search([("email", "=", "lan.tran@example.vn")])
        )
        numbers = set(
            self.env["phone.blacklist"]
            .search([("number", "in", ["+84912468013", "+84977555666"])])
            .mapped("number")
        )
        self.assertEqual(numbers, {"+84912468013", "+84977555666"})
        self.assertEqual(self._actions(request), ["received", "consent_withdrawn"])
        self.assertNotIn(
            lan, self.Partner.search(self.Partner._ecrm_consent_domain("email"))
        )

    def test_consent_given_again_ends_the_withdrawal(self):
        self.lan.with_user(self.manager)._ecrm_withdraw_consent("paper", False)
        self.assertTrue(self.lan.ecrm_consent_withdrawn_date)
        self.lan.ecrm_consent_email = True
        self.assertFalse(self.lan.ecrm_consent_withdrawn_date)
        self.assertFalse(self.lan.ecrm_privacy_excluded)

    def test_restriction_and_objection_flag_the_customer(self):
        for request_type in ("restriction", "objection"):
            partner = self.Partner.create(
                {"name": f"Khách {request_type}", "customer_rank": 1}
            )
            request = self._request(partner, request_type)
            request.with_user(self.manager).action_carry_out()
            self.assertTrue(partner.ecrm_processing_restricted)
            self.assertTrue(partner.ecrm_processing_restricted_date)
            self.assertTrue(partner.ecrm_privacy_excluded)
            self.assertEqual(self._actions(request), ["received", "restricted"])
        partner.with_user(self.manager).action_ecrm_lift_restriction()
        self.assertFalse(partner.ecrm_privacy_excluded)

    def test_refusal_needs_a_reason_and_closed_requests_stay_closed(self):
        request = self._request(self.lan, "erasure")
        with self.assertRaises(UserError):
            request.with_user(self.manager).action_refuse()
        request.outcome = "Không xác minh được danh tính người yêu cầu"
        request.with_user(self.manager).action_refuse()
        self.assertEqual(request.state, "refused")
        with self.assertRaises(UserError):
            request.with_user(self.manager).action_carry_out()
        self.assertFalse(self.lan.ecrm_anonymised_date)
        with self.assertRaises(UserError):
            request.with_user(self.manager).unlink()

    def test_other_roles_cannot_read_or_act(self):
        request = self._request(self.lan, "access")
        for user in (self.telesales, self.service):
            with self.assertRaises(AccessError):
                request.with_user(user).read(["partner_id"])
            with self.assertRaises(AccessError):
                self._request(self.lan, "erasure", user=user)
            with self.assertRaises(AccessError):
                self.lan.with_user(user)._ecrm_withdraw_consent("web", False)
            with self.assertRaises(AccessError):
                self.lan.with_user(user)._ecrm_restrict_processing(False)
        self.assertTrue(self.lan.ecrm_consent_email)
        self.assertFalse(self.lan.ecrm_processing_restricted)

    def test_request_flags_change_only_through_a_request(self):
        self.lan.with_user(self.manager)._ecrm_restrict_processing(False)
        for user in (self.telesales, self.service, self.manager):
            with self.assertRaises(AccessError):
                self.lan.with_user(user).write({"ecrm_processing_restricted": False})
            with self.assertRaises(AccessError):
                self.lan.with_user(user).write(
                    {"ecrm_processing_restricted_date": False}
                )
        self.assertTrue(self.lan.ecrm_processing_restricted)
        # merging profiles carries a restriction to the survivor
        self.minh.with_user(self.manager).write({"ecrm_processing_restricted": True})
        self.assertTrue(self.minh.ecrm_privacy_excluded)

    def test_partner_buttons_go_through_a_request(self):
        action = self.lan.with_user(
            self.manager
        ).action_ecrm_export_personal_data_json()
        request = self.env["ecrm.privacy.request"].search(
            [("partner_id", "=", self.lan.id)]
        )
        self.assertEqual(request.request_type, "access")
        self.assertEqual(request.channel, "staff")
        self.assertEqual(request.state, "done")
        attachment_id = int(action["url"].split("/web/content/")[1].split("?")[0])
        attachment = self.env["ir.attachment"].browse(attachment_id)
        self.assertEqual(
            (attachment.res_model, attachment.res_id),
            ("ecrm.privacy.request", request.id),
        )
        action = self.lan.with_user(self.manager).action_ecrm_request_erasure()
        erasure = self.env["ecrm.privacy.request"].browse(action["res_id"])
        self.assertEqual(erasure.request_type, "erasure")
        self.assertEqual(erasure.state, "done")
        self.assertTrue(self.lan.ecrm_anonymised_date)
        self.assertEqual(self.lan.with_user(self.manager).ecrm_privacy_request_count, 2)

    def test_callback_skips_a_customer_who_restricted_processing(self):
        self.lan.with_user(self.manager)._ecrm_restrict_processing(False)
        order = self._order(self.lan, confirm=False)
        order._ecrm_schedule_callback()
        self.assertFalse(order.activity_ids)
        self.assertIn("No call-back", order.message_ids[0].body)


@tagged("post_install", "-at_install")
class TestPrivacyRequestReminders(PrivacyRequestCommon, EcrmProfileCase):
    def test_overdue_request_gets_one_activity_for_its_handler(self):
        late = self._request(
            self.lan, "access", fields.Datetime.now() - timedelta(days=30)
        )
        fresh = self._request(self.minh, "consent_withdrawal")
        self.assertTrue(late.is_overdue)
        self.assertFalse(fresh.is_overdue)
        Request = self.env["ecrm.privacy.request"].with_user(self.manager)
        self.assertIn(late, Request.search([("is_overdue", "=", True)]))
        self.assertNotIn(fresh, Request.search([("is_overdue", "=", True)]))
        self.assertIn(fresh, Request.search([("is_overdue", "=", False)]))
        Request = self.env["ecrm.privacy.request"]
        Request._cron_ecrm_privacy_reminders()
        Request._cron_ecrm_privacy_reminders()
        activity_type = self.env.ref("ecrm_core.mail_activity_ecrm_privacy_deadline")
        activities = late.activity_ids.filtered(
            lambda a: a.activity_type_id == activity_type
        )
        self.assertEqual(len(activities), 1)
        self.assertEqual(activities.user_id, self.manager)
        self.assertEqual(activities.date_deadline, late.deadline)
        self.assertFalse(fresh.activity_ids)
        # closed requests are no longer overdue
        late.with_user(self.manager).action_carry_out()
        self.assertFalse(late.is_overdue)

    def test_export_files_expire_after_the_configured_days(self):
        old = self._request(self.lan, "access")
        old.with_user(self.manager).action_carry_out()
        new = self._request(self.minh, "access")
        new.with_user(self.manager).action_carry_out()
        files = self.env["ir.attachment"].search(
            [("res_model", "=", "ecrm.privacy.request"), ("res_id", "=", old.id)]
        )
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE ir_attachment SET create_date = now() - interval '31 days'"
            " WHERE id = ANY(%s)",
            [files.ids],
        )
        self.env["ir.attachment"].invalidate_model()
        self.env["ecrm.privacy.request"]._cron_ecrm_expire_exports()
        self.assertFalse(files.exists())
        self.assertEqual(old.export_count, 0)
        self.assertEqual(new.export_count, 2)
        self.assertEqual(old.log_ids[0].action, "export_expired")
        self.env["ir.config_parameter"].set_param("ecrm_core.privacy_export_days", 0)
        self.env["ecrm.privacy.request"]._cron_ecrm_expire_exports()
        new.invalidate_recordset(["export_count"])
        self.assertEqual(new.export_count, 0)


@tagged("post_install", "-at_install")
class TestPrivacyRequestCompanies(PrivacyRequestCommon, EcrmProfileCase):
    def test_another_companys_request_is_invisible(self):
        other = self.env["res.company"].create({"name": "Sao Việt Miền Nam"})
        request = self.env["ecrm.privacy.request"].create(
            {
                "partner_id": self.minh.id,
                "request_type": "access",
                "company_id": other.id,
            }
        )
        mine = self._request(self.lan, "access")
        Request = self.env["ecrm.privacy.request"].with_user(self.manager)
        self.assertEqual(Request.search([("id", "in", (request | mine).ids)]), mine)
        with self.assertRaises(AccessError):
            request.with_user(self.manager).read(["partner_id"])
        with self.assertRaises(AccessError):
            request.with_user(self.manager).action_carry_out()
        self.assertFalse(
            self.env["ecrm.privacy.request.log"]
            .with_user(self.manager)
            .search([("request_id", "=", request.id)])
        )


@tagged("post_install", "-at_install")
class TestPrivacyExportDownload(PrivacyRequestCommon, PortalRpcMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env,
            "dsr_http_manager",
            groups="base.group_user,ecrm_core.group_ecrm_manager",
        )
        cls.telesales = new_test_user(
            cls.env,
            "dsr_http_telesales",
            groups="base.group_user,ecrm_core.group_ecrm_telesales",
        )
        cls.partner = cls.env["res.partner"].create(
            {"name": "Phạm Thu Hà", "email": "ha.pham@example.vn", "customer_rank": 1}
        )
        request = cls._request(cls.partner, "access")
        request.with_user(cls.manager).action_carry_out()
        cls.request = request
        cls.attachment = cls.env["ir.attachment"].search(
            [
                ("res_model", "=", "ecrm.privacy.request"),
                ("res_id", "=", request.id),
                ("mimetype", "=", "application/json"),
            ]
        )

    def test_only_a_manager_downloads_the_export(self):
        url = f"/web/content/{self.attachment.id}?download=true"
        self.authenticate("dsr_http_telesales", "dsr_http_telesales")
        response = self.url_open(url)
        self.assertIn(response.status_code, (403, 404))
        self.assertNotIn(b"ha.pham@example.vn", response.content)
        self.authenticate("dsr_http_manager", "dsr_http_manager")
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertIn(b"ha.pham@example.vn", response.content)

    def test_telesales_cannot_lift_a_restriction_through_call_kw(self):
        self.partner.with_user(self.manager)._ecrm_restrict_processing(False)
        self.authenticate("dsr_http_telesales", "dsr_http_telesales")
        body = self.call_kw_answer(
            "res.partner",
            "write",
            [[self.partner.id], {"ecrm_processing_restricted": False}],
        )
        self.assertEqual(body["error"]["data"]["name"], "odoo.exceptions.AccessError")
        body = self.call_kw_answer(
            "res.partner",
            "_ecrm_withdraw_consent",
            [[self.partner.id], "web", False],
        )
        self.assertIn("error", body)
        self.partner.invalidate_recordset()
        self.assertTrue(self.partner.ecrm_processing_restricted)
        self.assertFalse(self.partner.ecrm_consent_withdrawn_date)

    def test_telesales_cannot_read_requests_through_call_kw(self):
        self.authenticate("dsr_http_telesales", "dsr_http_telesales")
        for model, method in (
            ("ecrm.privacy.request", "search_read"),
            ("ecrm.privacy.request.log", "search_read"),
            ("ir.attachment", "search_read"),
        ):
            body = self.call_kw_answer(
                model,
                method,
                [
                    [["res_model", "=", "ecrm.privacy.request"]]
                    if model == "ir.attachment"
                    else []
                ],
                {"fields": ["display_name"]},
            )
            if model == "ir.attachment":
                self.assertEqual(body.get("result"), [], body)
            else:
                self.assertEqual(
                    body["error"]["data"]["name"], "odoo.exceptions.AccessError"
                )
