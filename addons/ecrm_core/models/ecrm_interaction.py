# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import Markup

from odoo import _, api, fields, models

from ..const import INTERACTION_CHANNELS


class EcrmInteraction(models.Model):
    _name = "ecrm.interaction"
    _description = "Customer Interaction"
    _order = "date desc, id desc"
    _rec_name = "summary"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner", "Customer", required=True, index=True, ondelete="cascade"
    )
    user_id = fields.Many2one(
        "res.users", "Agent", default=lambda self: self.env.user, index=True
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    channel = fields.Selection(
        INTERACTION_CHANNELS, required=True, default="call", index=True
    )
    direction = fields.Selection(
        [("inbound", "Inbound"), ("outbound", "Outbound")],
        required=True,
        default="outbound",
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    summary = fields.Char(required=True)
    outcome = fields.Char(help="e.g. Order confirmed, No answer, Call back tomorrow")
    note = fields.Text()
    res_model = fields.Char("Related Model", index=True)
    res_id = fields.Many2oneReference("Related ID", model_field="res_model")
    related_ref = fields.Reference(
        selection="_selection_related_ref",
        string="Related Document",
        compute="_compute_related_ref",
        help="The order, ticket or campaign the interaction is about.",
    )
    duration = fields.Float("Duration (min)")

    @api.model
    def _selection_related_ref(self):
        models_ = ["sale.order", "helpdesk.ticket", "utm.campaign"]
        return [
            (name, self.env[name]._description) for name in models_ if name in self.env
        ]

    @api.depends("res_model", "res_id")
    def _compute_related_ref(self):
        allowed = {name for name, _label in self._selection_related_ref()}
        for interaction in self:
            if interaction.res_model in allowed and interaction.res_id:
                interaction.related_ref = (
                    f"{interaction.res_model},{interaction.res_id}"
                )
            else:
                interaction.related_ref = False

    @api.model_create_multi
    def create(self, vals_list):
        interactions = super().create(vals_list)
        interactions._ecrm_post_on_timeline()
        return interactions

    def action_open_related(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self.res_model,
            "res_id": self.res_id,
            "view_mode": "form",
        }

    @api.model
    def _ecrm_action_log(self, partner, related=None, name=None):
        """Window action of a new call on ``partner``: the agent types and saves."""
        context = {
            "default_partner_id": partner.id,
            "default_channel": "call",
            "default_direction": "outbound",
        }
        if related:
            context.update(default_res_model=related._name, default_res_id=related.id)
        return {
            "type": "ir.actions.act_window",
            "name": name or _("Log a Call"),
            "res_model": "ecrm.interaction",
            "view_mode": "form",
            "views": [
                (self.env.ref("ecrm_core.ecrm_interaction_view_form_quick").id, "form")
            ],
            "target": "new",
            "context": context,
        }

    def _ecrm_post_on_timeline(self):
        """Show every interaction in the customer's chatter (the one timeline)."""
        channels = dict(self._fields["channel"]._description_selection(self.env))
        directions = dict(self._fields["direction"]._description_selection(self.env))
        for interaction in self:
            body = Markup("<b>%s</b> (%s): %s") % (
                channels.get(interaction.channel),
                directions.get(interaction.direction),
                interaction.summary,
            )
            if interaction.outcome:
                body += Markup("<br/>%s %s") % (_("Outcome:"), interaction.outcome)
            # sudo: the interaction was created under the user's rights; the note
            # on the customer's timeline is its mirror, whatever the partner ACL
            interaction.partner_id.sudo().message_post(
                body=body,
                message_type="comment",
                subtype_xmlid="mail.mt_note",
                author_id=interaction.user_id.partner_id.id
                or self.env.user.partner_id.id,
            )
