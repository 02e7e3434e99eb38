"""Complaints and interactions."""

import logging

from .copier import Copier, reserve_ids
from .data import COMPLAINT_SUBJECTS

_logger = logging.getLogger("bench.generate")


class ComplaintsMixin:
    def complaints_and_interactions(self):
        env, cr, rng = self.env, self.cr, self.rng
        n = len(self.customer_ids)
        if "ecrm.interaction" in env:
            count = n // 2
            self.log(f"Loading {count} interactions")
            fields_ = env["ecrm.interaction"]._fields
            template = env["ecrm.interaction"].create(
                {
                    "partner_id": self.customer_ids[0],
                    "channel": "call",
                    "summary": "bench",
                    **({"direction": "outbound"} if "direction" in fields_ else {}),
                }
            )
            over = {
                c
                for c in (
                    "id",
                    "partner_id",
                    "channel",
                    "summary",
                    "date",
                    "create_date",
                )
                if c in fields_ or c == "id"
            }
            copier = Copier(cr, "ecrm_interaction", template.id, over)
            template.unlink()
            ids = reserve_ids(cr, "ecrm_interaction", count)
            channels = (
                [c for c, _l in fields_["channel"].selection]
                if isinstance(fields_["channel"].selection, list)
                else ["call"]
            )
            summaries = [
                "Gọi xác nhận đơn hàng",
                "Khách hỏi tình trạng giao hàng",
                "Tư vấn sản phẩm",
                "Khách phản hồi qua Facebook",
            ]
            rows = []
            for i in ids:
                when = self.order_day(self.start, self.today)
                row = {
                    "id": i,
                    "partner_id": rng.choice(self.customer_ids),
                    "channel": rng.choice(channels),
                    "summary": rng.choice(summaries),
                    "date": when,
                    "create_date": when,
                }
                rows.append({k: v for k, v in row.items() if k in over})
            copier.copy(rows)
            self.stats["interactions"] = count
        if "helpdesk.ticket" in env:
            count = max(10, n // 40)
            self.log(f"Loading {count} complaints")
            template = env["helpdesk.ticket"].create(
                {
                    "name": "bench",
                    "description": "bench",
                    "partner_id": self.customer_ids[0],
                    # Open complaints sit in the first open stage, as the
                    # kanban expects (no default stage without a team).
                    "stage_id": env["helpdesk.ticket.stage"]
                    .search([("closed", "=", False)], order="sequence, id", limit=1)
                    .id,
                }
            )
            over = {
                "id",
                "name",
                "description",
                "partner_id",
                "create_date",
                "number",
                "ecrm_received_date",
            }
            cols = self._columns("helpdesk_ticket")
            over = {c for c in over if c in cols}
            copier = Copier(cr, "helpdesk_ticket", template.id, over)
            template.unlink()
            ids = reserve_ids(cr, "helpdesk_ticket", count)
            subjects = COMPLAINT_SUBJECTS
            rows = []
            for i in ids:
                when = self.order_day(self.start, self.today)
                subject = rng.choice(subjects)
                row = {
                    "id": i,
                    "name": subject,
                    "description": f"<p>{subject}</p>",
                    "partner_id": rng.choice(self.customer_ids),
                    "create_date": when,
                    "number": f"BHT{i:07d}",
                    "ecrm_received_date": when,
                }
                rows.append({k: v for k, v in row.items() if k in over})
            copier.copy(rows)
            # The copies carry the template's customer-derived columns: recompute
            # the stored fields that follow the customer and the reception date
            # (a few thousand complaints, through the ORM's own computes).
            tickets = env["helpdesk.ticket"].browse(ids)
            env.invalidate_all()
            for name in ("commercial_partner_id", "ecrm_deadline"):
                if name in tickets._fields:
                    env.add_to_compute(tickets._fields[name], tickets)
            tickets.flush_recordset()
            cr.execute(
                """UPDATE helpdesk_ticket t
                      SET partner_name = p.name, partner_email = p.email
                     FROM res_partner p
                    WHERE p.id = t.partner_id AND t.id = ANY(%s)""",
                [list(ids)],
            )
            self.stats["complaints"] = count
