# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class MailingList(models.Model):
    _inherit = "mailing.list"

    ecrm_segment_ids = fields.One2many(
        "ecrm.segment", "mailing_list_id", string="Feeding Segments", readonly=True
    )
    ecrm_segment_id = fields.Many2one(
        "ecrm.segment",
        compute="_compute_ecrm_segment_id",
        string="Fed by Segment",
        help="The customer segment that keeps this list up to date.",
    )

    @api.depends("ecrm_segment_ids")
    def _compute_ecrm_segment_id(self):
        for mlist in self:
            mlist.ecrm_segment_id = mlist.ecrm_segment_ids[:1]
