"""Import jobs of the pages: an uploaded file, its preview and its import, as one durable row."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ipcoord.core.models import Organisation, TimeStampedModel


class ImportStatus(models.TextChoices):
    PREVIEW_QUEUED = "preview_queued", _("等待预览")
    PREVIEWING = "previewing", _("正在预览")
    PREVIEWED = "previewed", _("待确认")
    REFUSED = "refused", _("有错误，未导入")
    QUEUED = "queued", _("等待导入")
    RUNNING = "running", _("正在导入")
    DONE = "done", _("已导入")
    FAILED = "failed", _("导入失败，未写入")


# Statuses a worker may still pick up; everything else is settled.
PENDING_STATUSES = (ImportStatus.PREVIEW_QUEUED, ImportStatus.QUEUED)
ACTIVE_STATUSES = (*PENDING_STATUSES, ImportStatus.PREVIEWING, ImportStatus.RUNNING)


class ImportJob(TimeStampedModel):
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        on_delete=models.PROTECT,
        related_name="import_jobs",
        help_text=_("上传文件并以其身份导入的用户；导入按其权限进行。"),
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("机构"),
        on_delete=models.PROTECT,
        related_name="import_jobs",
        help_text=_("上传人所在的机构；只有该机构能看到这项导入。"),
    )
    kind = models.CharField(_("数据类型"), max_length=32, help_text=_("导入的记录类型，如 cases。"))
    original_name = models.CharField(
        _("原文件名"), max_length=255, help_text=_("上传时的文件名，仅用于显示。")
    )
    stored_name = models.CharField(
        _("存储文件名"),
        max_length=64,
        unique=True,
        help_text=_("MEDIA_ROOT/imports 下的随机文件名；从不取自客户端。"),
    )
    language = models.CharField(
        _("语言"), max_length=16, default="zh-hans", help_text=_("报告使用的语言。")
    )
    status = models.CharField(
        _("状态"),
        max_length=16,
        choices=ImportStatus.choices,
        default=ImportStatus.PREVIEW_QUEUED,
        help_text=_("预览 → 确认 → 导入；有错误时停在“有错误”或“导入失败”，不写入任何记录。"),
    )
    background = models.BooleanField(
        _("后台运行"), default=False, help_text=_("大文件由后台任务预览和导入。")
    )
    total_rows = models.PositiveIntegerField(_("总行数"), default=0, help_text=_("数据行数。"))
    created_count = models.PositiveIntegerField(_("新增"), default=0, help_text=_("新增的记录数。"))
    updated_count = models.PositiveIntegerField(_("更新"), default=0, help_text=_("更新的记录数。"))
    unchanged_count = models.PositiveIntegerField(
        _("无变化"), default=0, help_text=_("与登记簿相同的记录数。")
    )
    error_count = models.PositiveIntegerField(_("错误"), default=0, help_text=_("报告中的错误数。"))
    report = models.JSONField(
        _("报告"), default=dict, blank=True, help_text=_("最近一次预览或导入的逐行报告。")
    )
    finished_at = models.DateTimeField(
        _("完成时间"), null=True, blank=True, help_text=_("导入提交或失败的时间。")
    )

    class Meta:
        verbose_name = _("导入任务")
        verbose_name_plural = _("导入任务")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organisation", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} · {self.original_name}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES


# --- the machines' door (issue 5 §2) -----------------------------------------------------


class MachineClient(TimeStampedModel):
    """A court or IP-office system that sends signed batches for one organisation.

    It acts through its own service user (a member of the organisation, clerk at a court,
    IP officer elsewhere), so every record goes through the same services, permissions and
    visibility rules as a person's import. It authenticates with that user's API token
    (kept hashed, core/tokens.py).
    """

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("机构"),
        on_delete=models.PROTECT,
        related_name="machine_clients",
        help_text=_("客户端代表的机构；批次以该机构的名义导入。"),
    )
    name = models.CharField(
        _("名称"),
        max_length=64,
        unique=True,
        help_text=_("客户端系统的名称，在全平台唯一，如“京知审判系统”。"),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("服务账号"),
        on_delete=models.PROTECT,
        related_name="machine_client",
        help_text=_("客户端专用的服务账号（机构成员，不能登录页面）；API 令牌属于它。"),
    )
    allowed_kinds = models.JSONField(
        _("允许的数据类型"),
        default=list,
        help_text=_('该客户端可以提交的记录类型，如 ["cases", "proceedings"]。'),
    )
    active = models.BooleanField(
        _("启用"), default=True, help_text=_("停用的客户端提交的批次一律拒收。")
    )

    class Meta:
        verbose_name = _("机器客户端")
        verbose_name_plural = _("机器客户端")
        ordering = ["organisation_id", "name"]

    def __str__(self) -> str:
        return self.name


class ClientKey(TimeStampedModel):
    """One Ed25519 public key of a client; rotation adds a key and revokes the old one."""

    client = models.ForeignKey(
        MachineClient,
        verbose_name=_("客户端"),
        on_delete=models.CASCADE,
        related_name="keys",
        help_text=_("持有对应私钥的客户端。"),
    )
    key_id = models.CharField(
        _("密钥编号"),
        max_length=16,
        unique=True,
        help_text=_("公钥原始 32 字节的 SHA-256 前 16 位十六进制；清单的 key_id 填它。"),
    )
    public_key = models.TextField(_("公钥"), help_text=_("Ed25519 公钥，PEM 格式。"))
    revoked_at = models.DateTimeField(
        _("吊销时间"),
        null=True,
        blank=True,
        help_text=_("吊销后，用该密钥签名的批次一律拒收（包括吊销前签名的）。"),
    )

    class Meta:
        verbose_name = _("客户端密钥")
        verbose_name_plural = _("客户端密钥")
        ordering = ["client_id", "-created_at"]

    def __str__(self) -> str:
        return f"{self.client_id}:{self.key_id}"


class BatchStatus(models.TextChoices):
    RECEIVED = "received", _("已接收")
    PROCESSING = "processing", _("正在导入")
    ACCEPTED = "accepted", _("已导入")
    REFUSED = "refused", _("已拒收，未写入")


SETTLED_BATCH_STATUSES = (BatchStatus.ACCEPTED, BatchStatus.REFUSED)


class Batch(TimeStampedModel):
    """One signed batch and its receipt; (client, batch_id) is what a replay is matched on."""

    client = models.ForeignKey(
        MachineClient,
        verbose_name=_("客户端"),
        on_delete=models.PROTECT,
        related_name="batches",
        help_text=_("提交批次的客户端；只有它能查看该批次。"),
    )
    batch_id = models.CharField(
        _("批次编号"), max_length=128, help_text=_("客户端给出的编号，在该客户端内唯一。")
    )
    source_system = models.CharField(
        _("来源系统"), max_length=128, help_text=_("清单中的 source_system。")
    )
    record_kind = models.CharField(_("数据类型"), max_length=32, help_text=_("记录类型。"))
    record_count = models.PositiveIntegerField(_("记录数"), help_text=_("清单声明的记录数。"))
    payload_sha256 = models.CharField(
        _("载荷摘要"), max_length=64, help_text=_("载荷字节的 SHA-256（十六进制小写）。")
    )
    key = models.ForeignKey(
        ClientKey,
        verbose_name=_("签名密钥"),
        on_delete=models.PROTECT,
        related_name="batches",
        help_text=_("验证清单签名所用的密钥。"),
    )
    manifest = models.JSONField(_("清单"), default=dict, help_text=_("收到的清单原文。"))
    status = models.CharField(
        _("状态"),
        max_length=16,
        choices=BatchStatus.choices,
        default=BatchStatus.RECEIVED,
        help_text=_("已接收 → 正在导入 → 已导入或已拒收；拒收时不写入任何记录。"),
    )
    stored_name = models.CharField(
        _("存储文件名"),
        max_length=64,
        blank=True,
        help_text=_("MEDIA_ROOT/batches 下的随机文件名；批次办结后删除。"),
    )
    language = models.CharField(
        _("语言"), max_length=16, default="zh-hans", help_text=_("回执使用的语言。")
    )
    receipt = models.JSONField(
        _("回执"), default=dict, blank=True, help_text=_("办结时的回执；重放时原样返回。")
    )
    started_at = models.DateTimeField(
        _("开始时间"), null=True, blank=True, help_text=_("开始导入的时间。")
    )
    finished_at = models.DateTimeField(
        _("办结时间"), null=True, blank=True, help_text=_("导入提交或拒收的时间。")
    )

    class Meta:
        verbose_name = _("批次")
        verbose_name_plural = _("批次")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["client", "batch_id"], name="batch_unique_per_client")
        ]

    def __str__(self) -> str:
        return f"{self.client_id}:{self.batch_id}"

    @property
    def settled(self) -> bool:
        return self.status in SETTLED_BATCH_STATUSES


class SourceRecord(TimeStampedModel):
    """The newest version of a source system's record that went in, and what it became."""

    client = models.ForeignKey(
        MachineClient,
        verbose_name=_("客户端"),
        on_delete=models.CASCADE,
        related_name="source_records",
        db_index=False,  # the unique (client, kind, source_id) index serves it
        db_constraint=False,  # see `batch`
        help_text=_("发送该记录的客户端。"),
    )
    kind = models.CharField(_("数据类型"), max_length=32, help_text=_("记录类型。"))
    source_id = models.CharField(
        _("来源编号"), max_length=128, help_text=_("记录在来源系统中的编号。")
    )
    version = models.BigIntegerField(
        _("版本"), help_text=_("已导入的最新版本；不大于它的版本不再改变任何内容。")
    )
    natural_key = models.CharField(
        _("自然键"), max_length=255, help_text=_("记录在登记簿中的自然键，如案号、申请号。")
    )
    batch = models.ForeignKey(
        Batch,
        verbose_name=_("批次"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        # Written only by the batch importer, in the batch's own transaction, for the batch
        # and client it holds; Django applies SET_NULL/CASCADE on deletion. No database
        # constraints spares each of a million records two foreign-key checks.
        db_constraint=False,
        help_text=_("最近一次写入该版本的批次。"),
    )
    # Not indexed (the base class indexes it): nothing looks source records up by time.
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("来源记录")
        verbose_name_plural = _("来源记录")
        constraints = [
            models.UniqueConstraint(
                fields=["client", "kind", "source_id"], name="source_record_unique"
            )
        ]


# Changes out (issue 5 §3) live in their own modules to keep this one short.
from ipcoord.exchange.models_notices import Notice, NoticeAttachment, NoticeReply  # noqa: E402, F401
from ipcoord.exchange.models_out import (  # noqa: E402, F401
    Delivery,
    DeliveryStatus,
    Subscription,
    SubscriptionStatus,
)
