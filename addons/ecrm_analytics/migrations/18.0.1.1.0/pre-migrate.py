# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The customer scores become company-dependent (JSON per company). The values
in place were written by the company whose nightly chain ran last: they are
kept under that company; the other companies' are computed by their next run."""

from odoo.tools import SQL

from odoo.addons.ecrm_analytics.const import SCORE_FIELDS

# A score added after this version does not exist yet when this runs: only the
# scores of this version are converted.
SCORES = list(SCORE_FIELDS)


def migrate(cr, version):
    cr.execute(
        """SELECT column_name FROM information_schema.columns
            WHERE table_name = 'res_partner' AND column_name = ANY(%s)
              AND data_type != 'jsonb'""",
        [SCORES],
    )
    columns = [row[0] for row in cr.fetchall()]
    if not columns:
        return
    cr.execute(
        """SELECT company_id FROM ecrm_analytics_run
            WHERE state = 'done' ORDER BY date_end DESC NULLS LAST, id DESC
            LIMIT 1"""
    )
    row = cr.fetchone()
    key = str(row[0]) if row else None
    cr.execute(
        "ALTER TABLE res_partner DROP CONSTRAINT IF EXISTS "
        "res_partner_ecrm_cluster_id_fkey"
    )
    for column in columns:
        name = SQL.identifier(column)
        cr.execute(
            SQL(
                "DROP INDEX IF EXISTS %s",
                SQL.identifier(f"res_partner__{column}_index"),
            )
        )
        if key:
            cr.execute(
                SQL(
                    "ALTER TABLE res_partner ALTER COLUMN %s TYPE jsonb USING CASE "
                    "WHEN %s IS NULL THEN NULL ELSE jsonb_build_object(%s, %s) END",
                    name,
                    name,
                    key,
                    name,
                )
            )
        else:
            cr.execute(
                SQL(
                    "ALTER TABLE res_partner ALTER COLUMN %s TYPE jsonb USING NULL",
                    name,
                )
            )
