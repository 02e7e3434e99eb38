# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from markupsafe import Markup

from odoo import _, api, fields, models, tools
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

RESOLUTION_TYPES = [
    ("refund", "Refund"),
    ("exchange", "Exchange"),
    ("voucher", "Voucher"),
    ("explanation", "Explanation"),
    ("rejected", "Rejected"),
]
DEADLINE_STATES = [
    ("none", "No Deadline"),
    ("on_time", "On Time"),
    ("soon", "Due Soon"),
    ("late", "Late"),
]
# A complaint is "due soon" (orange on the kanban) this many hours before its deadline.
DUE_SOON_HOURS = 2
SUPPLIER_STATES = [
    ("none", "Not escalated"),
    ("escalated", "Waiting for the supplier"),
    ("answered", "Answered by the supplier"),
]


class HelpdeskTicket(models.Model):
    _name = "helpdesk.ticket"
    _inherit = ["helpdesk.ticket", "rating.mixin"]

    # Intake
    ecrm_source = fields.Char(
        "External Source", index=True, copy=False, help="Bridge that sent it (API)."
    )
    ecrm_external_id = fields.Char("External ID", index=True, copy=False)
    ecrm_partner_phone = fields.Char(
        "Phone", help="Phone number the customer gave with the complaint."
    )
    ecrm_category_code = fields.Selection(
        related="category_id.ecrm_code", store=True, string="Complaint Type"
    )
    ecrm_channel_code = fields.Selection(
        related="channel_id.ecrm_code", store=True, string="Complaint Channel"
    )
    sale_order_id = fields.Many2one(
        "sale.order",
        "Order",
        index="btree_not_null",
        domain="[('partner_id', 'child_of', commercial_partner_id)]",
        help="The customer's order the complaint is about (optional).",
    )
    product_id = fields.Many2one(
        "product.product",
        "Product",
        index="btree_not_null",
        help="The product concerned; its first vendor becomes the supplier.",
    )
    supplier_id = fields.Many2one(
        "res.partner",
        "Supplier",
        compute="_compute_supplier_id",
        store=True,
        readonly=False,
        index="btree_not_null",
        tracking=True,
        domain=[("is_company", "=", True)],
        help="Supplier of the product; defaults to its first vendor.",
    )
    ecrm_supplier_commercial_id = fields.Many2one(
        "res.partner",
        related="supplier_id.commercial_partner_id",
        store=True,
        index="btree_not_null",
        string="Supplier Company",
    )
    # Deadline
    ecrm_received_date = fields.Datetime(
        "Received On",
        required=True,
        default=fields.Datetime.now,
        copy=False,
        help="When the platform received the complaint (UTC); the deadline counts "
        "from it.",
    )
    ecrm_deadline = fields.Datetime(
        "Deadline",
        compute="_compute_ecrm_deadline",
        store=True,
        index=True,
        copy=False,
        tracking=True,
        help="Received On plus the resolution time of the category; the complaint "
        "is late after it.",
    )
    ecrm_remaining_hours = fields.Float(
        "Hours Left",
        compute="_compute_ecrm_remaining_hours",
        help="Hours left before the deadline; negative when late.",
    )
    ecrm_is_late = fields.Boolean(
        "Late", compute="_compute_ecrm_remaining_hours", search="_search_ecrm_is_late"
    )
    ecrm_deadline_state = fields.Selection(
        DEADLINE_STATES,
        "Deadline Status",
        compute="_compute_ecrm_remaining_hours",
        help="Due Soon: less than 2 hours left; Late: the deadline has passed.",
    )
    ecrm_countdown = fields.Char(
        "Countdown",
        compute="_compute_ecrm_remaining_hours",
        help="Time left before the deadline, or how late the complaint is.",
    )
    ecrm_reminder_sent = fields.Boolean(copy=False, readonly=True)
    ecrm_late_escalated = fields.Boolean(
        "Escalated as Late",
        copy=False,
        readonly=True,
        help="The department manager was warned that this complaint is late.",
    )
    # Routing
    ecrm_transfer_ids = fields.One2many(
        "ecrm.ticket.transfer", "ticket_id", "Transfers", readonly=True
    )
    ecrm_transfer_count = fields.Integer(
        "Transfer Count", compute="_compute_ecrm_transfer_count"
    )
    # Resolution
    ecrm_resolution_type = fields.Selection(
        RESOLUTION_TYPES,
        "Resolution",
        tracking=True,
        copy=False,
        help="What the customer gets; required to close the complaint.",
    )
    ecrm_resolution = fields.Text("Resolution Details", copy=False)
    # Supplier escalation
    ecrm_supplier_fault = fields.Boolean(related="category_id.ecrm_supplier_fault")
    ecrm_supplier_state = fields.Selection(
        SUPPLIER_STATES,
        "Supplier Escalation",
        default="none",
        required=True,
        copy=False,
        tracking=True,
        index=True,
        help="Supplier-fault complaints are escalated to the supplier, whose portal "
        "contacts answer before the deadline of its agreement.",
    )
    ecrm_supplier_escalated_date = fields.Datetime(
        "Escalated On", copy=False, readonly=True
    )
    ecrm_supplier_deadline = fields.Datetime(
        "Supplier Deadline",
        copy=False,
        readonly=True,
        index="btree_not_null",
        help="Escalation time plus the days to answer of the supplier's agreement.",
    )
    # The supplier's answer is for customer service, who settles the complaint
    # with the customer: the customer's portal access to the ticket does not
    # include it (suppliers read it through ecrm.supplier.complaint).
    ecrm_supplier_answer = fields.Text(
        "Supplier Answer",
        copy=False,
        readonly=True,
        groups="base.group_user",
        help="Written by the supplier on the portal.",
    )
    ecrm_supplier_answer_date = fields.Datetime(
        "Answered On", copy=False, readonly=True
    )
    ecrm_supplier_answer_partner_id = fields.Many2one(
        "res.partner",
        "Answered By",
        copy=False,
        readonly=True,
        groups="base.group_user",
    )
    ecrm_supplier_late = fields.Boolean(
        "Supplier Late",
        copy=False,
        readonly=True,
        help="The supplier did not answer within its agreement.",
    )
    ecrm_supplier_reminder_sent = fields.Boolean(copy=False, readonly=True)

    _sql_constraints = [
        (
            "ecrm_external_unique",
            "unique(ecrm_source, ecrm_external_id, company_id)",
            "A complaint from a source with the same external ID already exists.",
        ),
    ]

    @api.depends("product_id")
    def _compute_supplier_id(self):
        for ticket in self:
            seller = ticket.product_id.seller_ids[:1].partner_id
            ticket.supplier_id = (
                seller.commercial_partner_id if seller else ticket.supplier_id
            )

    @api.depends("category_id", "ecrm_received_date")
    def _compute_ecrm_deadline(self):
        for ticket in self:
            ticket.ecrm_deadline = self._ecrm_deadline_from(
                ticket.ecrm_received_date, ticket.category_id.ecrm_deadline_hours
            )

    @api.depends("ecrm_deadline", "closed")
    def _compute_ecrm_remaining_hours(self):
        now = fields.Datetime.now()
        for ticket in self:
            if not ticket.ecrm_deadline or ticket.closed:
                ticket.ecrm_remaining_hours = 0.0
                ticket.ecrm_is_late = False
                ticket.ecrm_deadline_state = "none"
                ticket.ecrm_countdown = False
                continue
            left = (ticket.ecrm_deadline - now).total_seconds() / 3600.0
            ticket.ecrm_remaining_hours = left
            ticket.ecrm_is_late = left < 0
            if left < 0:
                ticket.ecrm_deadline_state = "late"
                ticket.ecrm_countdown = _(
                    "Late by %s", self._ecrm_format_duration(-left)
                )
            else:
                ticket.ecrm_deadline_state = (
                    "soon" if left < DUE_SOON_HOURS else "on_time"
                )
                ticket.ecrm_countdown = _("%s left", self._ecrm_format_duration(left))

    def _search_ecrm_is_late(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Search on late complaints with = or != only."))
        late = [
            ("closed", "=", False),
            ("ecrm_deadline", "<", fields.Datetime.now()),
        ]
        if (operator == "=") == value:
            return late
        return ["!", "&", *late]

    def _compute_ecrm_transfer_count(self):
        counts = dict(
            self.env["ecrm.ticket.transfer"]._read_group(
                [("ticket_id", "in", self.ids)], ["ticket_id"], ["__count"]
            )
        )
        for ticket in self:
            ticket.ecrm_transfer_count = counts.get(ticket, 0)

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        Partner = self.env["res.partner"]
        for vals in vals_list:
            if not vals.get("partner_id") and (
                vals.get("ecrm_partner_phone") or vals.get("partner_email")
            ):
                partner = Partner._ecrm_find_by_contact(
                    vals.get("ecrm_partner_phone"), vals.get("partner_email")
                )
                if partner:
                    vals["partner_id"] = partner.id
                    vals.setdefault("partner_name", partner.name)
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("team_id") and not self.env.context.get("ecrm_transfer_logged"):
            # A department changed elsewhere than with Transfer (the form's field,
            # a kanban grouped by team, an import) is a transfer too: logged alike.
            team = self.env["helpdesk.ticket.team"].browse(vals["team_id"])
            moved = self.filtered(lambda t: t.team_id and t.team_id != team)
            if moved:
                moved._ecrm_log_transfer(team)
        if vals.get("stage_id"):
            stage = self.env["helpdesk.ticket.stage"].browse(vals["stage_id"])
            if stage.closed:
                self._ecrm_check_can_close(vals)
            newly_closed = self.filtered(lambda t: not t.closed) if stage.closed else ()
        else:
            newly_closed = ()
        res = super().write(vals)
        if newly_closed:
            newly_closed._ecrm_send_closing_notification()
        return res

    # ------------------------------------------------------------------
    # Mail gateway
    # ------------------------------------------------------------------

    @api.model
    def message_new(self, msg, custom_values=None):
        """A complaint by email: match the sender to a customer profile (or
        create a minimal one) and mark the email channel."""
        custom_values = dict(custom_values or {})
        email = tools.email_normalize(msg.get("email_from") or "")
        partner = self.env["res.partner"].browse(msg.get("author_id"))
        if email and not partner:
            partner = self._ecrm_find_or_create_customer(
                name=tools.parse_contact_from_email(msg.get("email_from"))[0],
                email=email,
            )
            msg = dict(msg, author_id=partner.id)
        if partner:
            custom_values.setdefault("partner_id", partner.id)
            custom_values.setdefault("partner_name", partner.name)
            custom_values.setdefault("partner_email", partner.email or email)
        channel = self.env["helpdesk.ticket.channel"]._ecrm_get("email")
        if channel:
            custom_values.setdefault("channel_id", channel.id)
        return super().message_new(msg, custom_values=custom_values)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    @api.model
    def action_ecrm_new_hotline_complaint(self, partner=None):
        """Hotline: a new complaint form with the Hotline channel, the agent's
        department and, when the call comes from a profile, the customer."""
        channel = self.env["helpdesk.ticket.channel"]._ecrm_get("hotline")
        context = {
            "default_channel_id": channel.id,
            "default_team_id": self.env.user.helpdesk_team_ids[:1].id,
            "default_user_id": self.env.user.id,
        }
        if partner:
            context.update(
                default_partner_id=partner.id,
                default_partner_name=partner.name,
                default_partner_email=partner.email,
                default_ecrm_partner_phone=partner.phone or partner.mobile,
            )
        return {
            "name": _("New Hotline Complaint"),
            "type": "ir.actions.act_window",
            "res_model": "helpdesk.ticket",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": context,
        }

    def action_ecrm_open_transfer_wizard(self):
        self.ensure_one()
        return {
            "name": _("Transfer to a Department"),
            "type": "ir.actions.act_window",
            "res_model": "ecrm.ticket.transfer.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_ticket_id": self.id},
        }

    def action_ecrm_transfer(self, team, note=False):
        """Move the complaints to the department ``team`` and log it."""
        if not team:
            raise UserError(_("Choose the department to transfer the complaint to."))
        if self.filtered("closed"):
            raise UserError(_("A closed complaint cannot be transferred."))
        if self.filtered(lambda t: t.team_id == team):
            raise UserError(
                _("The complaint is already in the department %s.", team.name)
            )
        self._ecrm_log_transfer(team, note)
        self.with_context(ecrm_transfer_logged=True).write({"team_id": team.id})
        return True

    def action_ecrm_view_transfers(self):
        self.ensure_one()
        return {
            "name": _("Transfers"),
            "type": "ir.actions.act_window",
            "res_model": "ecrm.ticket.transfer",
            "view_mode": "list",
            "domain": [("ticket_id", "=", self.id)],
        }

    def action_ecrm_escalate_supplier(self):
        """Send supplier-fault complaints to the supplier's portal with the
        deadline of its agreement."""
        not_supplier = self.filtered(lambda t: not t.ecrm_supplier_fault)
        if not_supplier:
            raise UserError(
                _(
                    "Only supplier-fault complaints can be escalated to a supplier "
                    "(%s).",
                    ", ".join(not_supplier.mapped("number")),
                )
            )
        if self.filtered(lambda t: not t.supplier_id):
            raise UserError(_("Set the supplier before escalating the complaint."))
        if self.filtered(lambda t: t.ecrm_supplier_state != "none"):
            raise UserError(_("The complaint was already escalated to the supplier."))
        agreements = self._ecrm_supplier_agreements()
        now = fields.Datetime.now()
        for ticket in self:
            agreement = agreements.get(
                (ticket.ecrm_supplier_commercial_id.id, ticket.company_id.id)
            )
            if not agreement:
                raise UserError(
                    _(
                        "The supplier %s has no complaint agreement: record how "
                        "many days it has to answer first.",
                        ticket.supplier_id.display_name,
                    )
                )
            ticket.write(
                {
                    "ecrm_supplier_state": "escalated",
                    "ecrm_supplier_escalated_date": now,
                    "ecrm_supplier_deadline": now
                    + timedelta(days=agreement.answer_days),
                }
            )
        self._ecrm_notify_supplier(
            _("A complaint was escalated to you; please answer it on the portal.")
        )
        return True

    def ecrm_action_supplier_answer(self, answer):
        """The supplier's answer, given on the portal by one of its contacts."""
        self.ensure_one()
        user = self.env.user
        if (
            not self.ecrm_supplier_commercial_id
            or user.commercial_partner_id != self.ecrm_supplier_commercial_id
        ):
            raise AccessError(
                _("You can only answer the complaints escalated to your company.")
            )
        if self.ecrm_supplier_state != "escalated":
            raise UserError(_("This complaint is not waiting for your answer."))
        answer = (answer or "").strip()
        if not answer:
            raise UserError(_("Write your answer before sending it."))
        now = fields.Datetime.now()
        # sudo: portal users have no write access to tickets; the supplier's right
        # to answer this one was checked just above.
        ticket = self.sudo()
        ticket.write(
            {
                "ecrm_supplier_state": "answered",
                "ecrm_supplier_answer": answer,
                "ecrm_supplier_answer_date": now,
                "ecrm_supplier_answer_partner_id": user.partner_id.id,
                "ecrm_supplier_late": ticket.ecrm_supplier_late
                or bool(
                    ticket.ecrm_supplier_deadline
                    and now > ticket.ecrm_supplier_deadline
                ),
            }
        )
        # nosubscribe: a follower would be sent the conversation with the customer.
        ticket.with_context(mail_create_nosubscribe=True).message_post(
            body=Markup("<p><b>%s</b></p><p>%s</p>")
            % (_("Answer of the supplier:"), answer),
            author_id=user.partner_id.id,
            subtype_xmlid="mail.mt_note",
        )
        return True

    def ecrm_action_rate(self, score, feedback=False):
        """The customer rates the closed complaint from 1 to 5 (portal)."""
        self.ensure_one()
        if self.env.user.commercial_partner_id != self.commercial_partner_id:
            raise AccessError(_("Only the customer can rate this complaint."))
        if not self.closed:
            raise UserError(_("You can rate a complaint once it is settled."))
        if score not in (1, 2, 3, 4, 5):
            raise UserError(_("The rating goes from 1 to 5."))
        # sudo: the customer (portal) may not create ratings or post notes itself;
        # who they are was checked above.
        ticket = self.sudo()
        token = ticket._rating_get_access_token(self.env.user.partner_id)
        return ticket.rating_apply(score, token=token, feedback=feedback)

    @api.model
    def _ecrm_create_from_web_form(self, form):
        """A complaint from the public form of the shop's website (``form`` is the
        posted dict); the visitor is matched to a customer by phone or email."""
        name = (form.get("name") or "").strip()
        phone = (form.get("phone") or "").strip()
        email = (form.get("email") or "").strip()
        subject = (form.get("subject") or "").strip()
        description = (form.get("description") or "").strip()
        if not name:
            raise UserError(_("Please enter your name."))
        if not phone and not email:
            raise UserError(_("Please enter a phone number or an email address."))
        if phone and not self.env["res.partner"]._ecrm_normalize_phone(phone):
            raise UserError(_("The phone number %s is not valid.", phone))
        if email and not tools.email_normalize(email):
            raise UserError(_("The email address %s is not valid.", email))
        if not subject or not description:
            raise UserError(_("Please describe your complaint."))
        # sudo: public visitors may not read categories, orders or create tickets;
        # every value below comes from the checked form fields.
        Ticket = self.sudo()
        category = (
            Ticket.env["helpdesk.ticket.category"]
            .browse(int(form.get("category") or 0))
            .exists()
            .filtered("show_in_portal")
        )
        if not category:
            raise UserError(_("Please choose what your complaint is about."))
        partner = Ticket._ecrm_find_or_create_customer(name, phone, email)
        order = Ticket.env["sale.order"]
        order_ref = (form.get("order") or "").strip()
        if order_ref:
            order = order.search(
                [
                    ("name", "=", order_ref),
                    ("partner_id", "child_of", partner.commercial_partner_id.id),
                ],
                limit=1,
            )
            if not order:
                description += "\n" + _("Order given: %s", order_ref)
        channel = Ticket.env["helpdesk.ticket.channel"]._ecrm_get("web")
        ticket = Ticket.create(
            {
                "name": subject,
                "description": tools.plaintext2html(description),
                "category_id": category.id,
                "channel_id": channel.id,
                "partner_id": partner.id,
                "partner_name": name,
                "partner_email": email or partner.email,
                "ecrm_partner_phone": phone,
                "sale_order_id": order.id,
            }
        )
        ticket.message_subscribe(partner_ids=partner.ids)
        return ticket

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    def _ecrm_log_transfer(self, team, note=False):
        """Log the move of the complaints to ``team``: chatter note and transfer
        row (from, to, who, when, note). Called before the move: a department
        that hands a complaint over to another one no longer sees it afterwards."""
        body = Markup("<p>%s</p>") % _(
            "Transferred to %(team)s by %(user)s.",
            team=team.name,
            user=self.env.user.name,
        )
        if note:
            body += Markup("<p>%s</p>") % note
        for ticket in self:
            ticket.message_post(body=body, subtype_xmlid="mail.mt_note")
        self.env["ecrm.ticket.transfer"].create(
            [
                {
                    "ticket_id": ticket.id,
                    "from_team_id": ticket.team_id.id,
                    "to_team_id": team.id,
                    "note": note,
                }
                for ticket in self
            ]
        )

    @api.model
    def _ecrm_format_duration(self, hours):
        """``hours`` (positive) as "2 d 3 h", "5 h 20 min" or "45 min"."""
        minutes = round(hours * 60)
        days, minutes = divmod(minutes, 24 * 60)
        hours, minutes = divmod(minutes, 60)
        if days:
            return _("%(days)s d %(hours)s h", days=days, hours=hours)
        if hours:
            return _("%(hours)s h %(minutes)s min", hours=hours, minutes=minutes)
        return _("%s min", minutes)

    @api.model
    def _ecrm_deadline_from(self, received, hours):
        """Deadline ``hours`` after ``received`` (naive UTC datetimes)."""
        if not received:
            return False
        return fields.Datetime.to_datetime(received) + timedelta(hours=hours or 48)

    @api.model
    def _ecrm_find_or_create_customer(self, name=None, phone=None, email=None):
        """The customer known by ``phone`` or ``email``, else a new one, through
        ecrm_core's intake contract (same matching as orders)."""
        Partner = self.env["res.partner"]
        if not (phone or email):
            return Partner
        channel = self.env.context.get("ecrm_origin_channel") or "web"
        # sudo: the intake (mail gateway, public web form, API bridge) may run as a
        # user who cannot create contacts; only the given contact data is written.
        return (
            Partner.sudo()
            ._ecrm_find_or_create_customer(
                {"name": name or email or phone, "phone": phone, "email": email},
                channel,
            )
            .with_env(self.env)
        )

    def _ecrm_check_can_close(self, vals):
        if "ecrm_resolution_type" in vals:
            missing = self.browse() if vals["ecrm_resolution_type"] else self
        else:
            missing = self.filtered(lambda t: not t.ecrm_resolution_type)
        # Duplicates are closed by helpdesk_mgmt's wizard without a resolution.
        missing = missing.filtered(lambda t: not t.duplicate_id)
        if missing:
            raise UserError(
                _(
                    "Set the resolution (refund, exchange, voucher, explanation or "
                    "rejected) before closing the complaint %s.",
                    ", ".join(missing.mapped("number")),
                )
            )

    def _ecrm_send_closing_notification(self):
        template = self.env.ref(
            "ecrm_service.mail_template_complaint_closed", raise_if_not_found=False
        )
        if not template:
            return
        for ticket in self.filtered("partner_id"):
            ticket.rating_send_request(template, force_send=False)

    def _ecrm_supplier_agreements(self):
        agreements = self.env["ecrm.supplier.agreement"].search(
            [
                ("supplier_id", "in", self.ecrm_supplier_commercial_id.ids),
                ("company_id", "in", self.company_id.ids),
            ]
        )
        return {(a.supplier_id.id, a.company_id.id): a for a in agreements}

    def _ecrm_supplier_contacts(self):
        """Portal contacts of the suppliers of these complaints."""
        # sudo: internal users may not read the users of other companies' contacts
        return (
            self.env["res.users"]
            .sudo()
            .search(
                [
                    (
                        "partner_id.commercial_partner_id",
                        "in",
                        self.ecrm_supplier_commercial_id.ids,
                    ),
                    ("share", "=", True),
                ]
            )
            .partner_id
        )

    def _message_subscribe(self, partner_ids=None, subtype_ids=None, customer_ids=None):
        """The suppliers' portal contacts never follow the complaints escalated to
        their company, whoever adds them: a follower is sent every message of the
        conversation with the customer."""
        suppliers = self.ecrm_supplier_commercial_id
        if partner_ids and suppliers:
            # sudo: whether a partner is a supplier's portal contact, whoever posts
            partners = self.env["res.partner"].sudo().browse(partner_ids)
            barred = partners.filtered(
                lambda p: (
                    p.commercial_partner_id in suppliers
                    and p.commercial_partner_id not in self.commercial_partner_id
                    and p.user_ids
                    and all(p.user_ids.mapped("share"))
                )
            )
            partner_ids = [pid for pid in partner_ids if pid not in barred.ids]
        return super()._message_subscribe(
            partner_ids=partner_ids, subtype_ids=subtype_ids, customer_ids=customer_ids
        )

    @api.model
    def _ecrm_unsubscribe_supplier_contacts(self):
        """Remove the suppliers' portal contacts from the followers of the
        complaints escalated to their company: a follower is sent every message
        of the conversation with the customer. Suppliers are told of their
        complaints by direct notifications (``_ecrm_notify_supplier``)."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                DELETE FROM mail_followers f
                      USING helpdesk_ticket t, res_partner p
                      WHERE f.res_model = %s
                        AND f.res_id = t.id
                        AND p.id = f.partner_id
                        AND p.commercial_partner_id = t.ecrm_supplier_commercial_id
                        AND p.commercial_partner_id
                            IS DISTINCT FROM t.commercial_partner_id
                        AND EXISTS (SELECT 1 FROM res_users u
                                     WHERE u.partner_id = p.id AND u.share)
                """,
                self._name,
            )
        )
        self.env.invalidate_all()

    def _ecrm_notify_supplier(self, message):
        contacts = self._ecrm_supplier_contacts()
        for ticket in self:
            recipients = contacts.filtered(
                lambda p, t=ticket: (
                    p.commercial_partner_id == t.ecrm_supplier_commercial_id
                )
            )
            body = Markup("<p>%s</p>") % message
            ticket.message_post(
                body=body
                + Markup("<p>%s</p>")
                % _("Supplier deadline: %s", ticket.ecrm_supplier_deadline),
                subtype_xmlid="mail.mt_note",
            )
            if recipients:
                ticket.message_notify(
                    partner_ids=recipients.ids,
                    subject=_("Complaint %s", ticket.number),
                    body=body,
                    email_layout_xmlid="mail.mail_notification_light",
                )

    def _notify_get_recipients_groups(self, message, model_description, msg_vals=None):
        """The supplier's contacts cannot open the ticket: the button of their
        emails opens the complaint on their own portal page."""
        groups = super()._notify_get_recipients_groups(
            message, model_description, msg_vals=msg_vals
        )
        if len(self) != 1 or self.ecrm_supplier_state == "none":
            return groups
        contact_ids = set(self._ecrm_supplier_contacts().ids)
        if not contact_ids:
            return groups
        url = f"{self.get_base_url()}/my/supplier_complaint/{self.id}"
        supplier_group = (
            "ecrm_supplier",
            lambda pdata: pdata["id"] in contact_ids,
            {
                "active": True,
                "has_button_access": True,
                "button_access": {"url": url, "title": _("Answer on the portal")},
            },
        )
        return [supplier_group, *groups]

    def _ecrm_schedule_activity(self, summary, note, user_of):
        """One to-do per complaint, created in one batch."""
        todo = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id(self._name)
        today = fields.Date.context_today(self)
        self.env["mail.activity"].create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": ticket.id,
                    "activity_type_id": todo.id,
                    "summary": summary,
                    "note": note,
                    "user_id": user_of(ticket).id,
                    "date_deadline": today,
                }
                for ticket in self
            ]
        )

    def _ecrm_recompute_rating(self):
        """Refresh the stored last rating of these tickets (used after ratings are
        written by data files, where no rating flow runs)."""
        self.env.add_to_compute(self._fields["rating_last_value"], self)
        self.flush_recordset(["rating_last_value"])

    def _ecrm_ids_by_sql(self, query):
        self.env.flush_all()
        self.env.cr.execute(query)
        return self.browse([row[0] for row in self.env.cr.fetchall()])

    # ------------------------------------------------------------------
    # Scheduled actions
    # ------------------------------------------------------------------

    @api.model
    def _cron_ecrm_deadlines(self, limit=1000):
        """Remind before the deadlines, escalate when late; each step is one
        query, one batch write and a flag so nothing is sent twice."""
        now = fields.Datetime.now()
        open_stage = SQL(
            "NOT COALESCE((SELECT closed FROM helpdesk_ticket_stage s "
            "WHERE s.id = t.stage_id), false) AND t.active"
        )
        # 1. Department reminder before the resolution deadline.
        reminders = self._ecrm_ids_by_sql(
            SQL(
                """SELECT t.id FROM helpdesk_ticket t
                   JOIN helpdesk_ticket_category c ON c.id = t.category_id
                  WHERE %s AND NOT COALESCE(t.ecrm_reminder_sent, false)
                    AND t.ecrm_deadline > %s
                    AND t.ecrm_deadline - make_interval(
                        hours => COALESCE(c.ecrm_reminder_hours, 0)) <= %s
                  ORDER BY t.ecrm_deadline LIMIT %s""",
                open_stage,
                now,
                now,
                limit,
            )
        )
        if reminders:
            reminders.write({"ecrm_reminder_sent": True})
            reminders._ecrm_schedule_activity(
                _("Complaint deadline soon"),
                _("This complaint must be settled before its deadline."),
                lambda t: t.user_id or t.team_id.user_id or self.env.user,
            )
        # 2. Late: escalate to the department manager (team leader).
        late = self.search(
            [
                ("closed", "=", False),
                ("ecrm_late_escalated", "=", False),
                ("ecrm_deadline", "<", now),
            ],
            order="ecrm_deadline",
            limit=limit,
        )
        if late:
            late.write({"ecrm_late_escalated": True, "priority": "3"})
            late._ecrm_schedule_activity(
                _("Late complaint"),
                _("The deadline of this complaint has passed: please act now."),
                lambda t: t.team_id.user_id or t.user_id or self.env.user,
            )
        # 3. Supplier reminder before its answer deadline.
        supplier_reminders = self._ecrm_ids_by_sql(
            SQL(
                """SELECT t.id FROM helpdesk_ticket t
                   JOIN ecrm_supplier_agreement a
                     ON a.supplier_id = t.ecrm_supplier_commercial_id
                    AND a.company_id = t.company_id
                  WHERE t.ecrm_supplier_state = 'escalated'
                    AND NOT COALESCE(t.ecrm_supplier_reminder_sent, false)
                    AND t.ecrm_supplier_deadline > %s
                    AND t.ecrm_supplier_deadline - make_interval(
                        hours => COALESCE(a.reminder_hours, 0)) <= %s
                  LIMIT %s""",
                now,
                now,
                limit,
            )
        )
        if supplier_reminders:
            supplier_reminders.write({"ecrm_supplier_reminder_sent": True})
            supplier_reminders._ecrm_notify_supplier(
                _("Reminder: your answer to this complaint is due soon.")
            )
        # 4. Supplier late: flag it, warn the supplier and the department manager.
        supplier_late = self.search(
            [
                ("ecrm_supplier_state", "=", "escalated"),
                ("ecrm_supplier_late", "=", False),
                ("ecrm_supplier_deadline", "<", now),
            ],
            limit=limit,
        )
        if supplier_late:
            supplier_late.write({"ecrm_supplier_late": True})
            supplier_late._ecrm_notify_supplier(
                _("Your answer to this complaint is late: please answer now.")
            )
            supplier_late._ecrm_schedule_activity(
                _("Supplier late"),
                _("The supplier did not answer this complaint in time."),
                lambda t: t.team_id.user_id or t.user_id or self.env.user,
            )
        batches = {
            "reminders": reminders,
            "late": late,
            "supplier_reminders": supplier_reminders,
            "supplier_late": supplier_late,
        }
        # A full batch means there may be more: the scheduler runs again at once.
        full = any(len(batch) >= limit for batch in batches.values())
        self.env["ir.cron"]._notify_progress(
            done=sum(len(batch) for batch in batches.values()), remaining=int(full)
        )
        return batches
