"""The dishonesty list (信用): a listing and its append-only history of steps.

A listing follows the law's steps (credit_rules.py has the periods and terms):
proposed → notified → [objected] → listed | not_listed, or withdrawn before or after;
listed → expired (end of term, by the sweep) | removed_early (credit repair) | withdrawn.
The status is written only by services/credit*.py with conditional updates; every step is a
`CreditStep` row, never edited or deleted: a mistake is undone by a new step.

Imported by models.py so Django registers these models with the integrity app.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ipcoord.core.models import OwnedRecord, TimeStampedModel
from ipcoord.integrity.credit_rules import ListKind


class ListingStatus(models.TextChoices):
    PROPOSED = "proposed", _("拟列入")
    NOTIFIED = "notified", _("已告知当事人")
    OBJECTED = "objected", _("当事人已提出异议")
    LISTED = "listed", _("已列入（公示中）")
    NOT_LISTED = "not_listed", _("决定不予列入")
    WITHDRAWN = "withdrawn", _("已撤销")
    EXPIRED = "expired", _("期满移出")
    REMOVED_EARLY = "removed_early", _("信用修复提前移出")


OPEN_STATUSES = (ListingStatus.PROPOSED, ListingStatus.NOTIFIED, ListingStatus.OBJECTED)


class StepKind(models.TextChoices):
    PROPOSE = "propose", _("提出列入建议")
    NOTIFY = "notify", _("告知当事人")
    OBJECT = "object", _("收到异议")
    WAIVE = "waive", _("当事人放弃异议")
    DECIDE = "decide", _("作出列入决定")
    DECIDE_NOT = "decide_not", _("决定不予列入")
    WITHDRAW = "withdraw", _("撤销")
    REPAIR = "repair", _("信用修复提前移出")
    EXPIRE = "expire", _("期满移出")


class CreditListing(OwnedRecord):
    """One proposal to list a party, and, once decided, the listing itself.

    owner_org = the deciding IP administration. Only the fields in
    credit_rules.PUBLIC_FIELDS ever reach the public page. Caveat: `sealed` keeps a listing
    off every page but its owner's, even when listed.
    """

    party = models.ForeignKey(
        "registry.Party",
        verbose_name=_("当事人"),
        on_delete=models.PROTECT,
        related_name="credit_listings",
    )
    kind = models.CharField(_("名单类型"), max_length=8, choices=ListKind.choices)
    status = models.CharField(
        _("状态"),
        max_length=16,
        choices=ListingStatus.choices,
        default=ListingStatus.PROPOSED,
        db_index=True,
    )
    facts = models.TextField(_("失信事实"), help_text=_("公开的事实摘要，不写个人身份信息。"))
    legal_basis = models.CharField(
        _("法律依据"), max_length=300, help_text=_("列入所依据的规定及条款。")
    )
    term_months = models.PositiveSmallIntegerField(
        _("列入期限（月）"), help_text=_("不得超过该名单的最长期限。")
    )
    findings = models.ManyToManyField(
        "integrity.Finding",
        verbose_name=_("依据的甄别线索"),
        blank=True,
        related_name="credit_listings",
        help_text=_("列入所依据的已确认线索（可不填）。"),
    )
    notice_text = models.TextField(_("告知内容"), blank=True)
    notified_at = models.DateTimeField(_("告知日期"), null=True, blank=True)
    objection_deadline = models.DateTimeField(
        _("异议期限"), null=True, blank=True, help_text=_("告知后当事人可提出异议的截止时间。")
    )
    objection_waived = models.BooleanField(
        _("当事人放弃异议"), default=False, help_text=_("放弃时须记录一步，决定可提前作出。")
    )
    objection_text = models.TextField(_("异议内容"), blank=True)
    objection_at = models.DateTimeField(_("异议提出时间"), null=True, blank=True)
    objection_answer = models.TextField(_("对异议的答复"), blank=True)
    decided_at = models.DateTimeField(_("决定日期"), null=True, blank=True)
    decision_text = models.TextField(_("决定理由"), blank=True)
    published_from = models.DateTimeField(_("公示起始"), null=True, blank=True)
    published_until = models.DateTimeField(_("公示截止"), null=True, blank=True, db_index=True)
    ended_at = models.DateTimeField(_("移出或撤销时间"), null=True, blank=True)
    end_reason = models.TextField(_("移出或撤销理由"), blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提出人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("失信名单列入")
        verbose_name_plural = _("失信名单列入")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=ListingStatus.LISTED)
                | (
                    Q(decided_at__isnull=False)
                    & Q(published_from__isnull=False)
                    & Q(published_until__isnull=False)
                ),
                name="credit_listed_has_dates",
            ),
            models.CheckConstraint(condition=Q(term_months__gte=1), name="credit_term_positive"),
            # One live proposal or listing per party and list kind.
            models.UniqueConstraint(
                fields=["party", "kind"],
                condition=Q(status__in=[*OPEN_STATUSES, ListingStatus.LISTED]),
                name="credit_one_live_listing",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "published_until"]),
            models.Index(fields=["party", "status"]),
        ]

    def __str__(self) -> str:
        return _("失信名单 %(id)s：%(party)s") % {"id": self.pk, "party": self.party.name}


class CreditStep(TimeStampedModel):
    """One recorded step of a listing (append-only: saving an existing row is refused)."""

    listing = models.ForeignKey(
        CreditListing, verbose_name=_("名单"), on_delete=models.PROTECT, related_name="steps"
    )
    kind = models.CharField(_("步骤"), max_length=12, choices=StepKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("为空表示系统（定时任务）。"),
    )
    at = models.DateTimeField(_("时间"))
    note = models.TextField(_("说明"), blank=True)
    status_before = models.CharField(_("原状态"), max_length=16, blank=True)
    status_after = models.CharField(_("新状态"), max_length=16)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("名单步骤")
        verbose_name_plural = _("名单步骤")

    def __str__(self) -> str:
        return f"{self.listing_id}: {self.kind} @ {self.at:%Y-%m-%d}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ValueError("CreditStep rows are append-only; record a new step instead.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("CreditStep rows are append-only; record a new step instead.")
