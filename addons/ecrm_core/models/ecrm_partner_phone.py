# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

# Rows of these kinds mirror res.partner.phone / mobile and are kept in sync by the
# partner itself; "extra" rows are the other numbers an agent adds by hand.
SYNCED_KINDS = ("phone", "mobile")


class EcrmPartnerPhone(models.Model):
    _name = "ecrm.partner.phone"
    _description = "Customer Phone Number"
    _order = "partner_id, sequence, id"
    _rec_name = "number"

    partner_id = fields.Many2one(
        "res.partner", "Customer", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(
        related="partner_id.company_id", store=True, index=True, string="Company"
    )
    sequence = fields.Integer(default=10)
    kind = fields.Selection(
        [("phone", "Phone"), ("mobile", "Mobile"), ("extra", "Other number")],
        required=True,
        default="extra",
        readonly=True,
        help="Phone and Mobile mirror the fields of the contact; other numbers are "
        "added here.",
    )
    label = fields.Char(help="e.g. Zalo, Work, Husband's phone")
    number = fields.Char(required=True, help="The number as the customer gave it.")
    number_e164 = fields.Char(
        "Normalised Number",
        compute="_compute_number_e164",
        store=True,
        index=True,
        readonly=True,
        help="The number in international E.164 form (+84...), used to find the "
        "customer whatever way the number is written.",
    )
    number_old_e164 = fields.Char(
        "Old Number",
        index="btree_not_null",
        readonly=True,
        help="The number as it was before the renumbering (e.g. +841681234567 "
        "for today's +84381234567), when it was given in that form.",
    )

    _sql_constraints = [
        (
            "partner_number_unique",
            "unique(partner_id, number_e164)",
            "This customer already has this phone number.",
        ),
    ]

    @api.depends("number", "partner_id.country_id")
    def _compute_number_e164(self):
        for phone in self:
            phone.number_e164 = phone.partner_id._ecrm_normalize_phone(
                phone.number, country=phone.partner_id.country_id
            )

    @api.constrains("number", "partner_id")
    def _check_number(self):
        for phone in self:
            if not phone.number_e164:
                country = (
                    phone.partner_id.country_id
                    or phone.partner_id._ecrm_phone_country()
                )
                raise ValidationError(
                    _(
                        "Phone Number: %(number)s is not a valid phone number in "
                        "%(country)s. Write it with its country code (+84...) if "
                        "it is from another country.",
                        number=phone.number,
                        country=country.name,
                    )
                )
        extras = self.filtered(lambda p: p.kind == "extra")
        if not extras:
            return
        # One query for the whole batch: a number already held by another customer.
        taken = self.sudo().search(  # sudo: the clash may be in a record we can't read
            [
                ("number_e164", "in", extras.mapped("number_e164")),
                ("id", "not in", extras.ids),
            ]
        )
        for phone in extras:
            owner = phone.partner_id.commercial_partner_id
            for other in taken:
                same_company = other.company_id == phone.company_id
                other_owner = other.partner_id.commercial_partner_id
                if (
                    other.number_e164 == phone.number_e164
                    and same_company
                    and other_owner != owner
                ):
                    raise ValidationError(
                        _(
                            "Phone Number: %(number)s already belongs to another "
                            "customer (%(customer)s). Merge the two profiles "
                            "instead.",
                            number=phone.number,
                            customer=other_owner.display_name,
                        )
                    )

    def init(self):
        # A hand-added number belongs to one customer per company. Phone and mobile
        # of the contacts themselves may clash: those clashes are the duplicates.
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS ecrm_partner_phone_extra_unique "
                "ON ecrm_partner_phone (number_e164, COALESCE(company_id, 0)) "
                "WHERE kind = 'extra'"
            )
        )

    @api.model_create_multi
    def create(self, vals_list):
        phones = super().create(vals_list)
        # a number given in its old form (an extra number typed by an agent);
        # phone and mobile rows get theirs from the partner, whose field holds
        # the current form once written
        phones.filtered(lambda p: not p.number_old_e164)._ecrm_set_old_number()
        return phones

    def write(self, vals):
        if (
            set(vals) & {"number", "partner_id"}
            and not self.env.context.get("ecrm_phone_sync")
            and any(p.kind in SYNCED_KINDS for p in self)
        ):
            raise UserError(
                _("Change the Phone or Mobile field of the customer instead.")
            )
        res = super().write(vals)
        if "number" in vals and "number_old_e164" not in vals:
            self._ecrm_set_old_number()
        return res

    def _ecrm_set_old_number(self):
        """Keep the old form (before a renumbering) the number was given in."""
        olds = {}
        for phone in self:
            old = phone.partner_id._ecrm_parse_phone(
                phone.number, phone.partner_id.country_id
            )[1]
            if old != phone.number_old_e164:
                olds.setdefault(old, []).append(phone.id)
        for old, ids in olds.items():
            self.browse(ids).write({"number_old_e164": old})

    @api.ondelete(at_uninstall=False)
    def _unlink_except_synced(self):
        if self.env.context.get("ecrm_phone_sync"):
            return
        if any(p.kind in SYNCED_KINDS and p.partner_id.exists() for p in self):
            raise UserError(
                _("Clear the Phone or Mobile field of the customer instead.")
            )
