# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Erasure of the sales traces (see res_partner_erasure.py): queued storefront
orders, orders, deliveries, invoices, payments, website visits."""

import json

import psycopg2

from odoo import _, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _ecrm_erase_intake(self, keys):
        """Queued storefront orders: the customer block of the stored payload.

        A payload still waiting to become an order is rejected (the storefront
        may send it again); a processed one keeps its lines and hash.
        """
        orders = keys["records"].get("sale.order") or [0]
        conditions = [SQL("order_id IN %s", tuple(orders))]
        if keys["contact_pattern"]:
            conditions.append(
                SQL("(order_id IS NULL AND payload ~* %s)", keys["contact_pattern"])
            )
        self.env["ecrm.order.intake"].flush_model()
        self.env.cr.execute(
            SQL(
                "SELECT id, payload, state FROM ecrm_order_intake WHERE %s",
                SQL(" OR ").join(conditions),
            )
        )
        anonymous = next(iter(keys["anonymous_names"].values()), "")
        rows = []
        for row_id, payload, _state in self.env.cr.fetchall():
            try:
                data = json.loads(payload)
            except ValueError:
                data = {}
            if isinstance(data, dict) and "customer" in data:
                data["customer"] = {"name": anonymous}
            text = self._ecrm_scrub_text(json.dumps(data, ensure_ascii=False), keys)
            rows.append(SQL("(%s, %s)", row_id, text))
        if not rows:
            return
        self.env.cr.execute(
            SQL(
                """UPDATE ecrm_order_intake i
                      SET payload = v.payload,
                          state = CASE WHEN i.state = 'queued' THEN 'rejected'
                                       ELSE i.state END,
                          error_code = CASE WHEN i.state = 'queued' THEN 'erased'
                                            ELSE i.error_code END,
                          error_field = CASE WHEN i.state = 'queued' THEN 'customer'
                                             ELSE i.error_field END,
                          error_message = CASE WHEN i.state = 'queued' THEN %s
                                               ELSE i.error_message END,
                          date_done = COALESCE(i.date_done, %s)
                     FROM (VALUES %s) AS v(id, payload)
                    WHERE i.id = v.id""",
                _("The customer asked to be forgotten."),
                fields.Datetime.now(),
                SQL(", ").join(rows),
            )
        )
        self.env["ecrm.order.intake"].invalidate_model()

    def _ecrm_erase_orders(self, keys):
        """Orders keep lines and totals; the notes, references and signatures
        written with them go. Draft invoices go; issued ones are kept."""
        order_ids = tuple(keys["records"].get("sale.order") or [0])
        self.env.cr.execute(
            SQL(
                """UPDATE sale_order
                      SET note = NULL, client_order_ref = NULL, signed_by = NULL,
                          delivery_message = NULL, pickup_location_data = NULL,
                          ecrm_cancel_note = NULL, ecrm_callback_note = NULL
                    WHERE id IN %s""",
                order_ids,
            )
        )
        self._ecrm_scrub_sql("sale_order", ["origin"], SQL("id IN %s", order_ids), keys)
        picking_ids = tuple(keys["records"].get("stock.picking") or [0])
        self.env.cr.execute(
            SQL("UPDATE stock_picking SET note = NULL WHERE id IN %s", picking_ids)
        )
        # Wizards still open on these orders (cancel and call-back notes).
        for model in ("ecrm.order.cancel.wizard", "ecrm.order.callback.wizard"):
            self.env[model].search([("order_ids", "in", order_ids)]).unlink()
        moves = self.env["account.move"].browse(keys["records"].get("account.move"))
        drafts = moves.filtered(lambda m: m.state == "draft")
        drafts.with_context(force_delete=True).unlink()
        issued = moves - drafts
        keys["records"]["account.move"] = issued.ids
        # the buyer as written on each issued invoice, restored after the profile
        # is renamed (Odoo recomputes it from the partner)
        keys["issued_invoices"] = {
            move.id: move.invoice_partner_display_name for move in issued
        }
        self.env["sale.order"].invalidate_model()

    def _ecrm_restore_issued_invoices(self, keys):
        """Issued invoices are accounting documents kept unchanged (Law on
        Accounting 88/2015/QH13 art. 41, Decree 123/2020/ND-CP art. 6): they
        keep the buyer's name they were issued with."""
        names = {k: v for k, v in keys.get("issued_invoices", {}).items() if v}
        if not names:
            return
        self.env.cr.execute(
            SQL(
                """UPDATE account_move m SET invoice_partner_display_name = v.name
                     FROM (VALUES %s) AS v(id, name) WHERE m.id = v.id""",
                SQL(", ").join(SQL("(%s, %s)", k, v) for k, v in names.items()),
            )
        )

    def _ecrm_erase_payments(self, keys):
        """Payment transactions keep amount, state and reference, not the payer;
        saved payment methods are archived without their details; bank accounts
        go (or lose their holder's name when an issued document uses them)."""
        partner_ids = tuple(keys["partners"].ids)
        self.env["payment.transaction"].flush_model()
        self.env.cr.execute(
            SQL(
                """UPDATE payment_transaction t
                      SET partner_name = v.name, partner_email = NULL,
                          partner_phone = NULL, partner_address = NULL,
                          partner_zip = NULL, partner_city = NULL,
                          partner_state_id = NULL, state_message = NULL
                     FROM (VALUES %s) AS v(id, name)
                    WHERE t.partner_id = v.id""",
                SQL(", ").join(
                    SQL("(%s, %s)", pid, name)
                    for pid, name in keys["anonymous_names"].items()
                ),
            )
        )
        self.env.cr.execute(
            SQL(
                """UPDATE payment_token SET payment_details = NULL, active = FALSE
                    WHERE partner_id IN %s""",
                partner_ids,
            )
        )
        banks = (
            self.env["res.partner.bank"]
            .with_context(active_test=False)
            .search([("partner_id", "in", partner_ids)])
        )
        for bank in banks:
            try:
                with self.env.cr.savepoint():
                    bank.unlink()
            except (UserError, ValidationError, psycopg2.IntegrityError):
                # an issued document refers to it
                bank.write({"acc_holder_name": False, "active": False})
        self.env["payment.transaction"].invalidate_model()

    def _ecrm_erase_web(self, keys):
        """Website visitors (and their page views) and login device logs."""
        self.env["website.visitor"].with_context(active_test=False).search(
            [("partner_id", "in", keys["partners"].ids)]
        ).unlink()
        if keys["users"]:
            self.env.cr.execute(
                SQL(
                    "DELETE FROM res_device_log WHERE user_id IN %s",
                    tuple(keys["users"].ids),
                )
            )
