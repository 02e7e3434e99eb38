"""Complaints at volume: the team kanban, the list, the supplier portal and the
deadline cron, each beside the plain SQL doing the same work."""

from lxml import etree

from odoo import Command
from odoo.osv import expression
from odoo.tools.safe_eval import safe_eval

from ..core import measure

KANBAN_COLUMN = 40  # records the kanban loads per column
LIST_PAGE = 80
ORDER_SQL = "t.priority DESC, t.sequence, t.number DESC, t.id DESC"


def _spec(views, model, view_type):
    arch = etree.fromstring(views["views"][view_type]["arch"])
    fields_ = views["models"][model]["fields"]
    names = {n.get("name") for n in arch.iter("field") if n.get("name") in fields_}
    return {
        name: {"fields": {"display_name": {}}}
        if fields_[name]["type"] == "many2one"
        else {}
        for name in names
    }


def _count(cr, query, params=()):
    cr.execute(query, params)
    return cr.fetchone()[0]


def _team_member(env):
    """A department member of the busiest team (not a manager), and its team."""
    cr = env.cr
    cr.execute(
        "SELECT team_id FROM helpdesk_ticket WHERE team_id IS NOT NULL "
        "GROUP BY team_id ORDER BY count(*) DESC LIMIT 1"
    )
    row = cr.fetchone()
    team = env["helpdesk.ticket.team"].browse(row and row[0])
    users = team.user_ids.filtered(
        lambda u: not u.share and not u.has_group("ecrm_core.group_ecrm_manager")
    )
    user = users[:1]
    if not user and team:
        user = env["res.users"].create(
            {
                "name": "Nhân viên CSKH (bench)",
                "login": "bench_cskh_volume",
                "groups_id": [
                    Command.link(env.ref("base.group_user").id),
                    Command.link(env.ref("ecrm_core.group_ecrm_department").id),
                ],
            }
        )
        team.user_ids = [Command.link(user.id)]
    return team, user


@measure("complaint_team_kanban", "a department's complaint kanban, first page")
def complaint_team_kanban(bench):
    """What the web client asks to draw "My Team's Complaints": the columns
    (stages) with their counts, then the first cards of each unfolded column."""
    env, cr = bench.env, bench.cr
    team, user = _team_member(env)
    if not team:
        return bench.skip("complaint_team_kanban", "no complaint in a department")
    Ticket = env["helpdesk.ticket"].with_user(user)
    action = env.ref("ecrm_service.helpdesk_ticket_action_team")
    context = safe_eval(action.context or "{}")
    views = Ticket.get_views([(False, "kanban"), (False, "search")])
    search_arch = etree.fromstring(views["views"]["search"]["arch"])
    domain = safe_eval(action.domain or "[]")
    for key, value in context.items():
        if key.startswith("search_default_") and value:
            node = search_arch.find(f".//filter[@name='{key[15:]}']")
            if node is not None and node.get("domain"):
                domain = expression.AND(
                    [domain, safe_eval(node.get("domain"), {"uid": user.id})]
                )
    spec = _spec(views, "helpdesk.ticket", "kanban")
    result = {}

    def orm():
        groups = Ticket.web_read_group(
            domain, ["stage_id"], ["stage_id"], lazy=True, orderby="stage_id"
        )["groups"]
        cards = 0
        for group in groups:
            if group.get("__fold"):
                continue
            page = Ticket.web_search_read(
                group["__domain"], spec, limit=KANBAN_COLUMN, count_limit=None
            )
            cards += len(page["records"])
        result.update(columns=len(groups), cards=cards)

    def plain():
        cr.execute(
            """SELECT t.stage_id, count(*), bool_or(s.fold) FROM helpdesk_ticket t
                 JOIN helpdesk_ticket_stage s ON s.id = t.stage_id
                WHERE t.active AND (t.team_id IN (SELECT helpdesk_ticket_team_id
                        FROM helpdesk_ticket_team_res_users_rel WHERE res_users_id = %s)
                   OR t.user_id = %s OR t.team_id IS NULL)
                GROUP BY t.stage_id""",
            [user.id, user.id],
        )
        for stage_id, _rows, fold in cr.fetchall():
            if fold:
                continue
            cr.execute(
                f"""SELECT t.id, t.number, t.name, t.priority, t.ecrm_deadline,
                           p.name, c.name, t.kanban_state
                      FROM helpdesk_ticket t
                      JOIN res_partner p ON p.id = t.partner_id
                 LEFT JOIN helpdesk_ticket_category c ON c.id = t.category_id
                     WHERE t.active AND t.stage_id = %s
                       AND (t.team_id IN (SELECT helpdesk_ticket_team_id
                        FROM helpdesk_ticket_team_res_users_rel WHERE res_users_id = %s)
                        OR t.user_id = %s OR t.team_id IS NULL)
                  ORDER BY {ORDER_SQL} LIMIT %s""",
                [stage_id, user.id, user.id, KANBAN_COLUMN],
            )
            cr.fetchall()

    bench.record(
        "complaint_team_kanban",
        "web_read_group by stage then the first 40 cards of each unfolded column "
        "(kanban fields, working-time countdown) as a department member",
        bench.timeit(orm),
        bench.timeit(plain),
        complaints=_count(cr, "SELECT count(*) FROM helpdesk_ticket"),
        team_complaints=_count(
            cr, "SELECT count(*) FROM helpdesk_ticket WHERE team_id = %s", [team.id]
        ),
        user=user.login,
        **result,
    )


