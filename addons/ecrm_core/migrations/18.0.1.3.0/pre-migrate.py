# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The customer figures become company-dependent (JSON per company): the old
all-companies values are dropped here and recomputed per company after the
update (post-migrate)."""

from odoo.tools import SQL

from odoo.addons.ecrm_core.models.res_partner_figures import FIGURE_FIELDS

# A figure added after this version does not exist yet when this runs: only the
# figures of this version are converted.
FIGURES = list(FIGURE_FIELDS)


def migrate(cr, version):
    cr.execute(
        """SELECT column_name FROM information_schema.columns
            WHERE table_name = 'res_partner' AND column_name = ANY(%s)
              AND data_type != 'jsonb'""",
        [FIGURES],
    )
    for (column,) in cr.fetchall():
        cr.execute(
            SQL(
                "DROP INDEX IF EXISTS %s",
                SQL.identifier(f"res_partner__{column}_index"),
            )
        )
        cr.execute(
            SQL(
                "ALTER TABLE res_partner ALTER COLUMN %s TYPE jsonb USING NULL",
                SQL.identifier(column),
            )
        )
