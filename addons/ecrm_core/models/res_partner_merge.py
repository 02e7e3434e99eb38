# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, fields, models


class ResPartner(models.Model):
    """Merged profiles: archived, pointing to their merge; erased and exported
    with the customer they were merged into."""

    _inherit = "res.partner"

    ecrm_merge_id = fields.Many2one(
        "ecrm.merge",
        "Merged Into",
        index="btree_not_null",
        readonly=True,
        copy=False,
        ondelete="set null",
        groups="ecrm_core.group_ecrm_manager",
        help="This profile was merged into another one by this merge, and " "archived.",
    )

    def _ecrm_merged_profiles(self):
        """The archived profiles merged into these customers, at any depth."""
        Partner = self.sudo().with_context(active_test=False)
        found = Partner.browse()
        survivors = self
        while survivors:
            merged = (
                Partner.search(
                    [
                        ("ecrm_merge_id.survivor_id", "in", survivors.ids),
                        ("ecrm_merge_id.state", "=", "done"),
                    ]
                )
                - found
                - self
            )
            found |= merged
            survivors = merged
        return found

    def _ecrm_merges(self):
        """The merges this customer took part in (as survivor or merged)."""
        return (
            self.env["ecrm.merge"]
            .sudo()
            .search(
                [
                    "|",
                    ("survivor_id", "in", self.ids),
                    ("partner_ids", "in", self.ids),
                ]
            )
        )

    def _ecrm_erasure_keys(self):
        # the profiles merged into a customer are the same person: erased too
        merged = self._ecrm_merged_profiles()
        return super(ResPartner, self | merged)._ecrm_erasure_keys()

    def _ecrm_erase_personal_data(self, keys=None):
        """The merges of an erased customer keep no trace of what was moved,
        and can no longer be undone."""
        keys = keys or self._ecrm_erasure_keys()
        merges = keys["partners"]._ecrm_merges()
        merges.line_ids.unlink()
        merges.write({"state": "erased"})
        return super()._ecrm_erase_personal_data(keys)

    def _ecrm_personal_data(self):
        data = super()._ecrm_personal_data()
        partner = self.sudo()
        data["merges"] = [
            {
                "date": fields.Datetime.to_string(merge.date),
                "state": dict(merge._fields["state"]._description_selection(self.env))[
                    merge.state
                ],
                "survivor": merge.survivor_id.display_name or None,
                "merged_profiles": ", ".join(merge.partner_ids.mapped("display_name"))
                or None,
                "by": merge.user_id.display_name or None,
            }
            for merge in (partner | partner._ecrm_merged_profiles())._ecrm_merges()
        ]
        return data

    def _ecrm_personal_data_sheets(self):
        return super()._ecrm_personal_data_sheets() + [("merges", _("Merges"))]
