"""Court cases, administrative proceedings, and the links between them on the same right."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ipcoord.core.models import OwnedRecord, TimeStampedModel


class Cause(models.TextChoices):
    """IP causes of action (民事案件案由规定, 知识产权与竞争纠纷 chapter, abridged)."""

    PATENT_INFRINGEMENT = "patent_infringement", _("侵害发明专利权纠纷")
    UTILITY_INFRINGEMENT = "utility_infringement", _("侵害实用新型专利权纠纷")
    DESIGN_INFRINGEMENT = "design_infringement", _("侵害外观设计专利权纠纷")
    PATENT_OWNERSHIP = "patent_ownership", _("专利权权属纠纷")
    PATENT_CONTRACT = "patent_contract", _("专利合同纠纷")
    PATENT_LICENCE = "patent_licence", _("专利实施许可合同纠纷")
    TRADEMARK_INFRINGEMENT = "trademark_infringement", _("侵害商标权纠纷")
    TRADEMARK_OWNERSHIP = "trademark_ownership", _("商标权权属纠纷")
    TRADEMARK_CONTRACT = "trademark_contract", _("商标合同纠纷")
    UNFAIR_COMPETITION = "unfair_competition", _("不正当竞争纠纷")
    TRADE_SECRET = "trade_secret", _("侵害商业秘密纠纷")
    COPYRIGHT_INFRINGEMENT = "copyright_infringement", _("侵害著作权纠纷")
    NON_INFRINGEMENT = "non_infringement", _("确认不侵害专利权纠纷")
    MALICIOUS_LITIGATION = "malicious_litigation", _("因恶意提起知识产权诉讼损害责任纠纷")
    DRUG_PATENT_LINKAGE = "drug_patent_linkage", _("确认是否落入专利权保护范围纠纷")
    PATENT_ADMIN = "patent_admin", _("专利行政纠纷")
    TRADEMARK_ADMIN = "trademark_admin", _("商标行政纠纷")
    IP_CRIME = "ip_crime", _("侵犯知识产权罪")
    PRESERVATION = "preservation", _("财产保全")
    ENFORCEMENT = "enforcement", _("执行")


class Procedure(models.TextChoices):
    FIRST_INSTANCE = "first_instance", _("一审")
    SECOND_INSTANCE = "second_instance", _("二审")
    RETRIAL_REVIEW = "retrial_review", _("再审审查")
    RETRIAL = "retrial", _("再审")
    ENFORCEMENT = "enforcement", _("执行")
    PRESERVATION = "preservation", _("保全")
    OTHER = "other", _("其他")


class Nature(models.TextChoices):
    CIVIL = "civil", _("民事")
    ADMINISTRATIVE = "administrative", _("行政")
    CRIMINAL = "criminal", _("刑事")
    ENFORCEMENT = "enforcement", _("执行")
    OTHER = "other", _("其他")


class CaseStatus(models.TextChoices):
    OPEN = "open", _("审理中")
    CLOSED = "closed", _("已结案")


class ClosingManner(models.TextChoices):
    JUDGMENT = "judgment", _("判决")
    RULING = "ruling", _("裁定")
    MEDIATION = "mediation", _("调解")
    WITHDRAWAL = "withdrawal", _("撤诉")
    DISMISSAL = "dismissal", _("驳回起诉")
    TRANSFER = "transfer", _("移送")


class Outcome(models.TextChoices):
    """What the closing decided, in the words indicators need (维持率, 服判息诉率)."""

    UPHELD = "upheld", _("维持/驳回上诉")
    REVERSED = "reversed", _("改判")
    REMANDED = "remanded", _("发回重审")
    CLAIM_GRANTED = "claim_granted", _("支持诉讼请求")
    CLAIM_PARTLY_GRANTED = "claim_partly_granted", _("部分支持")
    CLAIM_DISMISSED = "claim_dismissed", _("驳回诉讼请求")
    SETTLED = "settled", _("调解结案")
    WITHDRAWN = "withdrawn", _("撤回")
    OTHER = "other", _("其他")


class Case(OwnedRecord):
    """A court case; the owner organisation is the court that tries it."""

    number = models.CharField(
        _("案号"),
        max_length=64,
        unique=True,
        help_text=_("规范化案号，如（2023）最高法知民终123号。"),
    )
    raw_number = models.CharField(_("原始案号"), max_length=80, help_text=_("录入时的原文。"))
    year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    court_code = models.CharField(_("法院代字"), max_length=16, db_index=True)
    type_code = models.CharField(_("类型代字"), max_length=8, db_index=True)
    serial = models.PositiveIntegerField(_("序号"))
    pre2016 = models.BooleanField(_("2016 年前旧式案号"), default=False)
    procedure = models.CharField(_("审级/程序"), max_length=20, choices=Procedure.choices)
    nature = models.CharField(_("案件性质"), max_length=16, choices=Nature.choices)
    cause = models.CharField(_("案由"), max_length=32, choices=Cause.choices, db_index=True)
    status = models.CharField(
        _("状态"), max_length=8, choices=CaseStatus.choices, default=CaseStatus.OPEN, db_index=True
    )
    filing_date = models.DateField(_("立案日期"))
    closing_date = models.DateField(_("结案日期"), null=True, blank=True)
    closing_manner = models.CharField(
        _("结案方式"), max_length=12, choices=ClosingManner.choices, blank=True
    )
    outcome = models.CharField(_("裁判结果"), max_length=24, choices=Outcome.choices, blank=True)
    previous_instance = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next_instances",
        verbose_name=_("前审案件"),
    )
    patents = models.ManyToManyField(
        "registry.Patent", blank=True, related_name="cases", verbose_name=_("涉案专利")
    )
    trademarks = models.ManyToManyField(
        "registry.Trademark", blank=True, related_name="cases", verbose_name=_("涉案商标")
    )
    summary = models.TextField(_("案情摘要"), blank=True)

    class Meta:
        ordering = ["-filing_date", "-id"]
        verbose_name = _("案件")
        verbose_name_plural = _("案件")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "court_code", "type_code", "serial"], name="case_number_parts"
            ),
            models.CheckConstraint(
                condition=models.Q(closing_date__isnull=True)
                | models.Q(closing_date__gte=models.F("filing_date")),
                name="case_closes_after_filing",
            ),
        ]
        indexes = [models.Index(fields=["owner_org", "status"])]

    def __str__(self) -> str:
        return self.number


class CaseRole(models.TextChoices):
    PLAINTIFF = "plaintiff", _("原告")
    DEFENDANT = "defendant", _("被告")
    THIRD_PARTY = "third_party", _("第三人")
    APPELLANT = "appellant", _("上诉人")
    APPELLEE = "appellee", _("被上诉人")
    APPLICANT = "applicant", _("申请人")
    RESPONDENT = "respondent", _("被申请人")
    ENFORCEMENT_CREDITOR = "creditor", _("申请执行人")
    ENFORCEMENT_DEBTOR = "debtor", _("被执行人")


class CaseParty(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="case_parties")
    party = models.ForeignKey("registry.Party", on_delete=models.PROTECT, related_name="case_roles")
    role = models.CharField(_("诉讼地位"), max_length=16, choices=CaseRole.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "party", "role"], name="case_party_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.party}"


class ProceedingKind(models.TextChoices):
    PATENT_INVALIDATION = "patent_invalidation", _("专利权无效宣告请求")
    TRADEMARK_OPPOSITION = "trademark_opposition", _("商标异议")
    TRADEMARK_INVALIDATION = "trademark_invalidation", _("商标无效宣告")
    TRADEMARK_REVIEW = "trademark_review", _("商标评审（驳回复审等）")
    EVALUATION_REPORT = "evaluation_report", _("专利权评价报告")
    ADMIN_ADJUDICATION = "admin_adjudication", _("专利侵权纠纷行政裁决")


class ProceedingStatus(models.TextChoices):
    FILED = "filed", _("已受理")
    EXAMINING = "examining", _("审查中")
    DECIDED = "decided", _("已决定")
    WITHDRAWN = "withdrawn", _("已撤回")


class ProceedingOutcome(models.TextChoices):
    UPHELD = "upheld", _("维持有效")
    PARTLY_INVALID = "partly_invalid", _("部分无效")
    INVALID = "invalid", _("全部无效")
    OPPOSITION_REJECTED = "opposition_rejected", _("异议不成立，准予注册")
    OPPOSITION_UPHELD = "opposition_upheld", _("异议成立，不予注册")
    INFRINGEMENT_FOUND = "infringement_found", _("认定侵权，责令停止")
    NO_INFRINGEMENT = "no_infringement", _("不构成侵权")
    REPORT_ISSUED = "report_issued", _("已出具评价报告")
    WITHDRAWN = "withdrawn", _("撤回")


class Proceeding(OwnedRecord):
    """An administrative proceeding before an IP office on one right."""

    kind = models.CharField(_("程序类型"), max_length=24, choices=ProceedingKind.choices)
    number = models.CharField(
        _("案件编号"), max_length=64, unique=True, help_text=_("受理通知书或决定书上的编号。")
    )
    patent = models.ForeignKey(
        "registry.Patent",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proceedings",
        verbose_name=_("专利"),
    )
    trademark = models.ForeignKey(
        "registry.Trademark",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proceedings",
        verbose_name=_("商标"),
    )
    requester = models.ForeignKey(
        "registry.Party",
        on_delete=models.PROTECT,
        related_name="proceedings_requested",
        verbose_name=_("请求人"),
    )
    respondent = models.ForeignKey(
        "registry.Party",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proceedings_responded",
        verbose_name=_("被请求人"),
    )
    status = models.CharField(
        _("状态"),
        max_length=12,
        choices=ProceedingStatus.choices,
        default=ProceedingStatus.FILED,
        db_index=True,
    )
    filing_date = models.DateField(_("受理日"))
    decision_date = models.DateField(_("决定日"), null=True, blank=True)
    decision_number = models.CharField(_("决定书编号"), max_length=64, blank=True)
    outcome = models.CharField(
        _("结论"), max_length=24, choices=ProceedingOutcome.choices, blank=True
    )
    grounds = models.TextField(_("理由"), blank=True)

    class Meta:
        ordering = ["-filing_date", "-id"]
        verbose_name = _("行政程序")
        verbose_name_plural = _("行政程序")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(patent__isnull=False, trademark__isnull=True)
                    | models.Q(patent__isnull=True, trademark__isnull=False)
                ),
                name="proceeding_exactly_one_right",
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.get_kind_display()}"

    @property
    def right(self) -> object:
        return self.patent if self.patent_id else self.trademark


class LinkKind(models.TextChoices):
    VALIDITY_CHALLENGE = "validity_challenge", _("效力挑战（民事侵权—无效宣告）")
    RELATED_DISPUTE = "related_dispute", _("关联纠纷")
    ADMIN_REVIEW = "admin_review", _("行政诉讼审查")


class LinkStatus(models.TextChoices):
    PROPOSED = "proposed", _("待确认")
    CONFIRMED = "confirmed", _("已确认")
    REJECTED = "rejected", _("已排除")


class CaseLink(TimeStampedModel):
    """A civil case tied to a proceeding on the same right; proposed, then confirmed by a person."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="links")
    proceeding = models.ForeignKey(Proceeding, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(_("关联类型"), max_length=24, choices=LinkKind.choices)
    status = models.CharField(
        _("状态"), max_length=12, choices=LinkStatus.choices, default=LinkStatus.PROPOSED
    )
    automatic = models.BooleanField(_("系统提议"), default=False)
    proposed_by = models.ForeignKey(
        "core.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        "core.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(_("说明"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("案件关联")
        verbose_name_plural = _("案件关联")
        constraints = [
            models.UniqueConstraint(fields=["case", "proceeding"], name="case_link_unique")
        ]
