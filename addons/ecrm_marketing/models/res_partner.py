# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import calendar

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.tools import SQL

from odoo.addons.ecrm_core.tools import batch as batch_tools

# Up to this many tier changes at once (an order, a cancellation), the mails
# leave with the change; above (the nightly run), the scheduler sends them.
TIER_MAILS_AT_ONCE = 100


class ResPartner(models.Model):
    _inherit = "res.partner"

    # One tier per company (the ladder and the points are per company): a
    # customer buying in two companies holds a tier in each, and neither run
    # overwrites the other's.
    ecrm_tier_id = fields.Many2one(
        "ecrm.loyalty.tier",
        string="Loyalty Tier",
        company_dependent=True,
        readonly=True,
        copy=False,
        help="Recomputed nightly and whenever an order changes the customer's "
        "score, in each company.",
    )
    ecrm_tier_history_ids = fields.One2many(
        "ecrm.loyalty.tier.history", "partner_id", string="Tier History", readonly=True
    )
    ecrm_loyalty_card_id = fields.Many2one(
        "loyalty.card", compute="_compute_ecrm_loyalty", string="Loyalty Card"
    )
    ecrm_has_loyalty_card = fields.Boolean(compute="_compute_ecrm_loyalty")
    ecrm_loyalty_points = fields.Float(
        "Loyalty Points", compute="_compute_ecrm_loyalty"
    )
    ecrm_points_expiry_date = fields.Date(
        "Points Expiry", compute="_compute_ecrm_loyalty"
    )

    ecrm_segment_ids = fields.Many2many(
        "ecrm.segment",
        "ecrm_segment_member_rel",
        "partner_id",
        "segment_id",
        string="Segments",
        readonly=True,
        copy=False,
    )

    @api.model
    def _ecrm_owned_fields(self):
        # The tier is set by orders and the nightly job (in SQL), never by hand.
        return super()._ecrm_owned_fields() | {"ecrm_tier_id"}

    @api.depends_context("company")
    def _compute_ecrm_loyalty(self):
        program = self.env.company.ecrm_loyalty_program_id
        cards = {}
        saved = self._origin.filtered("id")
        if program and saved:
            cards = self.env["loyalty.card"]._ecrm_cards_for(program, saved)
        for partner in self:
            card = cards.get(partner._origin.id, self.env["loyalty.card"])
            partner.ecrm_loyalty_card_id = card
            partner.ecrm_has_loyalty_card = bool(card)
            partner.ecrm_loyalty_points = card.points
            partner.ecrm_points_expiry_date = card.ecrm_points_expiry_date

    def action_ecrm_open_loyalty_history(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Loyalty Points"),
            "res_model": "loyalty.history",
            "view_mode": "list",
            "domain": [("card_id", "=", self.ecrm_loyalty_card_id.id)],
            "context": {"create": False},
        }

    def _ecrm_loyalty_portal_values(self):
        """What the customer sees of their loyalty on the portal."""
        self.ensure_one()
        # sudo: portal users read their own card, tier and history only.
        partner = self.sudo()
        card = partner.ecrm_loyalty_card_id
        return {
            "has_loyalty": int(bool(card or partner.ecrm_tier_id)),
            "ecrm_partner": partner,
            "ecrm_card": card,
            "ecrm_tier": partner.ecrm_tier_id,
            "ecrm_points": partner.ecrm_loyalty_points,
            "ecrm_expiry": partner.ecrm_points_expiry_date,
            "ecrm_tier_history": partner.ecrm_tier_history_ids[:20],
            "ecrm_points_history": card.history_ids[:20],
            "ecrm_next_tier": self.env["ecrm.loyalty.tier"]
            .sudo()
            .search(
                [
                    ("company_id", "=", self.env.company.id),
                    ("min_points", ">", partner.ecrm_tier_id.min_points or 0),
                ],
                order="min_points",
                limit=1,
            ),
        }

    # ------------------------------------------------------------------
    # Birthday coupons
    # ------------------------------------------------------------------
    @api.model
    def _ecrm_birthday_week_days(self, today):
        """'MM-DD' of the days of the week (Monday to Sunday) containing today."""
        monday = today - relativedelta(days=today.weekday())
        days = [(monday + relativedelta(days=i)).strftime("%m-%d") for i in range(7)]
        leap = calendar.isleap(today.year)
        if not leap and ("02-28" in days or "03-01" in days):
            days.append("02-29")  # born on 29 February: celebrated anyway
        return days

    @api.model
    def _cron_ecrm_birthday_coupons(self, batch_size=1000):
        """A birthday coupon for customers whose birthday is this week.

        Only customers who accept marketing emails or SMS, once a year, in the
        coupon program chosen in the settings. Batched and resumable.
        """
        today = fields.Date.context_today(self)
        created = self.env["loyalty.card"]
        for company in self.env["res.company"].search(
            [("ecrm_birthday_program_id", "!=", False)]
        ):
            program = company.ecrm_birthday_program_id
            points = max(program.reward_ids.mapped("required_points") or [1])
            self.env.flush_all()
            partner_ids = [
                row[0]
                for row in self.env.execute_query(
                    SQL(
                        """SELECT p.id FROM res_partner p
                            WHERE p.active AND p.ecrm_birthday IS NOT NULL
                              AND (p.company_id IS NULL OR p.company_id = %(company)s)
                              AND (p.ecrm_consent_email OR p.ecrm_consent_sms)
                              AND to_char(p.ecrm_birthday, 'MM-DD') = ANY(%(days)s)
                              AND NOT EXISTS (
                                  SELECT 1 FROM loyalty_card c
                                   WHERE c.partner_id = p.id
                                     AND c.program_id = %(program)s
                                     AND c.ecrm_birthday_year = %(year)s)
                         ORDER BY p.id""",
                        company=company.id,
                        days=self._ecrm_birthday_week_days(today),
                        program=program.id,
                        year=today.year,
                    )
                )
            ]
            for chunk in batch_tools.chunks(self.env, partner_ids, batch_size):
                # sudo: the scheduler's user may not manage coupons.
                created |= (
                    self.env["loyalty.card"]
                    .sudo()
                    .create(
                        [
                            {
                                "program_id": program.id,
                                "partner_id": pid,
                                "points": points,
                                "ecrm_birthday_year": today.year,
                                "expiration_date": today + relativedelta(days=30),
                            }
                            for pid in chunk
                        ]
                    )
                )
        return created

    # ------------------------------------------------------------------
    # Tiers
    # ------------------------------------------------------------------
    @api.model
    def _ecrm_tier_score_query(self, company, id_from, id_to, since):
        """SELECT partner_id, score over the last 12 months for one id range."""
        if company.ecrm_tier_basis == "spend":
            return SQL(
                """SELECT so.partner_id, SUM(so.amount_untaxed) AS score
                     FROM sale_order so
                    WHERE so.state = 'sale' AND so.company_id = %(company)s
                      AND so.date_order >= %(since)s
                      AND so.partner_id BETWEEN %(id_from)s AND %(id_to)s
                 GROUP BY so.partner_id""",
                company=company.id,
                since=since,
                id_from=id_from,
                id_to=id_to,
            )
        # Points earned: what was issued (cart points and eCRM points) less what
        # was taken back; rewards spent and expired points do not lower a tier.
        return SQL(
            """SELECT c.partner_id,
                      SUM(h.issued) - SUM(CASE WHEN h.ecrm_kind = 'reversal'
                                               THEN h.used ELSE 0 END) AS score
                 FROM loyalty_history h
                 JOIN loyalty_card c ON c.id = h.card_id
                WHERE c.program_id = %(program)s AND h.create_date >= %(since)s
                  AND c.partner_id BETWEEN %(id_from)s AND %(id_to)s
             GROUP BY c.partner_id""",
            program=company.ecrm_loyalty_program_id.id,
            since=since,
            id_from=id_from,
            id_to=id_to,
        )

    @api.model
    def _ecrm_recompute_tiers_range(self, company, id_from, id_to, partner_ids=None):
        """Set the tier in ``company`` of the partners of an id range in one
        UPDATE (the company's key of the company-dependent tier).

        Only partners with a score or a tier in this company are considered.
        Returns the tier history records written for the partners who moved.
        """
        since = fields.Datetime.now() - relativedelta(months=12)
        only = SQL("AND p.id = ANY(%s)", list(partner_ids)) if partner_ids else SQL()
        tier_sql = SQL("(p.ecrm_tier_id->>%s)::int", str(company.id))
        query = SQL(
            """WITH score AS (%(score)s),
               target AS (
                   SELECT p.id, %(tier)s AS old_tier,
                          COALESCE(s.score, 0) AS score,
                          (SELECT t.id FROM ecrm_loyalty_tier t
                            WHERE t.company_id = %(company)s AND t.active
                              AND t.min_points <= COALESCE(s.score, 0)
                         ORDER BY t.min_points DESC LIMIT 1) AS new_tier
                     FROM res_partner p
                LEFT JOIN score s ON s.partner_id = p.id
                    WHERE p.id BETWEEN %(id_from)s AND %(id_to)s %(only)s
                      AND (s.partner_id IS NOT NULL OR %(tier)s IS NOT NULL)
               ),
               moved AS (
                   UPDATE res_partner p
                      SET ecrm_tier_id = COALESCE(p.ecrm_tier_id, '{}'::jsonb)
                          || jsonb_build_object(%(company_key)s, target.new_tier)
                     FROM target
                    WHERE p.id = target.id
                      AND %(tier)s IS DISTINCT FROM target.new_tier
                RETURNING p.id, target.old_tier, target.new_tier, target.score
               )
               INSERT INTO ecrm_loyalty_tier_history
                      (partner_id, company_id, old_tier_id, new_tier_id, date, points,
                       direction, create_uid, create_date, write_uid, write_date)
               SELECT moved.id, %(company)s, moved.old_tier, moved.new_tier,
                      now() AT TIME ZONE 'UTC', moved.score,
                      CASE WHEN COALESCE(nt.min_points, -1)
                                > COALESCE(ot.min_points, -1)
                           THEN 'up' ELSE 'down' END,
                      %(uid)s, now() AT TIME ZONE 'UTC',
                      %(uid)s, now() AT TIME ZONE 'UTC'
                 FROM moved
            LEFT JOIN ecrm_loyalty_tier ot ON ot.id = moved.old_tier
            LEFT JOIN ecrm_loyalty_tier nt ON nt.id = moved.new_tier
             ORDER BY moved.id
            RETURNING id, partner_id""",
            score=self._ecrm_tier_score_query(company, id_from, id_to, since),
            company=company.id,
            company_key=str(company.id),
            tier=tier_sql,
            id_from=id_from,
            id_to=id_to,
            only=only,
            uid=self.env.uid,
        )
        # One statement moves the partners and logs every move with its
        # direction (the only place that decides it): no ORM round per
        # customer, whatever the number of moves.
        self.env.flush_all()
        rows = self.env.execute_query(query)
        History = self.env["ecrm.loyalty.tier.history"]
        if not rows:
            return History
        self.browse([row[1] for row in rows]).invalidate_recordset(
            ["ecrm_tier_id", "ecrm_tier_history_ids"]
        )
        # sudo: the tier log is written for whoever confirmed the order.
        changes = History.sudo().browse([row[0] for row in rows])
        at_once = self.env.context.get("ecrm_tier_mails_at_once", TIER_MAILS_AT_ONCE)
        if len(changes) <= at_once:
            changes._ecrm_send_tier_mail()
        else:
            # The nightly run can move thousands of customers: their mails are
            # rendered by the scheduler in committed batches, not here.
            changes._ecrm_queue_tier_mail()
        return changes

    def _ecrm_recompute_tiers(self):
        """Recompute at once the tier of these partners (after an order)."""
        partners = self.filtered("id")
        if not partners:
            return self.env["ecrm.loyalty.tier.history"]
        changes = self.env["ecrm.loyalty.tier.history"]
        companies = (
            self.env["res.company"]
            .sudo()
            .search([("ecrm_loyalty_program_id", "!=", False)])
        )
        for company in companies:
            changes |= self._ecrm_recompute_tiers_range(
                company, min(partners.ids), max(partners.ids), partner_ids=partners.ids
            )
        return changes

    @api.model
    def _cron_ecrm_recompute_tiers(self, batch_size=50000):
        """Nightly tier recomputation, one UPDATE per id range and company.

        Resumable: the last range done is kept in a system parameter and each
        range is committed when run by the scheduler.
        """
        max_id = self.env.execute_query(
            SQL("SELECT COALESCE(MAX(id), 0) FROM res_partner")
        )[0][0]
        companies = self.env["res.company"].search(
            [("ecrm_loyalty_program_id", "!=", False)]
        )
        done = 0
        for low, high in batch_tools.id_ranges(
            self.env, "ecrm_marketing.tier_cron_last_id", max_id, batch_size
        ):
            for company in companies:
                self._ecrm_recompute_tiers_range(company, low, high)
            done += 1
        return done
