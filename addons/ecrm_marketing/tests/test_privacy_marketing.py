# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields
from odoo.tests import new_test_user, tagged

from .common import EcrmMarketingCase


@tagged("post_install", "-at_install")
class TestPrivacyMarketing(EcrmMarketingCase):
    """Consent withdrawal, restriction and erasure reach every mailing list,
    segment and mailing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env,
            "t_mkt_dsr_manager",
            groups="base.group_user,ecrm_core.group_ecrm_manager",
        )
        Partner = cls.env["res.partner"]
        base = {
            "ecrm_origin_channel": "facebook",
            "ecrm_gender": "female",
            "ecrm_consent_email": True,
            "ecrm_consent_sms": True,
        }
        cls.hoa = Partner.create(
            {
                **base,
                "name": "Đinh Thị Hoa",
                "email": "Hoa.Dinh@Example.vn",
                "mobile": "0903 111 222",
            }
        )
        cls.thu = Partner.create(
            {**base, "name": "Lương Thu", "email": "thu.luong@example.vn"}
        )
        cls.mlist = cls.env["mailing.list"].create({"name": "Khách Facebook nữ"})
        cls.other_list = cls.env["mailing.list"].create({"name": "Tin khuyến mãi"})
        Contact = cls.env["mailing.contact"]
        # Contacts of the same person made elsewhere: one by email (another
        # case), one by mobile only, written the local way.
        cls.by_email = Contact.create(
            {
                "name": "Hoa Đinh",
                "email": "hoa.dinh@example.vn",
                "list_ids": [(4, cls.other_list.id)],
            }
        )
        cls.by_mobile = Contact.create(
            {
                "name": "Chị Hoa",
                "mobile": "+84903111222",
                "list_ids": [(4, cls.other_list.id)],
            }
        )
        cls.stranger = Contact.create(
            {
                "name": "Người khác",
                "email": "khac@example.vn",
                "list_ids": [(4, cls.other_list.id)],
            }
        )
        cls.segment = cls.env["ecrm.segment"].create(
            {
                "name": "Facebook nữ",
                "origin_channel": "facebook",
                "gender": "female",
                "mailing_list_id": cls.mlist.id,
            }
        )
        cls.segment.action_sync_mailing_list()

    def _subscribed(self, mlist):
        return (
            self.env["mailing.subscription"]
            .search([("list_id", "=", mlist.id), ("opt_out", "=", False)])
            .contact_id
        )

    def _request(self, partner, request_type):
        request = (
            self.env["ecrm.privacy.request"]
            .with_user(self.manager)
            .create(
                {
                    "partner_id": partner.id,
                    "request_type": request_type,
                    "received_date": fields.Datetime.now(),
                }
            )
        )
        request.action_carry_out()
        return request

    def test_withdrawal_opts_out_contacts_matched_by_email_or_mobile(self):
        self.assertIn(self.by_email, self._subscribed(self.mlist))
        self._request(self.hoa, "consent_withdrawal")
        for mlist in (self.mlist, self.other_list):
            subscribed = self._subscribed(mlist)
            self.assertNotIn(self.by_email, subscribed)
            self.assertNotIn(self.by_mobile, subscribed)
        self.assertIn(self.stranger, self._subscribed(self.other_list))
        self.assertTrue(self.by_email.is_blacklisted)
        self.assertTrue(self.by_mobile.phone_sanitized_blacklisted)
        # the segment and its list leave her out from now on
        self.segment.action_sync_mailing_list()
        self.assertNotIn(self.hoa, self.segment.member_ids)
        self.assertIn(self.thu, self.segment.member_ids)
        self.assertNotIn(self.by_email, self._subscribed(self.mlist))

    def test_restriction_and_erasure_leave_segments_and_lists(self):
        self._request(self.hoa, "objection")
        self._request(self.thu, "erasure")
        self.segment.action_sync_mailing_list()
        self.assertFalse(self.segment.member_ids & (self.hoa | self.thu))
        self.assertFalse(self._subscribed(self.mlist))
        self.assertNotIn(self.by_mobile, self._subscribed(self.other_list))
        # the restricted customer keeps her consents (a restriction is not a
        # withdrawal) but no list reaches her
        self.assertTrue(self.hoa.ecrm_consent_email)
        self.assertEqual(self.segment.preview_count, 0)

    def test_mailing_to_customers_skips_excluded_ones(self):
        self._request(self.hoa, "restriction")
        mailing = self.env["mailing.mailing"].create(
            {
                "subject": "Ưu đãi",
                "mailing_model_id": self.env["ir.model"]._get_id("res.partner"),
                "mailing_domain": repr([("id", "in", (self.hoa | self.thu).ids)]),
            }
        )
        self.assertEqual(mailing._get_opt_out_list(), {"hoa.dinh@example.vn"})
        mailing.mailing_type = "sms"
        self.assertEqual(mailing._get_opt_out_list_sms(), self.hoa.ids)
