# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The sales and origin channels shared by customers, orders and reports.

Selection labels are plain strings: Odoo translates them through the field's
own translations (i18n/vi.po).
"""

CHANNELS = [
    ("store", "Store"),
    ("web", "Web shop"),
    ("phone", "Phone"),
    ("marketplace", "Marketplace"),
    ("facebook", "Facebook"),
    ("api", "Storefront API"),
]
ONLINE_CHANNELS = ("web", "marketplace", "facebook", "api")
