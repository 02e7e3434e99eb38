"""The retailer's working day on top of the generated history (``make run``).

The history the other data kinds load is closed and in the past; a newcomer who
logs in as each role must find today's work waiting: cancelled orders with their
reason, online orders to call, campaigns with their orders, complaints open in
every department with fresh, due-soon and late deadlines, complaints waiting for
suppliers. Everything here goes through the addons' own methods, on a few hundred
records at most.
"""

import datetime as dt
import logging

_logger = logging.getLogger("bench.generate")

# (team xmlid, category xmlid, channel xmlid, subjects): the open complaints of a
# working day, one department after the other.
OPEN_COMPLAINTS = [
    (
        "team_customer_service",
        "category_service_quality",
        "helpdesk_mgmt.helpdesk_ticket_channel_phone",
        [
            "Tổng đài viên hẹn gọi lại nhưng không gọi",
            "Nhân viên tư vấn sai chương trình khuyến mãi",
            "Chờ tổng đài hơn 15 phút không ai nghe máy",
            "Chưa được xuất hóa đơn VAT như đã yêu cầu",
        ],
    ),
    (
        "team_warehouse",
        "category_supplier_vs_platform",
        "helpdesk_mgmt.helpdesk_ticket_channel_email",
        [
            "Giao thiếu một sản phẩm trong đơn",
            "Hộp hàng bị móp, đóng gói sơ sài",
            "Giao nhầm màu so với đơn đặt",
        ],
    ),
    (
        "team_delivery",
        "category_delivery",
        "channel_facebook",
        [
            "Đơn hàng trễ 4 ngày so với cam kết",
            "Shipper không gọi trước khi giao",
            "Đơn báo đã giao nhưng chưa nhận được",
        ],
    ),
    (
        "team_payments",
        "category_payment",
        "helpdesk_mgmt.helpdesk_ticket_channel_web",
        [
            "Bị trừ tiền hai lần qua ví điện tử",
            "Chưa nhận được tiền hoàn sau khi hủy đơn",
            "Mã giảm giá không áp dụng khi thanh toán",
        ],
    ),
    (
        "team_quality",
        "category_product_quality",
        "channel_api",
        [
            "Nồi cơm điện không lên nguồn sau 2 tuần",
            "Kem dưỡng da gây kích ứng",
            "Áo bị phai màu sau lần giặt đầu",
        ],
    ),
]
SUPPLIER_SUBJECTS = [
    "Sản phẩm bị lỗi ngay khi mở hộp",
    "Sản phẩm không đúng mô tả trên web",
    "Hàng hỏng sau một tuần sử dụng",
    "Thiếu phụ kiện trong hộp",
]
RESOLUTIONS = ["refund", "exchange", "voucher", "explanation", "explanation"]


