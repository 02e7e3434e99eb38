# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import EcrmProfileCase


@tagged("post_install", "-at_install")
class TestConsent(EcrmProfileCase):
    """Consent changes only through "Change consent", with its source and date."""

    def test_agent_cannot_tick_consent_on_the_profile(self):
        for user in (self.telesales, self.service, self.manager):
            with self.assertRaises(AccessError):
                self.lan.with_user(user).write({"ecrm_consent_email": True})
            with self.assertRaises(AccessError):
                self.lan.with_user(user).write({"ecrm_consent_sms_source": "web"})
            with self.assertRaises(AccessError):
                self.lan.with_user(user).write(
                    {"ecrm_anonymised_date": fields.Datetime.now()}
                )
        with self.assertRaises(AccessError):
            self.Partner.with_user(self.telesales).create(
                {"name": "Vũ Thị Hoa", "ecrm_consent_sms": True}
            )
        self.assertFalse(self.lan.ecrm_consent_email)
        # Editing the rest of the profile is unaffected.
        self.lan.with_user(self.manager).write({"ecrm_gender": "female"})
        self.assertEqual(self.lan.ecrm_gender, "female")

    def test_wizard_records_consent_with_source_and_date(self):
        when = fields.Datetime.now() - timedelta(days=2)
        form = Form(
            self.env["ecrm.consent.wizard"]
            .with_user(self.telesales)
            .with_context(default_partner_id=self.lan.id)
        )
        form.channel = "sms"
        form.decision = "given"
        form.source = "phone"
        form.date = when
        form.save().action_apply()
        self.assertTrue(self.lan.ecrm_consent_sms)
        self.assertEqual(self.lan.ecrm_consent_sms_source, "phone")
        self.assertEqual(self.lan.ecrm_consent_sms_date, when)
        self.assertIn("SMS given", self.lan.message_ids[:1].body)
        # Withdrawn through the same method another addon extends.
        self.lan.with_user(self.service)._ecrm_set_consent("sms", False, "paper")
        self.assertFalse(self.lan.ecrm_consent_sms)
        self.assertEqual(self.lan.ecrm_consent_sms_source, "paper")

    def test_wizard_refuses_bad_input(self):
        with self.assertRaises(ValidationError):
            self.lan._ecrm_set_consent("fax", True, "web")
        with self.assertRaises(ValidationError):
            self.lan._ecrm_set_consent("email", True, False)
        with self.assertRaises(ValidationError):
            self.lan._ecrm_set_consent(
                "email", True, "web", fields.Datetime.now() + timedelta(days=1)
            )
        self.assertFalse(self.lan.ecrm_consent_email)

    def test_only_customer_facing_roles_change_consent(self):
        portal = new_test_user(self.env, "t_consent_portal", groups="base.group_portal")
        department = new_test_user(
            self.env,
            "t_consent_dept",
            groups="base.group_user,ecrm_core.group_ecrm_department",
        )
        for user in (portal, department):
            with self.assertRaises(AccessError):
                self.lan.with_user(user)._ecrm_set_consent("email", True, "web")
        self.assertFalse(self.lan.ecrm_consent_email)
