"""Every write on cases, proceedings and their links (DESIGN.md §3).

Keyword-only, one transaction each, permission checked, audited in the same transaction.
`actor=None` is the trusted operator (command line, tasks, demo builder): no permission
check, the audit names "system". Import this package, not its modules:
`from ipcoord.cases import services; services.case_file(...)`.
"""

from ipcoord.cases.services._numbers import parse_case_number
from ipcoord.cases.services.cases import case_add_right, case_close, case_file, case_update
from ipcoord.cases.services.links import (
    LINK_TRANSITIONS,
    link_confirm,
    link_propose,
    link_reject,
    links_propose_for_right,
    suggested_kind,
)
from ipcoord.cases.services.proceedings import (
    OUTCOMES_BY_KIND,
    TRANSITIONS,
    proceeding_advance,
    proceeding_decide,
    proceeding_file,
    proceeding_withdraw,
)

__all__ = [
    "LINK_TRANSITIONS",
    "OUTCOMES_BY_KIND",
    "TRANSITIONS",
    "case_add_right",
    "case_close",
    "case_file",
    "case_update",
    "link_confirm",
    "link_propose",
    "link_reject",
    "links_propose_for_right",
    "parse_case_number",
    "proceeding_advance",
    "proceeding_decide",
    "proceeding_file",
    "proceeding_withdraw",
    "suggested_kind",
]
