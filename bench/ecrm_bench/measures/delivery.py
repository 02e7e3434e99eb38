"""Cash-on-delivery risk: its AUC on the planted refusers and its cost."""

from datetime import timedelta

from odoo import fields

from ..core import measure
from ..gen.copier import table_exists


@measure("cod_risk", "COD risk: AUC on planted refusers, scoring time vs plain SQL")
def cod_risk(bench):
    env, cr = bench.env, bench.cr
    if "ecrm.delivery.event" not in env or not table_exists(cr, "bench_cod_refuser"):
        print("cod_risk: no delivery outcomes in this database (skipped)")
        return
    Order = env["sale.order"]
    as_of = fields.Datetime.now() - timedelta(days=90)
    # The orders of the last period whose outcome is known, scored as of before.
    cr.execute(
        """SELECT so.id FROM sale_order so
            WHERE so.company_id = %s AND so.state = 'sale'
              AND so.ecrm_payment_method = 'cod'
              AND so.ecrm_delivery_state != 'pending' AND so.date_order >= %s
         ORDER BY so.date_order DESC LIMIT 5000""",
        [env.company.id, as_of],
    )
    ids = [row[0] for row in cr.fetchall()]
    orders = Order.browse(ids)
    rates = Order._ecrm_cod_risk_rates(as_of=as_of)
    result = {}

    def score():
        result["scores"] = orders._ecrm_cod_risk_scores(as_of=as_of, rates=rates)

    def plain():
        # The plain "failed before" rule for the same orders, in one query.
        cr.execute(
            """SELECT so.id, EXISTS (
                   SELECT 1 FROM sale_order o2
                     JOIN res_partner m ON m.id = o2.partner_id
                    WHERE m.commercial_partner_id = p.commercial_partner_id
                      AND o2.ecrm_payment_method = 'cod'
                      AND o2.ecrm_delivery_state IN ('failed', 'returned')
                      AND o2.ecrm_delivery_date < %s)
                 FROM sale_order so JOIN res_partner p ON p.id = so.partner_id
                WHERE so.id = ANY(%s)""",
            [as_of, ids],
        )
        result["rule"] = dict(cr.fetchall())

    score_ms = bench.timeit(score, bench.args.repeat)
    plain_ms = bench.timeit(plain, bench.args.repeat)
    cr.execute(
        """SELECT so.id, so.ecrm_delivery_state IN ('failed', 'returned'),
                  r.partner_id IS NOT NULL
             FROM sale_order so JOIN res_partner p ON p.id = so.partner_id
        LEFT JOIN bench_cod_refuser r ON r.partner_id = p.commercial_partner_id
            WHERE so.id = ANY(%s)""",
        [ids],
    )
    truth = {row[0]: (int(row[1]), int(row[2])) for row in cr.fetchall()}
    scores = result["scores"]
    extra = {"orders": len(ids)}
    if ids and len({t[0] for t in truth.values()}) == 2:
        from odoo.addons.ecrm_analytics.lib.churn import auc

        failed = [truth[i][0] for i in ids]
        refuser = [truth[i][1] for i in ids]
        model = [scores[i][0] for i in ids]
        rule = [1.0 if result["rule"][i] else 0.0 for i in ids]
        extra.update(
            auc_outcome=round(auc(failed, model), 3),
            auc_outcome_rule=round(auc(failed, rule), 3),
            auc_refuser=round(auc(refuser, model), 3)
            if len(set(refuser)) == 2
            else None,
            auc_refuser_rule=round(auc(refuser, rule), 3)
            if len(set(refuser)) == 2
            else None,
        )
    bench.record(
        "cod_risk_score",
        "score the COD risk of the last 90 days' COD orders (at most 5,000) as "
        "of before them, vs the plain 'failed before' rule in SQL",
        score_ms,
        plain_ms,
        **extra,
    )
    rates_ms = bench.timeit(lambda: Order._ecrm_cod_risk_rates(), 1)
    bench.record(
        "cod_risk_rates",
        "the company's COD failure rates per signal, one SQL pass (nightly)",
        rates_ms,
    )


