# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import Markup

from odoo import _, api, fields, models, tools
from odoo.exceptions import UserError
from odoo.tools import create_index

RESOLUTION_TYPES = [
    ("refund", "Refund"),
    ("exchange", "Exchange"),
    ("voucher", "Voucher"),
    ("explanation", "Explanation"),
    ("rejected", "Rejected"),
]


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    # Every 360 form, the customer's portal, merges and erasures read the
    # complaints of a customer: helpdesk_mgmt leaves these two unindexed, so
    # each of those reads scanned every complaint
    partner_id = fields.Many2one(index="btree_not_null")
    commercial_partner_id = fields.Many2one(index="btree_not_null")
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

    _sql_constraints = [
        (
            "ecrm_external_unique",
            "unique(ecrm_source, ecrm_external_id, company_id)",
            "A complaint from a source with the same external ID already exists.",
        ),
    ]

    def _compute_ecrm_transfer_count(self):
        counts = dict(
            self.env["ecrm.ticket.transfer"]._read_group(
                [("ticket_id", "in", self.ids)], ["ticket_id"], ["__count"]
            )
        )
        for ticket in self:
            ticket.ecrm_transfer_count = counts.get(ticket, 0)

    def init(self):
        super().init()
        # The list's first page (in the model's order) and each kanban column
        # (a stage, in the same order) read 40 to 80 rows by index among hundreds
        # of thousands instead of sorting them all.
        order = ["priority DESC", "sequence", "number DESC", "id DESC"]
        cr = self.env.cr
        create_index(cr, "helpdesk_ticket_ecrm_order_index", self._table, order)
        create_index(
            cr,
            "helpdesk_ticket_ecrm_stage_order_index",
            self._table,
            ["stage_id", *order],
        )

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

    def _ecrm_ids_by_sql(self, query):
        self.env.flush_all()
        self.env.cr.execute(query)
        return self.browse([row[0] for row in self.env.cr.fetchall()])
