"""The rights register: parties, patents, trademarks and their legal events.

A right's status is derived from its events (registry/status.py) and written only by the
event services; nobody types it by hand.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ipcoord.core.models import OwnedRecord, TimeStampedModel


class PartyKind(models.TextChoices):
    LEGAL = "legal", _("法人或其他组织")
    NATURAL = "natural", _("自然人")


class Party(OwnedRecord):
    kind = models.CharField(_("主体类型"), max_length=12, choices=PartyKind.choices)
    name = models.CharField(_("名称"), max_length=200, db_index=True)
    uscc = models.CharField(
        _("统一社会信用代码"),
        max_length=18,
        null=True,
        blank=True,
        unique=True,
        help_text=_("法人和其他组织的 18 位统一社会信用代码。"),
    )
    id_number = models.CharField(
        _("居民身份证号码"),
        max_length=18,
        null=True,
        blank=True,
        unique=True,
        help_text=_("自然人的 18 位居民身份证号码。"),
    )
    aliases = models.TextField(
        _("曾用名及别名"),
        blank=True,
        help_text=_("每行一个：曾用名、简称、繁体写法、外文名称。"),
    )
    address = models.CharField(_("地址"), max_length=255, blank=True)
    rd_staff = models.PositiveIntegerField(
        _("研发人员数"),
        null=True,
        blank=True,
        help_text=_(
            "法人或其他组织的研发人员人数（企业年报或申报材料）；用于判断申请量是否与其规模相符，"
            "不知道时留空。"
        ),
    )

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("当事人")
        verbose_name_plural = _("当事人")

    def __str__(self) -> str:
        return self.name

    @property
    def alias_list(self) -> list[str]:
        return [a for a in self.aliases.splitlines() if a.strip()]


class PatentKind(models.TextChoices):
    INVENTION = "invention", _("发明")
    UTILITY_MODEL = "utility_model", _("实用新型")
    DESIGN = "design", _("外观设计")
    PCT_INVENTION = "pct_invention", _("PCT 发明（进入国家阶段）")
    PCT_UTILITY_MODEL = "pct_utility_model", _("PCT 实用新型（进入国家阶段）")


class RightStatus(models.TextChoices):
    PENDING = "pending", _("申请中")
    VALID = "valid", _("有效")
    LAPSED = "lapsed", _("终止（未缴年费）")
    INVALIDATED = "invalidated", _("全部无效")
    EXPIRED = "expired", _("期限届满")
    ABANDONED = "abandoned", _("放弃")
    REJECTED = "rejected", _("驳回")


class Patent(OwnedRecord):
    application_number = models.CharField(
        _("申请号"),
        max_length=16,
        unique=True,
        help_text=_("规范化的申请号，如 202310123456.7；专利号为 ZL 加申请号。"),
    )
    kind = models.CharField(_("专利类型"), max_length=20, choices=PatentKind.choices)
    # No btree: title search is icontains (UPPER … LIKE '%…%'), which no btree serves.
    title = models.CharField(_("名称"), max_length=300)
    abstract = models.TextField(_("摘要"), blank=True)
    ipc = models.CharField(
        _("IPC 分类号"),
        max_length=255,
        blank=True,
        help_text=_("以分号分隔，第一个为主分类号，如 H04L 9/32; G06F 21/60。"),
    )
    owners = models.ManyToManyField(
        Party, through="PatentOwner", related_name="patents", verbose_name=_("专利权人")
    )
    filing_date = models.DateField(_("申请日"))
    grant_date = models.DateField(_("授权公告日"), null=True, blank=True)
    status = models.CharField(
        _("法律状态"),
        max_length=16,
        choices=RightStatus.choices,
        default=RightStatus.PENDING,
        help_text=_("由法律事件推导，不可手工修改。"),
    )
    partially_invalidated = models.BooleanField(_("部分无效"), default=False)
    agency = models.CharField(
        _("专利代理机构"),
        max_length=200,
        blank=True,
        help_text=_("办理该申请的专利代理机构名称；申请人自行办理的为空。"),
    )
    claims = models.TextField(
        _("权利要求书"),
        blank=True,
        help_text=_("权利要求的文字，每项一段；用于发现相同或简单组合的申请。"),
    )
    # Not indexed (the base class indexes it): patents are listed by filing date and found
    # by number, never by when the row was written; one index entry fewer per new patent.
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        ordering = ["-filing_date", "-id"]
        # A plain index: status is matched exactly (db_index would add a LIKE index too).
        indexes = [models.Index(fields=["status"], name="registry_patent_status")]
        verbose_name = _("专利")
        verbose_name_plural = _("专利")

    def __str__(self) -> str:
        return f"{self.patent_number} {self.title}"

    @property
    def patent_number(self) -> str:
        return f"ZL{self.application_number}"

    @property
    def ipc_list(self) -> list[str]:
        return [s.strip() for s in self.ipc.split(";") if s.strip()]


class PatentOwner(models.Model):
    # The unique (patent, party) index serves look-ups by patent.
    patent = models.ForeignKey(Patent, on_delete=models.CASCADE, db_index=False)
    party = models.ForeignKey(Party, on_delete=models.PROTECT)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["patent", "party"], name="patent_owner_unique")
        ]

    def __str__(self) -> str:
        return f"{self.party_id} @ {self.patent_id}"


class Trademark(OwnedRecord):
    number = models.CharField(
        _("注册号/申请号"), max_length=12, unique=True, help_text=_("商标注册号，纯数字。")
    )
    mark_text = models.CharField(_("商标文字"), max_length=200, db_index=True)
    nice_classes = models.CharField(
        _("尼斯分类"),
        max_length=200,
        help_text=_("以逗号包围的类别号，如 ,9,35,；用 parse_nice_classes 写入。"),
    )
    goods_services = models.TextField(_("核定使用商品/服务"), blank=True)
    owner = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="trademarks", verbose_name=_("注册人")
    )
    application_date = models.DateField(_("申请日"))
    registration_date = models.DateField(_("注册日"), null=True, blank=True)
    expiry_date = models.DateField(_("专用权期限至"), null=True, blank=True)
    status = models.CharField(
        _("法律状态"),
        max_length=16,
        choices=RightStatus.choices,
        default=RightStatus.PENDING,
        db_index=True,
    )
    well_known = models.BooleanField(_("已认定驰名商标"), default=False)
    partially_invalidated = models.BooleanField(_("部分无效"), default=False)

    class Meta:
        ordering = ["-application_date", "-id"]
        verbose_name = _("商标")
        verbose_name_plural = _("商标")

    def __str__(self) -> str:
        return f"{self.number} {self.mark_text}"

    @property
    def class_list(self) -> list[int]:
        return [int(c) for c in self.nice_classes.strip(",").split(",") if c]


class EventKind(models.TextChoices):
    FILING = "filing", _("申请")
    GRANT = "grant", _("授权/注册")
    TRANSFER = "transfer", _("转让")
    PLEDGE = "pledge", _("质押登记")
    PLEDGE_RELEASE = "pledge_release", _("质押注销")
    LICENCE = "licence", _("许可备案")
    INVALIDATION = "invalidation", _("宣告无效")
    LAPSE = "lapse", _("终止")
    RESTORATION = "restoration", _("恢复")
    EXPIRY = "expiry", _("期限届满")
    RENEWAL = "renewal", _("续展")
    WELL_KNOWN = "well_known", _("驰名商标认定")
    ABANDONMENT = "abandonment", _("放弃")
    REJECTION = "rejection", _("驳回")


class LicenceKind(models.TextChoices):
    EXCLUSIVE = "exclusive", _("独占许可")
    SOLE = "sole", _("排他许可")
    ORDINARY = "ordinary", _("普通许可")


class LegalEvent(TimeStampedModel):
    """One event in a right's legal history. Exactly one of patent/trademark is set."""

    patent = models.ForeignKey(
        Patent, null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    trademark = models.ForeignKey(
        Trademark,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="events",
        db_index=False,  # partial index below: most events are a patent's
    )
    kind = models.CharField(_("事件"), max_length=16, choices=EventKind.choices)
    date = models.DateField(_("日期"))
    counterparty = models.ForeignKey(
        Party,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # partial index below: most events have none
        verbose_name=_("相对方"),
        help_text=_("受让人、质权人或被许可人。"),
    )
    pledge = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        db_index=False,  # partial index below: only pledge releases have one
        on_delete=models.PROTECT,
        related_name="releases",
        help_text=_("质押注销时，被注销的质押登记。"),
    )
    licence_kind = models.CharField(
        _("许可类型"), max_length=12, choices=LicenceKind.choices, blank=True
    )
    partial = models.BooleanField(_("部分"), default=False, help_text=_("部分无效宣告。"))
    expiry_date = models.DateField(
        _("期限至"),
        null=True,
        blank=True,
        help_text=_("授权/注册或续展后专用权的期限届满日（商标）。"),
    )
    authority = models.CharField(
        _("认定/决定机关"), max_length=128, blank=True, help_text=_("如驰名商标的认定机关。")
    )
    reference = models.CharField(
        _("文号或案号"), max_length=128, blank=True, help_text=_("决定书文号或认定案件的案号。")
    )
    note = models.TextField(_("说明"), blank=True)
    # Who recorded it, as on the audit trail: no database constraint and no index (nothing
    # looks events up by their recorder; Django still applies SET_NULL when a user is
    # deleted), which spares every recorded event a foreign-key check and an index entry.
    recorded_by = models.ForeignKey(
        "core.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )

    # Not indexed (the base class indexes it): events are read by right, in date order.
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        ordering = ["date", "id"]
        # Partial: a null foreign key is never looked up, and leaving it out of the index
        # spares every new filing three index entries.
        indexes = [
            models.Index(
                fields=[name],
                name=f"registry_event_{name}",
                condition=models.Q(**{f"{name}__isnull": False}),
            )
            for name in ("trademark", "counterparty", "pledge")
        ]
        verbose_name = _("法律事件")
        verbose_name_plural = _("法律事件")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(patent__isnull=False, trademark__isnull=True)
                    | models.Q(patent__isnull=True, trademark__isnull=False)
                ),
                name="event_exactly_one_right",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date}"
