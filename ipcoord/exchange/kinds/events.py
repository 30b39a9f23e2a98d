"""Legal events of patents and trademarks, applied through the registry's event services.

An event is matched by its right, kind, date and counterparty. Events are never edited: an
existing event with other details is a conflict. The filing event is written with the right
itself, so a filing row only matches (it is never created from a file).

Caveats: the ledger takes events in date order per right, so a file must list each right's
events oldest first (exports do). An invalidation recorded by deciding a proceeding
(`cases.services.proceeding_decide`) is the same register entry as its event row: import the
events of a right before deciding its proceedings from a file, not both.
"""

from typing import Any

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ipcoord.core import identifiers
from ipcoord.core.identifiers import IdentifierError
from ipcoord.core.models import User
from ipcoord.core.selectors import visible
from ipcoord.exchange.kinds.base import (
    CellError,
    Context,
    Kind,
    Record,
    boolean,
    choice,
    date,
    text,
)
from ipcoord.exchange.kinds.lookups import find_party, find_right, party_token
from ipcoord.registry import services as rs
from ipcoord.registry.models import EventKind, LegalEvent, LicenceKind, Patent, Trademark
from ipcoord.registry.services import identifier_error


class RightKind(models.TextChoices):
    PATENT = "patent", gettext_lazy("专利")
    TRADEMARK = "trademark", gettext_lazy("商标")


def _same_party(kind: Kind, now: str, given: str, ctx: Context) -> bool:
    if not now or not given:
        return now == given
    try:
        return now == given or (
            find_party(now, ctx, column="").pk == find_party(given, ctx, column="").pk
        )
    except CellError:
        return False


def normalise_right_number(rec: Record) -> None:
    """Parse `right_number` as the kind in `right_kind` says (patent or trademark)."""
    number = rec.get("right_number", "")
    try:
        if rec.get("right_kind") == RightKind.PATENT:
            rec["right_number"] = identifiers.parse_patent_application(number).normalized
        elif rec.get("right_kind") == RightKind.TRADEMARK:
            rec["right_number"] = identifiers.parse_trademark_number(number).normalized
    except IdentifierError as exc:
        label = _("申请号") if rec["right_kind"] == RightKind.PATENT else _("商标注册号")
        message = identifier_error(exc, field="right_number", label=label, value=number)
        raise CellError(message.message, column="right_number") from exc


