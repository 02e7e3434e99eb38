# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io
import json

import xlsxwriter

from odoo import _, api, fields, models, tools
from odoo.exceptions import AccessError

# The name left on a forgotten customer's orders (business wording, Vietnamese).
ANONYMOUS_NAME = "Khách hàng ẩn danh %s"
# Personal data of a profile (and of each of its contacts) wiped when the customer
# asks to be forgotten (Law 91/2025/QH15); the name is replaced by ANONYMOUS_NAME.
# The rest of the erasure is in res_partner_erasure.py.
PERSONAL_FIELDS = [
    "email",
    "phone",
    "mobile",
    "street",
    "street2",
    "zip",
    "city",
    "state_id",
    "vat",
    "website",
    "function",
    "comment",
    "ecrm_birthday",
    "ecrm_gender",
    "image_1920",
    "company_name",
    "ref",
    "additional_info",
    "company_registry",
    "sale_warn_msg",
    "invoice_warn_msg",
    "picking_warn_msg",
]
# Context of every write done while erasing: no tracking value keeps the old data,
# no follower is added, and guards of consent and anonymised date let it through.
ERASURE_CONTEXT = {
    "tracking_disable": True,
    "mail_notrack": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "ecrm_privacy_flow": True,
    "active_test": False,
}
EXPORTED_FIELDS = [
    "ecrm_code",
    "name",
    "email",
    "phone",
    "mobile",
    "street",
    "street2",
    "city",
    "state_id",
    "country_id",
    "ecrm_gender",
    "ecrm_birthday",
    "ecrm_origin_channel",
    "ecrm_first_store_id",
    "ecrm_consent_email",
    "ecrm_consent_email_date",
    "ecrm_consent_email_source",
    "ecrm_consent_sms",
    "ecrm_consent_sms_date",
    "ecrm_consent_sms_source",
    "ecrm_consent_phone",
    "ecrm_consent_phone_date",
    "ecrm_consent_phone_source",
    "create_date",
]


class ResPartner(models.Model):
    """Personal data: export everything held about a customer, or forget them."""

    _inherit = "res.partner"

    ecrm_anonymised_date = fields.Datetime(
        "Anonymised On", readonly=True, copy=False, index="btree_not_null"
    )

    def action_ecrm_export_personal_data_json(self):
        return self._ecrm_export_personal_data_action("json")

    def action_ecrm_export_personal_data_xlsx(self):
        return self._ecrm_export_personal_data_action("xlsx")

    def action_ecrm_anonymise(self):
        """Forget the customers of ``self``: every trace of the person in the four
        addons and the platform parts they use; order totals, issued invoices and
        figures kept (see docs/security.md, "Erasure map")."""
        self._ecrm_check_privacy_officer()
        # sudo: a manager was checked above; the wipe must reach every trace of the
        # person, including messages, mails and records other users wrote
        self.sudo().with_context(**ERASURE_CONTEXT)._ecrm_erase_personal_data()
        return True

    def _ecrm_check_privacy_officer(self):
        if not self.env.user.has_group("ecrm_core.group_ecrm_manager"):
            raise AccessError(
                _(
                    "Only an eCRM manager may export or erase a customer's personal "
                    "data."
                )
            )

    def _ecrm_personal_data(self):
        """Everything held about one customer, as plain JSON-ready data.

        One key per kind of data, each a list of flat rows (one sheet of the
        workbook); each addon adds what it holds with super() and names its
        sheets in ``_ecrm_personal_data_sheets``. What the erasure wipes, the
        export shows.
        """
        self.ensure_one()
        self._ecrm_check_privacy_officer()
        # sudo: a manager was checked; the export must be complete
        partner = self.sudo()
        plain = self._ecrm_plain_row

        orders = (
            self.env["sale.order"]
            .sudo()
            .search(
                [("partner_id", "child_of", partner.commercial_partner_id.id)],
                order="date_order",
            )
        )
        return {
            "profile": plain(partner, EXPORTED_FIELDS),
            "phones": [
                plain(p, ["kind", "label", "number", "number_e164", "number_old_e164"])
                for p in partner.ecrm_phone_ids
            ],
            "orders": [
                plain(o, ["name", "date_order", "state", "amount_total"])
                | {"currency": o.currency_id.name}
                for o in orders
            ],
            "interactions": [
                plain(
                    i, ["date", "channel", "direction", "summary", "outcome", "user_id"]
                )
                for i in partner.ecrm_interaction_ids
            ],
            "messages": [
                {
                    "date": fields.Datetime.to_string(m.date),
                    "author": m.author_id.display_name or None,
                    "body": m.body and str(m.body) or None,
                }
                for m in partner.message_ids
            ],
        }

    @api.model
    def _ecrm_plain_row(self, record, fnames):
        """``record``'s ``fnames`` as JSON-ready values (names for relations)."""
        row = {}
        for fname in fnames:
            value = record[fname]
            field = record._fields[fname]
            if field.type == "many2one":
                value = value.display_name or None
            elif field.type in ("many2many", "one2many"):
                value = ", ".join(value.mapped("display_name")) or None
            elif field.type == "date":
                value = fields.Date.to_string(value) if value else None
            elif field.type == "datetime":
                value = fields.Datetime.to_string(value) if value else None
            elif field.type == "html":
                value = tools.html2plaintext(value) if value else None
            elif value is False and field.type != "boolean":
                value = None
            row[fname] = value
        return row

    def _ecrm_personal_data_sheets(self):
        """(key, title) of the export's lists, in workbook order; addons append."""
        return [
            ("phones", _("Phones")),
            ("orders", _("Orders")),
            ("interactions", _("Interactions")),
            ("messages", _("Messages")),
        ]

    def _ecrm_export_personal_data_action(self, fmt):
        """Answer an access request: the files are attached to the request (only
        managers read it, and they expire), never to the partner."""
        self.ensure_one()
        request = self._ecrm_privacy_request("access")
        attachments = request._ecrm_carry_out_access()
        request.write({"state": "done", "done_date": fields.Datetime.now()})
        attachment = attachments.filtered(lambda a: a.name.endswith(f".{fmt}"))
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }

    def _ecrm_personal_data_json(self, data):
        return json.dumps(data, ensure_ascii=False, indent=2).encode()

    def _ecrm_personal_data_xlsx(self, data):
        buffer = io.BytesIO()
        workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
        bold = workbook.add_format({"bold": True})
        sheet = workbook.add_worksheet(_("Profile"))
        for row, (key, value) in enumerate(data["profile"].items()):
            sheet.write(row, 0, key, bold)
            sheet.write(row, 1, "" if value is None else str(value))
        for key, title in self._ecrm_personal_data_sheets():
            sheet = workbook.add_worksheet(title[:31])
            rows = data.get(key) or []
            if not rows:
                continue
            headers = list(rows[0])
            for col, header in enumerate(headers):
                sheet.write(0, col, header, bold)
            for row, record in enumerate(rows, start=1):
                for col, header in enumerate(headers):
                    value = record[header]
                    sheet.write(row, col, "" if value is None else str(value))
        workbook.close()
        return buffer.getvalue()