@measure(
    "delivery_reports",
    "Manager dashboard's delivery, payment and COD evaluation tiles vs plain SQL",
)
def delivery_reports(bench):
    env, cr = bench.env, bench.cr
    if "ecrm.delivery.report" not in env:
        print("delivery_reports: no delivery reports in this database (skipped)")
        return
    since = fields.Datetime.now() - timedelta(days=365)
    company = env.company.id
    Delivery = env["ecrm.delivery.report"]
    domain = [("payment_method", "=", "cod"), ("date", ">=", since)]

    def tile():
        # the "Failed COD deliveries" and "cost" scorecards (period: a year)
        Delivery.read_group(
            domain, ["failed_rate:avg", "failed_cost:sum", "nbr:sum"], [], lazy=False
        )

    def tile_sql():
        cr.execute(
            """SELECT AVG(CASE WHEN so.ecrm_delivery_state IN ('failed', 'returned')
                               THEN 100.0
                               WHEN so.ecrm_delivery_state = 'delivered' THEN 0.0
                          END),
                      COUNT(*) FILTER (WHERE so.ecrm_delivery_state
                                       IN ('failed', 'returned')),
                      COUNT(*)
                 FROM sale_order so
                WHERE so.state = 'sale' AND so.company_id = %s
                  AND so.ecrm_payment_method = 'cod' AND so.date_order >= %s""",
            [company, since],
        )
        cr.fetchall()

    bench.record(
        "delivery_report_cod_tile",
        "failed COD rate and cost over a year, read_group on the delivery report "
        "(each order with its main product) vs the same figures from sale_order",
        bench.timeit(tile),
        bench.timeit(tile_sql),
    )

    def carriers():
        Delivery.read_group(
            [("delivery_state", "=", "delivered"), ("date", ">=", since)],
            ["delivered_count:sum", "late_count:sum", "delivery_days:avg"],
            ["carrier"],
            lazy=False,
        )

    def carriers_sql():
        cr.execute(
            """SELECT so.ecrm_delivery_carrier, COUNT(*),
                      AVG(EXTRACT(EPOCH FROM so.ecrm_delivery_date - so.date_order))
                 FROM sale_order so
                WHERE so.state = 'sale' AND so.company_id = %s
                  AND so.ecrm_delivery_state = 'delivered' AND so.date_order >= %s
             GROUP BY 1""",
            [company, since],
        )
        cr.fetchall()

    bench.record(
        "delivery_report_carriers",
        "delivery time per carrier over a year (the dashboard's table)",
        bench.timeit(carriers),
        bench.timeit(carriers_sql),
    )

    if "ecrm.payment.report" in env:

        def payments():
            env["ecrm.payment.report"].read_group(
                [("method", "!=", False), ("date", ">=", since)],
                ["nbr:sum", "error_count:sum", "error_rate:avg"],
                ["method"],
                lazy=False,
            )

        def payments_sql():
            cr.execute(
                """SELECT so.ecrm_payment_method, COUNT(*),
                          COUNT(*) FILTER (WHERE tx.state = 'error')
                     FROM payment_transaction tx
                     JOIN sale_order_transaction_rel rel
                          ON rel.transaction_id = tx.id
                     JOIN sale_order so ON so.id = rel.sale_order_id
                    WHERE tx.create_date >= %s
                 GROUP BY 1""",
                [since],
            )
            cr.fetchall()

        cr.execute("SELECT count(*) FROM payment_transaction")
        transactions = cr.fetchone()[0]
        bench.record(
            "payment_report_methods",
            "payment errors per method over a year (the dashboard's chart)",
            bench.timeit(payments),
            bench.timeit(payments_sql),
            transactions=transactions,
        )

    if "ecrm.analytics" in env and hasattr(env["ecrm.analytics"], "_cod_risk_evaluate"):
        Analytics = env["ecrm.analytics"]
        end = fields.Datetime.now()
        start = end - timedelta(days=30)
        result = {}

        def evaluate():
            result["evaluated"] = Analytics._cod_risk_evaluate(start, end)

        evaluate_ms = bench.timeit(evaluate, 1)
        evaluated = result["evaluated"] or (None, None, 0)
        bench.record(
            "cod_risk_evaluation",
            "nightly check of the COD risk: the last 30 days' COD orders scored "
            "as of before them, AUC against their outcomes",
            evaluate_ms,
            orders=evaluated[2],
            auc=evaluated[0] and round(evaluated[0], 3),
            auc_rule=evaluated[1] and round(evaluated[1], 3),
        )
