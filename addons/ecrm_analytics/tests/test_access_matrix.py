# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The designed access of every role to every model the eCRM addons add or
extend, compared with what the database grants (``has_access``, i.e. access
rights plus the access checks the models add, as every route applies them).

Letters: r read, w write, c create, u unlink; "-" nothing. A letter granted
here may still be narrowed by record rules (company, own records) and by the
owned-field guards (points, point history, tier, consent), which their own
tests prove (ecrm_marketing test_loyalty_guard, ecrm_core test_consent,
test_roles_http).
"""

from odoo.tests import TransactionCase, new_test_user, tagged

ROLES = {
    "telesales": "base.group_user,ecrm_core.group_ecrm_telesales",
    "service": "base.group_user,ecrm_core.group_ecrm_customer_service",
    "department": "base.group_user,ecrm_core.group_ecrm_department",
    "marketing": "base.group_user,ecrm_core.group_ecrm_marketing",
    "manager": "base.group_user,ecrm_core.group_ecrm_manager",
    "portal": "base.group_portal",
    "supplier": "base.group_portal",  # a portal contact of a supplier company
    "api": "base.group_portal,ecrm_core.group_ecrm_api",
}

# fmt: off
MATRIX = """
model                        telesales service department marketing manager portal supplier api
account.move                 r         r       -          -         r       r      r        r
ecrm.alert                   -         -       -          r         rw      -      -        -
ecrm.analytics.run           -         -       -          r         ru      -      -        -
ecrm.api.source              -         -       -          -         rwcu    -      -        -
ecrm.campaign.cost           -         -       -          rwcu      rwcu    -      -        -
ecrm.campaign.reach          -         -       -          rwcu      rwcu    -      -        -
ecrm.cancel.reason           r         r       r          r         rwcu    -      -        -
ecrm.channel.report          -         -       -          r         r       -      -        -
ecrm.channel.responsible     r         -       -          -         rwcu    -      -        -
ecrm.churn.model             -         -       -          r         ru      -      -        -
ecrm.clv.distribution        -         -       -          r         r       -      -        -
ecrm.clv.holdout.line        -         -       -          r         ru      -      -        -
ecrm.clv.model               -         -       -          r         ru      -      -        -
ecrm.cohort.report           -         -       -          r         r       -      -        -
ecrm.complaint.report        -         r       -          -         r       -      -        -
ecrm.complaint.stat.report   -         r       -          -         r       -      -        -
ecrm.customer.cluster        -         -       -          r         rw      -      -        -
ecrm.delivery.event          r         r       -          -         rwcu    -      -        -
ecrm.delivery.report         r         -       -          -         r       -      -        -
ecrm.interaction             rc        rc      r          r         rwcu    -      -        -
ecrm.loyalty.tier            r         r       r          rwcu      rwcu    -      -        -
ecrm.loyalty.tier.history    r         r       r          r         r       -      -        -
ecrm.merge                   -         -       -          -         r       -      -        -
ecrm.merge.line              -         -       -          -         r       -      -        -
ecrm.order.intake            -         -       -          -         rwu     -      -        -
ecrm.pareto.report           -         -       -          r         r       -      -        -
ecrm.partner.duplicate       r         rw      -          -         rwcu    -      -        -
ecrm.partner.phone           rwcu      rwcu    r          r         rwcu    -      -        -
ecrm.payment.report          -         -       -          -         r       -      -        -
ecrm.phone.renumbering       r         r       r          r         rwcu    -      -        -
ecrm.privacy.deadline        -         -       -          -         rwcu    -      -        -
ecrm.privacy.request         -         -       -          -         rwcu    -      -        -
ecrm.privacy.request.log     -         -       -          -         rc      -      -        -
ecrm.recommendation          r         -       -          r         r       -      -        -
ecrm.rfm.snapshot            -         -       -          r         r       -      -        -
ecrm.rfm.transition          -         -       -          r         r       -      -        -
ecrm.satisfaction.campaign   -         r       -          rwcu      rwcu    -      -        -
ecrm.satisfaction.report     -         r       -          r         r       -      -        -
ecrm.satisfaction.response   -         r       -          r         ru      -      -        -
ecrm.segment                 r         r       r          rwcu      rwcu    -      -        -
ecrm.supplier.agreement      -         r       r          -         rwcu    -      -        -
ecrm.supplier.complaint      -         -       -          -         -       r      r        r
ecrm.supplier.scorecard      -         r       -          -         r       -      -        -
ecrm.supplier.scorecard.month -        -       -          -         r       r      r        r
ecrm.telesales.report        r         -       -          -         r       -      -        -
ecrm.ticket.transfer         -         rc      rc         -         rwcu    -      -        -
helpdesk.ticket              r         rwc     rwc        r         rwcu    r      r        r
helpdesk.ticket.category     r         r       r          r         rwcu    r      r        r
helpdesk.ticket.channel      r         r       r          r         rwcu    -      -        -
helpdesk.ticket.stage        r         r       r          r         rwcu    r      r        r
helpdesk.ticket.team         r         r       r          r         rwcu    r      r        r
loyalty.card                 rw        rw      -          rwc       rwc     -      -        -
loyalty.history              r         r       -          r         r       -      -        -
loyalty.program              r         r       -          rwcu      rwcu    -      -        -
loyalty.reward               r         r       -          rwcu      rwcu    -      -        -
loyalty.rule                 r         r       -          rwcu      rwcu    -      -        -
mailing.contact              -         -       -          rwcu      rwcu    -      -        -
mailing.list                 -         -       -          rwcu      rwcu    -      -        -
payment.transaction          -         -       -          -         -       -      -        -
res.company                  r         r       r          r         r       r      r        r
res.partner                  r         r       r          r         rwc     r      r        r
res.users                    r         r       r          r         r       r      r        r
resource.calendar            r         r       r          r         r       -      -        -
sale.order                   rwc       rwc     -          -         rwcu    r      r        r
sale.order.line              rwcu      rwcu    -          -         rwcu    r      r        r
stock.picking                rwc       rwc     -          -         rwcu    r      r        r
survey.question              -         -       -          rwcu      rwcu    -      -        -
survey.user_input            -         -       -          rwcu      rwcu    -      -        -
utm.campaign                 rwc       rwc     rwc        rwcu      rwcu    -      -        -
utm.medium                   rwc       rwc     rwc        rwcu      rwcu    -      -        -
"""
# fmt: on
# Notes on the design above:
# - loyalty.card "w" for telesales and service is sale_loyalty's right to edit
#   a card (expiry, code); its points, its holder on a loyalty program, and its
#   earning dates are refused by the owned-field guard (test_loyalty_guard).
# - loyalty.history has no create/write/unlink for anyone: only the flows that
#   move points write it (orders, cancellations, refunds, expiry).
# - res.partner "r" for supplier: the portal contact's own partner only (base
#   portal rules); what a supplier reads of a complaint's customer is the
#   supplier portal design (ecrm_service), adjust at merge if its ACL changes.
# - api: the storefront/bridge API user is a portal-type technical user: it
#   has the portal rights, narrowed by the portal record rules to its own
#   contact (it follows no order, customer or complaint), and Odoo's XML-RPC
#   and JSON-RPC logins are refused to it (ecrm_core test_api_trust).
# - ecrm.supplier.scorecard.month "r" for portal users: the portal rule keeps
#   each to the rows of its own commercial partner (a customer or an API user
#   reads none; ecrm_service test_supplier_care).
# - survey.question, survey.user_input: marketing is a Surveys officer (it
#   writes and sends the satisfaction surveys); customers answer by token.
# - supplier: portal rights; helpdesk.ticket's portal rule covers only the
#   complaints of the user's own commercial partner, and a supplier reads the
#   complaints escalated to it through ecrm.supplier.complaint only.

# Models extended by the eCRM addons that the matrix must cover besides the
# models whose module is ecrm_* (the registry lists those).
EXTENDED = {
    "res.partner",
    "sale.order",
    "helpdesk.ticket",
    "loyalty.card",
    "loyalty.history",
    "loyalty.program",
    "loyalty.rule",
    "loyalty.reward",
    "mailing.contact",
}
OPERATIONS = {"r": "read", "w": "write", "c": "create", "u": "unlink"}


def parse_matrix(text):
    lines = [line.split() for line in text.strip().splitlines()]
    header, rows = lines[0][1:], lines[1:]
    return {row[0]: dict(zip(header, row[1:], strict=True)) for row in rows}


@tagged("post_install", "-at_install")
class TestAccessMatrix(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.matrix = parse_matrix(MATRIX)
        cls.users = {
            role: new_test_user(cls.env, f"matrix_{role}", groups=groups)
            for role, groups in ROLES.items()
        }
        supplier = cls.env["res.partner"].create(
            {"name": "Công ty Gia dụng Minh Phát", "is_company": True}
        )
        cls.users["supplier"].partner_id.parent_id = supplier

    def test_every_ecrm_model_has_a_designed_row(self):
        models = {
            model.model
            for model in self.env["ir.model"].search([])
            if any(m.startswith("ecrm_") for m in (model.modules or "").split(", "))
            and not self.env[model.model]._transient
            and not self.env[model.model]._abstract
        }
        missing = (models | EXTENDED) - set(self.matrix)
        self.assertFalse(missing, f"models without a designed access row: {missing}")

    def test_each_role_has_the_designed_access(self):
        differences = []
        for model, row in self.matrix.items():
            for role, designed in row.items():
                if designed == "*":
                    continue  # see the note on the api column
                records = self.env[model].with_user(self.users[role])
                granted = (
                    "".join(
                        letter
                        for letter, operation in OPERATIONS.items()
                        if records.has_access(operation)
                    )
                    or "-"
                )
                if granted != designed:
                    differences.append(
                        f"{model} {role}: designed {designed}, granted {granted}"
                    )
        self.assertFalse(differences, "\n".join(differences))
