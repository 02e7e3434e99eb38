# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models, tools
from odoo.tools import SQL

from odoo.addons.ecrm_core.tools import batch as batch_tools


class EcrmLoyaltyTierHistory(models.Model):
    _name = "ecrm.loyalty.tier.history"
    _description = "Loyalty Tier Change"
    _order = "date desc, id desc"

    partner_id = fields.Many2one(
        "res.partner", required=True, index=True, ondelete="cascade", readonly=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True
    )
    old_tier_id = fields.Many2one("ecrm.loyalty.tier", "Previous Tier", readonly=True)
    new_tier_id = fields.Many2one("ecrm.loyalty.tier", "New Tier", readonly=True)
    date = fields.Datetime(default=fields.Datetime.now, required=True, readonly=True)
    points = fields.Float(
        "Score", readonly=True, help="Points (or amount spent) over the last 12 months."
    )
    # Written with the move by the tier recompute (res.partner's SQL): the
    # direction at the time of the move, which a later change of the tiers'
    # thresholds does not rewrite.
    direction = fields.Selection([("up", "Up"), ("down", "Down")], readonly=True)
    mail_pending = fields.Boolean(
        "Mail Queued",
        readonly=True,
        copy=False,
        help="The customer's mail about this change waits for the scheduler.",
    )

    def init(self):
        super().init()
        # The scheduler finds the queued mails without reading the whole log.
        tools.create_index(
            self.env.cr,
            "ecrm_loyalty_tier_history_mail_pending_idx",
            self._table,
            ["id"],
            where="mail_pending",
        )

    def _ecrm_mail_worthy_sql(self):
        """SQL condition on the history row ``h`` that deserves a mail: the
        customer has an email and reached a tier. Entering the ladder at its first
        step (0 points) is not news worth a mail, and the first nightly run would
        otherwise mail every customer."""
        return SQL(
            """h.new_tier_id IS NOT NULL
               AND EXISTS (SELECT 1 FROM res_partner p
                            WHERE p.id = h.partner_id
                              AND p.email_normalized IS NOT NULL)
               AND (h.old_tier_id IS NOT NULL
                    OR (SELECT t.min_points FROM ecrm_loyalty_tier t
                         WHERE t.id = h.new_tier_id) > 0)"""
        )

    def _ecrm_mail_worthy(self):
        """The changes among these that deserve a mail (the rule is in SQL once,
        shared with the scheduler's queue)."""
        if not self:
            return self
        self.env.flush_all()
        rows = self.env.execute_query(
            SQL(
                "SELECT h.id FROM ecrm_loyalty_tier_history h "
                "WHERE h.id = ANY(%s) AND %s",
                self.ids,
                self._ecrm_mail_worthy_sql(),
            )
        )
        return self.browse([row[0] for row in rows])

    def _ecrm_queue_tier_mail(self):
        """Queue the mails of these changes for the scheduler, in one UPDATE."""
        if not self or self.env.context.get("ecrm_tier_no_mail"):
            return
        self.env.flush_all()
        self.env.execute_query(
            SQL(
                "UPDATE ecrm_loyalty_tier_history h SET mail_pending = true "
                "WHERE h.id = ANY(%s) AND %s",
                self.ids,
                self._ecrm_mail_worthy_sql(),
            )
        )
        self.invalidate_recordset(["mail_pending"])
        cron = self.env.ref(
            "ecrm_marketing.ir_cron_send_tier_mails", raise_if_not_found=False
        )
        if cron:
            # sudo: triggering the scheduler is not a right of the user whose
            # order moved customers.
            cron.sudo()._trigger()

    @api.model
    def _cron_ecrm_send_tier_mails(self, batch_size=500):
        """Send the queued tier mails, one committed batch at a time."""
        pending = [("mail_pending", "=", True)]
        sent = 0
        for batch in batch_tools.drain(
            self.env,
            lambda: self.search(pending, limit=batch_size),
            lambda: self.search_count(pending),
        ):
            batch._ecrm_send_tier_mail()
            batch.write({"mail_pending": False})
            sent += len(batch)
        return sent

    def _ecrm_send_tier_mail(self):
        """Tell the customers (with a valid email) their new tier, in Vietnamese.

        Transactional mail: only a valid address is required, not marketing
        consent.
        """
        template = self.env.ref(
            "ecrm_marketing.mail_template_tier_change", raise_if_not_found=False
        )
        to_mail = self._ecrm_mail_worthy()
        if template and to_mail and not self.env.context.get("ecrm_tier_no_mail"):
            # sudo: the mail is queued for whoever confirmed the order.
            template.sudo().send_mail_batch(to_mail.ids)
