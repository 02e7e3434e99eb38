# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import Markup

from odoo import _, models
from odoo.osv import expression
from odoo.tools import SQL


class ResPartner(models.Model):
    """Personal data added by complaints: tickets, their conversation, ratings."""

    _inherit = "res.partner"

    def _ecrm_erasure_records(self, keys):
        records = super()._ecrm_erasure_records(keys)
        tickets = self._ecrm_complaints(keys)
        records["helpdesk.ticket"] = tickets.ids
        self.env.cr.execute(
            SQL(
                """SELECT id FROM rating_rating
                    WHERE partner_id IN %s
                       OR (res_model = 'helpdesk.ticket' AND res_id IN %s)""",
                tuple(keys["partners"].ids),
                tuple(tickets.ids) or (0,),
            )
        )
        records["rating.rating"] = [row[0] for row in self.env.cr.fetchall()]
        return records

    def _ecrm_complaints(self, keys):
        """The person's complaints: linked to one of their profiles, or sent
        with one of their emails or numbers (a complaint by an unknown caller)."""
        domains = [[("partner_id", "in", keys["partners"].ids)]]
        if keys["emails"]:
            domains.append([("partner_email", "in", list(keys["emails"]))])
        Ticket = self.env["helpdesk.ticket"].with_context(active_test=False)
        tickets = Ticket.search(expression.OR(domains))
        if keys["contact_pattern"]:
            # emails in another case, numbers in any format
            Ticket.flush_model(["partner_email", "ecrm_partner_phone"])
            self.env.cr.execute(
                SQL(
                    """SELECT id FROM helpdesk_ticket
                        WHERE partner_email ~* %s OR ecrm_partner_phone ~* %s""",
                    keys["contact_pattern"],
                    keys["contact_pattern"],
                )
            )
            tickets |= Ticket.browse([row[0] for row in self.env.cr.fetchall()])
        return tickets

    def _ecrm_erase_personal_data(self, keys=None):
        """Complaints keep category, product, order, dates, stages, department
        transfers and resolution type; the customer's name, email, phone, the
        description and internal notes are wiped; texts written by staff or the
        supplier (title, resolution details, supplier answer, transfer notes,
        rating comments) keep their words without the person's identifiers; the
        conversation is handled with the chatter of every record of the person."""
        keys = keys or self._ecrm_erasure_keys()
        ticket_ids = tuple(keys["records"].get("helpdesk.ticket") or [0])
        Ticket = self.env["helpdesk.ticket"]
        Ticket.flush_model()
        anonymous = next(iter(keys["anonymous_names"].values()), "")
        erased = Markup("<p>%s</p>") % _("(anonymised)")
        self.env.cr.execute(
            SQL(
                """UPDATE helpdesk_ticket
                      SET partner_name = %s, partner_email = NULL, email_cc = NULL,
                          ecrm_partner_phone = NULL, description = %s, notes = NULL
                    WHERE id IN %s""",
                anonymous,
                str(erased),
                ticket_ids,
            )
        )
        where = SQL("id IN %s", ticket_ids)
        self._ecrm_scrub_sql(
            "helpdesk_ticket",
            ["name", "ecrm_resolution", "ecrm_supplier_answer"],
            where,
            keys,
        )
        self._ecrm_scrub_sql(
            "ecrm_ticket_transfer", ["note"], SQL("ticket_id IN %s", ticket_ids), keys
        )
        self.env["ecrm.ticket.transfer.wizard"].search(
            [("ticket_id", "in", ticket_ids)]
        ).unlink()
        rating_ids = tuple(keys["records"].get("rating.rating") or [0])
        self.env["rating.rating"].flush_model()
        self.env.cr.execute(
            SQL("UPDATE rating_rating SET feedback = NULL WHERE id IN %s", rating_ids)
        )
        self._ecrm_scrub_sql(
            "rating_rating",
            ["res_name", "parent_res_name", "publisher_comment"],
            SQL("id IN %s", rating_ids),
            keys,
        )
        Ticket.invalidate_model()
        self.env["ecrm.ticket.transfer"].invalidate_model()
        self.env["rating.rating"].invalidate_model()
        return super()._ecrm_erase_personal_data(keys)

    def _ecrm_personal_data(self):
        data = super()._ecrm_personal_data()
        # sudo: _ecrm_personal_data checked the caller is an eCRM manager
        partner = self.sudo()
        tickets = (
            self.env["helpdesk.ticket"]
            .sudo()
            .with_context(active_test=False)
            .search(
                [("partner_id", "child_of", partner.commercial_partner_id.id)],
                order="create_date, id",
            )
        )
        data["complaints"] = [
            self._ecrm_plain_row(
                t,
                [
                    "number",
                    "name",
                    "create_date",
                    "category_id",
                    "channel_id",
                    "stage_id",
                    "partner_name",
                    "partner_email",
                    "ecrm_partner_phone",
                    "description",
                    "sale_order_id",
                    "product_id",
                    "ecrm_resolution_type",
                    "ecrm_resolution",
                    "closed_date",
                ],
            )
            | {
                "rating": t.rating_last_value or None,
                "rating_feedback": t.rating_ids[:1].feedback or None,
            }
            for t in tickets
        ]
        data["complaint_messages"] = [
            {
                "complaint": m.record_name or None,
                "date": str(m.date),
                "author": m.author_id.display_name or None,
                "body": m.body and str(m.body) or None,
            }
            for m in tickets.message_ids.filtered(
                lambda m: m.message_type in ("comment", "email")
            )
        ]
        return data

    def _ecrm_personal_data_sheets(self):
        return super()._ecrm_personal_data_sheets() + [
            ("complaints", _("Complaints")),
            ("complaint_messages", _("Complaint Messages")),
        ]
