"""Changes out: webhook subscriptions and their deliveries (imported by models.py).

A subscription is a durable work item: its `last_seq` is the feed cursor delivered, and a
worker claims it with a conditional UPDATE on `lease_until`/`lease_token`, so two workers
never deliver the same range twice.
"""

from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ipcoord.core.models import Organisation, TimeStampedModel


class SubscriptionStatus(models.TextChoices):
    ACTIVE = "active", _("启用")
    PAUSED = "paused", _("已停用")
    DEAD = "dead", _("投递失败已停止")


class Subscription(TimeStampedModel):
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("机构"),
        on_delete=models.CASCADE,
        related_name="webhook_subscriptions",
        help_text=_("订阅所属的机构；其机构管理员管理订阅并查看投递记录。"),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("读者"),
        on_delete=models.PROTECT,
        related_name="webhook_subscriptions",
        help_text=_("按其可见范围筛选推送内容的用户；看不到的记录不会推送。"),
    )
    target_url = models.URLField(
        _("接收地址"), max_length=500, help_text=_("接收推送的 http(s) 地址；不跟随重定向。")
    )
    secret = models.CharField(
        max_length=64,
        editable=False,
        help_text="HMAC-SHA256 key of the signatures; shown to the subscriber once.",
    )
    previous_secret = models.CharField(
        max_length=64,
        blank=True,
        editable=False,
        help_text="The secret before the last rotation; deliveries are signed with it too "
        "until previous_secret_expires_at, so the receiver can switch without losing any.",
    )
    previous_secret_expires_at = models.DateTimeField(
        _("旧密钥有效期至"),
        null=True,
        blank=True,
        help_text=_("更换签名密钥后，旧密钥签名到此时为止；之后只用新密钥签名。"),
    )
    kinds = models.JSONField(
        _("记录类型"),
        default=list,
        blank=True,
        help_text=_("只推送这些类型的变化（如 case、patent）；为空表示全部。"),
    )
    status = models.CharField(
        _("状态"),
        max_length=8,
        choices=SubscriptionStatus.choices,
        default=SubscriptionStatus.ACTIVE,
        db_index=True,
        help_text=_("多次投递失败后停止；重新启用后从未送达处继续。"),
    )
    last_seq = models.PositiveBigIntegerField(
        _("已送达位置"),
        default=0,
        help_text=_("已成功送达的变更流位置（审计序号）；只在接收方回复 2xx 后前进。"),
    )
    next_attempt_at = models.DateTimeField(
        _("下次尝试"), null=True, blank=True, help_text=_("失败后按指数退避的下次投递时间。")
    )
    lease_until = models.DateTimeField(
        null=True, blank=True, help_text="A worker holds the subscription until then."
    )
    lease_token = models.CharField(
        max_length=32, blank=True, help_text="Token of the worker holding the lease."
    )

    class Meta:
        verbose_name = _("推送订阅")
        verbose_name_plural = _("推送订阅")
        indexes = [models.Index(fields=["status", "last_seq"])]

    def __str__(self) -> str:
        return f"{self.organisation_id} → {self.target_url}"

    def previous_secret_valid(self, now: datetime) -> bool:
        """Whether the secret before the last rotation still signs deliveries at `now`."""
        expires = self.previous_secret_expires_at
        return bool(self.previous_secret) and expires is not None and now < expires

    def signing_secrets(self, now: datetime) -> list[str]:
        """The secrets a delivery at `now` is signed with: the current one first, then the
        previous one while it is still valid."""
        if self.previous_secret_valid(now):
            return [self.secret, self.previous_secret]
        return [self.secret]


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("待投递")
    SUCCEEDED = "succeeded", _("已送达")
    FAILED = "failed", _("失败，将重试")
    DEAD = "dead", _("失败，已放弃")


class Delivery(models.Model):
    subscription = models.ForeignKey(
        Subscription,
        verbose_name=_("订阅"),
        on_delete=models.CASCADE,
        related_name="deliveries",
        help_text=_("这次投递所属的订阅。"),
    )
    after_seq = models.PositiveBigIntegerField(
        _("起点"), help_text=_("本次投递的内容位于该审计序号之后。")
    )
    last_seq = models.PositiveBigIntegerField(
        _("终点"), help_text=_("本次投递覆盖到的审计序号（含）。")
    )
    item_count = models.PositiveIntegerField(_("条数"), default=0, help_text=_("推送的变更条数。"))
    status = models.CharField(
        _("状态"),
        max_length=10,
        choices=DeliveryStatus.choices,
        default=DeliveryStatus.PENDING,
        db_index=True,
        help_text=_("待投递 → 已送达；失败时按退避重试，超过次数后放弃。"),
    )
    attempts = models.PositiveSmallIntegerField(
        _("尝试次数"), default=0, help_text=_("已经尝试投递的次数。")
    )
    next_attempt_at = models.DateTimeField(
        _("下次尝试"), null=True, blank=True, help_text=_("失败后下一次重试的时间。")
    )
    response_code = models.PositiveSmallIntegerField(
        _("响应码"), null=True, blank=True, help_text=_("接收方最近一次回复的 HTTP 状态码。")
    )
    error = models.CharField(
        _("错误"), max_length=500, blank=True, help_text=_("最近一次失败的原因。")
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True, db_index=True)
    delivered_at = models.DateTimeField(
        _("送达时间"), null=True, blank=True, help_text=_("接收方回复 2xx 的时间。")
    )

    class Meta:
        ordering = ["-id"]
        verbose_name = _("推送投递")
        verbose_name_plural = _("推送投递")
        indexes = [models.Index(fields=["subscription", "status"])]

    def __str__(self) -> str:
        return f"{self.subscription_id}: {self.after_seq}–{self.last_seq} {self.status}"
