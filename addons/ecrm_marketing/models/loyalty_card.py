# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from odoo.addons.ecrm_core.tools import batch as batch_tools
from odoo.addons.ecrm_core.tools import in_owned_flow

# Written only by the flows that move points (see ecrm_core.tools.owned_flow).
OWNED_CARD_FIELDS = {"points", "ecrm_last_earn_date", "ecrm_birthday_year"}
# On the cards of a company's eCRM loyalty program, the holder is owned too:
# moving a card moves its points to another customer.
OWNED_LOYALTY_CARD_FIELDS = {"partner_id", "program_id"}


class LoyaltyCard(models.Model):
    _inherit = "loyalty.card"

    ecrm_last_earn_date = fields.Date(
        "Last Earning",
        readonly=True,
        help="Date of the last points earned; points expire a configured number "
        "of months after it.",
    )
    ecrm_birthday_year = fields.Integer(
        "Birthday Year",
        readonly=True,
        index="btree_not_null",
        help="Year of the birthday this coupon was generated for.",
    )
    ecrm_points_expiry_date = fields.Date(
        "Points Expiry", compute="_compute_ecrm_points_expiry_date"
    )

    @api.depends("ecrm_last_earn_date", "company_id.ecrm_points_validity_months")
    def _compute_ecrm_points_expiry_date(self):
        for card in self:
            months = (card.company_id or self.env.company).ecrm_points_validity_months
            start = card.ecrm_last_earn_date or (
                card.create_date and card.create_date.date()
            )
            card.ecrm_points_expiry_date = (
                start + relativedelta(months=months)
                if months and start and card.points > 0
                else False
            )

    @api.model_create_multi
    def create(self, vals_list):
        if not in_owned_flow(self.env) and any(
            vals.get(fname) for vals in vals_list for fname in OWNED_CARD_FIELDS
        ):
            raise self._ecrm_owned_error()
        return super().create(vals_list)

    def write(self, vals):
        if not in_owned_flow(self.env):
            owned = OWNED_CARD_FIELDS & set(vals)
            if OWNED_LOYALTY_CARD_FIELDS & set(vals):
                # sudo: which programs are eCRM loyalty programs is not a secret
                # worth an access error of its own.
                programs = (
                    self.env["res.company"].sudo().search([]).ecrm_loyalty_program_id
                )
                if self.program_id & programs or vals.get("program_id") in programs.ids:
                    owned |= OWNED_LOYALTY_CARD_FIELDS & set(vals)
            if owned:
                raise self._ecrm_owned_error()
        return super().write(vals)

    def _ecrm_owned_error(self):
        return AccessError(
            _(
                "Loyalty points are earned by confirmed orders and taken back by "
                "cancellations and refunds; they cannot be changed by hand."
            )
        )

    @api.model
    def _ecrm_cards_for(self, program, partners, create=False):
        """The loyalty card of each partner in ``program``: {partner id: card}.

        With ``create``, partners without a card get one (in one create).
        """
        # sudo: salespeople confirm orders but do not manage loyalty cards.
        Card = self.sudo().with_context(active_test=True)
        cards = Card.search(
            [("program_id", "=", program.id), ("partner_id", "in", partners.ids)],
            order="id",
        )
        by_partner = {}
        for card in cards:
            by_partner.setdefault(card.partner_id.id, card)
        missing = [p for p in partners.ids if p not in by_partner]
        if create and missing:
            new = Card.with_context(loyalty_no_mail=True).create(
                [
                    {"program_id": program.id, "partner_id": pid, "points": 0}
                    for pid in missing
                ]
            )
            by_partner.update({card.partner_id.id: card for card in new})
        return by_partner

    @api.model
    def _cron_ecrm_expire_points(self, batch_size=1000):
        """Expire the points of cards without earnings for the validity period.

        Batched and resumable: each batch is committed when run by the scheduler,
        which is told how many cards remain.
        """
        today = fields.Date.context_today(self)
        done = 0
        for company in self.env["res.company"].search(
            [
                ("ecrm_loyalty_program_id", "!=", False),
                ("ecrm_points_validity_months", ">", 0),
            ]
        ):
            limit_date = today - relativedelta(
                months=company.ecrm_points_validity_months
            )
            query = SQL(
                """SELECT id FROM loyalty_card
                    WHERE program_id = %(program)s AND points > 0 AND active
                      AND COALESCE(ecrm_last_earn_date, create_date::date) < %(limit)s
                 ORDER BY id""",
                program=company.ecrm_loyalty_program_id.id,
                limit=limit_date,
            )
            self.env.flush_all()
            card_ids = [row[0] for row in self.env.execute_query(query)]
            for chunk in batch_tools.chunks(self.env, card_ids, batch_size):
                cards = self.sudo().browse(chunk)
                self.env["loyalty.history"].sudo().create(
                    [
                        {
                            "card_id": card.id,
                            "description": _("Points expired"),
                            "used": card.points,
                            "ecrm_kind": "expiry",
                        }
                        for card in cards
                    ]
                )
                cards.write({"points": 0})
                done += len(cards)
        return done