class DemoMixin:
    def demo_day(self):
        """Today's work for every role, on top of the generated history."""
        self._demo_loyalty()
        self._demo_cancel_reasons()
        self._demo_campaign_orders()
        self._demo_telesales_queue()
        self._demo_history_complaints()
        self._demo_open_complaints()
        self._demo_supplier_escalations()
        # the generated orders are the shop's own, not a benchmark's: named like
        # the shop's orders (ĐH = đơn hàng), no benchmark origin
        self.cr.execute(
            """UPDATE sale_order
                  SET origin = NULL, name = 'ĐH' || lpad(id::text, 7, '0')
                WHERE origin = 'bench'"""
        )
        self.env.invalidate_all()
        self.recompute()

    def demo_after_nightly(self):
        """What reads the nightly scores: segments, then the loyalty tiers."""
        env = self.env
        if "ecrm.segment" in env:
            self.log("Demo: segments recomputed on the scores")
            env["ecrm.segment"]._cron_recompute_segments()
        if hasattr(env["res.partner"], "_cron_ecrm_recompute_tiers"):
            self.log("Demo: loyalty tiers")
            env["res.partner"].with_context(
                ecrm_tier_no_mail=True
            )._cron_ecrm_recompute_tiers()

    # -- loyalty ------------------------------------------------------------------
    def _demo_loyalty(self):
        """A loyalty card for every customer who bought in the last year, with
        the points of that year's orders (1 point per 10,000 VND)."""
        env = self.env
        program = getattr(self.company, "ecrm_loyalty_program_id", False)
        if not program:
            return
        self.cr.execute(
            """SELECT partner_id, round(SUM(amount_untaxed) / 10000)
                 FROM sale_order
                WHERE origin = 'bench' AND state = 'sale' AND date_order >= %s
                GROUP BY partner_id ORDER BY partner_id""",
            [self.today - dt.timedelta(days=365)],
        )
        rows = [(pid, points) for pid, points in self.cr.fetchall() if points]
        self.log(f"Demo: {len(rows)} loyalty cards with last year's points")
        cards = (
            env["loyalty.card"]
            .with_context(loyalty_no_mail=True)
            .create(
                [
                    {"program_id": program.id, "partner_id": pid, "points": points}
                    for pid, points in rows
                ]
            )
        )
        env["loyalty.history"].create(
            [
                {
                    "card_id": card.id,
                    "description": "Tích điểm đơn hàng năm qua",
                    "issued": points,
                    "used": 0,
                }
                for card, (_pid, points) in zip(cards, rows, strict=True)
            ]
        )
        self.stats["demo_loyalty_cards"] = len(cards)

    # -- orders -------------------------------------------------------------------
    def _demo_ids(self, query, params):
        self.cr.execute(query, params)
        return [row[0] for row in self.cr.fetchall()]

    def _demo_cancel_reasons(self):
        reasons = self.env["ecrm.cancel.reason"].search([]).ids
        if not reasons:
            return
        self.log("Demo: a reason for every cancelled order")
        self.cr.execute(
            """UPDATE sale_order
                  SET ecrm_cancel_reason_id = (%s::int[])[1 + id %% %s]
                WHERE origin = 'bench' AND state = 'cancel'""",
            [reasons, len(reasons)],
        )

    def _demo_campaign_orders(self):
        """Orders placed while a campaign spent money are attributed to it."""
        env, rng = self.env, self.rng
        if "ecrm.campaign.cost" not in env:
            return
        self.log("Demo: campaign orders")
        groups = env["ecrm.campaign.cost"]._read_group(
            [], ["campaign_id"], ["date:min", "date:max"]
        )
        attributed = 0
        for campaign, first, last in groups:
            ids = self._demo_ids(
                """SELECT id FROM sale_order
                    WHERE origin = 'bench' AND state = 'sale' AND campaign_id IS NULL
                      AND date_order >= %s AND date_order < %s
                    ORDER BY id""",
                [first, last + dt.timedelta(days=14)],
            )
            chosen = [i for i in ids if rng.random() < 0.3]
            if chosen:
                self.cr.execute(
                    "UPDATE sale_order SET campaign_id = %s WHERE id = ANY(%s)",
                    [campaign.id, chosen],
                )
                attributed += len(chosen)
        self.stats["demo_campaign_orders"] = attributed

    def _demo_telesales_queue(self):
        """The online orders of the last two days wait for their confirmation
        call, a few after a first call nobody answered."""
        env = self.env
        ids = self._demo_ids(
            """SELECT id FROM sale_order
                WHERE origin = 'bench' AND state = 'sale'
                  AND ecrm_sales_channel IN ('web', 'api', 'marketplace', 'facebook')
                  AND date_order >= %s
                ORDER BY date_order DESC LIMIT 25""",
            [self.today - dt.timedelta(days=2)],
        )
        if not ids:
            return
        self.log(f"Demo: {len(ids)} online orders waiting for their call")
        self.cr.execute(
            "UPDATE sale_order SET state = 'draft' WHERE id = ANY(%s)", [ids]
        )
        self.cr.execute(
            """UPDATE sale_order_line SET state = 'draft', qty_delivered = 0
                WHERE order_id = ANY(%s)""",
            [ids],
        )
        env.invalidate_all()
        orders = env["sale.order"].browse(ids)
        orders._ecrm_enter_telesales_queue()
        orders.write({"ecrm_payment_method": "cod"})
        no_answer = orders[: len(orders) // 5]
        no_answer.write(
            {
                "ecrm_telesales_state": "no_answer",
                "ecrm_call_attempts": 1,
                "ecrm_next_call_date": dt.datetime.now() - dt.timedelta(hours=1),
            }
        )
        self.stats["demo_orders_to_call"] = len(orders)

    # -- complaints ---------------------------------------------------------------
    def _demo_ref(self, xmlid):
        if "." not in xmlid:
            xmlid = f"ecrm_service.{xmlid}"
        return self.env.ref(xmlid, raise_if_not_found=False)

    def _demo_history_complaints(self):
        """The generated complaints of the past were handled: each gets its
        department and category, and is closed a few hours to days after it
        came in, with a resolution."""
        env, rng = self.env, self.rng
        done = self._demo_ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        ids = self._demo_ids(
            "SELECT id FROM helpdesk_ticket WHERE number LIKE 'BHT%%' ORDER BY id", []
        )
        if not ids or not done:
            return
        self.log(f"Demo: {len(ids)} past complaints handled and closed")
        kinds = [
            (self._demo_ref(team), self._demo_ref(categ), self._demo_ref(channel))
            for team, categ, channel, _s in OPEN_COMPLAINTS
        ]
        kinds = [k for k in kinds if all(k)]
        self.cr.execute(
            "SELECT id, ecrm_received_date FROM helpdesk_ticket WHERE id = ANY(%s)",
            [ids],
        )
        received = dict(self.cr.fetchall())
        rows = []
        for ticket_id in ids:
            team, categ, channel = rng.choice(kinds)
            closed = received[ticket_id] + dt.timedelta(hours=rng.uniform(2, 60))
            rows.append(
                (
                    ticket_id,
                    team.id,
                    categ.id,
                    channel.id,
                    closed,
                    rng.choice(RESOLUTIONS),
                )
            )
        self.cr.execute(
            """UPDATE helpdesk_ticket t
                  SET team_id = v.team, category_id = v.categ, channel_id = v.channel,
                      stage_id = %s, closed_date = v.closed,
                      last_stage_update = v.closed,
                      ecrm_resolution_type = v.resolution,
                      ecrm_resolution = 'Đã liên hệ khách hàng và xử lý xong.'
                 FROM unnest(%s::int[], %s::int[], %s::int[], %s::int[],
                             %s::timestamp[], %s::varchar[])
                      AS v(id, team, categ, channel, closed, resolution)
                WHERE t.id = v.id""",
            [done.id, *map(list, zip(*rows, strict=True))],
        )
        env.invalidate_all()
        tickets = env["helpdesk.ticket"].browse(ids)
        for name in (
            "closed",
            "ecrm_category_code",
            "ecrm_channel_code",
            "ecrm_deadline",
        ):
            if name in tickets._fields:
                env.add_to_compute(tickets._fields[name], tickets)
        tickets.flush_recordset()

    def _demo_open_complaints(self):
        """Complaints open in every department: one that just came in, one due
        within the hour, one late; customer service transferred them."""
        env, rng = self.env, self.rng
        Ticket = env["helpdesk.ticket"]
        service = self._demo_ref("team_customer_service")
        new = self._demo_ref("helpdesk_mgmt.helpdesk_ticket_stage_new")
        in_progress = self._demo_ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress")
        now = dt.datetime.now().replace(microsecond=0)
        customers = rng.choices(self.customer_ids, k=20)
        # each customer's latest confirmed order, in one query
        self.cr.execute(
            """SELECT DISTINCT ON (partner_id) partner_id, id FROM sale_order
                WHERE partner_id = ANY(%s) AND state = 'sale'
                ORDER BY partner_id, date_order DESC""",
            [customers],
        )
        last_order = dict(self.cr.fetchall())
        created = Ticket
        for team_xmlid, categ_xmlid, channel_xmlid, subjects in OPEN_COMPLAINTS:
            team, categ = self._demo_ref(team_xmlid), self._demo_ref(categ_xmlid)
            channel = self._demo_ref(channel_xmlid)
            if not (team and categ and channel):
                continue
            hours = categ.ecrm_deadline_hours or 48
            # just in, well into its time, late (a week old: late whether the
            # deadline counts in hours or in working time); then just in again
            ages = [1, hours - 1, 24 * 7, 3][: len(subjects)]
            for subject, age in zip(subjects, ages, strict=False):
                customer = customers[len(created)]
                ticket = Ticket.create(
                    {
                        "name": subject,
                        "description": f"<p>{subject}. Khách mong được xử lý sớm.</p>",
                        "partner_id": customer,
                        "sale_order_id": last_order.get(customer, False),
                        "team_id": service.id if service else team.id,
                        "category_id": categ.id,
                        "channel_id": channel.id,
                        "stage_id": (in_progress if age > 2 else new).id,
                        "ecrm_received_date": now - dt.timedelta(hours=age),
                    }
                )
                if service and team != service:
                    ticket.action_ecrm_transfer(
                        team, "Chuyển bộ phận phụ trách kiểm tra và phản hồi khách."
                    )
                created |= ticket
        self.stats["demo_open_complaints"] = len(created)

    def _demo_supplier_escalations(self):
        """Supplier-fault complaints escalated to suppliers: one waiting in time
        for each supplier concerned, one whose supplier is late."""
        env, rng = self.env, self.rng
        team = self._demo_ref("team_supplier_relations")
        categ = self._demo_ref("category_supplier")
        channel = self._demo_ref("helpdesk_mgmt.helpdesk_ticket_channel_web")
        if not (team and categ and channel):
            return
        products = env["product.product"].browse([p[0] for p in self.products_list[:4]])
        demo_product = env.ref("ecrm_core.product_01", raise_if_not_found=False)
        if demo_product:  # the demo supplier's portal login (ncc1) sees this one
            products = demo_product | products[:3]
        Agreement = env["ecrm.supplier.agreement"]
        tickets = env["helpdesk.ticket"]
        now = dt.datetime.now().replace(microsecond=0)
        for product, subject in zip(products, SUPPLIER_SUBJECTS, strict=False):
            supplier = product.seller_ids[:1].partner_id.commercial_partner_id
            if not supplier:
                continue
            if not Agreement.search_count([("supplier_id", "=", supplier.id)]):
                Agreement.create({"supplier_id": supplier.id, "answer_days": 3})
            tickets |= env["helpdesk.ticket"].create(
                {
                    "name": subject,
                    "description": f"<p>{subject}. Khách yêu cầu đổi sản phẩm mới.</p>",
                    "partner_id": rng.choice(self.customer_ids),
                    "team_id": team.id,
                    "category_id": categ.id,
                    "channel_id": channel.id,
                    "product_id": product.id,
                    "supplier_id": supplier.id,
                    "stage_id": self._demo_ref(
                        "helpdesk_mgmt.helpdesk_ticket_stage_awaiting"
                    ).id,
                    "ecrm_received_date": now - dt.timedelta(hours=20),
                }
            )
        if not tickets:
            return
        self.log(f"Demo: {len(tickets)} complaints escalated to their suppliers")
        tickets.action_ecrm_escalate_supplier()
        late = tickets[-1:]
        late.write(
            {
                "ecrm_supplier_escalated_date": now - dt.timedelta(days=5),
                "ecrm_supplier_deadline": now - dt.timedelta(days=2),
                "ecrm_received_date": now - dt.timedelta(days=5, hours=2),
            }
        )
        self.stats["demo_supplier_escalations"] = len(tickets)
