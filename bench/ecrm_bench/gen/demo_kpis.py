"""The history behind the manager's delivery and customer-service tiles
(``make run``): who called each online order and how long it waited, who
handled each past complaint and how the customer rated it, the online payments
and their errors, and a year of satisfaction answers.

Written in SQL on the generated history (deterministic per record id), after
``demo_day``; the few users it needs go through the ORM."""

import datetime as dt

from odoo import SUPERUSER_ID

from .copier import table_exists

AGENTS = [
    ("telesales2", "Lê Thu Hà"),
    ("telesales3", "Phan Minh Khôi"),
]
HANDLERS = [("cskh2", "Vũ Ngọc Lan")]


class DemoKpisMixin:
    def demo_kpis(self):
        self._demo_kpi_telesales()
        self._demo_kpi_handlers()
        self._demo_kpi_payments()
        self._demo_kpi_satisfaction()

    def _demo_kpi_users(self, group_xmlid, people, known_login):
        """The demo user ``known_login`` and ``people`` (login, name) of the
        group: ids, created if missing (the password is the login)."""
        env = self.env
        group = env.ref(group_xmlid, raise_if_not_found=False)
        if not group:
            return []
        Users = env["res.users"].with_context(no_reset_password=True)
        existing = Users.search(
            [("login", "in", [known_login] + [p[0] for p in people])]
        )
        missing = [p for p in people if p[0] not in existing.mapped("login")]
        created = Users.create(
            [
                {
                    "login": login,
                    "password": login,
                    "name": name,
                    "groups_id": [(6, 0, [env.ref("base.group_user").id, group.id])],
                }
                for login, name in missing
            ]
        )
        return (existing | created).ids

    def _demo_kpi_telesales(self):
        """The online orders of the last six months went through the
        confirmation call of one of three agents."""
        agents = self._demo_kpi_users(
            "ecrm_core.group_ecrm_telesales", AGENTS, "telesales"
        )
        if not agents:
            return
        self.cr.execute(
            """UPDATE sale_order so
                  SET ecrm_telesales_state = CASE so.state
                          WHEN 'sale' THEN 'confirmed' ELSE 'cancelled' END,
                      ecrm_telesales_user_id = (%(agents)s::int[])[
                          1 + abs(hashtext('agent' || so.id)) %% %(n)s],
                      ecrm_queue_date = so.date_order,
                      ecrm_first_call_date = so.date_order + make_interval(
                          mins => 5 + abs(hashtext('call' || so.id)) %% 240),
                      ecrm_confirmed_date = CASE WHEN so.state = 'sale' THEN
                          so.date_order + make_interval(
                              mins => 10 + abs(hashtext('call' || so.id)) %% 300)
                          END,
                      ecrm_callback_outcome = CASE
                          WHEN so.state != 'cancel'
                            OR so.date_order > %(recent)s THEN NULL
                          WHEN abs(hashtext('back' || so.id)) %% 4 = 0
                              THEN 'recovered'
                          ELSE 'reason_confirmed' END
                WHERE so.state IN ('sale', 'cancel')
                  AND so.ecrm_telesales_state IS NULL
                  AND so.ecrm_sales_channel IN ('web', 'api', 'marketplace', 'facebook')
                  AND so.date_order >= %(since)s""",
            {
                "agents": agents,
                "n": len(agents),
                "since": self.today - dt.timedelta(days=183),
                "recent": self.today - dt.timedelta(days=14),
            },
        )
        self.log(
            f"Demo: {self.cr.rowcount} online orders called by {len(agents)} agents"
        )
        self.stats["demo_kpi_called_orders"] = self.cr.rowcount

    def _demo_kpi_handlers(self):
        """Each complaint has a handler; two in five of the past ones were
        rated."""
        handlers = self._demo_kpi_users(
            "ecrm_core.group_ecrm_customer_service", HANDLERS, "cskh"
        )
        if not handlers:
            return
        self.cr.execute(
            """UPDATE helpdesk_ticket t
                  SET user_id = (%(users)s::int[])[
                          1 + abs(hashtext('handler' || t.id)) %% %(n)s],
                      rating_last_value = CASE
                          WHEN t.number NOT LIKE 'BHT%%'
                            OR abs(hashtext('rated' || t.id)) %% 5 >= 2
                              THEN t.rating_last_value
                          ELSE (ARRAY[1, 2, 3, 4, 4, 5, 5, 5])[
                              1 + abs(hashtext('stars' || t.id)) %% 8] END
                WHERE t.user_id IS NULL OR t.user_id = %(superuser)s""",
            {"users": handlers, "n": len(handlers), "superuser": SUPERUSER_ID},
        )
        self.log(f"Demo: {self.cr.rowcount} complaints with their handler")

    def _demo_kpi_payments(self):
        """The prepaid online orders of the last six months were paid online:
        one transaction each, e-wallets failing about 3 % of the time."""
        env = self.env
        if "payment.transaction" not in env:
            return
        provider = env["payment.provider"].search([], limit=1)
        methods = {
            code: env["payment.method"]
            .with_context(active_test=False)
            .search([("code", "=", code)], limit=1)
            for code in ("momo", "card", "bank_transfer")
        }
        fallback = (
            env["payment.method"].with_context(active_test=False).search([], limit=1)
        )
        if not provider or not fallback:
            return
        ewallet = methods["momo"] or fallback
        by_method = {
            "ewallet": (ewallet, 30),
            "card": (methods["card"] or fallback, 15),
            "bank_transfer": (methods["bank_transfer"] or fallback, 5),
        }
        self.cr.execute(
            """SELECT id, partner_id, amount_total, currency_id, ecrm_payment_method,
                      date_order, state
                 FROM sale_order
                WHERE ecrm_payment_method IN ('ewallet', 'card', 'bank_transfer')
                  AND state IN ('sale', 'cancel') AND date_order >= %s
                ORDER BY id DESC LIMIT 1500""",
            [self.today - dt.timedelta(days=183)],
        )
        rows = self.cr.fetchall()
        vals_list, errors, dates = [], [], []
        for order_id, partner_id, amount, currency_id, method, date, state in rows:
            payment_method, per_mille = by_method[method]
            failed = (order_id * 7919) % 1000 < per_mille or (
                state == "cancel" and method == "ewallet" and order_id % 3 == 0
            )
            errors.append(failed)
            dates.append(date)
            vals_list.append(
                {
                    "provider_id": provider.id,
                    "payment_method_id": payment_method.id,
                    "reference": f"DEMO-TX-{order_id}",
                    "amount": amount,
                    "currency_id": currency_id,
                    "partner_id": partner_id,
                    "sale_order_ids": [(6, 0, [order_id])],
                }
            )
        if not vals_list:
            return
        txs = env["payment.transaction"].create(vals_list)
        self.cr.execute(
            """UPDATE payment_transaction tx
                  SET state = CASE WHEN v.failed THEN 'error' ELSE 'done' END,
                      state_message = CASE WHEN v.failed
                          THEN 'Giao dịch bị từ chối bởi cổng thanh toán' END,
                      create_date = v.at, last_state_change = v.at
                 FROM unnest(%s::int[], %s::bool[], %s::timestamp[])
                      AS v(id, failed, at)
                WHERE tx.id = v.id""",
            [txs.ids, errors, dates],
        )
        env.invalidate_all()
        self.log(f"Demo: {len(txs)} online payments, {sum(errors)} failed")
        self.stats["demo_kpi_payments"] = len(txs)

    def _demo_kpi_satisfaction(self):
        """A year of satisfaction answers: surveys to active customers, and
        the ratings after the complaints that were rated."""
        if not table_exists(self.cr, "ecrm_satisfaction_response"):
            return
        has_category = "category_id" in self.env["ecrm.satisfaction.response"]._fields
        stores = [
            store.id
            for store in (
                self.env.ref(f"ecrm_core.{xmlid}", raise_if_not_found=False)
                for xmlid in ("store_hn", "store_hcm", "store_dn")
            )
            if store
        ]
        if stores:
            # the customers met in a store were met in one of the three
            self.cr.execute(
                """UPDATE res_partner p
                      SET ecrm_first_store_id = (%(stores)s::int[])[
                              1 + abs(hashtext('store' || p.id)) %% %(n)s]
                    WHERE p.id = ANY(%(customers)s) AND p.ecrm_first_store_id IS NULL
                      AND p.ecrm_origin_channel = 'store'""",
                {"stores": stores, "n": len(stores), "customers": self.customer_ids},
            )
        self.cr.execute(
            """
            INSERT INTO ecrm_satisfaction_response
                   (partner_id, company_id, source, date, csat, nps, has_nps,
                    channel, store_id, is_low,
                    create_uid, write_uid, create_date, write_date)
            SELECT p.id, %(company)s, 'campaign', a.at, a.csat, a.nps, TRUE,
                   p.ecrm_origin_channel, p.ecrm_first_store_id,
                   a.csat <= 2 OR a.nps <= 6, 1, 1, a.at, a.at
              FROM res_partner p
              CROSS JOIN LATERAL (
                   SELECT %(today)s - make_interval(
                              days => abs(hashtext('when' || p.id)) %% 365) AS at,
                          (ARRAY[2, 3, 4, 4, 4, 5, 5, 5, 5, 1])[
                              1 + abs(hashtext('csat' || p.id)) %% 10] AS csat,
                          (ARRAY[3, 6, 7, 8, 8, 9, 9, 10, 10, 10, 10])[
                              1 + abs(hashtext('nps' || p.id)) %% 11] AS nps
              ) a
             WHERE p.id = ANY(%(customers)s)
               AND abs(hashtext('asked' || p.id)) %% 5 = 0
            """,
            {
                "company": self.company.id,
                "today": self.today,
                "customers": self.customer_ids,
            },
        )
        answers = self.cr.rowcount
        if has_category:
            self.cr.execute(
                """
                INSERT INTO ecrm_satisfaction_response
                       (partner_id, company_id, source, date, csat, has_nps,
                        channel, store_id, category_id, ticket_id, is_low,
                        create_uid, write_uid, create_date, write_date)
                SELECT p.id, t.company_id, 'complaint', t.closed_date,
                       t.rating_last_value::int, FALSE, p.ecrm_origin_channel,
                       p.ecrm_first_store_id, t.category_id, t.id,
                       t.rating_last_value <= 2, 1, 1, t.closed_date, t.closed_date
                  FROM helpdesk_ticket t
                  JOIN res_partner p ON p.id = t.partner_id
                 WHERE t.number LIKE 'BHT%%' AND t.closed_date IS NOT NULL
                   AND COALESCE(t.rating_last_value, 0) > 0
                """
            )
            answers += self.cr.rowcount
        self.env.invalidate_all()
        self.log(f"Demo: {answers} satisfaction answers over the year")
        self.stats["demo_kpi_satisfaction"] = answers
