# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, models
from odoo.exceptions import UserError


class LazyNames:
    """The names of a group of profiles, read only if an error shows them."""

    def __init__(self, partners):
        self.partners = partners

    def __str__(self):
        return ", ".join(self.partners.mapped("display_name"))


class EcrmMerge(models.Model):
    """What makes a merge impossible, checked before anything moves."""

    _inherit = "ecrm.merge"

    @api.model
    def _ecrm_merge_check(self, groups):
        Partner = self.env["res.partner"].with_context(active_test=False)
        seen = set()
        for survivor, sources in groups:
            if len(survivor) != 1 or not sources:
                raise UserError(
                    _(
                        "Choose the surviving profile and at least one other "
                        "profile to merge into it."
                    )
                )
            ids = set((survivor | sources).ids)
            if ids & seen:
                raise UserError(_("A profile cannot be merged in two groups at once."))
            seen |= ids
        partners = Partner.browse(seen)
        partners.fetch(["active", "ecrm_anonymised_date", "company_id", "user_ids"])
        companies = (
            self.env["res.company"]
            .sudo()
            .with_context(active_test=False)
            .search([("partner_id", "in", list(seen))])
        )
        if companies:
            raise UserError(
                _(
                    "%(names)s is the contact of a company of this database and "
                    "cannot be merged.",
                    names=", ".join(companies.partner_id.mapped("display_name")),
                )
            )
        for survivor, sources in groups:
            group = Partner.browse((survivor | sources).ids).with_prefetch(
                partners._ids
            )
            names = LazyNames(group)
            if not all(group.mapped("active")):
                raise UserError(
                    _(
                        "%(names)s: only active profiles are merged; an archived "
                        "or already merged profile must be restored first.",
                        names=names,
                    )
                )
            if any(group.mapped("ecrm_anonymised_date")):
                raise UserError(
                    _(
                        "%(names)s: a profile erased under the personal data law "
                        "cannot be merged.",
                        names=names,
                    )
                )
            # a profile shared by every company may join one of a company
            if len(group.company_id) > 1:
                raise UserError(
                    _(
                        "%(names)s: profiles of different companies cannot be "
                        "merged.",
                        names=names,
                    )
                )
            if any(
                p.commercial_partner_id != p and p.commercial_partner_id in group
                for p in group
            ):
                raise UserError(
                    _(
                        "%(names)s: a contact cannot be merged with its own "
                        "company.",
                        names=names,
                    )
                )
            if len(group.with_context(active_test=False).user_ids) > 1:
                raise UserError(
                    _(
                        "%(names)s: profiles with more than one login cannot be "
                        "merged.",
                        names=names,
                    )
                )
        partners.invalidate_recordset()