@measure("complaint_list_page", "every complaint, list view, first page")
def complaint_list_page(bench):
    """The "All Complaints" list as a customer-service agent: the first 80 rows
    in the model's order, with the count the pager shows."""
    env, cr = bench.env, bench.cr
    group = env.ref("ecrm_core.group_ecrm_customer_service")
    user = (
        group.users.filtered(lambda u: not u.has_group("ecrm_core.group_ecrm_manager"))[
            :1
        ]
        or env.user
    )
    Ticket = env["helpdesk.ticket"].with_user(user)
    views = Ticket.get_views([(False, "list")])
    spec = _spec(views, "helpdesk.ticket", "list")
    result = {}

    def orm():
        page = Ticket.web_search_read([], spec, limit=LIST_PAGE, count_limit=10001)
        result.update(rows=len(page["records"]), length=page["length"])

    def plain():
        cr.execute(
            f"""SELECT t.id, t.number, t.name, t.priority, t.ecrm_deadline,
                       t.ecrm_received_date, p.name, c.name, s.name, tm.name
                  FROM helpdesk_ticket t
                  JOIN res_partner p ON p.id = t.partner_id
             LEFT JOIN helpdesk_ticket_category c ON c.id = t.category_id
             LEFT JOIN helpdesk_ticket_stage s ON s.id = t.stage_id
             LEFT JOIN helpdesk_ticket_team tm ON tm.id = t.team_id
                 WHERE t.active
              ORDER BY {ORDER_SQL} LIMIT %s""",
            [LIST_PAGE],
        )
        cr.fetchall()
        cr.execute(
            "SELECT count(*) FROM (SELECT 1 FROM helpdesk_ticket WHERE active "
            "LIMIT 10001) s"
        )
        cr.fetchone()

    bench.record(
        "complaint_list_page",
        "web_search_read of the first 80 complaints (list fields, count up to "
        "10,001) as a customer-service agent",
        bench.timeit(orm),
        bench.timeit(plain),
        list_fields=len(spec),
        user=user.login,
        **result,
    )


@measure("complaint_supplier_portal", "a supplier's portal list, first page")
def complaint_supplier_portal(bench):
    """What /my/supplier_complaints reads for the supplier with the most
    complaints: the count for the pager, then the first page with the
    working-time countdown."""
    env, cr = bench.env, bench.cr
    cr.execute(
        "SELECT ecrm_supplier_commercial_id FROM helpdesk_ticket "
        "WHERE ecrm_supplier_state != 'none' "
        "GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"
    )
    row = cr.fetchone()
    if not row:
        return bench.skip("complaint_supplier_portal", "no escalated complaint")
    supplier = env["res.partner"].browse(row[0])
    contact = env["res.partner"].create(
        {"name": "Liên hệ NCC (bench)", "parent_id": supplier.id}
    )
    user = env["res.users"].create(
        {
            "name": contact.name,
            "login": "bench_supplier_volume",
            "partner_id": contact.id,
            "groups_id": [Command.set([env.ref("base.group_portal").id])],
        }
    )
    Complaint = env["ecrm.supplier.complaint"].with_user(user)
    shown = [
        "number",
        "name",
        "product_id",
        "order_reference",
        "deadline",
        "late",
        "state",
        "countdown",
    ]
    result = {}

    def orm():
        total = Complaint.search_count([])
        page = Complaint.search([], limit=20)
        page.read(shown)
        result.update(total=total, rows=len(page))

    def plain():
        cr.execute(
            """SELECT count(*) FROM helpdesk_ticket t
                WHERE t.active AND t.ecrm_supplier_state != 'none'
                  AND t.ecrm_supplier_commercial_id = %s""",
            [supplier.id],
        )
        cr.fetchone()
        cr.execute(
            """SELECT t.id, t.number, t.name, pt.name, so.name,
                      t.ecrm_supplier_deadline, t.ecrm_supplier_late,
                      t.ecrm_supplier_state
                 FROM helpdesk_ticket t
            LEFT JOIN product_product pp ON pp.id = t.product_id
            LEFT JOIN product_template pt ON pt.id = pp.product_tmpl_id
            LEFT JOIN sale_order so ON so.id = t.sale_order_id
                WHERE t.active AND t.ecrm_supplier_state != 'none'
                  AND t.ecrm_supplier_commercial_id = %s
             ORDER BY t.ecrm_supplier_deadline, t.id LIMIT 20""",
            [supplier.id],
        )
        cr.fetchall()

    bench.record(
        "complaint_supplier_portal",
        "search_count and the first 20 escalated complaints with their countdown, "
        "as the supplier's portal contact",
        bench.timeit(orm),
        bench.timeit(plain),
        **result,
    )


