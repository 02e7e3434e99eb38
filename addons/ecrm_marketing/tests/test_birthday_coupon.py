# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.tests import tagged

from .common import EcrmMarketingCase


@tagged("post_install", "-at_install")
class TestBirthdayCoupon(EcrmMarketingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.birthday_program = cls.env["loyalty.program"].create(
            {
                "name": "Sinh nhật test",
                "program_type": "coupons",
                "trigger": "with_code",
                "applies_on": "current",
                "reward_ids": [
                    Command.clear(),
                    Command.create(
                        {
                            "reward_type": "discount",
                            "discount_mode": "per_order",
                            "discount": 100000,
                            "required_points": 1,
                        }
                    ),
                ],
            }
        )
        cls.company.ecrm_birthday_program_id = cls.birthday_program
        today = fields.Date.context_today(cls.env.user)
        cls.this_week = today - relativedelta(years=30)
        cls.next_month = today + relativedelta(months=1) - relativedelta(years=25)
        Partner = cls.env["res.partner"]
        cls.email_ok = Partner.create(
            {
                "name": "Châu Ngọc Lan",
                "email": "lan@example.vn",
                "ecrm_birthday": cls.this_week,
                "ecrm_consent_email": True,
            }
        )
        cls.sms_ok = Partner.create(
            {
                "name": "Kiều Minh Tuấn",
                "phone": "+84903111222",
                "ecrm_birthday": cls.this_week,
                "ecrm_consent_sms": True,
            }
        )
        cls.no_consent = Partner.create(
            {
                "name": "Mạc Văn Khoa",
                "email": "khoa@example.vn",
                "ecrm_birthday": cls.this_week,
            }
        )
        cls.later = Partner.create(
            {
                "name": "Hồ Ngọc Hà",
                "email": "ha@example.vn",
                "ecrm_birthday": cls.next_month,
                "ecrm_consent_email": True,
            }
        )

    def _coupons(self, partner):
        return self.env["loyalty.card"].search(
            [
                ("program_id", "=", self.birthday_program.id),
                ("partner_id", "=", partner.id),
            ]
        )

    def test_coupon_for_consenting_customers_with_birthday_this_week(self):
        self.env["res.partner"]._cron_ecrm_birthday_coupons()
        coupon = self._coupons(self.email_ok)
        self.assertEqual(len(coupon), 1)
        self.assertEqual(coupon.points, 1)
        self.assertEqual(coupon.ecrm_birthday_year, fields.Date.today().year)
        self.assertTrue(coupon.expiration_date)
        self.assertEqual(len(self._coupons(self.sms_ok)), 1)
        self.assertFalse(self._coupons(self.no_consent), "no consent, no coupon")
        self.assertFalse(self._coupons(self.later), "not this week")

    def test_not_twice_in_the_same_year(self):
        self.env["res.partner"]._cron_ecrm_birthday_coupons()
        again = self.env["res.partner"]._cron_ecrm_birthday_coupons()
        self.assertFalse(again & self._coupons(self.email_ok))
        self.assertEqual(len(self._coupons(self.email_ok)), 1)

    def test_week_runs_monday_to_sunday_and_covers_29_february(self):
        Partner = self.env["res.partner"]
        days = Partner._ecrm_birthday_week_days(date(2027, 3, 3))  # a Wednesday
        self.assertEqual(
            days[:7], ["03-01", "03-02", "03-03", "03-04", "03-05", "03-06", "03-07"]
        )
        self.assertIn("02-29", days)
        self.assertNotIn("02-29", Partner._ecrm_birthday_week_days(date(2027, 6, 2)))
