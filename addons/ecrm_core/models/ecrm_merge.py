# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError

MERGE_UNDO_DAYS_PARAM = "ecrm_core.merge_undo_days"
MERGE_UNDO_DAYS_DEFAULT = 30
MANAGER_GROUP = "ecrm_core.group_ecrm_manager"


class EcrmMerge(models.Model):
    """One merge of customer profiles into a surviving one.

    The merged profiles are archived, not deleted; every row moved to the
    survivor, and every value the merge replaced, is listed in ``line_ids`` so
    that the merge can be undone (``action_undo``) within the configured period.
    Only partner and record ids are kept here: no personal data.
    The moves themselves are in ``ecrm_merge_move.py``.
    """

    _name = "ecrm.merge"
    _description = "Customer Merge"
    _order = "id desc"

    survivor_id = fields.Many2one(
        "res.partner",
        "Surviving Profile",
        index=True,
        ondelete="set null",
        readonly=True,
        context={"active_test": False},
    )
    partner_ids = fields.Many2many(
        "res.partner",
        "ecrm_merge_res_partner_rel",
        "merge_id",
        "partner_id",
        "Merged Profiles",
        readonly=True,
        context={"active_test": False},
    )
    company_id = fields.Many2one("res.company", index=True, readonly=True)
    user_id = fields.Many2one(
        "res.users", "Merged By", default=lambda self: self.env.user, readonly=True
    )
    date = fields.Datetime(default=fields.Datetime.now, readonly=True, index=True)
    state = fields.Selection(
        [("done", "Merged"), ("undone", "Undone"), ("erased", "Customer erased")],
        default="done",
        required=True,
        readonly=True,
        index=True,
    )
    undo_user_id = fields.Many2one("res.users", "Undone By", readonly=True)
    undo_date = fields.Datetime("Undone On", readonly=True)
    line_ids = fields.One2many(
        "ecrm.merge.line", "merge_id", "What Moved", readonly=True
    )
    line_count = fields.Integer(compute="_compute_line_count")
    undo_deadline = fields.Datetime(
        "Undo Until",
        compute="_compute_undo_deadline",
        help="A merge can be undone until this date (Settings > eCRM > Merges).",
    )
    can_undo = fields.Boolean(compute="_compute_undo_deadline")

    @api.depends("line_ids")
    def _compute_line_count(self):
        counts = dict(
            self.env["ecrm.merge.line"]._read_group(
                [("merge_id", "in", self.ids)], ["merge_id"], ["__count"]
            )
        )
        for merge in self:
            merge.line_count = counts.get(merge, 0)

    @api.depends("date", "state")
    def _compute_undo_deadline(self):
        days = self._ecrm_undo_days()
        now = fields.Datetime.now()
        for merge in self:
            merge.undo_deadline = merge.date and merge.date + timedelta(days=days)
            merge.can_undo = bool(
                merge.state == "done"
                and merge.undo_deadline
                and merge.undo_deadline >= now
            )

    @api.depends("survivor_id", "partner_ids")
    def _compute_display_name(self):
        for merge in self:
            merge.display_name = _(
                "Merge #%(id)s into %(survivor)s",
                id=merge.id or "",
                survivor=merge.survivor_id.display_name or "?",
            )

    # ------------------------------------------------------------------
    # Buttons and entry points (managers only)
    # ------------------------------------------------------------------

    def action_undo(self):
        """Restore the merged profiles and move back what the merge moved."""
        self._ecrm_check_manager()
        self.check_access("read")
        for merge in self:
            merge._ecrm_undo()
        return True

    def action_view_survivor(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "res.partner",
            "res_id": self.survivor_id.id,
            "view_mode": "form",
        }

    @api.model
    def ecrm_merge_partners(self, survivor_id, partner_ids):
        """Merge the profiles ``partner_ids`` into ``survivor_id``; the
        merge record. For managers (UI, scripts, JSON-RPC)."""
        self._ecrm_check_manager()
        Partner = self.env["res.partner"]
        survivor = Partner.browse(survivor_id).exists()
        sources = Partner.browse(partner_ids).exists() - survivor
        # the caller must see every profile it names
        (survivor | sources).check_access("write")
        return self._ecrm_merge_groups([(survivor, sources)]).id

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    @api.model
    def _ecrm_check_manager(self):
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(
                _("Only an eCRM manager can merge customers or undo a merge.")
            )

    @api.model
    def _ecrm_undo_days(self):
        value = self.env["ir.config_parameter"].sudo().get_param(MERGE_UNDO_DAYS_PARAM)
        try:
            return int(value) if value else MERGE_UNDO_DAYS_DEFAULT
        except ValueError:
            return MERGE_UNDO_DAYS_DEFAULT
