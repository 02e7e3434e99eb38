# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models
from odoo.tools import SQL

from ..models.ecrm_partner_duplicate import WEB_REASONS
from ..tools import owned_flow

# The address an order is delivered or invoiced to, as the customer typed it.
ADDRESS_FIELDS = ["street", "street2", "city", "zip", "state_id", "country_id"]


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    """Merging customers keeps every number, orders keep their addresses, and the
    figures follow the orders."""

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
            self._ecrm_keep_order_addresses(partners - survivor, survivor)
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
        other numbers of the survivor. Pairs listing a source are removed too,
        and the survivor's pairs to be rebuilt.
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
        # the survivor's pairs are rebuilt after the merge, except those a web
        # checkout recorded (the nightly rules may not find them again)
        cr.execute(
            SQL(
                """
            DELETE FROM ecrm_partner_duplicate
             WHERE partner_id = ANY(%(sources)s) OR duplicate_id = ANY(%(sources)s)
                OR ((partner_id = %(survivor)s OR duplicate_id = %(survivor)s)
                    AND reason <> ALL(%(web)s))
            """,
                sources=sources.ids,
                survivor=survivor.id,
                web=list(WEB_REASONS),
            )
        )
        self.env["ecrm.partner.phone"].invalidate_model()
        self.env["ecrm.partner.duplicate"].invalidate_model()

    def _ecrm_keep_order_addresses(self, sources, survivor):
        """Orders keep the delivery and invoice addresses they were placed with.

        The wizard points every row of a source partner to the survivor, so an
        order placed with another address (e.g. a web checkout whose buyer
        typed a known phone) would be delivered to the survivor's own address.
        A source that is an order's delivery or invoice address, with an address
        other than the survivor's, lives on as an address of the survivor (name,
        address, phone and email as typed), and those orders and their
        deliveries point to it.
        """
        # sudo: the merge moves every order of the sources to the survivor anyway
        orders = (
            self.env["sale.order"]
            .sudo()
            .search_fetch(
                [
                    "|",
                    ("partner_shipping_id", "in", sources.ids),
                    ("partner_invoice_id", "in", sources.ids),
                ],
                ["partner_shipping_id", "partner_invoice_id"],
            )
        )
        if not orders:
            return

        def address(partner):
            return tuple(partner[fname] for fname in ADDRESS_FIELDS)

        shipping = orders.partner_shipping_id
        keep = ((shipping | orders.partner_invoice_id) & sources).filtered(
            lambda p: (
                (p.street or p.street2 or p.city) and address(p) != address(survivor)
            )
        )
        if not keep:
            return
        copies = (
            self.env["res.partner"]
            .sudo()
            .with_context(mail_create_nolog=True, tracking_disable=True)
            .create(
                [
                    {
                        "parent_id": survivor.id,
                        "type": "delivery" if partner in shipping else "invoice",
                        "name": partner.name,
                        "phone": partner.phone,
                        "mobile": partner.mobile,
                        "email": partner.email,
                        "company_id": partner.company_id.id,
                        **partner._convert_to_write(
                            {fname: partner[fname] for fname in ADDRESS_FIELDS}
                        ),
                    }
                    for partner in keep
                ]
            )
        )
        self.env.flush_all()
        moved = {"src": keep.ids, "dst": copies.ids}
        self.env.cr.execute(
            SQL(
                """
            UPDATE sale_order o
               SET partner_shipping_id = CASE WHEN o.partner_shipping_id = m.src
                                              THEN m.dst
                                              ELSE o.partner_shipping_id END,
                   partner_invoice_id = CASE WHEN o.partner_invoice_id = m.src
                                             THEN m.dst
                                             ELSE o.partner_invoice_id END
              FROM unnest(%(src)s::int[], %(dst)s::int[]) AS m(src, dst)
             WHERE o.partner_shipping_id = m.src OR o.partner_invoice_id = m.src
            """,
                **moved,
            )
        )
        self.env.cr.execute(
            SQL(
                """
            UPDATE stock_picking p
               SET partner_id = m.dst
              FROM unnest(%(src)s::int[], %(dst)s::int[]) AS m(src, dst)
             WHERE p.partner_id = m.src AND p.sale_id = ANY(%(orders)s)
            """,
                orders=orders.ids,
                **moved,
            )
        )
        self.env["sale.order"].invalidate_model(
            ["partner_shipping_id", "partner_invoice_id"]
        )
        self.env["stock.picking"].invalidate_model(["partner_id"])
