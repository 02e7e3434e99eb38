# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Fields that only the flow owning them may write.

Loyalty points and their history, tiers, consent and the anonymisation date are
written by the flows that own them (order confirmation and cancellation,
refunds, the consent wizard, the nightly tier job, the anonymisation), never by
a direct ``write`` of a user. The owning flow marks its environment with
:func:`owned_flow`; the guards accept a write in such an environment or in a
superuser one (``sudo()`` taken by code that has already checked the caller).

The mark is a Python object in the context: ``/web/dataset/call_kw``, XML-RPC
and JSON-RPC only carry JSON values in a context, so no remote caller can set
it.
"""


class _OwnedFlow:
    """The context value that marks an owning flow (kept by (deep)copies)."""

    __slots__ = ()

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self

    def __repr__(self):
        return "<eCRM owned flow>"


OWNED_FLOW = _OwnedFlow()
CONTEXT_KEY = "ecrm_owned_flow"


def owned_flow(records):
    """``records`` in an environment marked as an owning flow."""
    return records.with_context(**{CONTEXT_KEY: OWNED_FLOW})


def in_owned_flow(env):
    """Whether ``env`` may write the guarded fields."""
    return env.su or env.context.get(CONTEXT_KEY) is OWNED_FLOW
