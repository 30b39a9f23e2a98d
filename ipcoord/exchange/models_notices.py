"""Notices of new problems and new situations (opinion §3 "新问题、新情况"), imported by
models.py: a notice from one organisation to others, with replies and attachments."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ipcoord.core.models import Organisation, TimeStampedModel


class Notice(TimeStampedModel):
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("发出机构"),
        on_delete=models.PROTECT,
        related_name="notices_sent",
        help_text=_("发出通报的机构。"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发布人"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("发布通报的用户。"),
    )
    title = models.CharField(_("标题"), max_length=200, help_text=_("一句话说明新问题或新情况。"))
    body = models.TextField(_("正文"), help_text=_("情况说明、涉及的案件或权利、希望对方做什么。"))
    addressees = models.ManyToManyField(
        Organisation,
        verbose_name=_("发往机构"),
        related_name="notices_received",
        help_text=_("只有发出机构和这些机构的成员可以看到和回复。"),
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("新问题新情况通报")
        verbose_name_plural = _("新问题新情况通报")

    def __str__(self) -> str:
        return self.title


class NoticeReply(TimeStampedModel):
    notice = models.ForeignKey(
        Notice,
        verbose_name=_("通报"),
        on_delete=models.CASCADE,
        related_name="replies",
        help_text=_("回复的通报。"),
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("回复机构"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("回复人以哪个机构的名义回复。"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("回复人"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("写回复的用户。"),
    )
    body = models.TextField(_("回复内容"), help_text=_("回复的正文。"))

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("通报回复")
        verbose_name_plural = _("通报回复")

    def __str__(self) -> str:
        return f"{self.notice_id}: {self.body[:30]}"


class NoticeAttachment(TimeStampedModel):
    notice = models.ForeignKey(
        Notice,
        verbose_name=_("通报"),
        on_delete=models.CASCADE,
        related_name="attachments",
        help_text=_("附件所属的通报。"),
    )
    reply = models.ForeignKey(
        NoticeReply,
        verbose_name=_("回复"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
        help_text=_("附件随哪条回复提交；为空表示随通报本身。"),
    )
    file = models.FileField(
        _("文件"),
        upload_to="notices/%Y/%m/",
        max_length=200,
        help_text=_("存于 MEDIA_ROOT/notices/ 下，文件名随机生成，从不取自上传者。"),
    )
    original_name = models.CharField(
        _("原文件名"), max_length=255, help_text=_("上传时的文件名，仅用于显示和下载。")
    )
    content_type = models.CharField(
        _("文件类型"), max_length=100, help_text=_("按扩展名和文件内容确定的类型。")
    )
    size = models.PositiveIntegerField(_("大小"), help_text=_("字节数。"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("上传附件的用户。"),
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("通报附件")
        verbose_name_plural = _("通报附件")

    def __str__(self) -> str:
        return self.original_name
