"""Rules of the dishonesty list (信用): list kinds, terms, periods, measures, public fields.

Everything here is configuration with a documented default; a deployment overrides it in
settings:

CREDIT_LIST_RULES: {kind: {...}} merged over `DEFAULT_RULES` key by key, e.g.
    `{"samr": {"default_months": 24}}`.
CREDIT_OBJECTION_DAYS: calendar days the party has to object after the notice. Default 15.
CREDIT_JOINT_ORG_KINDS: kinds of organisation told of a listing (joint punishment, 联合惩戒).
    Default every court and IP administration on the platform.
CREDIT_JOINT_ORG_IDS: if set, exactly these organisations are told instead.

Sources and caveats (see ../shared/DOMAIN.md "Bad faith and credit"):
- CNIPA list: 《国家知识产权局知识产权信用管理规定》(2022). The term of 1 year and credit repair
  after 6 months are *practice, to be checked* against the official text; so is the maximum,
  set equal to the term.
- SAMR list: 《市场监督管理严重违法失信名单管理办法》(SAMR, 2021): listing for 3 years, early
  removal possible after 1 year *(practice, to be checked)*; the maximum is the 3 years.
- The objection period of 15 calendar days is the platform's default, not a quoted rule:
  the notice (告知书) of the deciding office governs; set it to what that notice says.
- Terms are in months, added with the calendar (31 Jan + 1 month = 28/29 Feb).
"""

import datetime
from dataclasses import dataclass
from typing import Any

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ipcoord.core.models import OrgKind


class ListKind(models.TextChoices):
    CNIPA = "cnipa", _("知识产权领域严重失信主体名单")
    SAMR = "samr", _("市场监督管理严重违法失信名单")


# Measures (惩戒措施) that follow a listing, with the text of their source.
MEASURES: dict[str, Any] = {
    "no_fee_reduction": _("不予批准专利费用减缴、不予资助或奖励资金支持（从严审查）"),
    "no_priority_exam": _("不适用专利、商标优先审查程序（从严审查）"),
    "no_awards": _("不得参加评优评先、示范和优势企业评定"),
    "key_supervision": _("列为重点监管对象，提高检查频次"),
    "no_credit_commitment": _("不适用信用承诺制"),
    "public_procurement": _("依法限制参与政府采购、招标投标等活动"),
}


@dataclass(frozen=True)
class KindRule:
    """The rule of one list kind, as the services and pages use it."""

    kind: str
    default_months: int
    max_months: int
    repair_after_months: int
    measures: tuple[str, ...]
    source: str
    practice: bool

    @property
    def label(self) -> str:
        return str(ListKind(self.kind).label)

    def measure_texts(self) -> list[str]:
        return [str(MEASURES[m]) for m in self.measures if m in MEASURES]


DEFAULT_RULES: dict[str, dict[str, Any]] = {
    ListKind.CNIPA: {
        "default_months": 12,
        "max_months": 12,
        "repair_after_months": 6,
        "measures": (
            "no_fee_reduction",
            "no_priority_exam",
            "no_awards",
            "key_supervision",
            "no_credit_commitment",
        ),
        "source": _(
            "《国家知识产权局知识产权信用管理规定》（2022年）：严重失信主体名单的管理措施；"
            "管理期限一年、满六个月可申请信用修复为实践做法，待核对原文。"
        ),
        "practice": True,
    },
    ListKind.SAMR: {
        "default_months": 36,
        "max_months": 36,
        "repair_after_months": 12,
        "measures": (
            "key_supervision",
            "no_credit_commitment",
            "no_awards",
            "public_procurement",
            "no_fee_reduction",
        ),
        "source": _(
            "《市场监督管理严重违法失信名单管理办法》（2021年）：列入名单满三年移出，"
            "满一年可申请提前移出（实践做法，待核对原文）。"
        ),
        "practice": True,
    },
}

DEFAULT_OBJECTION_DAYS = 15
DEFAULT_JOINT_ORG_KINDS = (OrgKind.COURT, OrgKind.IP_ADMIN)

# Fields of a listing the public page and the public API show; nothing else leaves.
PUBLIC_FIELDS = (
    "party_name",
    "identifier",
    "kind",
    "facts",
    "legal_basis",
    "decided_at",
    "published_from",
    "published_until",
    "office",
)


def kind_rule(kind: str) -> KindRule:
    """The rule of `kind`, defaults overlaid with settings.CREDIT_LIST_RULES."""
    base = dict(DEFAULT_RULES[kind])
    base.update(getattr(settings, "CREDIT_LIST_RULES", {}).get(str(kind), {}))
    return KindRule(
        kind=str(kind),
        default_months=int(base["default_months"]),
        max_months=int(base["max_months"]),
        repair_after_months=int(base["repair_after_months"]),
        measures=tuple(base["measures"]),
        source=str(base["source"]),
        practice=bool(base.get("practice", False)),
    )


def objection_days() -> int:
    return int(getattr(settings, "CREDIT_OBJECTION_DAYS", DEFAULT_OBJECTION_DAYS))


def joint_org_kinds() -> tuple[str, ...]:
    return tuple(getattr(settings, "CREDIT_JOINT_ORG_KINDS", DEFAULT_JOINT_ORG_KINDS))


def joint_org_ids() -> list[int] | None:
    ids = getattr(settings, "CREDIT_JOINT_ORG_IDS", None)
    return None if ids is None else [int(i) for i in ids]


def add_months(moment: datetime.datetime, months: int) -> datetime.datetime:
    """`moment` plus `months` calendar months (the day is clamped to the month's end)."""
    return moment + relativedelta(months=months)


def mask_identifier(*, natural: bool, uscc: str | None) -> str:
    """The identifier the public may see: a legal person's USCC in full; for a natural person
    nothing (the register holds their ID card number, which is never published; the name
    alone is shown, as the list rules do for individuals)."""
    if natural or not uscc:
        return ""
    return uscc
