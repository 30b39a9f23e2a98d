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
