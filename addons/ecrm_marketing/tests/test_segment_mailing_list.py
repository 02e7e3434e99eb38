# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import EcrmMarketingCase


@tagged("post_install", "-at_install")
class TestSegmentMailingList(EcrmMarketingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        base = cls._create_email_audience()
        cls.no_email = Partner.create(
            {**base, "name": "Lý Công Uẩn", "ecrm_consent_email": True}
        )
        cls.opted_out = Partner.create(
            {
                **base,
                "name": "Tạ Quang Bửu",
                "email": "buu.ta@example.vn",
                "ecrm_consent_email": True,
            }
        )
        cls.mlist = cls.env["mailing.list"].create({"name": "Facebook khác"})
        contact = cls.env["mailing.contact"].create(
            {"name": "Tạ Quang Bửu", "email": "buu.ta@example.vn"}
        )
        cls.env["mailing.subscription"].create(
            {"contact_id": contact.id, "list_id": cls.mlist.id, "opt_out": True}
        )
        cls.segment = cls.env["ecrm.segment"].create(
            {
                "name": "Facebook, giới tính khác",
                "origin_channel": "facebook",
                "gender": "other",
                "mailing_list_id": cls.mlist.id,
            }
        )

    def _subscribed_emails(self):
        subs = self.env["mailing.subscription"].search(
            [("list_id", "=", self.mlist.id), ("opt_out", "=", False)]
        )
        return set(subs.contact_id.mapped("email_normalized"))

    def test_sync_subscribes_only_consenting_not_blacklisted_members(self):
        self.segment.action_sync_mailing_list()
        self.assertEqual(self.segment.member_count, 5)
        self.assertEqual(self._subscribed_emails(), {"van.ngo@example.vn"})
        summary = self.segment.sync_summary
        self.assertIn("1 without email", summary)
        self.assertIn("1 without email consent", summary)
        self.assertIn("1 blacklisted", summary)
        self.assertIn("1 opted out", summary)
        # The opt-out stays an opt-out.
        self.assertTrue(
            self.env["mailing.subscription"].search(
                [("list_id", "=", self.mlist.id), ("opt_out", "=", True)]
            )
        )
        self.assertEqual(self.mlist.ecrm_segment_id, self.segment)

    def test_sync_removes_members_who_withdraw_consent(self):
        self.segment.action_sync_mailing_list()
        self.no_consent.ecrm_consent_email = True
        self.ok.ecrm_consent_email = False
        self.segment.action_sync_mailing_list()
        self.assertEqual(self._subscribed_emails(), {"long.bui@example.vn"})

    def test_sync_reuses_existing_contact(self):
        existing = self.env["mailing.contact"].create(
            {"name": "Vân", "email": "van.ngo@example.vn"}
        )
        self.segment.action_sync_mailing_list()
        sub = self.env["mailing.subscription"].search(
            [("list_id", "=", self.mlist.id), ("opt_out", "=", False)]
        )
        self.assertEqual(sub.contact_id, existing)

    def test_sync_without_list_is_refused(self):
        self.segment.mailing_list_id = False
        with self.assertRaisesRegex(UserError, "feeds no mailing list"):
            self.segment.action_sync_mailing_list()

    def test_send_to_new_list(self):
        self.segment.mailing_list_id = False
        self.segment.action_create_mailing_list()
        self.assertEqual(self.segment.mailing_list_id.name, self.segment.name)
        # Bửu opted out of the other list only: the new list may write to him.
        self.assertEqual(self.segment.mailing_list_id.contact_count, 2)

    def _contacts_by_name(self):
        subs = self.env["mailing.subscription"].search(
            [("list_id", "=", self.mlist.id), ("opt_out", "=", False)]
        )
        return {c.name: c for c in subs.contact_id}

    def test_sync_reaches_sms_consenting_members_by_mobile(self):
        """An SMS mailing on the list reaches exactly the SMS-consenting mobiles."""
        Partner = self.env["res.partner"]
        base = {"ecrm_origin_channel": "facebook", "ecrm_gender": "other"}
        Partner.create(
            {
                **base,
                "name": "Chỉ SMS",
                "mobile": "0912 345 601",
                "ecrm_consent_sms": True,
            }
        )
        Partner.create(
            {
                **base,
                "name": "Email và SMS",
                "email": "ca.hai@example.vn",
                "mobile": "+84 912 345 602",
                "ecrm_consent_email": True,
                "ecrm_consent_sms": True,
            }
        )
        Partner.create(
            {
                **base,
                "name": "Email thôi",
                "email": "chi.email@example.vn",
                "mobile": "0912345603",
                "ecrm_consent_email": True,
            }
        )
        Partner.create(
            {
                **base,
                "name": "Số bị chặn",
                "mobile": "0912.345.604",
                "ecrm_consent_sms": True,
            }
        )
        self.env["phone.blacklist"].create({"number": "+84912345604"})
        self.segment.action_sync_mailing_list()

        contacts = self._contacts_by_name()
        self.assertEqual(
            set(contacts),
            {"Ngô Thanh Vân", "Chỉ SMS", "Email và SMS", "Email thôi"},
        )
        self.assertFalse(contacts["Chỉ SMS"].email)
        self.assertEqual(contacts["Chỉ SMS"].phone_sanitized, "+84912345601")
        both = contacts["Email và SMS"]
        self.assertEqual(
            (both.email, both.phone_sanitized), ("ca.hai@example.vn", "+84912345602")
        )
        # No SMS consent: the contact carries the email only.
        self.assertFalse(contacts["Email thôi"].mobile)
        self.assertFalse(contacts["Email thôi"].phone_sanitized)
        summary = self.segment.sync_summary
        self.assertIn("SMS: 2 reachable", summary)
        self.assertIn("1 without SMS consent", summary)
        self.assertIn("Email: 3 reachable", summary)

        # Withdrawing SMS consent removes an SMS-only member at the next sync.
        Partner.search([("name", "=", "Chỉ SMS")]).ecrm_consent_sms = False
        self.segment.action_sync_mailing_list()
        self.assertNotIn("Chỉ SMS", self._contacts_by_name())
