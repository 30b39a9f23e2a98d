"""Every write of integrity screening (DESIGN.md §3). Import this package.

Keyword-only, one transaction each, permission checked, audited in the same transaction;
`actor=None` is the trusted operator (tasks, command line). IP officers (ip_officer at an IP
administration) screen and decide; everyone else is refused and nothing is written.
"""

from ipcoord.integrity.services.batch import read_batch_file, screen_batch, screen_batch_run
from ipcoord.integrity.services.court import court_notice_file, court_notice_lead
from ipcoord.integrity.services.credit import (
    listing_decide,
    listing_notify,
    listing_object,
    listing_propose,
    listing_waive,
)
from ipcoord.integrity.services.credit_end import (
    listing_expire_sweep,
    listing_repair,
    listing_withdraw,
    repair_possible_from,
)
from ipcoord.integrity.services.decide import finding_confirm, finding_dismiss
from ipcoord.integrity.services.index_cache import register_index
from ipcoord.integrity.services.litigation import litigation_screen, litigation_signals
from ipcoord.integrity.services.patents import (
    patent_leads,
    patent_register_screen,
    patent_screen_run,
)
from ipcoord.integrity.services.screening import (
    clean_classes,
    clean_mark,
    finding_record,
    mark_screen,
    screen_hits,
)
from ipcoord.integrity.services.signals import Signal, applicant_screen, applicant_signals

__all__ = [
    "Signal",
    "applicant_screen",
    "applicant_signals",
    "clean_classes",
    "clean_mark",
    "court_notice_file",
    "court_notice_lead",
    "finding_confirm",
    "finding_dismiss",
    "finding_record",
    "listing_decide",
    "listing_expire_sweep",
    "listing_notify",
    "listing_object",
    "listing_propose",
    "listing_repair",
    "listing_waive",
    "listing_withdraw",
    "litigation_screen",
    "litigation_signals",
    "mark_screen",
    "patent_leads",
    "patent_register_screen",
    "patent_screen_run",
    "read_batch_file",
    "register_index",
    "repair_possible_from",
    "screen_batch",
    "screen_batch_run",
    "screen_hits",
]
