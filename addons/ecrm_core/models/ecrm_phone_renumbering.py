# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import phonenumbers

from odoo import _, api, fields, models, tools
from odoo.exceptions import ValidationError


class EcrmPhoneRenumbering(models.Model):
    """One prefix change of a national numbering plan, with its date.

    Vietnam moved every landline area code to three digits in 2017 (04 -> 024)
    and every 11-digit mobile to 10 digits in 2018 (0168 -> 038). A number
    written in its old form is read in its new form: the rules are data
    (``data/ecrm_phone_renumbering_data.xml``), not code, so a future change is
    one more record.
    """

    _name = "ecrm.phone.renumbering"
    _description = "Phone Renumbering Rule"
    _order = "country_id, kind, old_prefix"

    country_id = fields.Many2one(
        "res.country",
        required=True,
        ondelete="cascade",
        default=lambda self: self.env.ref("base.vn", raise_if_not_found=False),
    )
    name = fields.Char("Network or Area", required=True, help="e.g. Viettel, Hà Nội")
    kind = fields.Selection(
        [("mobile", "Mobile"), ("landline", "Landline")], required=True
    )
    old_prefix = fields.Char(
        required=True,
        help="Digits after the trunk 0 of the old form, e.g. 168 for 0168.",
    )
    new_prefix = fields.Char(
        required=True,
        help="Digits after the trunk 0 of the new form, e.g. 38 for 038.",
    )
    subscriber_digits = fields.Integer(
        required=True,
        default=7,
        help="Digits that follow the prefix and stay the same (7 for mobiles and "
        "provincial landlines, 8 for Hà Nội and Hồ Chí Minh City landlines).",
    )
    date_start = fields.Date(
        "Effective Date",
        required=True,
        help="From this day on the new form is the number; numbers written in the "
        "old form are read in the new one.",
    )
    date_reused = fields.Date(
        "Old Form Reused On",
        help="From this day on the old prefix belongs to other numbers (the "
        "2017 landline code 037 is a Viettel mobile prefix since 2018): a number "
        "in the old form is then read as it is today, and refused if it is not "
        "valid, rather than guessed to be the old landline.",
    )
    active = fields.Boolean(default=True)
    old_example = fields.Char(compute="_compute_examples", string="Old Form")
    new_example = fields.Char(compute="_compute_examples", string="New Form")

    _sql_constraints = [
        (
            "old_prefix_unique",
            "unique(country_id, old_prefix, subscriber_digits)",
            "A prefix can be renumbered only once.",
        ),
    ]

    @api.depends("old_prefix", "new_prefix", "subscriber_digits")
    def _compute_examples(self):
        for rule in self:
            tail = "x" * (rule.subscriber_digits or 0)
            rule.old_example = f"0{rule.old_prefix or ''} {tail}"
            rule.new_example = f"0{rule.new_prefix or ''} {tail}"

    @api.constrains("old_prefix", "new_prefix", "subscriber_digits")
    def _check_prefixes(self):
        for rule in self:
            if not (
                (rule.old_prefix or "").isdigit()
                and (rule.new_prefix or "").isdigit()
                and rule.subscriber_digits > 0
            ):
                raise ValidationError(
                    _(
                        "Renumbering %(name)s: the prefixes are digits without the "
                        "leading 0 and the subscriber part has at least one digit.",
                        name=rule.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        self.env.registry.clear_cache()
        return super().create(vals_list)

    def write(self, vals):
        self.env.registry.clear_cache()
        return super().write(vals)

    def unlink(self):
        self.env.registry.clear_cache()
        return super().unlink()

    @api.model
    def _ecrm_rules(self):
        """{country phone code: ((old prefix, new prefix, old length), ...)}.

        The rules in force today, longest old prefix first.
        """
        return self._ecrm_rules_on(fields.Date.context_today(self))

    @api.model
    @tools.ormcache("day")
    def _ecrm_rules_on(self, day):
        """The rules in force on ``day``, read once per worker and day (the cache
        is cleared when a rule changes)."""
        # sudo: the numbering plan is public reference data, read to understand
        # any number typed by anyone (web shop visitors included)
        rules = (
            self.sudo()
            .with_context(active_test=True)
            .search_fetch(
                [
                    ("date_start", "<=", day),
                    "|",
                    ("date_reused", "=", False),
                    ("date_reused", ">", day),
                ],
                ["country_id", "old_prefix", "new_prefix", "subscriber_digits"],
            )
        )
        by_code = {}
        for rule in rules.sorted(lambda r: -len(r.old_prefix)):
            by_code.setdefault(rule.country_id.phone_code, []).append(
                (
                    rule.old_prefix,
                    rule.new_prefix,
                    len(rule.old_prefix) + rule.subscriber_digits,
                )
            )
        return {code: tuple(items) for code, items in by_code.items()}

    @api.model
    def _ecrm_current_number(self, parsed):
        """``parsed`` (a phonenumbers number) in its current form, or None.

        Only a number that is not valid as written and matches the old form of
        a rule in force is renumbered, and only when its current form is valid:
        an old prefix given again to other numbers (the 2017 landline code 037
        is a Viettel mobile prefix since 2018) is read as the number it is
        today (see ``date_reused``).
        """
        rules = self._ecrm_rules().get(parsed.country_code)
        if not rules:
            return None
        national = str(parsed.national_number)
        for old_prefix, new_prefix, old_length in rules:
            if len(national) == old_length and national.startswith(old_prefix):
                current = phonenumbers.PhoneNumber(
                    country_code=parsed.country_code,
                    national_number=int(new_prefix + national[len(old_prefix) :]),
                )
                if phonenumbers.is_valid_number(current):
                    return current
        return None
