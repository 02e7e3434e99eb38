# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from lxml import html
from markupsafe import Markup

from odoo import api, models
from odoo.tools import safe_eval

# Models whose mails are rendered by the thousand (the nightly tier changes).
BATCH_RENDERED_MODELS = ("ecrm.loyalty.tier.history",)


class MailTemplate(models.Model):
    _inherit = "mail.template"

    @api.model
    def _render_template_qweb(
        self, template_src, model, res_ids, add_context=None, options=None
    ):
        """Render a QWeb body compiled once for all the records.

        Odoo compiles a raw QWeb body again for every record (an element tree is
        never cached), which is most of the cost of the thousands of tier mails
        of a nightly run. Same values and options as Odoo's rendering; only for
        our batch-rendered models and for users allowed to render any
        expression, everything else is Odoo's own path.
        """
        restricted = (
            not self._unrestricted_rendering
            and not self.env.is_admin()
            and not self.env.user.has_group("mail.group_mail_template_editor")
        )
        if (
            model not in BATCH_RENDERED_MODELS
            or len(res_ids) < 2
            or restricted
            or not template_src
            or not self._has_unsafe_expression_template_qweb(template_src, model)
        ):
            return super()._render_template_qweb(
                template_src, model, res_ids, add_context=add_context, options=options
            )
        variables = self._render_eval_context()
        if add_context:
            variables.update(**add_context)
        qweb = self.env["ir.qweb"].with_context(**(options or {}))
        element = html.fragment_fromstring(template_src, create_parent="div")
        render = None
        results = {}
        for record in self.env[model].browse(res_ids):
            values = dict(variables, object=record)
            record_qweb = qweb._prepare_environment(values)
            safe_eval.check_values(values)
            if render is None:
                functions, def_name = record_qweb._compile(element)
                render = functions[def_name]
            # without the <div> added to wrap the fragment, as Odoo does
            results[record.id] = Markup("".join(render(record_qweb, values)))[5:-6]
        return results
