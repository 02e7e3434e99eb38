# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class EcrmMergeLine(models.Model):
    """What one merge did to one column of one table.

    ``move``: the rows ``record_ids`` of ``table_name`` had ``field_name`` set to
    the survivor; ``source_ids`` (same order) are the merged profiles they
    pointed to before. ``keep``: rows left on the merged profile because the
    survivor already had the same one (a unique key), nothing lost.
    ``value``: the merge replaced the values ``old_values`` (same order) of
    ``field_name`` on ``record_ids``. Rows of tables without an ``id`` column
    (many2many tables) are named by the value of their other column.
    """

    _name = "ecrm.merge.line"
    _description = "Customer Merge: What Moved"
    _order = "merge_id desc, id"

    merge_id = fields.Many2one(
        "ecrm.merge", required=True, index=True, ondelete="cascade", readonly=True
    )
    kind = fields.Selection(
        [
            ("move", "Moved to the survivor"),
            ("keep", "Kept on the merged profile"),
            ("value", "Value replaced"),
        ],
        required=True,
        readonly=True,
    )
    res_model = fields.Char("Model", readonly=True)
    model_description = fields.Char(
        "What", compute="_compute_model_description", readonly=True
    )
    table_name = fields.Char("Table", required=True, readonly=True)
    field_name = fields.Char("Field", required=True, readonly=True)
    record_ids = fields.Json(readonly=True)
    source_ids = fields.Json(readonly=True)
    old_values = fields.Json(readonly=True)
    record_count = fields.Integer("Records", readonly=True)

    @api.depends("res_model", "table_name")
    def _compute_model_description(self):
        models_by_name = {
            m.model: m.name
            for m in self.env["ir.model"]
            .sudo()
            .search([("model", "in", list(set(self.mapped("res_model")) - {False}))])
        }
        for line in self:
            line.model_description = (
                models_by_name.get(line.res_model) or line.table_name
            )
