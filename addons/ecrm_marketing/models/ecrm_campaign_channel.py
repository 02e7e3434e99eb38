# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The marketing channels whose cost, reach and orders are compared."""

CAMPAIGN_CHANNELS = [
    ("display", "Display banner"),
    ("pr", "PR article"),
    ("email", "Email"),
    ("facebook", "Facebook ads"),
    ("sms", "SMS"),
    ("other", "Other"),
]
