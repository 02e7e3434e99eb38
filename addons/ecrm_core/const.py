# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The value lists and defaults that several eCRM models, reports and addons share.

Selection labels are plain strings: Odoo translates them through each field's own
translations (i18n/vi.po). Each list has one meaning:

- ``SALES_CHANNELS``: where an order was placed, or where a customer came from;
- ``INTERACTION_CHANNELS``: how a contact with a customer happened (a call, an SMS);
- ``CONSENT_CHANNELS``: what a customer may agree to be contacted by;
- ``PRIVACY_REQUEST_CHANNELS``: how a personal-data request reached the retailer;
- the marketing media of campaigns and the channels complaints arrive by are the
  other addons' (``ecrm_marketing``'s ``CAMPAIGN_CHANNELS``, ``ecrm_service``'s
  ``COMPLAINT_CHANNELS``).
"""

SALES_CHANNELS = [
    ("store", "Store"),
    ("web", "Web shop"),
    ("phone", "Phone"),
    ("marketplace", "Marketplace"),
    ("facebook", "Facebook"),
    ("api", "Storefront API"),
]
ONLINE_CHANNELS = ("web", "marketplace", "facebook", "api")

CONSENT_CHANNELS = ("email", "sms", "phone")

PRIVACY_REQUEST_CHANNELS = [
    ("email", "Email"),
    ("phone", "Phone"),
    ("store", "In store"),
    ("web", "Web form"),
    ("letter", "Letter"),
    ("staff", "Staff, on the customer's behalf"),
    ("other", "Other"),
]

INTERACTION_CHANNELS = [
    ("call", "Call"),
    ("sms", "SMS"),
    ("email", "Email"),
    ("store_visit", "Store visit"),
    ("web_comment", "Web comment"),
    ("facebook", "Facebook"),
    ("chat", "Chat"),
]

PAYMENT_METHODS = [
    ("cod", "Cash on delivery"),
    ("ewallet", "E-wallet"),
    ("bank_transfer", "Bank transfer"),
    ("card", "Card"),
]

# Telesales: the confirmation call of an online order
TELESALES_STATES = [
    ("to_call", "To Call"),
    ("no_answer", "No Answer"),
    ("confirmed", "Confirmed"),
    ("cancelled", "Cancelled"),
]
QUEUE_STATES = ("to_call", "no_answer")
CALLBACK_OUTCOMES = [
    ("reason_confirmed", "Reason confirmed"),
    ("recovered", "Order recovered"),
    ("other", "Other"),
]
DEFAULT_MAX_ATTEMPTS = 3  # unanswered calls before an online order is cancelled
DEFAULT_RETRY_HOURS = 2.0  # between two calls of the same order
