# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, models
from odoo.exceptions import AccessError, UserError


class HelpdeskTicket(models.Model):
    _name = "helpdesk.ticket"
    _inherit = ["helpdesk.ticket", "rating.mixin"]

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

    def _ecrm_send_closing_notification(self):
        template = self.env.ref(
            "ecrm_service.mail_template_complaint_closed", raise_if_not_found=False
        )
        if not template:
            return
        for ticket in self.filtered("partner_id"):
            ticket.rating_send_request(template, force_send=False)

    def _ecrm_recompute_rating(self):
        """Refresh the stored last rating of these tickets (used after ratings are
        written by data files, where no rating flow runs)."""
        self.env.add_to_compute(self._fields["rating_last_value"], self)
        self.flush_recordset(["rating_last_value"])
