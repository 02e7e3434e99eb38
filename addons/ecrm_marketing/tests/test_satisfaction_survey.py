# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from odoo.addons.ecrm_core.tests.common import answer_satisfaction_survey

from .common import EcrmMarketingCase


@tagged("post_install", "-at_install")
class TestSatisfactionSurvey(EcrmMarketingCase):
    """The yearly satisfaction survey reaches a segment's members who agreed to
    the channel; answers land on the profile; a low score is followed up."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        base = cls._create_email_audience()
        cls.withdrawn = Partner.create(
            {
                **base,
                "name": "Đặng Thùy Trâm",
                "email": "tram.dang@example.vn",
                "ecrm_consent_email": True,
            }
        )
        cls.withdrawn.sudo().write({"ecrm_consent_withdrawn_date": "2026-01-05"})
        cls.sms_ok = Partner.create(
            {
                **base,
                "name": "Phan Văn Khải",
                "mobile": "0912 345 601",
                "ecrm_consent_sms": True,
            }
        )
        cls.outsider = Partner.create(
            {
                "name": "Vũ Thị Lan",
                "email": "lan.vu@example.vn",
                "ecrm_consent_email": True,
                "ecrm_origin_channel": "store",
            }
        )
        cls.segment = cls.env["ecrm.segment"].create(
            {
                "name": "Facebook, giới tính khác",
                "origin_channel": "facebook",
                "gender": "other",
            }
        )
        cls.segment.action_recompute()
        cls.survey = cls.env.ref("ecrm_core.survey_customer_satisfaction")
        cls.survey.user_id = cls.service
        cls.Campaign = cls.env["ecrm.satisfaction.campaign"]

    def _campaign(self, channel="email", user=None):
        return self.Campaign.with_user(user or self.marketing).create(
            {
                "name": "Khảo sát hài lòng 2026",
                "segment_id": self.segment.id,
                "channel": channel,
            }
        )

    def _invitations(self, campaign):
        return self.env["survey.user_input"].search(
            [("ecrm_campaign_id", "=", campaign.id)]
        )

    _answer = staticmethod(answer_satisfaction_survey)

    def test_email_survey_reaches_only_members_with_email_consent(self):
        campaign = self._campaign()
        self.assertEqual(campaign.survey_id, self.survey)
        campaign.with_user(self.marketing).action_send()
        invited = self._invitations(campaign)
        self.assertEqual(invited.partner_id, self.ok)
        self.assertEqual(campaign.last_sent_count, 1)
        mail = self.env["mail.mail"].search(
            [("model", "=", "survey.user_input"), ("res_id", "=", invited.id)]
        )
        self.assertEqual(mail.recipient_ids, self.ok)
        self.assertIn(invited.access_token, mail.body_html)
        self.assertIn("Trả lời khảo sát", mail.body_html)
        self.assertFalse(self.env["sms.sms"].search([("partner_id", "=", self.ok.id)]))
        # Sent again within the year: nobody is asked twice.
        campaign.action_send()
        self.assertEqual(len(self._invitations(campaign)), 1)
        self.assertEqual(campaign.invitation_count, 1)

    def test_sms_survey_reaches_only_members_with_sms_consent(self):
        campaign = self._campaign(channel="sms")
        campaign.with_user(self.marketing).action_send()
        invited = self._invitations(campaign)
        self.assertEqual(invited.partner_id, self.sms_ok)
        sms = self.env["sms.sms"].search([("partner_id", "=", self.sms_ok.id)])
        self.assertEqual(sms.number, "+84912345601")
        self.assertEqual(sms.state, "outgoing")
        self.assertIn(invited.access_token, sms.body)
        self.assertFalse(
            self.env["mail.mail"].search(
                [("model", "=", "survey.user_input"), ("res_id", "=", invited.id)]
            )
        )

    def test_answer_lands_on_profile_and_feeds_the_trend(self):
        campaign = self._campaign()
        campaign.action_send()
        user_input = self._invitations(campaign)
        response = self._answer(
            user_input, 5, 10, "Giao hàng nhanh, nhân viên dễ thương"
        )
        self.assertRecordValues(
            response,
            [
                {
                    "partner_id": self.ok.id,
                    "csat": 5,
                    "nps": 10,
                    "has_nps": True,
                    "comment": "Giao hàng nhanh, nhân viên dễ thương",
                    "source": "campaign",
                    "campaign_id": campaign.id,
                    "channel": "facebook",
                    "is_low": False,
                }
            ],
        )
        self.assertRecordValues(
            self.ok,
            [
                {
                    "ecrm_satisfaction_csat": 5,
                    "ecrm_satisfaction_nps": 10,
                    "ecrm_satisfaction_comment": "Giao hàng nhanh, nhân viên dễ thương",
                }
            ],
        )
        self.assertTrue(self.ok.ecrm_satisfaction_date)
        self.assertFalse(response.activity_id)
        self.assertEqual(campaign.response_count, 1)
        report = self.env["ecrm.satisfaction.report"].search(
            [("channel", "=", "facebook"), ("source", "=", "campaign")]
        )
        self.assertEqual(len(report), 1)
        self.assertEqual(report.csat, 5)
        self.assertEqual(report.nps, 100)

    def test_low_score_opens_a_follow_up_for_customer_service(self):
        campaign = self._campaign()
        campaign.action_send()
        response = self._answer(self._invitations(campaign), 2, 3, "Hàng giao sai màu")
        self.assertTrue(response.is_low)
        activity = response.activity_id
        self.assertTrue(activity)
        self.assertEqual(activity.res_model, "res.partner")
        self.assertEqual(activity.res_id, self.ok.id)
        self.assertEqual(activity.user_id, self.service)
        self.assertIn("Hàng giao sai màu", str(activity.note))
        # Customer service sees the answer; telesales does not.
        self.assertEqual(
            self.env["ecrm.satisfaction.response"]
            .with_user(self.service)
            .search([("partner_id", "=", self.ok.id)]),
            response,
        )
        with self.assertRaises(AccessError):
            self.env["ecrm.satisfaction.response"].with_user(self.telesales).search([])

    def test_a_test_entry_or_another_survey_leaves_no_score(self):
        campaign = self._campaign()
        campaign.action_send()
        user_input = self._invitations(campaign)
        user_input.test_entry = True
        self.assertFalse(self._answer(user_input, 1, 0, "thử"))
        self.assertFalse(self.ok.ecrm_satisfaction_date)

    def test_rights(self):
        with self.assertRaises(AccessError):
            self._campaign(user=self.telesales)
        with self.assertRaises(AccessError):
            self._campaign(user=self.service)
        campaign = self._campaign()
        self.assertEqual(
            self.Campaign.with_user(self.service).search([("id", "=", campaign.id)]),
            campaign,
        )
        with self.assertRaises(AccessError):
            campaign.with_user(self.service).action_send()
        with self.assertRaises(AccessError):
            campaign.with_user(self.telesales).read(["name"])

    def test_at_least_yearly(self):
        with self.assertRaises(ValidationError):
            self.Campaign.create(
                {
                    "name": "Hai năm một lần",
                    "segment_id": self.segment.id,
                    "interval_months": 24,
                }
            )

    def test_cron_sends_due_campaigns_and_plans_the_next(self):
        campaign = self._campaign()
        self.Campaign._cron_ecrm_send_due()
        self.assertEqual(self._invitations(campaign).partner_id, self.ok)
        self.assertGreater(campaign.next_date, campaign.create_date.date())

    def test_erasure_and_export_cover_survey_answers(self):
        manager = self.env["res.users"].create(
            {
                "name": "Quản lý",
                "login": "t_sat_mgr",
                "groups_id": [
                    (
                        6,
                        0,
                        [
                            self.env.ref("base.group_user").id,
                            self.env.ref("ecrm_core.group_ecrm_manager").id,
                        ],
                    )
                ],
            }
        )
        campaign = self._campaign()
        campaign.action_send()
        user_input = self._invitations(campaign)
        response = self._answer(user_input, 4, 9, "Rất hài lòng với cửa hàng Quận 1")
        data = self.ok.with_user(manager)._ecrm_personal_data()
        self.assertEqual(data["satisfaction"][0]["csat"], 4)
        self.assertEqual(data["satisfaction"][0]["nps"], 9)
        self.assertIn(
            "Rất hài lòng với cửa hàng Quận 1",
            [row["answer"] for row in data["survey_answers"]],
        )
        self.ok.with_user(manager).action_ecrm_anonymise()
        self.assertFalse(user_input.exists())
        self.assertTrue(response.exists())
        self.assertEqual(response.csat, 4)
        self.assertFalse(response.comment)
        self.assertFalse(self.ok.ecrm_satisfaction_comment)

    def test_survey_users_outside_marketing_cannot_read_the_answers(self):
        campaign = self._campaign()
        campaign.action_send()
        user_input = self._invitations(campaign)
        self._answer(user_input, 3, 7, "Bình thường")
        # every internal user is a Surveys user by default
        survey_user = self.env.ref("survey.group_survey_user")
        self.telesales.groups_id = [(4, survey_user.id)]
        Input = self.env["survey.user_input"]
        self.assertFalse(
            Input.with_user(self.telesales).search([("id", "=", user_input.id)])
        )
        with self.assertRaises(AccessError):
            user_input.with_user(self.telesales).read(["partner_id"])
        self.assertFalse(
            self.env["survey.user_input.line"]
            .with_user(self.telesales)
            .search([("user_input_id", "=", user_input.id)])
        )
        self.assertEqual(
            Input.with_user(self.marketing).search([("id", "=", user_input.id)]),
            user_input,
        )
