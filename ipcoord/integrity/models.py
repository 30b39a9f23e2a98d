"""Findings of integrity screening and the screening runs that raised them.

A finding is a lead for a person, never a verdict: it says why it was raised (the engine's
reasons, the rule and legal basis, the matched records) and stays a lead until an IP officer
confirms or dismisses it with a reason. The status moves only lead → confirmed or
lead → dismissed, written by the services with a conditional update.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ipcoord.core.models import OwnedRecord


class FindingKind(models.TextChoices):
    TRADEMARK_SIMILARITY = "trademark_similarity", _("与在先商标近似")
    PROTECTED_SIGN = "protected_sign", _("与禁用或受保护标志相同或近似")
    APPLICANT_SIGNAL = "applicant_signal", _("申请人恶意注册迹象")
    ABNORMAL_PATENT = "abnormal_patent", _("非正常专利申请")
    MALICIOUS_LITIGATION = "malicious_litigation", _("恶意诉讼迹象")
    # Only courts' notices (法院通报) use these two; screening raises the kinds above.
    MALICIOUS_REGISTRATION = "malicious_registration", _("恶意商标注册")
    OTHER = "other", _("其他恶意行为")


class FindingStatus(models.TextChoices):
    LEAD = "lead", _("待甄别")
    CONFIRMED = "confirmed", _("已确认")
    DISMISSED = "dismissed", _("已排除")


class RunSource(models.TextChoices):
    MARK = "mark", _("单件商标甄别")
    BATCH = "batch", _("批量甄别")
    APPLICANT = "applicant", _("申请人甄别")
    PATENTS = "patents", _("非正常专利申请甄别")
    LITIGATION = "litigation", _("恶意诉讼甄别")


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("甄别中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


class ScreeningRun(OwnedRecord):
    """One screening: a mark typed on the page or the API, or a batch file run in the
    background. owner_org = the IP administration of the officer who ran it."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("甄别人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("发起甄别的人；为空表示由系统（命令行）发起。"),
    )
    source = models.CharField(_("来源"), max_length=12, choices=RunSource.choices)
    text = models.CharField(
        _("商标文字"), max_length=200, blank=True, help_text=_("被甄别的商标文字（单件甄别）。")
    )
    classes = models.JSONField(
        _("尼斯分类"), default=list, blank=True, help_text=_("申请的类别号列表。")
    )
    applicant = models.ForeignKey(
        "registry.Party",
        verbose_name=_("申请人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    file_name = models.CharField(
        _("文件名"), max_length=255, blank=True, help_text=_("批量甄别读入的文件。")
    )
    rows = models.JSONField(
        default=list,
        blank=True,
        help_text="Batch input rows {text, classes, applicant}, kept until the run is done.",
    )
    hits = models.JSONField(
        default=list,
        blank=True,
        help_text="Hits of a single-mark run, as the engine gave them (source, id, text, score, "
        "reasons, class_relation, classes, rule, basis).",
    )
    status = models.CharField(
        _("状态"),
        max_length=8,
        choices=RunStatus.choices,
        default=RunStatus.QUEUED,
        db_index=True,
    )
    rows_total = models.PositiveIntegerField(_("待甄别件数"), default=0)
    rows_done = models.PositiveIntegerField(_("已甄别件数"), default=0)
    hit_count = models.PositiveIntegerField(_("命中数"), default=0)
    finding_count = models.PositiveIntegerField(_("记录的线索数"), default=0)
    error = models.TextField(_("错误"), blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("甄别记录")
        verbose_name_plural = _("甄别记录")

    def __str__(self) -> str:
        what = self.text or self.file_name
        return _("甄别 %(id)s（%(what)s）") % {"id": self.pk, "what": what}


class Finding(OwnedRecord):
    """A lead raised by screening, with its reasons, waiting for a person's decision.

    owner_org = the IP administration that screened. Exactly what it is about is in the
    subject fields (a mark under examination as text, or a registered trademark, patent,
    party or case); what it resembles or rests on is in the matched fields and `evidence`.

    A court's notice of bad faith it found in its own case (法院通报, rule "court_notice",
    see `court_rules`) is a finding too: owner_org = the court, confirmed when recorded (the
    court's decision is the confirmation), `case` = that case, the judgment and the rights in
    `evidence`, and the IP administrations it was sent to in `notified_orgs`.
    """

    kind = models.CharField(_("类型"), max_length=24, choices=FindingKind.choices, db_index=True)
    status = models.CharField(
        _("状态"),
        max_length=12,
        choices=FindingStatus.choices,
        default=FindingStatus.LEAD,
        db_index=True,
        help_text=_("线索只是提示，须由人确认或排除并说明理由。"),
    )
    run = models.ForeignKey(
        ScreeningRun,
        verbose_name=_("甄别记录"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="findings",
    )
    subject_text = models.CharField(
        _("被甄别的商标文字"),
        max_length=200,
        blank=True,
        help_text=_("审查中的商标文字（尚未登记的申请）。"),
    )
    subject_classes = models.JSONField(_("申请类别"), default=list, blank=True)
    applicant_name = models.CharField(
        _("申请人名称"),
        max_length=200,
        blank=True,
        help_text=_("批量文件中未能对应到登记当事人的申请人名称。"),
    )
    trademark = models.ForeignKey(
        "registry.Trademark",
        verbose_name=_("涉及商标"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="integrity_findings",
    )
    patent = models.ForeignKey(
        "registry.Patent",
        verbose_name=_("涉及专利"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="integrity_findings",
    )
    party = models.ForeignKey(
        "registry.Party",
        verbose_name=_("涉及当事人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="integrity_findings",
        help_text=_("申请人或被甄别的当事人。"),
    )
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("涉及案件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="integrity_findings",
    )
    matched_trademark = models.ForeignKey(
        "registry.Trademark",
        verbose_name=_("近似的在先商标"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    matched_ref = models.CharField(
        _("命中对象"),
        max_length=200,
        blank=True,
        help_text=_("命中的登记商标号或受保护标志（类别:文字）。"),
    )
    matched_text = models.CharField(_("命中的文字"), max_length=200, blank=True)
    evidence = models.JSONField(
        _("依据的记录"),
        default=dict,
        blank=True,
        help_text=_("线索所依据的记录（商标、专利、案件的编号及计数）。"),
    )
    score = models.FloatField(_("评分"), default=0.0, help_text=_("0–1，越高越相近或越可疑。"))
    reasons = models.JSONField(
        _("理由"), default=list, blank=True, help_text=_("引擎给出的、可由人核对的理由。")
    )
    rule = models.CharField(_("规则"), max_length=32, blank=True)
    legal_basis = models.CharField(
        _("法律依据"), max_length=200, blank=True, help_text=_("如 商标法第三十条。")
    )
    class_relation = models.CharField(
        _("类别关系"),
        max_length=12,
        blank=True,
        help_text=_("same 同类、similar 类似、different 不同、any 不限类别、unknown 未知。"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("甄别人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("甄别时间"), null=True, blank=True)
    decision_reason = models.TextField(_("甄别理由"), blank=True)
    notified_orgs = models.ManyToManyField(
        "core.Organisation",
        verbose_name=_("通报对象"),
        blank=True,
        related_name="+",
        help_text=_(
            "法院通报送达的知识产权管理部门；不公开案件的通报也只有法院和这些部门可以看到。"
        ),
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("甄别线索")
        verbose_name_plural = _("甄别线索")
        constraints = [
            models.CheckConstraint(
                condition=Q(status=FindingStatus.LEAD)
                | (Q(decided_at__isnull=False) & ~Q(decision_reason="")),
                name="finding_decided_with_reason",
            ),
            models.CheckConstraint(
                condition=Q(score__gte=0) & Q(score__lte=1), name="finding_score_0_1"
            ),
        ]
        indexes = [
            models.Index(fields=["owner_org", "status", "kind"]),
            models.Index(fields=["party", "status"]),
        ]

    def __str__(self) -> str:
        subject = self.subject_text or (self.party.name if self.party_id else "")
        return _("线索 %(id)s：%(subject)s") % {"id": self.pk, "subject": subject}


# The dishonesty list lives in its own module; importing it registers its models here.
from ipcoord.integrity.credit_models import (  # noqa: E402, F401
    CreditListing,
    CreditStep,
    ListingStatus,
    StepKind,
)
