# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, models
from odoo.tools import SQL

from ..const import SCORE_FIELDS


class ResPartner(models.Model):
    """Personal data added by analytics: scores are numbers about the profile
    (kept, they identify no one once the profile is anonymised), alerts name
    the customer in their texts."""

    _inherit = "res.partner"

    def _ecrm_erasure_records(self, keys):
        records = super()._ecrm_erasure_records(keys)
        records["ecrm.alert"] = (
            self.env["ecrm.alert"]
            .search([("partner_id", "in", keys["partners"].ids)])
            .ids
        )
        return records

    def _ecrm_erase_personal_data(self, keys=None):
        """Alerts about the customer keep their figures; their title and message
        lose the customer's name (their chatter with every record of the person).
        Scores, snapshots and recommendations are numbers and links: kept."""
        keys = keys or self._ecrm_erasure_keys()
        alert_ids = tuple(keys["records"].get("ecrm.alert") or [0])
        self.env["ecrm.alert"].flush_model()
        self._ecrm_scrub_sql(
            "ecrm_alert", ["name", "message"], SQL("id IN %s", alert_ids), keys
        )
        self.env["ecrm.alert"].invalidate_model()
        return super()._ecrm_erase_personal_data(keys)

    def _ecrm_personal_data(self):
        data = super()._ecrm_personal_data()
        # sudo: _ecrm_personal_data checked the caller is an eCRM manager
        partner = self.sudo()
        fnames = [f for f in SCORE_FIELDS if f in partner._fields]
        data["scores"] = [self._ecrm_plain_row(partner, fnames)]
        data["recommendations"] = [
            self._ecrm_plain_row(r, ["rank", "product_id", "score", "date"])
            for r in partner.ecrm_recommendation_ids.sorted("rank")
        ]
        return data

    def _ecrm_personal_data_sheets(self):
        return super()._ecrm_personal_data_sheets() + [
            ("scores", _("Scores")),
            ("recommendations", _("Recommendations")),
        ]
