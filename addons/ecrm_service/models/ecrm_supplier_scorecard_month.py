# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.tools import SQL

TRENDS = [
    ("new", "First month"),
    ("better", "Fewer complaints"),
    ("same", "Unchanged"),
    ("worse", "More complaints"),
]


class EcrmSupplierScorecardMonth(models.Model):
    """A supplier's month: complaints per 1,000 orders of its products, answers
    on time and late, the customers' rating of the outcome, and the trend.

    Rows are computed in one SQL statement from the tickets and the orders
    (``_ecrm_compute``); rates are computed from the month's counts, never
    averaged from other rates. They hold no customer data: the supplier's
    portal contacts read their own rows."""

    _name = "ecrm.supplier.scorecard.month"
    _description = "Supplier Monthly Scorecard"
    _order = "month desc, complaints_per_1000 desc, id"
    _rec_name = "supplier_id"

    supplier_id = fields.Many2one(
        "res.partner", "Supplier", required=True, index=True, readonly=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, readonly=True
    )
    month = fields.Date(required=True, index=True, readonly=True)
    order_count = fields.Integer("Orders of Its Products", readonly=True)
    complaint_count = fields.Integer("Complaints", readonly=True)
    complaints_per_1000 = fields.Float(
        "Complaints per 1,000 Orders", readonly=True, digits=(16, 2), aggregator=None
    )
    escalated_count = fields.Integer("Escalated", readonly=True)
    on_time_count = fields.Integer("Answered On Time", readonly=True)
    late_count = fields.Integer("Answered Late or Not", readonly=True)
    on_time_rate = fields.Float(
        "On Time (%)", readonly=True, digits=(16, 1), aggregator=None
    )
    rating_sum = fields.Integer("Rating Points", readonly=True)
    rating_count = fields.Integer("Ratings", readonly=True)
    rating_avg = fields.Float(
        "Customer Rating (1-5)", readonly=True, digits=(16, 2), aggregator=None
    )
    previous_per_1000 = fields.Float(
        "Previous Month per 1,000", readonly=True, digits=(16, 2), aggregator=None
    )
    trend = fields.Selection(TRENDS, readonly=True)
    breach = fields.Boolean(
        "Agreement Breached",
        readonly=True,
        help="Answers came late, or fewer were on time than the agreement asks.",
    )
    sent = fields.Boolean("Mailed to the Supplier", readonly=True)

    _sql_constraints = [
        (
            "supplier_month_unique",
            "unique(supplier_id, company_id, month)",
            "A supplier has one scorecard per company and month.",
        ),
    ]

    @api.model
    def _ecrm_compute(self, month):
        """(Re)compute every supplier's row of ``month`` (any day of it)."""
        start = fields.Date.to_date(month).replace(day=1)
        end = start + relativedelta(months=1)
        self.env.flush_all()
        in_month = SQL(
            "BETWEEN %s AND %s",
            fields.Datetime.to_datetime(start),
            fields.Datetime.to_datetime(end) - relativedelta(microseconds=1),
        )
        self.env.cr.execute(
            SQL(
                """
            WITH seller AS (
                SELECT DISTINCT ON (s.product_tmpl_id)
                       s.product_tmpl_id,
                       COALESCE(p.commercial_partner_id, p.id) AS supplier_id
                  FROM product_supplierinfo s
                  JOIN res_partner p ON p.id = s.partner_id
              ORDER BY s.product_tmpl_id, s.sequence, s.min_qty, s.price, s.id
            ), tickets AS (
                SELECT t.ecrm_supplier_commercial_id AS supplier_id, t.company_id,
                       COUNT(*) FILTER (WHERE COALESCE(t.ecrm_received_date,
                                                       t.create_date) %(in_month)s)
                           AS complaints,
                       COUNT(*) FILTER (WHERE t.ecrm_supplier_escalated_date
                                              %(in_month)s) AS escalated,
                       COUNT(*) FILTER (WHERE t.ecrm_supplier_escalated_date
                                              %(in_month)s
                                          AND t.ecrm_supplier_state = 'answered'
                                          AND NOT COALESCE(t.ecrm_supplier_late, FALSE))
                           AS on_time,
                       COUNT(*) FILTER (WHERE t.ecrm_supplier_escalated_date
                                              %(in_month)s
                                          AND COALESCE(t.ecrm_supplier_late, FALSE))
                           AS late,
                       COALESCE(SUM(t.rating_last_value) FILTER (
                           WHERE t.closed_date %(in_month)s
                             AND t.rating_last_value > 0), 0) AS rating_sum,
                       COUNT(*) FILTER (WHERE t.closed_date %(in_month)s
                                          AND t.rating_last_value > 0) AS rating_count
                  FROM helpdesk_ticket t
                 WHERE t.active AND t.ecrm_supplier_commercial_id IS NOT NULL
                   AND (COALESCE(t.ecrm_received_date, t.create_date) %(in_month)s
                        OR t.ecrm_supplier_escalated_date %(in_month)s
                        OR t.closed_date %(in_month)s)
              GROUP BY 1, 2
            ), suppliers AS (
                SELECT supplier_id, company_id FROM ecrm_supplier_agreement
                 WHERE active
                 UNION
                SELECT supplier_id, company_id FROM tickets
            ), orders AS (
                SELECT seller.supplier_id, so.company_id,
                       COUNT(DISTINCT so.id) AS orders
                  FROM sale_order so
                  JOIN sale_order_line l ON l.order_id = so.id
                  JOIN product_product pp ON pp.id = l.product_id
                  JOIN seller ON seller.product_tmpl_id = pp.product_tmpl_id
                 WHERE so.state = 'sale' AND so.date_order %(in_month)s
                   AND seller.supplier_id IN (SELECT supplier_id FROM suppliers)
              GROUP BY 1, 2
            ), rows AS (
                SELECT s.supplier_id, s.company_id,
                       COALESCE(o.orders, 0) AS orders,
                       COALESCE(t.complaints, 0) AS complaints,
                       COALESCE(t.escalated, 0) AS escalated,
                       COALESCE(t.on_time, 0) AS on_time,
                       COALESCE(t.late, 0) AS late,
                       COALESCE(t.rating_sum, 0) AS rating_sum,
                       COALESCE(t.rating_count, 0) AS rating_count,
                       a.min_on_time_rate
                  FROM suppliers s
             LEFT JOIN orders o USING (supplier_id, company_id)
             LEFT JOIN tickets t USING (supplier_id, company_id)
             LEFT JOIN ecrm_supplier_agreement a
                    ON a.supplier_id = s.supplier_id AND a.company_id = s.company_id
            )
            INSERT INTO ecrm_supplier_scorecard_month AS m (
                   supplier_id, company_id, month, order_count, complaint_count,
                   complaints_per_1000, escalated_count, on_time_count, late_count,
                   on_time_rate, rating_sum, rating_count, rating_avg,
                   previous_per_1000, trend, breach, sent,
                   create_uid, create_date, write_uid, write_date)
            SELECT r.supplier_id, r.company_id, %(start)s, r.orders, r.complaints,
                   1000.0 * r.complaints / NULLIF(r.orders, 0),
                   r.escalated, r.on_time, r.late,
                   100.0 * r.on_time / NULLIF(r.escalated, 0),
                   r.rating_sum, r.rating_count,
                   r.rating_sum::numeric / NULLIF(r.rating_count, 0),
                   prev.complaints_per_1000,
                   CASE WHEN prev.id IS NULL OR prev.complaints_per_1000 IS NULL
                          OR r.orders = 0 THEN 'new'
                        WHEN 1000.0 * r.complaints / r.orders
                             < prev.complaints_per_1000 THEN 'better'
                        WHEN 1000.0 * r.complaints / r.orders
                             > prev.complaints_per_1000 THEN 'worse'
                        ELSE 'same' END,
                   r.late > 0 OR (r.escalated > 0 AND 100.0 * r.on_time / r.escalated
                                  < COALESCE(r.min_on_time_rate, 0)),
                   FALSE,
                   %(uid)s, NOW() AT TIME ZONE 'UTC', %(uid)s, NOW() AT TIME ZONE 'UTC'
              FROM rows r
         LEFT JOIN ecrm_supplier_scorecard_month prev
                ON prev.supplier_id = r.supplier_id
               AND prev.company_id = r.company_id
               AND prev.month = %(previous)s
            ON CONFLICT (supplier_id, company_id, month) DO UPDATE
               SET order_count = EXCLUDED.order_count,
                   complaint_count = EXCLUDED.complaint_count,
                   complaints_per_1000 = EXCLUDED.complaints_per_1000,
                   escalated_count = EXCLUDED.escalated_count,
                   on_time_count = EXCLUDED.on_time_count,
                   late_count = EXCLUDED.late_count,
                   on_time_rate = EXCLUDED.on_time_rate,
                   rating_sum = EXCLUDED.rating_sum,
                   rating_count = EXCLUDED.rating_count,
                   rating_avg = EXCLUDED.rating_avg,
                   previous_per_1000 = EXCLUDED.previous_per_1000,
                   trend = EXCLUDED.trend,
                   breach = EXCLUDED.breach,
                   write_uid = EXCLUDED.write_uid,
                   write_date = EXCLUDED.write_date
            RETURNING m.id
                """,
                in_month=in_month,
                start=start,
                previous=start - relativedelta(months=1),
                uid=self.env.uid,
            )
        )
        ids = [row[0] for row in self.env.cr.fetchall()]
        self.invalidate_model()
        return self.browse(ids)

    def _ecrm_flag_breaches(self):
        """Each breached agreement gets an activity for its responsible buyer."""
        breached = self.filtered("breach")
        if not breached:
            return
        agreements = self.env["ecrm.supplier.agreement"].search(
            [
                ("supplier_id", "in", breached.supplier_id.ids),
                ("company_id", "in", breached.company_id.ids),
            ]
        )
        by_key = {(a.supplier_id.id, a.company_id.id): a for a in agreements}
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id("ecrm.supplier.agreement")
        vals_list = []
        for line in breached:
            agreement = by_key.get((line.supplier_id.id, line.company_id.id))
            if not agreement:
                continue
            vals_list.append(
                {
                    "res_model_id": model_id,
                    "res_id": agreement.id,
                    "activity_type_id": activity_type.id,
                    "summary": _("Supplier agreement breached"),
                    "note": _(
                        "%(supplier)s in %(month)s: %(late)s of %(escalated)s "
                        "complaints answered late or not at all (on time: "
                        "%(rate)s%%, agreement: %(min)s%%).",
                        supplier=line.supplier_id.display_name,
                        month=line.month.strftime("%m/%Y"),
                        late=line.late_count,
                        escalated=line.escalated_count,
                        rate=round(line.on_time_rate or 0.0, 1),
                        min=agreement.min_on_time_rate,
                    ),
                    "user_id": (
                        agreement.buyer_id or self.env.ref("base.user_admin")
                    ).id,
                    "date_deadline": fields.Date.context_today(self),
                }
            )
        if vals_list:
            self.env["mail.activity"].create(vals_list)

    def _ecrm_send(self):
        """Mail each row to its supplier (the company's email, in Vietnamese)."""
        template = self.env.ref("ecrm_service.mail_template_supplier_scorecard")
        to_send = self.filtered(lambda line: line.supplier_id.email and not line.sent)
        if to_send:
            template.send_mail_batch(to_send.ids)
            to_send.write({"sent": True})

    def _ecrm_history(self, months=6):
        """The supplier's previous rows, for the trend shown with this one."""
        self.ensure_one()
        return self.search(
            [
                ("supplier_id", "=", self.supplier_id.id),
                ("company_id", "=", self.company_id.id),
                ("month", "<=", self.month),
            ],
            order="month desc",
            limit=months,
        )

    @api.model
    def _cron_ecrm_monthly_scorecard(self, month=None):
        """Last month's scorecard: computed, breaches flagged, mailed."""
        month = month or (fields.Date.context_today(self) - relativedelta(months=1))
        lines = self._ecrm_compute(month)
        new = lines.filtered(lambda line: not line.sent)
        new._ecrm_flag_breaches()
        new._ecrm_send()
        return lines
