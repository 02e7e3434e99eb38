# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

NAME_SIMILARITY = 0.8
# Vietnamese letters with their marks, and the same letters without: a name typed
# without diacritics ("Nguyen Thi Ha") is compared with its written form.
VI_MARKED = "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
VI_PLAIN = "aaaaaaaaaaaaaaaaaeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyyd"
WEB_PHONE = "web_phone"
# The same number, given by one customer in its form from before Vietnam's
# renumbering (0168 123 4567) and by the other in today's (038 123 4567).
RENUMBERED = "renumbered"
WEB_EMAIL = "web_email"
# Pairs recorded by a web checkout: the nightly refresh keeps them for review.
WEB_REASONS = (WEB_PHONE, WEB_EMAIL)


class EcrmPartnerDuplicate(models.Model):
    """A pair of customers that are probably the same person.

    Filled by the nightly cron in SQL, and at the end of a web checkout whose
    anonymous buyer typed the phone or email of an existing customer; an agent
    merges the pair or dismisses it.
    """

    _name = "ecrm.partner.duplicate"
    _description = "Likely Duplicate Customers"
    _order = "score desc, id desc"

    partner_id = fields.Many2one(
        "res.partner", "Customer", required=True, index=True, ondelete="cascade"
    )
    duplicate_id = fields.Many2one(
        "res.partner", "Likely Duplicate", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="partner_id.company_id", store=True)
    reason = fields.Selection(
        [
            ("phone", "Same phone"),
            (RENUMBERED, "Same phone, old and new number"),
            ("email", "Same email"),
            ("name", "Similar name, same birthday or street"),
            (WEB_PHONE, "Web checkout: same phone"),
            (WEB_EMAIL, "Web checkout: same email"),
        ],
        required=True,
    )
    order_id = fields.Many2one(
        "sale.order",
        "Web Order",
        index="btree_not_null",
        ondelete="set null",
        readonly=True,
        help="The web shop order whose buyer typed the phone or email of the "
        "first customer. Until the pair is merged, the order stays with the "
        "buyer as they typed it.",
    )
    score = fields.Float(help="1 for the same phone or email, else name similarity.")
    state = fields.Selection(
        [
            ("new", "To review"),
            ("dismissed", "Not a duplicate"),
            ("merged", "Merged"),
        ],
        default="new",
        required=True,
        index=True,
    )
    partner_phone = fields.Char(related="partner_id.phone", string="Phone")
    duplicate_phone = fields.Char(related="duplicate_id.phone", string="Their Phone")
    partner_email = fields.Char(related="partner_id.email", string="Email")
    duplicate_email = fields.Char(related="duplicate_id.email", string="Their Email")
    partner_order_count = fields.Integer(
        related="partner_id.ecrm_order_count", string="Orders"
    )
    duplicate_order_count = fields.Integer(
        related="duplicate_id.ecrm_order_count", string="Their Orders"
    )

    _sql_constraints = [
        (
            "pair_unique",
            "unique(partner_id, duplicate_id)",
            "This pair of customers is already listed.",
        ),
        (
            "pair_ordered",
            "check(partner_id < duplicate_id)",
            "A pair lists the older customer first.",
        ),
    ]

    def init(self):
        if self.env.registry.has_trigram:
            # searching customers by part of their name (ilike) uses this index
            self.env.cr.execute(
                "CREATE INDEX IF NOT EXISTS res_partner_ecrm_name_trgm_idx "
                "ON res_partner USING gist (name gist_trgm_ops)"
            )

    def action_dismiss(self):
        self.write({"state": "dismissed"})

    def action_merge(self):
        """Merge the pair into the older customer (an eCRM merge, undoable)."""
        self.ensure_one()
        merges = self.action_merge_groups(open_result=False)
        return {
            "type": "ir.actions.act_window",
            "res_model": "res.partner",
            "res_id": merges.survivor_id.id,
            "view_mode": "form",
        }

    def action_merge_groups(self, open_result=True):
        """Merge the selected pairs, grouped: pairs sharing a customer make one
        group, merged into its oldest customer. One merge record per group;
        all groups or none."""
        self.env["ecrm.merge"]._ecrm_check_manager()
        pairs = self.filtered(lambda p: p.state == "new")
        if not pairs:
            raise UserError(_("Select pairs still to review."))
        # union-find over the selected pairs, in memory
        parent = {}

        def root(pid):
            while parent.setdefault(pid, pid) != pid:
                parent[pid] = parent[parent[pid]]
                pid = parent[pid]
            return pid

        for pair in pairs:
            a, b = root(pair.partner_id.id), root(pair.duplicate_id.id)
            if a != b:
                parent[max(a, b)] = min(a, b)
        members = {}
        for pid in list(parent):
            members.setdefault(root(pid), []).append(pid)
        Partner = self.env["res.partner"]
        groups = [
            (Partner.browse(min(ids)), Partner.browse(sorted(ids)[1:]))
            for ids in members.values()
        ]
        merges = self.env["ecrm.merge"]._ecrm_merge_groups(groups)
        if not open_result:
            return merges
        return {
            "type": "ir.actions.act_window",
            "name": _("Merges"),
            "res_model": "ecrm.merge",
            "view_mode": "list,form",
            "domain": [("id", "in", merges.ids)],
        }

    def action_open_merge_wizard(self):
        """Open Odoo's merge wizard on the pair, to choose the surviving profile
        (it merges through the eCRM merge)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "base.partner.merge.automatic.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {
                "active_model": "res.partner",
                "active_ids": (self.partner_id | self.duplicate_id).ids,
            },
        }

    @api.model
    def _ecrm_refresh(self, partner_ids=None):
        """Recompute the candidate pairs in SQL (all, or those of ``partner_ids``).

        Pairs an agent dismissed stay dismissed, and pairs recorded by a web
        checkout stay as they are; the other pairs are rebuilt.
        """
        self.env.flush_all()
        cr = self.env.cr
        if partner_ids is not None:
            scope = SQL(
                "(a.id = ANY(%(ids)s) OR b.id = ANY(%(ids)s))", ids=list(partner_ids)
            )
            cr.execute(
                SQL(
                    "DELETE FROM ecrm_partner_duplicate WHERE state = 'new' "
                    "AND reason <> ALL(%(web)s) "
                    "AND (partner_id = ANY(%(ids)s) OR duplicate_id = ANY(%(ids)s))",
                    ids=list(partner_ids),
                    web=list(WEB_REASONS),
                )
            )
        else:
            scope = SQL("TRUE")
            cr.execute(
                SQL(
                    "DELETE FROM ecrm_partner_duplicate "
                    "WHERE state = 'new' AND reason <> ALL(%s)",
                    list(WEB_REASONS),
                )
            )
        customers = SQL(
            "a.active AND b.active AND NOT a.is_company AND NOT b.is_company "
            "AND a.commercial_partner_id <> b.commercial_partner_id "
            "AND a.ecrm_anonymised_date IS NULL AND b.ecrm_anonymised_date IS NULL "
            "AND COALESCE(a.company_id, 0) = COALESCE(b.company_id, 0)"
        )
        by_phone = SQL(
            """
            SELECT a.id, b.id,
                   CASE WHEN pa.number_old_e164 IS NOT NULL
                          OR pb.number_old_e164 IS NOT NULL
                        THEN %s ELSE 'phone' END,
                   1.0
              FROM ecrm_partner_phone pa
              JOIN ecrm_partner_phone pb
                ON pb.number_e164 = pa.number_e164 AND pb.partner_id > pa.partner_id
              JOIN res_partner a ON a.id = pa.partner_id
              JOIN res_partner b ON b.id = pb.partner_id
             WHERE %s AND %s
            """,
            RENUMBERED,
            customers,
            scope,
        )
        by_email = SQL(
            """
            SELECT a.id, b.id, 'email', 1.0
              FROM res_partner a
              JOIN res_partner b
                ON b.email_normalized = a.email_normalized AND b.id > a.id
             WHERE a.email_normalized IS NOT NULL AND %s AND %s
            """,
            customers,
            scope,
        )
        # Many customers share a name (a few thousand full names cover most of
        # Vietnam), so a similar name alone is no sign of a duplicate: it must
        # come with the same birthday or the same street in the same province.
        # Both are equality joins (hashed, linear in the number of customers).
        # each customer's name is folded once (marks dropped, lower case), then
        # compared within the pairs that share a province and a birthday or street
        people = SQL(
            """
            SELECT a.id, a.commercial_partner_id, COALESCE(a.company_id, 0) AS company,
                   COALESCE(a.state_id, 0) AS state, a.ecrm_birthday AS born,
                   NULLIF(lower(trim(a.street)), '') AS street,
                   translate(lower(trim(normalize(a.name, NFC))), %s, %s) AS name
              FROM res_partner a
             WHERE a.customer_rank > 0 AND a.name IS NOT NULL AND a.active
               AND NOT a.is_company AND a.ecrm_anonymised_date IS NULL
            """,
            VI_MARKED,
            VI_PLAIN,
        )
        if self.env.registry.has_trigram:
            alike = SQL("similarity(a.name, b.name)")
        else:
            alike = SQL("CASE WHEN a.name = b.name THEN 1.0 ELSE 0 END")

        def by_name_and(same):
            return SQL(
                """
                SELECT a.id, b.id, 'name', %(alike)s
                  FROM people a
                  JOIN people b
                    ON b.id > a.id AND b.state = a.state AND b.company = a.company
                   AND b.%(same)s = a.%(same)s
                 WHERE a.commercial_partner_id <> b.commercial_partner_id
                   AND %(alike)s >= %(threshold)s AND %(scope)s
                """,
                alike=alike,
                same=SQL.identifier(same),
                threshold=NAME_SIMILARITY,
                scope=scope,
            )

        cr.execute(
            SQL(
                """
            WITH people AS MATERIALIZED (%(people)s)
            INSERT INTO ecrm_partner_duplicate
                   (partner_id, duplicate_id, company_id, reason, score, state,
                    create_uid, write_uid, create_date, write_date)
            SELECT DISTINCT ON (c.a_id, c.b_id)
                   c.a_id, c.b_id, p.company_id, c.reason, c.score, 'new',
                   %(uid)s, %(uid)s, now() at time zone 'UTC', now() at time zone 'UTC'
              FROM (%(phone)s UNION ALL %(email)s UNION ALL %(name)s
                    UNION ALL %(street)s)
                   AS c(a_id, b_id, reason, score)
              JOIN res_partner p ON p.id = c.a_id
          ORDER BY c.a_id, c.b_id, c.score DESC, c.reason
            ON CONFLICT (partner_id, duplicate_id) DO NOTHING
            """,
                people=people,
                uid=self.env.uid,
                phone=by_phone,
                email=by_email,
                name=by_name_and("born"),
                street=by_name_and("street"),
            )
        )
        self.invalidate_model()
        return True

    @api.model
    def _ecrm_record_web_checkouts(self, orders):
        """Tell the team which web orders were placed with a known phone or email.

        An anonymous cart gets a new partner from the address form (Odoo's
        checkout). When an older customer of the order's company (or of every
        company) has the same phone, else the same email, the pair (older
        customer, new partner) is listed with the order for the team to merge or
        dismiss. Nothing else changes: the order keeps the partner and the
        addresses the buyer typed, and the older customer's data, points and
        orders stay out of the buyer's reach. Carts of logged-in customers (their
        own partner or one of their addresses) and orders entered in the back
        office are left alone.

        Returns the pairs recorded.
        """
        # the partner of an anonymous cart: created from the address form by the
        # website's public user, not (yet) anyone's login (sudo: see below)
        checkouts = orders.sudo().filtered(
            lambda o: (
                o.website_id
                and o.partner_id
                and o.partner_id.create_uid == o.website_id.user_id
                and not o.partner_id.parent_id
                and not o.partner_id.is_company
                and not o.partner_id.user_ids
            )
        )
        if not checkouts:
            return self.browse()
        buyers = checkouts.partner_id
        # sudo: the buyer's own phone and email are compared with every customer's
        # to inform the team; what is found is only written in this list, which
        # the buyer (a public or portal user) can neither read nor change
        Phone = self.env["ecrm.partner.phone"].sudo()
        Partner = self.env["res.partner"].sudo().with_context(active_test=False)
        buyer_rows = Phone.search_fetch(
            [("partner_id", "in", buyers.ids)], ["partner_id", "number_e164"]
        )
        numbers = {}
        for row in buyer_rows:
            numbers.setdefault(row.partner_id.id, set()).add(row.number_e164)
        phone_rows = Phone.search_fetch(
            [
                ("number_e164", "in", list(set(buyer_rows.mapped("number_e164")))),
                ("partner_id", "not in", buyers.ids),
            ],
            ["partner_id", "number_e164"],
        )
        emails = set(buyers.mapped("email_normalized")) - {False}
        email_partners = Partner.search_fetch(
            [
                ("email_normalized", "in", list(emails)),
                ("id", "not in", buyers.ids),
            ],
            ["email_normalized"],
            order="id",
        )

        def profile_of(order, matches):
            """The oldest profile among ``matches`` the order's buyer may be."""
            buyer = order.partner_id
            for match in matches.sorted("id"):
                profile = match.commercial_partner_id
                if (
                    profile.active
                    and not profile.ecrm_anonymised_date
                    and profile.id < buyer.id
                    and (
                        not profile.company_id or profile.company_id == order.company_id
                    )
                ):
                    return profile
            return None

        found = {}
        for order in checkouts:
            buyer = order.partner_id
            by_phone = phone_rows.filtered(
                lambda r, b=buyer: r.number_e164 in numbers.get(b.id, ())
            ).partner_id
            profile, reason = profile_of(order, by_phone), WEB_PHONE
            if not profile and buyer.email_normalized:
                by_email = email_partners.filtered(
                    lambda p, b=buyer: p.email_normalized == b.email_normalized
                )
                profile, reason = profile_of(order, by_email), WEB_EMAIL
            if profile:
                found[(profile.id, buyer.id)] = (reason, order.id)
        if not found:
            return self.browse()
        Duplicate = self.sudo()
        existing = Duplicate.search(
            [
                ("partner_id", "in", [pair[0] for pair in found]),
                ("duplicate_id", "in", [pair[1] for pair in found]),
            ]
        )
        pairs = Duplicate.browse()
        for pair in existing:
            key = (pair.partner_id.id, pair.duplicate_id.id)
            if key not in found:
                continue
            reason, order_id = found.pop(key)
            # a pair dismissed by an agent stays dismissed
            if pair.state == "new":
                pair.write({"reason": reason, "order_id": order_id, "score": 1.0})
                pairs |= pair
        pairs |= Duplicate.create(
            [
                {
                    "partner_id": profile_id,
                    "duplicate_id": buyer_id,
                    "reason": reason,
                    "order_id": order_id,
                    "score": 1.0,
                }
                for (profile_id, buyer_id), (reason, order_id) in found.items()
            ]
        )
        return pairs

    @api.model
    def _cron_refresh(self):
        self._ecrm_refresh()
