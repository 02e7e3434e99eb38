# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL


class ResPartner(models.Model):
    _inherit = "res.partner"

    ecrm_tier_id = fields.Many2one(
        "ecrm.loyalty.tier",
        string="Loyalty Tier",
        readonly=True,
        index="btree_not_null",
        copy=False,
        help="Recomputed nightly and whenever an order changes the customer's score.",
    )
    ecrm_tier_history_ids = fields.One2many(
        "ecrm.loyalty.tier.history", "partner_id", string="Tier History", readonly=True
    )
    ecrm_loyalty_card_id = fields.Many2one(
        "loyalty.card", compute="_compute_ecrm_loyalty", string="Loyalty Card"
    )
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

    @api.depends_context("company")
    def _compute_ecrm_loyalty(self):
        program = self.env.company.ecrm_loyalty_program_id
        cards = {}
        if program and self.ids:
            cards = self.env["loyalty.card"]._ecrm_cards_for(program, self)
        for partner in self:
            card = cards.get(partner.id, self.env["loyalty.card"])
            partner.ecrm_loyalty_card_id = card
            partner.ecrm_loyalty_points = card.points
            partner.ecrm_points_expiry_date = card.ecrm_points_expiry_date

    def action_ecrm_open_loyalty_history(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Loyalty Points"),
            "res_model": "loyalty.history",
            "view_mode": "list",
            "domain": [("card_id", "=", self.ecrm_loyalty_card_id.id)],
            "context": {"create": False},
        }

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
        """Set the tier of the partners of an id range in one UPDATE.

        Only partners with a score or a tier of this company are considered.
        Returns the tier history records written for the partners who moved.
        """
        since = fields.Datetime.now() - relativedelta(months=12)
        only = SQL("AND p.id = ANY(%s)", list(partner_ids)) if partner_ids else SQL()
        query = SQL(
            """WITH score AS (%(score)s),
               target AS (
                   SELECT p.id, p.ecrm_tier_id AS old_tier,
                          COALESCE(s.score, 0) AS score,
                          (SELECT t.id FROM ecrm_loyalty_tier t
                            WHERE t.company_id = %(company)s AND t.active
                              AND t.min_points <= COALESCE(s.score, 0)
                         ORDER BY t.min_points DESC LIMIT 1) AS new_tier
                     FROM res_partner p
                LEFT JOIN score s ON s.partner_id = p.id
                    WHERE p.id BETWEEN %(id_from)s AND %(id_to)s %(only)s
                      AND (s.partner_id IS NOT NULL OR p.ecrm_tier_id IN (
                           SELECT id FROM ecrm_loyalty_tier
                            WHERE company_id = %(company)s))
               )
               UPDATE res_partner p SET ecrm_tier_id = target.new_tier
                 FROM target
                WHERE p.id = target.id
                  AND p.ecrm_tier_id IS DISTINCT FROM target.new_tier
            RETURNING p.id, target.old_tier, target.new_tier, target.score""",
            score=self._ecrm_tier_score_query(company, id_from, id_to, since),
            company=company.id,
            id_from=id_from,
            id_to=id_to,
            only=only,
        )
        self.env.flush_all()
        rows = self.env.execute_query(query)
        if not rows:
            return self.env["ecrm.loyalty.tier.history"]
        self.browse([row[0] for row in rows]).invalidate_recordset(["ecrm_tier_id"])
        # sudo: the tier log is written for whoever confirmed the order.
        changes = (
            self.env["ecrm.loyalty.tier.history"]
            .sudo()
            .create(
                [
                    {
                        "partner_id": pid,
                        "company_id": company.id,
                        "old_tier_id": old,
                        "new_tier_id": new,
                        "points": score,
                    }
                    for pid, old, new, score in rows
                ]
            )
        )
        changes._ecrm_send_tier_mail()
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
        ICP = self.env["ir.config_parameter"].sudo()
        key = "ecrm_marketing.tier_cron_last_id"
        in_cron = bool(self.env.context.get("ir_cron_progress_id"))
        last_id = int(ICP.get_param(key, 0))
        max_id = self.env.execute_query(
            SQL("SELECT COALESCE(MAX(id), 0) FROM res_partner")
        )[0][0]
        companies = self.env["res.company"].search(
            [("ecrm_loyalty_program_id", "!=", False)]
        )
        done = 0
        while last_id < max_id:
            upper = last_id + batch_size
            for company in companies:
                self._ecrm_recompute_tiers_range(company, last_id + 1, upper)
            last_id = upper
            done += 1
            ICP.set_param(key, last_id)
            self.env["ir.cron"]._notify_progress(
                done=done, remaining=max(0, -(-(max_id - last_id) // batch_size))
            )
            if in_cron:
                self.env.cr.commit()  # resumable: the ranges done stay done
        ICP.set_param(key, 0)
        return done
