"""Freeze orders of courts on patents and trademarks, their items per right, renewals,
releases, and the record of every inquiry.

The state machine runs per item (one order, one right): an order covering several rights
can be active on one, queued on another and released on a third. The order's own status is
a summary of its items, written by the services.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ipcoord.core.models import OwnedRecord, TimeStampedModel


class FreezeKind(models.TextChoices):
    PRE_LITIGATION = "pre_litigation", _("诉前财产保全")
    IN_LITIGATION = "in_litigation", _("诉讼中财产保全")
    ENFORCEMENT_SEIZURE = "enforcement_seizure", _("执行中冻结")


class OrderStatus(models.TextChoices):
    SUBMITTED = "submitted", _("待登记")
    REGISTERED = "registered", _("已登记")
    PARTIALLY_ENDED = "partially_ended", _("部分解除或届满")
    RELEASED = "released", _("已解除")
    EXPIRED = "expired", _("已届满")
    ENDED = "ended", _("已终结")


class ItemStatus(models.TextChoices):
    PENDING = "pending", _("待登记")
    ACTIVE = "active", _("冻结中")
    QUEUED = "queued", _("轮候冻结")
    RELEASED = "released", _("已解除")
    EXPIRED = "expired", _("已届满")


LIVE_ITEM_STATUSES = (ItemStatus.ACTIVE, ItemStatus.QUEUED)


class FreezeOrder(OwnedRecord):
    """A court's preservation order with its assistance-to-execute notice; owner_org = court."""

    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("案件"),
        on_delete=models.PROTECT,
        related_name="freeze_orders",
        help_text=_("作出保全裁定的本院在办案件（含执保、执、财保案件）。"),
    )
    kind = models.CharField(_("保全类型"), max_length=24, choices=FreezeKind.choices)
    ruling_number = models.CharField(
        _("裁定书文号"), max_length=80, help_text=_("保全或执行裁定书的文号。")
    )
    notice_number = models.CharField(
        _("协助执行通知书文号"),
        max_length=80,
        help_text=_("送达国家知识产权局的协助执行通知书文号；同一法院内不得重复。"),
    )
    months = models.PositiveSmallIntegerField(
        _("冻结期限（月）"), help_text=_("每项权利自生效之日起的冻结期限，不超过该类权利的上限。")
    )
    status = models.CharField(
        _("状态"),
        max_length=16,
        choices=OrderStatus.choices,
        default=OrderStatus.SUBMITTED,
        db_index=True,
        help_text=_("由各项权利的冻结状态汇总，服务写入。"),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    registered_at = models.DateTimeField(_("登记时间"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("冻结令")
        verbose_name_plural = _("冻结令")
        constraints = [
            models.UniqueConstraint(
                fields=["owner_org", "notice_number"], name="freeze_order_notice_unique"
            ),
            models.CheckConstraint(condition=Q(months__gte=1), name="freeze_order_months_pos"),
        ]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return _("冻结令 %(id)s（%(notice)s）") % {"id": self.pk, "notice": self.notice_number}


class FreezeItem(TimeStampedModel):
    """One right under one order: the unit of the freeze state machine.

    `seq` is the right's registration order (1, 2, 3 … per right), so the queue is the
    queued items of a right ordered by `seq`; the database keeps it unique per right and
    allows at most one active item per right.
    """

    order = models.ForeignKey(FreezeOrder, on_delete=models.CASCADE, related_name="items")
    patent = models.ForeignKey(
        "registry.Patent",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="freeze_items",
    )
    trademark = models.ForeignKey(
        "registry.Trademark",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="freeze_items",
    )
    status = models.CharField(
        _("状态"),
        max_length=12,
        choices=ItemStatus.choices,
        default=ItemStatus.PENDING,
        db_index=True,
    )
    seq = models.PositiveIntegerField(
        _("登记顺序"), null=True, blank=True, help_text=_("该权利上第几个登记的冻结。")
    )
    registered_at = models.DateTimeField(_("登记时间"), null=True, blank=True)
    starts_on = models.DateField(_("冻结起始日"), null=True, blank=True)
    ends_on = models.DateField(
        _("冻结届满日"), null=True, blank=True, help_text=_("冻结期限的最后一天（含）。")
    )
    renewals = models.PositiveSmallIntegerField(_("续冻次数"), default=0)
    ended_at = models.DateTimeField(_("终结时间"), null=True, blank=True)
    release = models.ForeignKey(
        "FreezeRelease", null=True, blank=True, on_delete=models.PROTECT, related_name="items"
    )
    reminded_30_for = models.DateField(
        null=True, blank=True, help_text="ends_on for which the 30-day reminder was sent."
    )
    reminded_7_for = models.DateField(
        null=True, blank=True, help_text="ends_on for which the 7-day reminder was sent."
    )

    class Meta:
        ordering = ["order_id", "id"]
        verbose_name = _("冻结事项")
        verbose_name_plural = _("冻结事项")
        constraints = [
            models.CheckConstraint(
                condition=Q(patent__isnull=False, trademark__isnull=True)
                | Q(patent__isnull=True, trademark__isnull=False),
                name="freeze_item_exactly_one_right",
            ),
            models.UniqueConstraint(
                fields=["patent"],
                condition=Q(status="active"),
                name="freeze_one_active_per_patent",
            ),
            models.UniqueConstraint(
                fields=["trademark"],
                condition=Q(status="active"),
                name="freeze_one_active_per_trademark",
            ),
            models.UniqueConstraint(fields=["patent", "seq"], name="freeze_patent_seq_unique"),
            models.UniqueConstraint(
                fields=["trademark", "seq"], name="freeze_trademark_seq_unique"
            ),
            models.UniqueConstraint(fields=["order", "patent"], name="freeze_order_patent_once"),
            models.UniqueConstraint(
                fields=["order", "trademark"], name="freeze_order_trademark_once"
            ),
            models.CheckConstraint(
                condition=~Q(status="active") | Q(starts_on__isnull=False, ends_on__isnull=False),
                name="freeze_active_has_term",
            ),
        ]
        indexes = [models.Index(fields=["status", "ends_on"])]

    def __str__(self) -> str:
        return f"{self.order_id}:{self.right}"

    @property
    def right(self):
        return self.patent if self.patent_id else self.trademark

    @property
    def right_kind(self) -> str:
        return "patent" if self.patent_id else "trademark"


class FreezeRenewal(TimeStampedModel):
    """A notice of continued preservation (继续保全) served before the term ended."""

    order = models.ForeignKey(FreezeOrder, on_delete=models.CASCADE, related_name="renewals")
    ruling_number = models.CharField(_("裁定书文号"), max_length=80)
    notice_number = models.CharField(_("协助执行通知书文号"), max_length=80)
    months = models.PositiveSmallIntegerField(_("续冻期限（月）"))
    late = models.BooleanField(
        default=False,
        help_text="Served fewer than rules.RENEWAL_LEAD_DAYS days before a renewed term ended.",
    )
    items = models.ManyToManyField(FreezeItem, related_name="renewal_records")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("继续冻结")
        verbose_name_plural = _("继续冻结")

    def __str__(self) -> str:
        return self.notice_number


class FreezeRelease(TimeStampedModel):
    """A release (解除冻结 / 解除轮候冻结) of some or all of an order's rights."""

    order = models.ForeignKey(FreezeOrder, on_delete=models.CASCADE, related_name="releases")
    ruling_number = models.CharField(_("裁定书文号"), max_length=80)
    notice_number = models.CharField(_("协助执行通知书文号"), max_length=80)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("解除冻结")
        verbose_name_plural = _("解除冻结")

    def __str__(self) -> str:
        return self.notice_number


class Inquiry(TimeStampedModel):
    """One inquiry (查询) a court user ran inside a case: who, which case, which party, results."""

    court = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("法院")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="+", verbose_name=_("案件")
    )
    query = models.CharField(_("查询条件"), max_length=200)
    query_kind = models.CharField(
        _("查询方式"), max_length=12, help_text=_("uscc、id_number 或 name。")
    )
    party_ids = models.JSONField(_("匹配的当事人"), default=list, blank=True)
    result_count = models.PositiveIntegerField(_("结果数"))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("查询记录")
        verbose_name_plural = _("查询记录")
        indexes = [models.Index(fields=["court", "created_at"])]

    def __str__(self) -> str:
        return f"{self.case_id} {self.query}"
