# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The loyalty tier becomes company-dependent: keep each customer's tier under
the company of its ladder."""


def migrate(cr, version):
    cr.execute(
        """SELECT data_type FROM information_schema.columns
            WHERE table_name = 'res_partner' AND column_name = 'ecrm_tier_id'"""
    )
    row = cr.fetchone()
    if not row or row[0] == "jsonb":
        return
    cr.execute(
        "ALTER TABLE res_partner"
        " DROP CONSTRAINT IF EXISTS res_partner_ecrm_tier_id_fkey"
    )
    cr.execute("DROP INDEX IF EXISTS res_partner__ecrm_tier_id_index")
    cr.execute("ALTER TABLE res_partner RENAME COLUMN ecrm_tier_id TO ecrm_tier_id_old")
    cr.execute("ALTER TABLE res_partner ADD COLUMN ecrm_tier_id jsonb")
    cr.execute(
        """UPDATE res_partner p
              SET ecrm_tier_id = jsonb_build_object(t.company_id::text, t.id)
             FROM ecrm_loyalty_tier t
            WHERE t.id = p.ecrm_tier_id_old"""
    )
    cr.execute("ALTER TABLE res_partner DROP COLUMN ecrm_tier_id_old")
