# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

from ..tools import batch as batch_tools
from ..tools import without_jit

# Written by _ecrm_refresh_figures in one UPDATE; the ORM cache forgets them after.
FIGURE_FIELDS = [
    "ecrm_first_order_date",
    "ecrm_last_order_date",
    "ecrm_order_count",
    "ecrm_revenue",
    "ecrm_margin",
    "ecrm_average_basket",
    "ecrm_cancelled_order_count",
]
BATCH_SIZE = 50000
CRON_BATCHES_PER_RUN = 20
# the last customer id whose figures the nightly check has refreshed
FIGURES_CURSOR_PARAM = "ecrm_core.figures_last_partner_id"


class ResPartner(models.Model):
    """Customer 360 figures, aggregated over the orders of the commercial partner."""

    _inherit = "res.partner"

    # Per company, like the other figures (see res_partner.py); Float because
    # Odoo's company-dependent fields do not include Monetary: the views show
    # them with the monetary widget in the company currency.
    ecrm_margin = fields.Float("Margin", company_dependent=True, readonly=True)
    ecrm_average_basket = fields.Float(
        "Average Basket", company_dependent=True, readonly=True
    )
    ecrm_cancelled_order_count = fields.Integer(
        "Cancelled Orders", company_dependent=True, readonly=True
    )
    ecrm_days_since_last_order = fields.Integer(
        "Days Since Last Order",
        compute="_compute_ecrm_days_since_last_order",
        search="_search_ecrm_days_since_last_order",
    )
    # Filled by ecrm_service (complaints); nobody complains in core alone.
    ecrm_open_complaint_count = fields.Integer(
        "Open Complaints", compute="_compute_ecrm_open_complaint_count"
    )

    @api.depends("ecrm_last_order_date")
    def _compute_ecrm_days_since_last_order(self):
        now = fields.Datetime.now()
        for partner in self:
            last = partner.ecrm_last_order_date
            partner.ecrm_days_since_last_order = (now - last).days if last else 0

    def _search_ecrm_days_since_last_order(self, operator, value):
        """Days since the last order compared to ``value``, as a date comparison.

        More days since the last order means an older last order, so the
        operator flips: "> 90 days" is "last order before now - 90 days".
        """
        flipped = {">": "<", ">=": "<=", "<": ">", "<=": ">=", "=": "="}
        if operator not in flipped:
            raise NotImplementedError(operator)
        limit = fields.Datetime.now() - timedelta(days=int(value or 0))
        domain = [("ecrm_last_order_date", flipped[operator], limit)]
        if operator in (">", ">="):
            # "no order for 90 days" includes customers who have ordered before
            domain = ["&", ("ecrm_order_count", ">", 0), *domain]
        return domain

    def _compute_ecrm_open_complaint_count(self):
        for partner in self:
            partner.ecrm_open_complaint_count = 0

    @api.model
    def _ecrm_refresh_figures(self, partner_ids=None):
        """Recompute the 360 figures in SQL for ``partner_ids`` (or everybody).

        One ``UPDATE ... FROM (aggregate over sale_order)`` per batch: orders count
        for the commercial partner of their customer; amounts are untaxed and in
        the company currency. Rows already right are left alone.
        """
        self.env.flush_all()
        if partner_ids is not None:
            ids = sorted(set(partner_ids) - {False, None})
            if ids:
                self.env.cr.execute(
                    SQL(
                        "SELECT DISTINCT commercial_partner_id FROM res_partner "
                        "WHERE id = ANY(%s) AND commercial_partner_id IS NOT NULL",
                        ids,
                    )
                )
                commercial = [row[0] for row in self.env.cr.fetchall()]
                self._ecrm_update_figures(SQL("p.id = ANY(%s)", commercial))
                self._ecrm_assign_missing_codes(commercial)
        else:
            self.env.cr.execute("SELECT COALESCE(MAX(id), 0) FROM res_partner")
            max_id = self.env.cr.fetchone()[0]
            # JIT compiling cost about 0.1 s a batch at 1,000,000 customers
            # and sped nothing up
            with without_jit(self.env.cr):
                for start in range(0, max_id + 1, BATCH_SIZE):
                    self._ecrm_update_figures(
                        SQL("p.id >= %s AND p.id < %s", start, start + BATCH_SIZE)
                    )
            self._ecrm_assign_missing_codes()
        self.invalidate_model(FIGURE_FIELDS)
        return True

    @api.model
    def _ecrm_update_figures(self, partner_where):
        """One UPDATE of the figures of the partners matching ``partner_where``.

        The figures are company-dependent: each company's orders give that
        company's key in the JSON column (what the ORM reads for the current
        company). Partners without any order get none.
        """
        stamp = SQL("'YYYY-MM-DD HH24:MI:SS'")
        self.env.cr.execute(
            SQL(
                """
            UPDATE res_partner AS p
               SET ecrm_first_order_date = agg.first_date,
                   ecrm_last_order_date = agg.last_date,
                   ecrm_order_count = agg.order_count,
                   ecrm_revenue = agg.revenue,
                   ecrm_margin = agg.margin,
                   ecrm_average_basket = agg.basket,
                   ecrm_cancelled_order_count = agg.cancelled_count
              FROM (
                SELECT c.partner_id,
                       jsonb_object_agg(c.company_key, to_char(c.first_date, %(stamp)s))
                           FILTER (WHERE c.first_date IS NOT NULL) AS first_date,
                       jsonb_object_agg(c.company_key, to_char(c.last_date, %(stamp)s))
                           FILTER (WHERE c.last_date IS NOT NULL) AS last_date,
                       jsonb_object_agg(c.company_key, c.order_count)
                           FILTER (WHERE c.company_key IS NOT NULL) AS order_count,
                       jsonb_object_agg(c.company_key, c.revenue)
                           FILTER (WHERE c.company_key IS NOT NULL) AS revenue,
                       jsonb_object_agg(c.company_key, c.margin)
                           FILTER (WHERE c.company_key IS NOT NULL) AS margin,
                       jsonb_object_agg(c.company_key,
                                        CASE WHEN c.order_count > 0
                                             THEN round(c.revenue / c.order_count, 2)
                                             ELSE 0 END)
                           FILTER (WHERE c.company_key IS NOT NULL) AS basket,
                       jsonb_object_agg(c.company_key, c.cancelled_count)
                           FILTER (WHERE c.company_key IS NOT NULL) AS cancelled_count
                  FROM (
                    SELECT p.id AS partner_id, so.company_id::text AS company_key,
                           MIN(so.date_order) FILTER (WHERE so.state = 'sale')
                               AS first_date,
                           MAX(so.date_order) FILTER (WHERE so.state = 'sale')
                               AS last_date,
                           COUNT(so.id) FILTER (WHERE so.state = 'sale') AS order_count,
                           round(COALESCE(SUM(so.amount_untaxed
                                        / COALESCE(NULLIF(so.currency_rate, 0), 1))
                                    FILTER (WHERE so.state = 'sale'), 0), 2) AS revenue,
                           round(COALESCE(SUM(so.margin
                                        / COALESCE(NULLIF(so.currency_rate, 0), 1))
                                    FILTER (WHERE so.state = 'sale'), 0), 2) AS margin,
                           COUNT(so.id) FILTER (WHERE so.state = 'cancel')
                               AS cancelled_count
                      FROM res_partner p
                 -- each customer's own contacts through the index: joined
                 -- as a table, every partner was read again for each batch
                 -- (OFFSET 0 keeps PostgreSQL from turning it back into a join)
                 LEFT JOIN LATERAL (
                        SELECT m.id FROM res_partner m
                         WHERE m.commercial_partner_id = p.id OFFSET 0
                       ) member ON TRUE
                 LEFT JOIN sale_order so ON so.partner_id = member.id
                       AND so.state IN ('sale', 'cancel')
                     WHERE %(where)s
                  GROUP BY p.id, so.company_id
                  ) c
              GROUP BY c.partner_id
              ) AS agg
             WHERE p.id = agg.partner_id
               AND (p.ecrm_order_count IS DISTINCT FROM agg.order_count
                    OR p.ecrm_cancelled_order_count IS DISTINCT FROM
                       agg.cancelled_count
                    OR p.ecrm_revenue IS DISTINCT FROM agg.revenue
                    OR p.ecrm_margin IS DISTINCT FROM agg.margin
                    OR p.ecrm_first_order_date IS DISTINCT FROM agg.first_date
                    OR p.ecrm_last_order_date IS DISTINCT FROM agg.last_date)
            """,
                where=partner_where,
                stamp=stamp,
            )
        )

    @api.model
    def _ecrm_assign_missing_codes(self, partner_ids=None):
        """Customers who ordered get a code even if created without one."""
        # Ordered in any company: some company's count is above zero.
        where = SQL(
            "ecrm_code IS NULL AND EXISTS (SELECT 1 FROM"
            " jsonb_each_text(ecrm_order_count) AS c(company, n)"
            " WHERE c.n::int > 0)"
        )
        if partner_ids is not None:
            where = SQL("%s AND id = ANY(%s)", where, list(partner_ids))
        self.env.cr.execute(
            SQL("SELECT id FROM res_partner WHERE %s ORDER BY id", where)
        )
        ids = [row[0] for row in self.env.cr.fetchall()]
        if ids:
            self.browse(ids)._ecrm_assign_code()

    @api.model
    def _cron_ecrm_refresh_figures(
        self, batches=CRON_BATCHES_PER_RUN, batch_size=BATCH_SIZE
    ):
        """Nightly check of every customer's figures, ``batch_size`` ids at a time.

        Each run does at most ``batches`` batches and remembers where it stopped;
        it reports its progress so the scheduler runs it again at once until every
        customer is done (and the work done so far is committed between runs).
        """
        self.env.flush_all()
        self.env.cr.execute("SELECT COALESCE(MAX(id), 0) FROM res_partner")
        max_id = self.env.cr.fetchone()[0]
        for low, high in batch_tools.id_ranges(
            self.env, FIGURES_CURSOR_PARAM, max_id, batch_size, limit=batches
        ):
            self._ecrm_update_figures(SQL("p.id BETWEEN %s AND %s", low, high))
        finished = not int(
            self.env["ir.config_parameter"].sudo().get_param(FIGURES_CURSOR_PARAM, 0)
        )
        if finished:
            self._ecrm_assign_missing_codes()
        self.invalidate_model(FIGURE_FIELDS)
        return finished

    def _ecrm_refresh_figures_for_self(self):
        if self:
            self.env["res.partner"]._ecrm_refresh_figures(self.ids)
