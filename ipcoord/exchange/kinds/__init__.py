"""The kinds of record the data line reads and writes, by name.

Import order for a whole register (each kind refers only to earlier ones): organisations,
parties, patents, trademarks, events, cases, proceedings.
"""

from django.utils.translation import gettext as _

from ipcoord.exchange.formats import FormatError
from ipcoord.exchange.kinds.base import CellError, Column, Context, Kind
from ipcoord.exchange.kinds.cases import Cases, Proceedings
from ipcoord.exchange.kinds.events import Events
from ipcoord.exchange.kinds.register import Organisations, Parties
from ipcoord.exchange.kinds.rights import Patents, Trademarks

KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Organisations(),
        Parties(),
        Patents(),
        Trademarks(),
        Events(),
        Cases(),
        Proceedings(),
    )
}
ALIASES = {"orgs": "organisations", "legal_events": "events", "legal-events": "events"}


def get_kind(name: str) -> Kind:
    name = ALIASES.get(name, name)
    if name not in KINDS:
        raise FormatError(
            _("未知的数据类型“%(kind)s”；可选：%(kinds)s。")
            % {"kind": name, "kinds": ", ".join(KINDS)},
            code="unknown_kind",
        )
    return KINDS[name]


__all__ = ["KINDS", "CellError", "Column", "Context", "Kind", "get_kind"]
