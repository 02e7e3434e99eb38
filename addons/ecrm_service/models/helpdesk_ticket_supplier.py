# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

SUPPLIER_STATES = [
    ("none", "Not escalated"),
    ("escalated", "Waiting for the supplier"),
    ("answered", "Answered by the supplier"),
]


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

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
        help="Escalation time plus the days to answer of the supplier's agreement, "
        "in working days of the agreement's working hours.",
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
        index="btree_not_null",
        groups="base.group_user",
    )
    ecrm_supplier_late = fields.Boolean(
        "Supplier Late",
        copy=False,
        readonly=True,
        help="The supplier did not answer within its agreement.",
    )
    ecrm_supplier_reminder_sent = fields.Boolean(copy=False, readonly=True)

    @api.depends("product_id")
    def _compute_supplier_id(self):
        for ticket in self:
            seller = ticket.product_id.seller_ids[:1].partner_id
            ticket.supplier_id = (
                seller.commercial_partner_id if seller else ticket.supplier_id
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

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
                    "ecrm_supplier_deadline": agreement._ecrm_answer_deadline(now),
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

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

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
