# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The value lists of eCRM marketing.

``CAMPAIGN_CHANNELS``: the marketing media whose cost, reach and orders are compared
(the other channel lists are ``odoo.addons.ecrm_core.const``'s).
"""

CAMPAIGN_CHANNELS = [
    ("display", "Display banner"),
    ("pr", "PR article"),
    ("email", "Email"),
    ("facebook", "Facebook ads"),
    ("sms", "SMS"),
    ("other", "Other"),
]
