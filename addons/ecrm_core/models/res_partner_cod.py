# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Cash-on-delivery record of a customer, across every channel and store of
the current company, aggregated in SQL over the orders."""

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .sale_order_cod_risk import CUSTOMER_PRIOR, DEFAULT_FLAG_FAILURES
from .sale_order_delivery import FAILED_STATES


class ResPartner(models.Model):
    _inherit = "res.partner"

    ecrm_cod_delivered_count = fields.Integer(
        "COD Delivered", compute="_compute_ecrm_cod", groups="base.group_user"
    )
    ecrm_cod_failed_count = fields.Integer(
        "COD Failed",
        compute="_compute_ecrm_cod",
        groups="base.group_user",
        help="Cash-on-delivery orders refused, not delivered or returned.",
    )
    ecrm_cod_amount_at_risk = fields.Float(
        "COD Amount at Risk",
        compute="_compute_ecrm_cod",
        groups="base.group_user",
        help="Cash-on-delivery orders waiting for confirmation or delivery, in "
        "the company currency.",
    )
    ecrm_cod_risk = fields.Float(
        "COD Failure Rate",
        compute="_compute_ecrm_cod",
        groups="base.group_user",
        help="The customer's failed-delivery rate, shrunk towards the shop's "
        "rate while the customer has few deliveries.",
    )
    ecrm_cod_flagged = fields.Boolean(
        "Repeated Failed Deliveries",
        compute="_compute_ecrm_cod",
        search="_search_ecrm_cod_flagged",
        groups="base.group_user",
        help="At least the configured number of failed cash-on-delivery orders.",
    )

    def _compute_ecrm_cod(self):
        stats = self._ecrm_cod_stats(self.commercial_partner_id.ids)
        Order = self.env["sale.order"]
        base = Order._ecrm_cod_base_rate(Order._ecrm_cod_risk_rates_cached())
        limit = self._ecrm_cod_flag_failures()
        for partner in self:
            delivered, failed_count, at_risk = stats.get(
                partner.commercial_partner_id.id, (0, 0, 0.0)
            )
            partner.ecrm_cod_delivered_count = delivered
            partner.ecrm_cod_failed_count = failed_count
            partner.ecrm_cod_amount_at_risk = at_risk
            partner.ecrm_cod_risk = (failed_count + CUSTOMER_PRIOR * base) / (
                delivered + failed_count + CUSTOMER_PRIOR
            )
            partner.ecrm_cod_flagged = failed_count >= limit

    def _search_ecrm_cod_flagged(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(
                _("Search 'Repeated Failed Deliveries' with 'is set' or 'is not set'.")
            )
        query = SQL(
            """SELECT p.commercial_partner_id FROM sale_order so
                 JOIN res_partner p ON p.id = so.partner_id
                WHERE so.company_id = %s AND so.state = 'sale'
                  AND so.ecrm_payment_method = 'cod'
                  AND so.ecrm_delivery_state IN %s
             GROUP BY p.commercial_partner_id HAVING COUNT(*) >= %s""",
            self.env.company.id,
            FAILED_STATES,
            self._ecrm_cod_flag_failures(),
        )
        self.env["sale.order"].flush_model()
        ids = [row[0] for row in self.env.execute_query(query)]
        positive = (operator == "=") == value
        return [("commercial_partner_id", "in" if positive else "not in", ids)]

    @api.model
    def _ecrm_cod_flag_failures(self):
        # sudo: a setting every internal user reads.
        return int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("ecrm_core.cod_flag_failures", DEFAULT_FLAG_FAILURES)
        )

    @api.model
    def _ecrm_cod_stats(self, commercial_ids):
        """{commercial partner id: (delivered, failed, amount at risk)} over the
        cash-on-delivery orders of the current company."""
        if not commercial_ids:
            return {}
        self.env["sale.order"].flush_model()
        self.env.cr.execute(
            SQL(
                """
            SELECT p.commercial_partner_id,
                   COUNT(*) FILTER (WHERE so.state = 'sale'
                                      AND so.ecrm_delivery_state = 'delivered'),
                   COUNT(*) FILTER (WHERE so.state = 'sale'
                                      AND so.ecrm_delivery_state IN %(failed)s),
                   COALESCE(SUM(so.amount_total
                                / COALESCE(NULLIF(so.currency_rate, 0), 1))
                       FILTER (WHERE so.state IN ('draft', 'sent', 'sale')
                                 AND so.ecrm_delivery_state = 'pending'
                                 AND (so.state = 'sale'
                                      OR so.ecrm_telesales_state IS NOT NULL)), 0)
              FROM sale_order so
              JOIN res_partner p ON p.id = so.partner_id
             WHERE p.commercial_partner_id = ANY(%(partners)s)
               AND so.company_id = %(company)s
               AND so.ecrm_payment_method = 'cod'
          GROUP BY p.commercial_partner_id
            """,
                failed=FAILED_STATES,
                partners=list(commercial_ids),
                company=self.env.company.id,
            )
        )
        return {
            row[0]: (row[1], row[2], float(row[3])) for row in self.env.cr.fetchall()
        }

    def action_ecrm_cod_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("sale.action_orders")
        action["domain"] = [
            ("partner_id", "child_of", self.commercial_partner_id.id),
            ("ecrm_payment_method", "=", "cod"),
        ]
        action["context"] = {"search_default_ecrm_delivery_failed": 1}
        return action
