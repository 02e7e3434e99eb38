# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""When personal data requests fall due: working days, reminders, file expiry."""

from datetime import datetime, time, timedelta

import pytz

from odoo import _, api, fields, models

from .ecrm_privacy_request import DEFAULT_EXPORT_DAYS, DEFAULT_WARN_DAYS, OPEN_STATES


class EcrmPrivacyRequest(models.Model):
    _inherit = "ecrm.privacy.request"

    def _ecrm_working_day(self, days):
        """The ``days``-th working day after the day the request was received.

        Counted on the company's working-time calendar and its leaves (public
        holidays); the day of receipt itself is not counted.
        """
        self.ensure_one()
        calendar = (
            self.company_id.resource_calendar_id
            or self.env.company.resource_calendar_id
        )
        tz = pytz.timezone(calendar.tz or "UTC")
        received = pytz.utc.localize(self.received_date).astimezone(tz).date()
        start = tz.localize(datetime.combine(received + timedelta(days=1), time.min))
        if not calendar:
            # no calendar: calendar days, the safest reading
            return received + timedelta(days=days)
        end = calendar.plan_days(days, start, compute_leaves=True)
        if not end:
            return received + timedelta(days=days)
        return end.astimezone(tz).date()

    @api.model
    def _cron_ecrm_privacy_reminders(self):
        """An activity for the handler of each request due soon or overdue, once."""
        params = self.env["ir.config_parameter"].sudo()
        warn_days = int(
            params.get_param("ecrm_core.privacy_warn_days", DEFAULT_WARN_DAYS)
        )
        limit = fields.Date.context_today(self) + timedelta(days=warn_days)
        activity_type = self.env.ref("ecrm_core.mail_activity_ecrm_privacy_deadline")
        requests = self.search(
            [("state", "in", OPEN_STATES), ("deadline", "<=", limit)]
        )
        todo = requests.filtered(
            lambda r: activity_type not in r.activity_ids.activity_type_id
        )
        for request in todo:
            user = request.handler_id or request.create_uid
            request.activity_schedule(
                activity_type_id=activity_type.id,
                date_deadline=request.deadline,
                user_id=user.id,
                summary=_("Personal data request due: %s", request.name),
            )
        return len(todo)

    @api.model
    def _cron_ecrm_expire_exports(self):
        """Delete the export files older than the configured number of days."""
        params = self.env["ir.config_parameter"].sudo()
        days = int(
            params.get_param("ecrm_core.privacy_export_days", DEFAULT_EXPORT_DAYS)
        )
        domain = [("res_model", "=", self._name)]
        if days > 0:
            # 0 days: every file goes at the next run, whenever it was made
            limit = fields.Datetime.now() - timedelta(days=days)
            domain.append(("create_date", "<", limit))
        attachments = self.env["ir.attachment"].search(domain)
        requests = self.browse(set(attachments.mapped("res_id"))).exists()
        names = {}
        for attachment in attachments:
            names.setdefault(attachment.res_id, []).append(attachment.name)
        attachments.unlink()
        for request in requests:
            request._ecrm_log("export_expired", ", ".join(names[request.id]))
        return len(attachments)
