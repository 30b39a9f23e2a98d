"""Writes for the rights register. Import from here: `from ipcoord.registry import services`.

Every service is keyword-only, runs in one transaction, checks that the actor is an
ip_officer of an IP administration (`actor=None` is a trusted operator: checks skipped,
audited as "system"), audits in the same transaction and raises ApplicationError with a
translated message and a stable `code`.

Event guards: other apps call `register_event_guard(guard)` (e.g. in AppConfig.ready());
every event service, filing included, then calls `guard(ProposedEvent)` inside its
transaction after the status rules pass and before writing. A guard refuses by raising
ApplicationError, which rolls the whole call back. See `common.ProposedEvent`.
"""

from ipcoord.registry.services.bulk import NewPatent, PatentsRefused, patent_record_many
from ipcoord.registry.services.common import (
    EventGuard,
    ProposedEvent,
    event_guards,
    identifier_error,
    national_ip_admin,
    officer_org,
    register_event_guard,
    transfer_guards,
    unregister_event_guard,
)
from ipcoord.registry.services.events import (
    abandonment_record,
    expiry_record,
    invalidation_record,
    lapse_record,
    licence_record,
    pledge_record,
    pledge_release,
    rejection_record,
    renewal_record,
    restoration_record,
    right_grant,
    right_transfer,
    well_known_recognise,
)
from ipcoord.registry.services.ledger import append_event, right_state
from ipcoord.registry.services.parties import party_create, party_update, party_upsert
from ipcoord.registry.services.rights import patent_record, trademark_record

__all__ = [
    "EventGuard",
    "NewPatent",
    "PatentsRefused",
    "ProposedEvent",
    "identifier_error",
    "abandonment_record",
    "append_event",
    "event_guards",
    "expiry_record",
    "invalidation_record",
    "lapse_record",
    "licence_record",
    "national_ip_admin",
    "officer_org",
    "party_create",
    "party_update",
    "party_upsert",
    "patent_record",
    "patent_record_many",
    "pledge_record",
    "pledge_release",
    "register_event_guard",
    "rejection_record",
    "renewal_record",
    "restoration_record",
    "right_grant",
    "right_state",
    "right_transfer",
    "trademark_record",
    "transfer_guards",
    "unregister_event_guard",
    "well_known_recognise",
]
