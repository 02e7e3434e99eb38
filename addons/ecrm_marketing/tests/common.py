# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.tests import TransactionCase, new_test_user


def create_points_program(env, name, **vals):
    """An automatic loyalty program on every order giving 1 point per
    10,000 VND, with ``vals`` on top."""
    return env["loyalty.program"].create(
        {
            "name": name,
            "program_type": "loyalty",
            "applies_on": "both",
            "trigger": "auto",
            "rule_ids": [
                Command.clear(),
                Command.create(
                    {"reward_point_mode": "money", "reward_point_amount": 0.0001}
                ),
            ],
            **vals,
        }
    )


def deactivate_other_auto_programs(program):
    """Only ``program`` gives points automatically during the test."""
    program.env["loyalty.program"].search(
        [("id", "!=", program.id), ("trigger", "=", "auto")]
    ).active = False


class EcrmMarketingCase(TransactionCase):
    """A company loyalty program (1 point per 10,000 VND), the demo tier ladder
    (0 / 500 / 2,000 / 5,000 points, x1 / x1.2 / x1.5 / x2), a tax-free product
    and users of each eCRM group."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.ref("base.main_company")
        cls.program = create_points_program(
            cls.env,
            "Tích điểm test",
            reward_ids=[
                Command.clear(),
                Command.create(
                    {
                        "reward_type": "discount",
                        "discount_mode": "per_order",
                        "discount": 50000,
                        "required_points": 100000,
                    }
                ),
            ],
        )
        deactivate_other_auto_programs(cls.program)
        cls.company.write(
            {
                "ecrm_loyalty_program_id": cls.program.id,
                "ecrm_points_validity_months": 12,
                "ecrm_tier_basis": "points",
            }
        )
        cls.tier_member = cls.env.ref("ecrm_marketing.tier_member")
        cls.tier_silver = cls.env.ref("ecrm_marketing.tier_silver")
        cls.tier_gold = cls.env.ref("ecrm_marketing.tier_gold")
        cls.tier_diamond = cls.env.ref("ecrm_marketing.tier_diamond")
        cls.product = cls.env["product.product"].create(
            {
                "name": "Nồi cơm điện Sao Việt",
                "list_price": 1000000,
                "type": "consu",
                "taxes_id": [Command.clear()],
                "default_code": "TEST-NCD",
            }
        )
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Trần Thị Mai",
                "email": "mai.tran@example.vn",
                "phone": "+84912000111",
                "lang": "vi_VN",
            }
        )
        cls.marketing = new_test_user(
            cls.env,
            "t_mkt_user",
            groups="base.group_user,ecrm_core.group_ecrm_marketing",
        )
        cls.telesales = new_test_user(
            cls.env,
            "t_tls_user",
            groups="base.group_user,ecrm_core.group_ecrm_telesales",
        )
        cls.service = new_test_user(
            cls.env,
            "t_cs_user",
            groups="base.group_user,ecrm_core.group_ecrm_customer_service",
        )

    @classmethod
    def _create_email_audience(cls):
        """Facebook customers of the "other" gender: ``ok`` agreed to emails,
        ``no_consent`` did not, ``blacklisted`` agreed but is on the mail
        blacklist. The values they share, for more of them."""
        Partner = cls.env["res.partner"]
        base = {"ecrm_origin_channel": "facebook", "ecrm_gender": "other"}
        cls.ok = Partner.create(
            {
                **base,
                "name": "Ngô Thanh Vân",
                "email": "van.ngo@example.vn",
                "ecrm_consent_email": True,
            }
        )
        cls.no_consent = Partner.create(
            {**base, "name": "Bùi Văn Long", "email": "long.bui@example.vn"}
        )
        cls.blacklisted = Partner.create(
            {
                **base,
                "name": "Hoàng Yến",
                "email": "yen.hoang@example.vn",
                "ecrm_consent_email": True,
            }
        )
        cls.env["mail.blacklist"].create({"email": "yen.hoang@example.vn"})
        return base

    @classmethod
    def _order(cls, partner=None, amount=1000000, channel="store", **vals):
        """A draft order of ``amount`` VND (tax free) for ``partner``."""
        return cls.env["sale.order"].create(
            {
                "partner_id": (partner or cls.customer).id,
                "ecrm_sales_channel": channel,
                "order_line": [
                    Command.create(
                        {
                            "product_id": cls.product.id,
                            "product_uom_qty": 1,
                            "price_unit": amount,
                            "tax_id": [Command.clear()],
                        }
                    )
                ],
                **vals,
            }
        )

    def _card(self, partner=None):
        return self.env["loyalty.card"].search(
            [
                ("program_id", "=", self.program.id),
                ("partner_id", "=", (partner or self.customer).id),
            ]
        )

    def _points(self, partner=None):
        return sum(self._card(partner).mapped("points"))