class Events(Kind):
    name = "events"
    label = _("法律事件")
    columns = (
        choice("right_kind", "权利类型", "Right kind", RightKind, required=True),
        text("right_number", "申请号/注册号", "Right number", required=True),
        choice("kind", "事件", "Event", EventKind, required=True),
        date("date", "日期", "Date", required=True),
        text("counterparty", "相对方", "Counterparty"),
        choice("licence_kind", "许可类型", "Licence kind", LicenceKind),
        boolean("partial", "部分无效", "Partial"),
        date("expiry_date", "期限至", "Expiry date"),
        text("authority", "认定/决定机关", "Authority", max_length=128),
        text("reference", "文号或案号", "Reference", max_length=128),
        date("pledge_date", "被注销质押的登记日", "Released pledge date"),
        text("counterparty_name", "相对方名称", "Counterparty name", export_only=True),
    )
    compare_with = {"counterparty": _same_party}

    def check(self, rec: Record) -> None:
        normalise_right_number(rec)
        needs_party = {EventKind.TRANSFER, EventKind.PLEDGE, EventKind.LICENCE}
        if rec.get("kind") in needs_party and not rec.get("counterparty"):
            raise CellError(_("转让、质押和许可须填写相对方。"), column="counterparty")
        if rec.get("kind") == EventKind.LICENCE and not rec.get("licence_kind"):
            raise CellError(_("许可备案须填写许可类型。"), column="licence_kind")

    def key(self, rec: Record) -> str:
        parts = (rec["right_number"], rec["kind"], rec["date"].isoformat())
        return "/".join([*parts, rec.get("counterparty") or ""])

    def find(self, rec: Record, ctx: Context) -> LegalEvent | None:
        right = find_right(rec["right_kind"], rec["right_number"], ctx, column="right_number")
        ctx.cache["right"] = right
        qs = LegalEvent.objects.filter(
            **{rec["right_kind"]: right}, kind=rec["kind"], date=rec["date"]
        )
        if rec.get("counterparty"):
            party = find_party(rec["counterparty"], ctx, column="counterparty")
            qs = qs.filter(counterparty=party)
        return qs.order_by("id").first()

    def current(self, obj: LegalEvent) -> Record:
        right: Any = obj.patent if obj.patent_id else obj.trademark
        return {
            "right_kind": RightKind.PATENT if obj.patent_id else RightKind.TRADEMARK,
            "right_number": right.application_number if obj.patent_id else right.number,
            "kind": obj.kind,
            "date": obj.date,
            "counterparty": party_token(obj.counterparty),
            "licence_kind": obj.licence_kind,
            "partial": obj.partial,
            "expiry_date": obj.expiry_date,
            "authority": obj.authority,
            "reference": obj.reference,
            "pledge_date": obj.pledge.date if obj.pledge_id else None,
            "counterparty_name": obj.counterparty.name if obj.counterparty_id else "",
        }

    def _pledge(self, right: Any, rec: Record, party: Any) -> LegalEvent:
        qs = LegalEvent.objects.filter(
            **{rec["right_kind"]: right}, kind=EventKind.PLEDGE, releases__isnull=True
        )
        if party is not None:
            qs = qs.filter(counterparty=party)
        if rec.get("pledge_date"):
            qs = qs.filter(date=rec["pledge_date"])
        pledge = qs.order_by("-date", "-id").first()
        if pledge is None:
            raise CellError(
                _("找不到要注销的质押登记；请核对质押日期和质权人。"), column="pledge_date"
            )
        return pledge

    def create(self, rec: Record, ctx: Context) -> LegalEvent:
        right = ctx.cache.pop("right", None) or find_right(
            rec["right_kind"], rec["right_number"], ctx, column="right_number"
        )
        kind, when, actor = rec["kind"], rec["date"], ctx.actor
        party = (
            find_party(rec["counterparty"], ctx, column="counterparty")
            if rec.get("counterparty")
            else None
        )
        ref = rec.get("reference", "")
        authority = rec.get("authority", "")
        simple = {
            EventKind.LAPSE: rs.lapse_record,
            EventKind.RESTORATION: rs.restoration_record,
            EventKind.ABANDONMENT: rs.abandonment_record,
        }
        if kind == EventKind.FILING:
            raise CellError(_("申请事件随专利或商标一起登记，不能单独导入。"), column="kind")
        if kind in simple:
            return simple[kind](actor=actor, right=right, date=when, reference=ref)
        if kind == EventKind.GRANT:
            return rs.right_grant(
                actor=actor, right=right, date=when, expiry_date=rec.get("expiry_date")
            )
        if kind == EventKind.TRANSFER:
            return rs.right_transfer(
                actor=actor, right=right, date=when, assignee=party, reference=ref
            )
        if kind == EventKind.PLEDGE:
            return rs.pledge_record(
                actor=actor, right=right, date=when, pledgee=party, reference=ref
            )
        if kind == EventKind.PLEDGE_RELEASE:
            pledge = self._pledge(right, rec, party)
            return rs.pledge_release(actor=actor, pledge=pledge, date=when, reference=ref)
        if kind == EventKind.LICENCE:
            return rs.licence_record(
                actor=actor,
                right=right,
                date=when,
                licensee=party,
                licence_kind=rec["licence_kind"],
                reference=ref,
            )
        if kind == EventKind.INVALIDATION:
            return rs.invalidation_record(
                actor=actor,
                right=right,
                date=when,
                partial=rec.get("partial", False),
                reference=ref,
                authority=authority,
            )
        if kind == EventKind.EXPIRY:
            return rs.expiry_record(actor=actor, right=right, date=when)
        if kind == EventKind.RENEWAL:
            if not rec.get("expiry_date"):
                raise CellError(_("续展须填写续展后的期限。"), column="expiry_date")
            return rs.renewal_record(
                actor=actor, right=right, date=when, new_expiry=rec["expiry_date"]
            )
        if kind == EventKind.REJECTION:
            return rs.rejection_record(
                actor=actor, right=right, date=when, reference=ref, authority=authority
            )
        return rs.well_known_recognise(
            actor=actor, trademark=right, date=when, authority=authority, reference=ref
        )

    def queryset(self, viewer: User | None, filters: dict[str, Any]) -> Any:
        qs = LegalEvent.objects.select_related(
            "patent", "trademark", "counterparty", "pledge"
        ).order_by("date", "id")
        if viewer is not None:
            patents = visible(Patent.objects.all(), viewer, public=True).values("pk")
            trademarks = visible(Trademark.objects.all(), viewer, public=True).values("pk")
            qs = qs.filter(models.Q(patent__in=patents) | models.Q(trademark__in=trademarks))
        if filters.get("kind"):
            qs = qs.filter(kind=filters["kind"])
        return qs
