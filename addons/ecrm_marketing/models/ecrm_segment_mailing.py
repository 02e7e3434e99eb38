# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, models
from odoo.exceptions import UserError
from odoo.tools import SQL


class EcrmSegment(models.Model):
    """The mailing list a segment feeds: the buttons that send the segment to
    a list, and the synchronisation of the list's contacts and subscriptions
    with the members, run after every recomputation of the members."""

    _inherit = "ecrm.segment"

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_sync_mailing_list(self):
        for segment in self:
            if not segment.mailing_list_id:
                raise UserError(
                    _(
                        "Segment %s feeds no mailing list: choose one first.",
                        segment.name,
                    )
                )
        self._ecrm_recompute_members()
        return True

    def action_create_mailing_list(self):
        for segment in self.filtered(lambda s: not s.mailing_list_id):
            segment.mailing_list_id = self.env["mailing.list"].create(
                {"name": segment.name}
            )
        return self.action_sync_mailing_list()

    # ------------------------------------------------------------------
    # Mailing list
    # ------------------------------------------------------------------
    def _ecrm_sync_mailing_list(self, batch_size=1000):
        """Subscribe the members allowed to receive mailings, unsubscribe the rest.

        A member is reached by email when they have an email, email consent and
        are not blacklisted, and by SMS when they have a mobile number, SMS
        consent and the number is not blacklisted: their list contact carries
        only the address they may be reached at, so an email mailing and an SMS
        mailing on the same list each respect their own consent. Members who
        opted out of the list are left out; how many and why is kept in
        ``sync_summary``.
        """
        self.ensure_one()
        mlist = self.mailing_list_id
        self.env.flush_all()
        rows = self.env.execute_query(
            SQL(
                """WITH member AS (
                       SELECT p.id, p.name, p.email_normalized AS email,
                              COALESCE(p.ecrm_consent_email, FALSE) AS consent_email,
                              COALESCE(p.ecrm_consent_sms, FALSE) AS consent_sms,
                              (SELECT ph.number_e164 FROM ecrm_partner_phone ph
                                WHERE ph.partner_id = p.id
                                  AND ph.number_e164 IS NOT NULL
                             ORDER BY ph.kind = 'mobile' DESC, ph.sequence, ph.id
                                LIMIT 1) AS mobile
                         FROM ecrm_segment_member_rel r
                         JOIN res_partner p ON p.id = r.partner_id
                        WHERE r.segment_id = %(segment)s)
                   SELECT m.name, m.email, m.mobile,
                          CASE WHEN m.email IS NULL THEN 'no_email'
                               WHEN NOT m.consent_email THEN 'no_consent'
                               WHEN EXISTS (SELECT 1 FROM mail_blacklist b
                                             WHERE b.active AND b.email = m.email)
                                    THEN 'blacklisted'
                               ELSE 'ok' END,
                          CASE WHEN m.mobile IS NULL THEN 'no_mobile'
                               WHEN NOT m.consent_sms THEN 'no_sms_consent'
                               WHEN EXISTS (SELECT 1 FROM phone_blacklist b
                                             WHERE b.active AND b.number = m.mobile)
                                    THEN 'sms_blacklisted'
                               ELSE 'ok' END,
                          EXISTS (SELECT 1 FROM mailing_subscription s
                                    JOIN mailing_contact c ON c.id = s.contact_id
                                   WHERE s.list_id = %(list)s AND s.opt_out
                                     AND (c.email_normalized = m.email
                                          OR c.phone_sanitized = m.mobile))
                     FROM member m
                 ORDER BY m.id""",
                list=mlist.id,
                segment=self.id,
            )
        )
        counts = dict.fromkeys(
            (
                "no_email",
                "no_consent",
                "blacklisted",
                "no_mobile",
                "no_sms_consent",
                "sms_blacklisted",
                "opted_out",
                "by_email",
                "by_sms",
            ),
            0,
        )
        # One contact per address: the email when the member may be mailed,
        # otherwise the mobile number. {key: [name, email, mobile]}
        wanted = {}
        for name, email, mobile, email_status, sms_status, opted_out in rows:
            if opted_out:
                counts["opted_out"] += 1
                continue
            email = email if email_status == "ok" else None
            mobile = mobile if sms_status == "ok" else None
            counts["by_email" if email else email_status] += 1
            counts["by_sms" if mobile else sms_status] += 1
            if not (email or mobile):
                continue
            entry = wanted.setdefault(email or f"tel:{mobile}", [name, email, None])
            entry[2] = entry[2] or mobile
        emails = [e for _n, e, _m in wanted.values() if e]
        phones = [m for _n, e, m in wanted.values() if m and not e]
        # Contacts: reuse those of the same address, create the missing ones.
        existing = {}
        if emails:
            existing.update(
                self.env.execute_query(
                    SQL(
                        """SELECT DISTINCT ON (email_normalized) email_normalized, id
                             FROM mailing_contact WHERE email_normalized = ANY(%s)
                         ORDER BY email_normalized, id""",
                        emails,
                    )
                )
            )
        if phones:
            existing.update(
                (f"tel:{phone}", contact_id)
                for phone, contact_id in self.env.execute_query(
                    SQL(
                        """SELECT DISTINCT ON (phone_sanitized) phone_sanitized, id
                             FROM mailing_contact WHERE phone_sanitized = ANY(%s)
                         ORDER BY phone_sanitized, id""",
                        phones,
                    )
                )
            )
        # A reused email contact gains the member's mobile when it has none, so
        # that an SMS mailing reaches them too. mobile and phone_sanitized are
        # written together in SQL: the number is already in E.164, which is
        # what phone_sanitized would compute.
        add_mobile = [
            (existing[key], mobile)
            for key, (_name, email, mobile) in wanted.items()
            if email and mobile and key in existing
        ]
        if add_mobile:
            self.env.execute_query(
                SQL(
                    """UPDATE mailing_contact c
                          SET mobile = v.mobile, phone_sanitized = v.mobile
                         FROM unnest(%s::int[], %s::varchar[]) v(id, mobile)
                        WHERE c.id = v.id AND c.mobile IS NULL""",
                    [c for c, _m in add_mobile],
                    [m for _c, m in add_mobile],
                )
            )
        Contact = self.env["mailing.contact"]
        missing = [key for key in wanted if key not in existing]
        for start in range(0, len(missing), batch_size):
            chunk = missing[start : start + batch_size]
            contacts = Contact.create(
                [
                    {
                        "name": wanted[key][0],
                        "email": wanted[key][1] or False,
                        "mobile": wanted[key][2] or False,
                    }
                    for key in chunk
                ]
            )
            existing.update(zip(chunk, contacts.ids, strict=True))
        contact_ids = [existing[key] for key in wanted]
        # Subscribe the newcomers, unsubscribe the leavers (opt-outs stay as
        # they are so that nobody is subscribed again against their will).
        subscribed = self.env.execute_query(
            SQL(
                """INSERT INTO mailing_subscription
                          (contact_id, list_id, opt_out, create_uid, write_uid,
                           create_date, write_date)
                   SELECT c, %(list)s, FALSE, %(uid)s, %(uid)s, now(), now()
                     FROM unnest(%(contacts)s::int[]) c
                    WHERE NOT EXISTS (SELECT 1 FROM mailing_subscription s
                                       WHERE s.list_id = %(list)s
                                         AND s.contact_id = c)
                RETURNING id""",
                list=mlist.id,
                uid=self.env.uid,
                contacts=contact_ids,
            )
        )
        removed = self.env.execute_query(
            SQL(
                """DELETE FROM mailing_subscription s
                    WHERE s.list_id = %(list)s AND NOT s.opt_out
                      AND s.contact_id <> ALL(%(contacts)s::int[])
                RETURNING id""",
                list=mlist.id,
                contacts=contact_ids,
            )
        )
        self.env["mailing.subscription"].invalidate_model()
        self.env["mailing.list"].invalidate_model()
        self.env["mailing.contact"].invalidate_model()
        result = dict(
            counts,
            subscribed=len(contact_ids),
            added=len(subscribed),
            removed=len(removed),
        )
        self.sync_summary = _(
            "%(subscribed)s subscribed, %(added)s added, %(removed)s removed, "
            "%(opted_out)s opted out.\n"
            "Email: %(by_email)s reachable; %(no_email)s without email, "
            "%(no_consent)s without email consent, %(blacklisted)s blacklisted.\n"
            "SMS: %(by_sms)s reachable; %(no_mobile)s without a phone number, "
            "%(no_sms_consent)s without SMS consent, %(sms_blacklisted)s "
            "blacklisted.",
            **result,
        )
        return result
