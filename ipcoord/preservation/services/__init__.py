"""Every write of patent inquiry-and-control (DESIGN.md §3). Import this package.

Keyword-only, one transaction each, permission checked, audited in the same transaction;
`actor=None` is the trusted operator (tasks, command line). Courts submit, renew and release
orders and run inquiries; the national IP administration's officers register orders.
"""

from ipcoord.preservation.services.changes import (
    freeze_release,
    freeze_renew,
    late_renewal_warning,
)
from ipcoord.preservation.services.inquiry import InquiryResult, inquiry_run
from ipcoord.preservation.services.orders import (
    freeze_order_register,
    freeze_order_submit,
    resolve_rights,
)
from ipcoord.preservation.services.sweep import SweepReport, freeze_sweep

__all__ = [
    "InquiryResult",
    "SweepReport",
    "freeze_order_register",
    "freeze_order_submit",
    "freeze_release",
    "freeze_renew",
    "freeze_sweep",
    "inquiry_run",
    "late_renewal_warning",
    "resolve_rights",
]
