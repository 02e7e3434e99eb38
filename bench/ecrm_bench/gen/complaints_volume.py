"""Complaints at volume (``--complaints N``): a realistic backlog for the kanban,
list, supplier portal and deadline-cron measures.

Most complaints are settled; the open ones are spread over the departments and
the last weeks (some late, some on hold, some waiting for a supplier). Deadlines
are counted by the product's own working-time engine, in one pass per calendar."""

import datetime as dt

from .copier import Copier, reserve_ids
from .data import COMPLAINT_SUBJECTS

OPEN_SHARE = 0.15  # of the complaints, still open
BATCH = 50_000


class ComplaintsVolumeMixin:
    def complaints_volume(self):
        count = getattr(self.args, "complaints", None)
        if not count or "helpdesk.ticket" not in self.env:
            return
        env, cr, rng = self.env, self.cr, self.rng
        self.log(f"Loading {count} complaints (volume)")
        customers = getattr(self, "customer_ids", None)
        if not customers:
            cr.execute("SELECT id FROM res_partner WHERE customer_rank > 0")
            customers = [row[0] for row in cr.fetchall()]
        Stage = env["helpdesk.ticket.stage"]
        open_stages = Stage.search([("closed", "=", False)], order="sequence, id")
        pause_stages = open_stages.filtered("ecrm_pause_deadline")
        working = (open_stages - pause_stages).ids
        closed_stage = Stage.search([("closed", "=", True)], order="sequence", limit=1)
        teams = env["helpdesk.ticket.team"].search([])
        if not teams:
            teams = env["helpdesk.ticket.team"].create({"name": "CSKH (bench)"})
        categories = env["helpdesk.ticket.category"].search(
            [("ecrm_code", "!=", False)]
        )
        supplier_cat = categories.filtered(lambda c: c.ecrm_code == "supplier")
        channels = env["helpdesk.ticket.channel"].search([]).ids or [False]
        cr.execute(
            """SELECT pp.id, MIN(p.commercial_partner_id)
                 FROM product_product pp
                 JOIN product_supplierinfo s ON s.product_tmpl_id = pp.product_tmpl_id
                 JOIN res_partner p ON p.id = s.partner_id
                GROUP BY pp.id"""
        )
        products = cr.fetchall()
        agreements = {
            a.supplier_id.id: a for a in env["ecrm.supplier.agreement"].search([])
        }
        template = env["helpdesk.ticket"].create(
            {
                "name": "bench",
                "description": "bench",
                "partner_id": customers[0],
                "stage_id": working[0],
            }
        )
        columns = {
            "id",
            "name",
            "description",
            "partner_id",
            "commercial_partner_id",
            "create_date",
            "write_date",
            "number",
            "ecrm_received_date",
            "ecrm_deadline",
            "team_id",
            "category_id",
            "ecrm_category_code",
            "channel_id",
            "stage_id",
            "closed_date",
            "last_stage_update",
            "ecrm_resolution_type",
            "product_id",
            "supplier_id",
            "ecrm_supplier_commercial_id",
            "ecrm_supplier_state",
            "ecrm_supplier_escalated_date",
            "ecrm_supplier_deadline",
            "ecrm_paused_since",
            "ecrm_late_escalated",
            "ecrm_reminder_sent",
            "closed",
        }
        columns &= set(self._columns("helpdesk_ticket"))
        copier = Copier(cr, "helpdesk_ticket", template.id, columns)
        template.unlink()
        subjects = COMPLAINT_SUBJECTS
        now = dt.datetime.now().replace(microsecond=0)
        history = self.start if hasattr(self, "start") else now - dt.timedelta(700)
        done = 0
        while done < count:
            size = min(BATCH, count - done)
            rows = []
            for i in reserve_ids(cr, "helpdesk_ticket", size):
                is_open = rng.random() < OPEN_SHARE
                if is_open:
                    received = now - dt.timedelta(seconds=rng.randrange(40 * 86400))
                else:
                    span = max(int((now - history).total_seconds()), 1)
                    received = history + dt.timedelta(seconds=rng.randrange(span))
                category = rng.choice(categories)
                team = rng.choice(teams)
                subject = rng.choice(subjects)
                partner = rng.choice(customers)
                row = {
                    "id": i,
                    "name": subject,
                    "description": f"<p>{subject}</p>",
                    "partner_id": partner,
                    "commercial_partner_id": partner,
                    "create_date": received,
                    "write_date": received,
                    "number": f"VHT{i:08d}",
                    "ecrm_received_date": received,
                    "team_id": team.id,
                    "category_id": category.id,
                    "ecrm_category_code": category.ecrm_code,
                    "channel_id": rng.choice(channels),
                    "stage_id": closed_stage.id,
                    "closed_date": received + dt.timedelta(hours=rng.randrange(2, 60)),
                    "last_stage_update": received,
                    "ecrm_resolution_type": rng.choice(
                        ["refund", "exchange", "voucher", "explanation", "rejected"]
                    ),
                    "ecrm_supplier_state": "none",
                    "ecrm_late_escalated": False,
                    "ecrm_reminder_sent": not is_open,
                    "closed": not is_open,
                    "_calendar": team.resource_calendar_id,
                    "_hours": category.ecrm_deadline_hours or 48,
                }
                if is_open:
                    row.update(closed_date=None, ecrm_resolution_type=None)
                    if pause_stages and rng.random() < 0.1:
                        row["stage_id"] = pause_stages[0].id
                        row["ecrm_paused_since"] = received + dt.timedelta(hours=2)
                    else:
                        row["stage_id"] = rng.choice(working)
                if category == supplier_cat and products:
                    product, supplier = rng.choice(products)
                    row.update(
                        product_id=product,
                        supplier_id=supplier,
                        ecrm_supplier_commercial_id=supplier,
                    )
                    agreement = agreements.get(supplier)
                    if agreement:
                        escalated = received + dt.timedelta(hours=rng.randrange(1, 8))
                        row.update(
                            ecrm_supplier_state="escalated" if is_open else "answered",
                            ecrm_supplier_escalated_date=escalated,
                            ecrm_supplier_deadline=escalated
                            + dt.timedelta(days=agreement.answer_days),
                        )
                rows.append(row)
            self._complaints_volume_deadlines(rows)
            for row in rows:
                # Settled after their deadline: they were escalated as late.
                if row["closed_date"] and row["closed_date"] > row["ecrm_deadline"]:
                    row["ecrm_late_escalated"] = True
            copier.copy({k: v for k, v in row.items() if k in columns} for row in rows)
            done += size
            self.log(f"  {done} complaints")
        cr.execute(
            """UPDATE helpdesk_ticket t
                  SET partner_name = p.name, partner_email = p.email
                 FROM res_partner p
                WHERE p.id = t.partner_id AND t.number LIKE 'VHT%%'
                  AND t.partner_name IS DISTINCT FROM p.name"""
        )
        cr.execute("ANALYZE helpdesk_ticket")
        env.invalidate_all()
        self.stats["complaints_volume"] = count

    def _complaints_volume_deadlines(self, rows):
        """Deadlines in each department's working hours, one pass per calendar."""
        by_calendar = {}
        for row in rows:
            by_calendar.setdefault(row["_calendar"], []).append(row)
        for calendar, group in by_calendar.items():
            starts = [(row["ecrm_received_date"], row["_hours"]) for row in group]
            if calendar:
                deadlines = calendar._ecrm_plan(starts)
            else:
                deadlines = [s + dt.timedelta(hours=h) for s, h in starts]
            for row, deadline in zip(group, deadlines, strict=True):
                row["ecrm_deadline"] = deadline
