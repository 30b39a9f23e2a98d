"""The rules of property preservation the platform applies, in one place and configurable.

Plain Python (no model import): the ceilings per kind of right with their legal source, the
reminder thresholds, how early a renewal should come, which register events a freeze suspends, and which ones are a loss the
freezing court must hear about. `settings.PRESERVATION_CEILINGS` overrides single entries,
e.g. `{"patent": {"months": 6, "source": "…"}}`; see DOMAIN.md "Patent property
preservation" for why this is a table: which rule wins for patents was not verified.
"""

import calendar
import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Ceiling:
    """The longest term one freeze (or one renewal) of a kind of right may ask for."""

    months: int
    source: str | Promise


DEFAULT_CEILINGS: dict[str, Ceiling] = {
    "patent": Ceiling(
        6,
        _(
            "《最高人民法院关于审理专利纠纷案件适用法律问题的若干规定》（2015 年文本第十三条，"
            "法释〔2020〕19号修正后保留）：对专利权保全的期限一次不得超过六个月"
        ),
    ),
    "trademark": Ceiling(
        12,
        _(
            "《最高人民法院关于人民法院对注册商标权进行财产保全的解释》（2020 年修正）第二条："
            "对注册商标权保全的期限一次不得超过一年"
        ),
    ),
    "other": Ceiling(
        36,
        _(
            "《最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释》（2022 年修正）第四百八十五条："
            "冻结其他财产权的期限不得超过三年"
        ),
    ),
}

# Days before the end of a term at which the ordering court is reminded, once each per term.
REMINDER_DAYS: tuple[int, ...] = (30, 7)

# Continued preservation should be asked for at least this many days before the term ends.
# A later renewal is still registered (only expiry closes the door), but the court is warned
# before and after, and the renewal is marked late.
RENEWAL_LEAD_DAYS = 7
RENEWAL_LEAD_SOURCE = _(
    "《最高人民法院关于人民法院办理财产保全案件若干问题的规定》（2020 年修正）第十八条"
)

# Register events refused while a right is frozen (专利法实施细则 2023 arts. 104–105: the
# procedures are suspended). "Early termination" at the owner's request is an abandonment in
# the register; grant and rejection are the end of the examination that is suspended too.
SUSPENDED_EVENTS: frozenset[str] = frozenset(
    {"transfer", "pledge", "abandonment", "grant", "rejection"}
)

# Events the register still records on a frozen right (they are facts, not requests), but
# which destroy or shrink what the creditor holds: the freezing court is told at once.
LOSS_EVENTS: frozenset[str] = frozenset({"lapse", "invalidation", "expiry"})


def ceiling_for(right_kind: str) -> Ceiling:
    """The ceiling for "patent", "trademark" or any other kind ("other"), settings first."""
    table = dict(DEFAULT_CEILINGS)
    for kind, value in (getattr(settings, "PRESERVATION_CEILINGS", None) or {}).items():
        if isinstance(value, Ceiling):
            table[kind] = value
        else:
            base = table.get(kind, DEFAULT_CEILINGS["other"])
            table[kind] = Ceiling(
                int(value.get("months", base.months)), value.get("source", base.source)
            )
    return table.get(right_kind, table["other"])


def renewal_is_late(ends_on: datetime.date, day: datetime.date) -> bool:
    """Whether a renewal on `day` of a term ending on `ends_on` comes later than the rule asks
    (fewer than RENEWAL_LEAD_DAYS days left; a term ending in 7 days is still on time)."""
    return (ends_on - day).days < RENEWAL_LEAD_DAYS


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` plus whole months, clamped to the end of a shorter month (Jan 31 + 1 → Feb 28/29)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def term_end(start: datetime.date, months: int) -> datetime.date:
    """The last day of a term of `months` starting on `start` (inclusive both ends)."""
    return add_months(start, months) - datetime.timedelta(days=1)
