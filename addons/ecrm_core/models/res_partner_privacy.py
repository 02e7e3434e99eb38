# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io
import json

import xlsxwriter

from odoo import _, fields, models
from odoo.exceptions import AccessError

# The name left on a forgotten customer's orders (business wording, Vietnamese).
ANONYMOUS_NAME = "Khách hàng ẩn danh %s"
# Personal data wiped when a customer asks to be forgotten (Law 91/2025/QH15 and
# Decree 356/2025).
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
]
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
        """Forget the customers of ``self``: no personal data, order totals kept."""
        self._ecrm_check_privacy_officer()
        # sudo: a manager was checked above; the wipe must reach every trace of the
        # person, including messages and numbers other users wrote
        partners = self.sudo()
        for partner in partners:
            code = partner.ecrm_code or str(partner.id)
            vals = {fname: False for fname in PERSONAL_FIELDS if fname in partner}
            vals.update(
                name=ANONYMOUS_NAME % code,
                ecrm_consent_email=False,
                ecrm_consent_sms=False,
                ecrm_consent_phone=False,
                ecrm_anonymised_date=fields.Datetime.now(),
            )
            partner.write(vals)
        partners.ecrm_phone_ids.with_context(ecrm_phone_sync=True).unlink()
        partners.ecrm_interaction_ids.write(
            {"summary": _("(anonymised)"), "outcome": False, "note": False}
        )
        self.env["mail.message"].sudo().search(
            [("model", "=", "res.partner"), ("res_id", "in", partners.ids)]
        ).unlink()
        self.env["ecrm.partner.duplicate"].sudo().search(
            [
                "|",
                ("partner_id", "in", partners.ids),
                ("duplicate_id", "in", partners.ids),
            ]
        ).unlink()
        partners.child_ids.filtered(lambda c: c.type != "contact").write(
            {fname: False for fname in PERSONAL_FIELDS}
        )
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
        """Everything held about one customer, as plain JSON-ready data."""
        self.ensure_one()
        self._ecrm_check_privacy_officer()
        # sudo: a manager was checked; the export must be complete
        partner = self.sudo()

        def plain(record, fnames):
            row = {}
            for fname in fnames:
                value = record[fname]
                field = record._fields[fname]
                if field.type == "many2one":
                    value = value.display_name or None
                elif field.type == "date":
                    value = fields.Date.to_string(value) if value else None
                elif field.type == "datetime":
                    value = fields.Datetime.to_string(value) if value else None
                elif value is False and field.type != "boolean":
                    value = None
                row[fname] = value
            return row

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
                plain(p, ["kind", "label", "number", "number_e164"])
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
        for key, title in (
            ("phones", _("Phones")),
            ("orders", _("Orders")),
            ("interactions", _("Interactions")),
            ("messages", _("Messages")),
        ):
            sheet = workbook.add_worksheet(title)
            rows = data[key]
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
