# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The customer figures become company-dependent (JSON per company): the old
all-companies values are dropped here and recomputed per company after the
update (post-migrate)."""

# The figures as they were at this version (a migration never follows the code).
FIGURES = [
    "ecrm_first_order_date",
    "ecrm_last_order_date",
    "ecrm_order_count",
    "ecrm_revenue",
    "ecrm_margin",
    "ecrm_average_basket",
    "ecrm_cancelled_order_count",
]


def migrate(cr, version):
    cr.execute(
        """SELECT column_name FROM information_schema.columns
            WHERE table_name = 'res_partner' AND column_name = ANY(%s)
              AND data_type != 'jsonb'""",
        [FIGURES],
    )
    for (column,) in cr.fetchall():
        cr.execute(f'DROP INDEX IF EXISTS "res_partner__{column}_index"')
        cr.execute(
            f'ALTER TABLE res_partner ALTER COLUMN "{column}" TYPE jsonb USING NULL'
        )