@measure("complaint_deadline_cron", "the deadline cron, one batch of 1,000")
def complaint_deadline_cron(bench):
    """One run of the deadline cron (reminders, late escalations with their
    activities, supplier reminders and lates; 1,000 each at most), rolled back
    after each repetition so every run does the same work; beside the same
    selections and flag updates in plain SQL."""
    env, cr = bench.env, bench.cr
    Ticket = env["helpdesk.ticket"]
    open_count = _count(
        cr,
        """SELECT count(*) FROM helpdesk_ticket t
             JOIN helpdesk_ticket_stage s ON s.id = t.stage_id
            WHERE t.active AND NOT s.closed""",
    )
    due = _count(
        cr,
        """SELECT count(*) FROM helpdesk_ticket t
             JOIN helpdesk_ticket_stage s ON s.id = t.stage_id
            WHERE t.active AND NOT s.closed AND NOT COALESCE(t.ecrm_late_escalated,
                  false) AND t.ecrm_paused_since IS NULL
              AND t.ecrm_deadline < (now() AT TIME ZONE 'UTC')""",
    )
    result = {}

    def orm():
        cr.execute("SAVEPOINT bench_cron")
        batches = Ticket._cron_ecrm_deadlines(limit=1000)
        result["acted"] = sum(len(b) for b in batches.values())
        cr.execute("ROLLBACK TO SAVEPOINT bench_cron")

    def plain():
        cr.execute("SAVEPOINT bench_cron")
        cr.execute(
            """UPDATE helpdesk_ticket SET ecrm_late_escalated = true, priority = '3'
                WHERE id IN (SELECT t.id FROM helpdesk_ticket t
                     JOIN helpdesk_ticket_stage s ON s.id = t.stage_id
                    WHERE t.active AND NOT s.closed
                      AND NOT COALESCE(t.ecrm_late_escalated, false)
                      AND t.ecrm_paused_since IS NULL
                      AND t.ecrm_deadline < (now() AT TIME ZONE 'UTC')
                 ORDER BY t.ecrm_deadline LIMIT 1000)"""
        )
        cr.execute(
            """UPDATE helpdesk_ticket SET ecrm_supplier_late = true
                WHERE id IN (SELECT id FROM helpdesk_ticket
                    WHERE ecrm_supplier_state = 'escalated'
                      AND NOT COALESCE(ecrm_supplier_late, false)
                      AND ecrm_supplier_deadline < (now() AT TIME ZONE 'UTC')
                    LIMIT 1000)"""
        )
        cr.execute("ROLLBACK TO SAVEPOINT bench_cron")

    orm_ms = bench.timeit(orm, max(2, bench.args.repeat // 2))
    sql_ms = bench.timeit(plain, max(2, bench.args.repeat // 2))

    # The steady state: every due complaint already flagged, the cron only looks.
    cr.execute("SAVEPOINT bench_cron_idle")
    cr.execute(
        """UPDATE helpdesk_ticket SET ecrm_late_escalated = true,
                  ecrm_reminder_sent = true, ecrm_supplier_reminder_sent = true,
                  ecrm_supplier_late = true
            WHERE closed IS NOT TRUE"""
    )
    env.invalidate_all()

    def idle():
        batches = Ticket._cron_ecrm_deadlines(limit=1000)
        assert not any(batches.values()), batches

    idle_ms = bench.timeit(idle)
    cr.execute("ROLLBACK TO SAVEPOINT bench_cron_idle")
    env.invalidate_all()
    idle_median = sorted(idle_ms)[len(idle_ms) // 2]
    runs_needed = max(1, -(-due // 1000))
    median = sorted(orm_ms)[len(orm_ms) // 2]
    bench.record(
        "complaint_deadline_cron",
        "one cron run (up to 1,000 complaints per step, activities included) "
        "rolled back; plain SQL: the same selections and flag updates",
        orm_ms,
        sql_ms,
        open_complaints=open_count,
        due_late=due,
        acted_per_run=result.get("acted", 0),
        seconds_per_10k_open=round(
            median * runs_needed / 1000.0 / max(open_count, 1) * 10000, 2
        ),
        idle_run_ms=round(idle_median, 2),
        idle_ms_per_10k_open=round(idle_median / max(open_count, 1) * 10000, 2),
    )
