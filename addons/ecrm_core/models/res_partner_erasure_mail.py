# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Erasure of the messaging traces (see res_partner_erasure.py): attachments and
files, chatter, tracking values, activities, mails, notifications, blacklists,
SMS."""

import logging
import os

from odoo import SUPERUSER_ID, api, models
from odoo.tools import SQL

_logger = logging.getLogger(__name__)


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _ecrm_erase_files(self, keys):
        """Attachments of the person's records (personal-data exports included),
        but not those of issued invoices; their files leave the filestore as
        soon as the erasure is committed."""
        kept_moves = (
            self.env["account.move"]
            .browse(keys["records"].get("account.move", []))
            .filtered(lambda m: m.state != "draft")
        )
        records = dict(keys["records"])
        records["account.move"] = list(
            set(records.get("account.move", [])) - set(kept_moves.ids)
        )
        where = self._ecrm_records_sql({"records": records})
        exports = SQL(
            "(res_model = 'res.partner' AND res_id IN %s AND name LIKE %s)",
            tuple(keys["partners"].ids),
            "personal-data-%",
        )
        Request = self.env.get("ecrm.privacy.request")
        if Request is not None and "partner_id" in Request._fields:
            requests = Request.with_context(active_test=False).search(
                [("partner_id", "in", keys["partners"].ids)]
            )
            if requests:
                exports = SQL(
                    "%s OR (res_model = 'ecrm.privacy.request' AND res_id IN %s "
                    "AND name LIKE %s)",
                    exports,
                    tuple(requests.ids),
                    "personal-data-%",
                )
        self.env.cr.execute(
            SQL("SELECT id FROM ir_attachment WHERE (%s) OR %s", where, exports)
        )
        attachments = self.env["ir.attachment"].browse(
            [row[0] for row in self.env.cr.fetchall()]
        )
        self._ecrm_unlink_files(attachments)

    @api.model
    def _ecrm_unlink_files(self, attachments):
        """Unlink ``attachments`` and remove their files once committed.

        Odoo only marks an unlinked attachment's file for its daily garbage
        collection (``ir.attachment._gc_file_store``); an erased file should not
        wait a day. After the commit, the files of these attachments that no
        other attachment uses are removed, under the lock Odoo's collector takes
        (an attachment being created with the same content is waited for).
        """
        fnames = {a.store_fname for a in attachments if a.store_fname}
        attachments.unlink()
        if not fnames:
            return
        dbname = self.env.cr.dbname

        registry = self.env.registry

        @self.env.cr.postcommit.add
        def remove_files():
            try:
                with registry.cursor() as cr:
                    env = api.Environment(cr, SUPERUSER_ID, {})
                    env["res.partner"]._ecrm_remove_unused_files(fnames)
            except Exception:
                # the files are marked for Odoo's daily collector, which retries
                _logger.warning(
                    "Erasure: files of %s left to the garbage collector",
                    dbname,
                    exc_info=True,
                )

    @api.model
    def _ecrm_remove_unused_files(self, fnames):
        """Remove the files ``fnames`` of the filestore that no attachment uses."""
        Attachment = self.env["ir.attachment"]
        if Attachment._storage() != "file" or not fnames:
            return
        cr = self.env.cr
        cr.execute("SET LOCAL lock_timeout TO '10s'")
        cr.execute("LOCK ir_attachment IN SHARE MODE")
        cr.execute(
            SQL(
                "SELECT store_fname FROM ir_attachment WHERE store_fname IN %s",
                tuple(fnames),
            )
        )
        used = {row[0] for row in cr.fetchall()}
        for fname in fnames - used:
            path = Attachment._full_path(fname)
            try:
                os.unlink(path)
            except FileNotFoundError:
                pass
            except OSError:
                _logger.warning("Erasure: could not remove %s", path, exc_info=True)
        cr.commit()

    def _ecrm_erase_mail(self, keys):
        """Chatter, tracking values, activities, mails, notifications and
        followers: on the person's records, or written by or to the person."""
        env = self.env
        partner_ids = tuple(keys["partners"].ids)
        env.flush_all()
        records = self._ecrm_records_sql(keys, "model", "res_id")
        # Everything the person wrote, anywhere, and the chatter of the profiles.
        env.cr.execute(
            SQL(
                """SELECT id FROM mail_message
                    WHERE author_id IN %s
                       OR (model = 'res.partner' AND res_id IN %s)""",
                partner_ids,
                partner_ids,
            )
        )
        env["mail.message"].browse([r[0] for r in env.cr.fetchall()]).unlink()
        # Messages of staff on the person's records: kept, the person scrubbed.
        self._ecrm_scrub_sql(
            "mail_message",
            ["body", "subject", "record_name", "email_from", "reply_to"],
            records,
            keys,
        )
        if keys["emails"]:
            # Any other message sent from one of the person's addresses.
            env.cr.execute(
                SQL(
                    """UPDATE mail_message SET email_from = NULL, reply_to = NULL
                        WHERE email_from ~* %s OR reply_to ~* %s""",
                    keys["contact_pattern"],
                    keys["contact_pattern"],
                )
            )
        # Tracking values: on the person's records, and wherever a partner field
        # pointed to the person (the old or new value is their name).
        self._ecrm_scrub_sql(
            "mail_tracking_value",
            ["old_value_char", "new_value_char", "old_value_text", "new_value_text"],
            SQL("mail_message_id IN (SELECT id FROM mail_message WHERE %s)", records),
            keys,
        )
        anonymous = keys["anonymous_names"]
        for column, int_column in (
            ("old_value_char", "old_value_integer"),
            ("new_value_char", "new_value_integer"),
        ):
            env.cr.execute(
                SQL(
                    """UPDATE mail_tracking_value t
                          SET %s = names.name
                         FROM (VALUES %s) AS names(id, name), ir_model_fields f
                        WHERE f.id = t.field_id AND f.relation = 'res.partner'
                          AND t.%s = names.id""",
                    SQL.identifier(column),
                    SQL(", ").join(
                        SQL("(%s, %s)", pid, name) for pid, name in anonymous.items()
                    ),
                    SQL.identifier(int_column),
                )
            )
        # Activities about the person (summaries, notes, stored record names).
        env.cr.execute(
            SQL("SELECT id FROM mail_activity WHERE %s", self._ecrm_records_sql(keys))
        )
        env["mail.activity"].browse([r[0] for r in env.cr.fetchall()]).unlink()
        # Outgoing mails to the person or about their records.
        conditions = [
            SQL(
                "id IN (SELECT mail_mail_id FROM mail_mail_res_partner_rel "
                "WHERE res_partner_id IN %s)",
                partner_ids,
            ),
            SQL("mail_message_id IN (SELECT id FROM mail_message WHERE %s)", records),
        ]
        if keys["contact_pattern"]:
            conditions.append(
                SQL(
                    "email_to ~* %s OR email_cc ~* %s",
                    keys["contact_pattern"],
                    keys["contact_pattern"],
                )
            )
        env.cr.execute(
            SQL("SELECT id FROM mail_mail WHERE %s", SQL(" OR ").join(conditions))
        )
        env["mail.mail"].browse([r[0] for r in env.cr.fetchall()]).unlink()
        env.cr.execute(
            SQL("DELETE FROM mail_notification WHERE res_partner_id IN %s", partner_ids)
        )
        env.cr.execute(
            SQL("DELETE FROM mail_followers WHERE partner_id IN %s", partner_ids)
        )
        env.cr.execute(
            SQL("DELETE FROM mail_message_reaction WHERE partner_id IN %s", partner_ids)
        )
        # Opt-out lists hold the address itself: forgetting the person removes it.
        if keys["emails"]:
            env["mail.blacklist"].search(
                [("email", "in", list(keys["emails"]))]
            ).unlink()
        if keys["phones"]:
            env["phone.blacklist"].search(
                [("number", "in", list(keys["phones"]))]
            ).unlink()
        if keys["pattern"]:
            # Notifications of the web client not yet collected (a few minutes).
            env.cr.execute(
                SQL("DELETE FROM bus_bus WHERE message ~* %s", keys["pattern"])
            )
        env.invalidate_all()

    def _ecrm_erase_sms(self, keys):
        """SMS to the person (the number and the text) and SMS notifications."""
        conditions = [SQL("partner_id IN %s", tuple(keys["partners"].ids))]
        if keys["phone_forms"]:
            conditions.append(SQL("number IN %s", tuple(keys["phone_forms"])))
        self.env.cr.execute(
            SQL("SELECT id FROM sms_sms WHERE %s", SQL(" OR ").join(conditions))
        )
        self.env["sms.sms"].browse([r[0] for r in self.env.cr.fetchall()]).unlink()
        if keys["phone_forms"]:
            self.env.cr.execute(
                SQL(
                    """UPDATE mail_notification SET sms_number = NULL,
                              failure_reason = NULL
                        WHERE sms_number IN %s""",
                    tuple(keys["phone_forms"]),
                )
            )
