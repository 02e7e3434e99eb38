# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models
from odoo.tools import SQL

from ..tools import owned_flow


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    """Merging customers keeps every number, and the figures follow the orders."""

    _inherit = "base.partner.merge.automatic.wizard"

    def _merge(self, partner_ids, dst_partner=None, extra_checks=True):
        Partner = self.env["res.partner"]
        partners = Partner.browse(partner_ids).exists()
        if len(partners) >= 2 and self.env.user.has_group(
            "ecrm_core.group_ecrm_manager"
        ):
            # an eCRM manager merges customers who typed different emails
            extra_checks = False
        if len(partners) >= 2:
            survivor = (
                dst_partner
                if dst_partner and dst_partner in partners
                else self._get_ordered_partner(partners.ids)[-1]
            )
            self._ecrm_prepare_merge(partners - survivor, survivor)
        # Merging is a flow that owns the consent and tier of the survivor: the
        # wizard carries them over from the merged profiles of the same person.
        res = super(BasePartnerMergeAutomaticWizard, owned_flow(self))._merge(
            partner_ids, dst_partner=dst_partner, extra_checks=extra_checks
        )
        if len(partners) >= 2:
            survivor = survivor.exists()
            survivor._ecrm_sync_phone_rows()
            Partner._ecrm_refresh_figures(survivor.ids)
            self.env["ecrm.partner.duplicate"]._ecrm_refresh(survivor.ids)
        return res

    def _ecrm_prepare_merge(self, sources, survivor):
        """Make the source numbers move to the survivor without a clash.

        The wizard moves every row pointing to a source partner in one UPDATE and
        deletes all of them if a unique constraint fails; so numbers the survivor
        already has are dropped first, and the sources' phone and mobile become
        other numbers of the survivor. Pairs listing a source are removed too.
        """
        self.env.flush_all()
        cr = self.env.cr
        cr.execute(
            SQL(
                """
            DELETE FROM ecrm_partner_phone src
             WHERE src.partner_id = ANY(%(sources)s)
               AND (EXISTS (SELECT 1 FROM ecrm_partner_phone dst
                             WHERE dst.partner_id = %(survivor)s
                               AND dst.number_e164 = src.number_e164)
                    OR src.id <> (SELECT MIN(o.id) FROM ecrm_partner_phone o
                                   WHERE o.partner_id = ANY(%(sources)s)
                                     AND o.number_e164 = src.number_e164))
            """,
                sources=sources.ids,
                survivor=survivor.id,
            )
        )
        cr.execute(
            SQL(
                """
            UPDATE ecrm_partner_phone ph
               SET kind = 'extra',
                   label = COALESCE(ph.label, p.name)
              FROM res_partner p
             WHERE p.id = ph.partner_id AND ph.partner_id = ANY(%s)
               AND ph.kind <> 'extra'
               AND NOT EXISTS (SELECT 1 FROM ecrm_partner_phone e
                                WHERE e.kind = 'extra'
                                  AND e.number_e164 = ph.number_e164
                                  AND e.id <> ph.id)
            """,
                sources.ids,
            )
        )
        cr.execute(
            SQL(
                "DELETE FROM ecrm_partner_duplicate "
                "WHERE partner_id = ANY(%(ids)s) OR duplicate_id = ANY(%(ids)s)",
                ids=(sources | survivor).ids,
            )
        )
        self.env["ecrm.partner.phone"].invalidate_model()
        self.env["ecrm.partner.duplicate"].invalidate_model()
