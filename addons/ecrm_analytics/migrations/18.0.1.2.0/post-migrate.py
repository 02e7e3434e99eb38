# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The scores rewritten every night lose the index Odoo gives a
company-dependent field by default (models/res_partner.py says why), and the
monthly RFM snapshot the indexes that its unique index already serves
(models/ecrm_rfm_snapshot.py); Odoo keeps an index that a field no longer asks
for, so they are dropped here."""

from odoo.tools import SQL

from odoo.addons.ecrm_analytics.const import SCORE_FIELDS

# The behaviour cluster keeps its index: it is a link, searched by cluster.
SCORES = [name for name in SCORE_FIELDS if name != "ecrm_cluster_id"]


SNAPSHOT = ["company_id", "month", "segment"]


def migrate(cr, version):
    for table, columns in (("res_partner", SCORES), ("ecrm_rfm_snapshot", SNAPSHOT)):
        for column in columns:
            cr.execute(
                SQL(
                    "DROP INDEX IF EXISTS %s",
                    SQL.identifier(f"{table}__{column}_index"),
                )
            )
