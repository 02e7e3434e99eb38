# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from odoo.addons.ecrm_core.tests.common import answer_satisfaction_survey
from odoo.addons.ecrm_core.tests.portal_rpc import PortalRpcMixin

from .common import ComplaintCommon


@tagged("post_install", "-at_install")
class TestComplaintSurvey(ComplaintCommon):
    """A resolved complaint asks the same satisfaction survey as the yearly one;
    its CSAT is the complaint's rating and a low score goes back to the agent."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.survey = cls.env.ref("ecrm_core.survey_customer_satisfaction")
        cls.team_cs.ecrm_survey_id = cls.survey
        cls.ticket = cls._complaint(user_id=cls.agent.id)

    _answer = staticmethod(answer_satisfaction_survey)

    def test_closing_sends_the_survey_instead_of_the_rating(self):
        self._close(self.ticket.with_user(self.agent))
        user_input = self.ticket.ecrm_survey_input_id
        self.assertEqual(user_input.partner_id, self.customer)
        self.assertEqual(user_input.ecrm_ticket_id, self.ticket)
        self.assertEqual(user_input.ecrm_source, "complaint")
        message = self.ticket.message_ids.filtered(
            lambda m: user_input.access_token in (m.body or "")
        )
        self.assertTrue(message, "the customer gets the survey link")
        self.assertIn("đã được giải quyết", message.body)
        self.assertNotIn("/rate/", message.body)

    def test_low_score_rates_the_complaint_and_goes_back_to_the_agent(self):
        self._close(self.ticket.with_user(self.agent))
        response = self._answer(
            self.ticket.ecrm_survey_input_id, 1, 2, "Hoàn tiền quá chậm"
        )
        self.assertRecordValues(
            response,
            [
                {
                    "partner_id": self.customer.id,
                    "source": "complaint",
                    "ticket_id": self.ticket.id,
                    "category_id": self.cat_delivery.id,
                    "csat": 1,
                    "is_low": True,
                }
            ],
        )
        self.assertEqual(self.ticket.rating_last_value, 1)
        self.assertEqual(response.activity_id.user_id, self.agent)
        self.assertEqual(self.customer.ecrm_satisfaction_csat, 1)
        report = self.env["ecrm.satisfaction.report"].search(
            [("category_id", "=", self.cat_delivery.id), ("source", "=", "complaint")]
        )
        self.assertEqual(report.csat, 1)
        self.assertEqual(report.nps, -100)
        self.assertEqual(report.low_count, 1)

    def test_team_without_survey_keeps_the_rating_email(self):
        ticket = self._complaint(team_id=self.team_warehouse.id)
        self._close(ticket)
        self.assertFalse(ticket.ecrm_survey_input_id)
        self.assertTrue(
            ticket.message_ids.filtered(lambda m: "/rate/" in (m.body or ""))
        )

    def test_customer_excluded_from_processing_gets_no_survey(self):
        self.customer.sudo().ecrm_processing_restricted = True
        self._close(self.ticket)
        self.assertFalse(self.ticket.ecrm_survey_input_id)

    def test_trend_rights(self):
        self._close(self.ticket)
        self._answer(self.ticket.ecrm_survey_input_id, 5, 9, "")
        Report = self.env["ecrm.satisfaction.report"]
        self.assertTrue(Report.with_user(self.agent).search([]))
        with self.assertRaises(AccessError):
            Report.with_user(self.customer_user).search([])
        with self.assertRaises(AccessError):
            Report.with_user(self.supplier_user).search([])
        with self.assertRaises(AccessError):
            self.env["ecrm.satisfaction.response"].with_user(self.supplier_user).search(
                []
            )


@tagged("post_install", "-at_install")
class TestComplaintSurveyOnline(PortalRpcMixin, ComplaintCommon, HttpCase):
    """The customer answers on the survey's public pages, with the link only."""

    def test_customer_answers_with_the_link_of_the_email(self):
        survey = self.env.ref("ecrm_core.survey_customer_satisfaction")
        self.team_cs.ecrm_survey_id = survey
        ticket = self._complaint(user_id=self.agent.id)
        self._close(ticket)
        user_input = ticket.ecrm_survey_input_id
        page = self.url_open(user_input.get_start_url())
        self.assertEqual(page.status_code, 200)
        self.assertIn("Khảo sát mức độ hài lòng của khách hàng", page.text)
        base = f"/survey/%s/{survey.access_token}/{user_input.access_token}"
        begin = self.json_rpc(base % "begin", {})
        self.assertNotIn("error", begin)
        questions = {q.ecrm_satisfaction_role: q for q in survey.question_ids}
        answer = self.json_rpc(
            base % "submit",
            {
                str(questions["csat"].id): "2",
                str(questions["nps"].id): "5",
                str(questions["comment"].id): "Nhân viên hứa gọi lại nhưng không gọi",
            },
        )
        self.assertNotIn("error", answer)
        self.assertNotIn("error", answer["result"][1])
        user_input.invalidate_recordset()
        self.assertEqual(user_input.state, "done")
        response = user_input.ecrm_response_ids
        self.assertEqual((response.csat, response.nps), (2, 5))
        self.assertEqual(response.ticket_id, ticket)
        self.assertEqual(response.activity_id.user_id, self.agent)
        self.assertEqual(ticket.rating_last_value, 2)
        self.assertEqual(
            self.customer.ecrm_satisfaction_comment,
            "Nhân viên hứa gọi lại nhưng không gọi",
        )
        # the link cannot be used twice
        again = self.json_rpc(base % "submit", {str(questions["csat"].id): "5"})
        self.assertTrue(again["result"][1].get("error"), again)
        response.invalidate_recordset()
        self.assertEqual(response.csat, 2)
