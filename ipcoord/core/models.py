"""Organisations, people, memberships, shares, the audit trail and notifications."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.models import ContentType
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        abstract = True


class OrgKind(models.TextChoices):
    COURT = "court", _("人民法院")
    IP_ADMIN = "ip_admin", _("知识产权管理部门")
    PROTECTION_CENTRE = "protection_centre", _("知识产权保护中心")
    RAPID_CENTRE = "rapid_centre", _("快速维权中心")
    MEDIATION = "mediation", _("调解组织")
    APPRAISAL = "appraisal", _("鉴定机构")
    PROCURATORATE = "procuratorate", _("人民检察院")
    PUBLIC_SECURITY = "public_security", _("公安机关")
    PLATFORM = "platform", _("平台运营方")
    OTHER = "other", _("其他")


class OrgLevel(models.TextChoices):
    NATIONAL = "national", _("国家级")
    PROVINCIAL = "provincial", _("省级")
    PREFECTURAL = "prefectural", _("地市级")
    COUNTY = "county", _("县级")


class Region(models.Model):
    """A region of cooperation named in the opinion (长三角, 粤港澳大湾区 …)."""

    code = models.SlugField(_("代码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=64)

    class Meta:
        ordering = ["code"]
        verbose_name = _("协作区域")
        verbose_name_plural = _("协作区域")

    def __str__(self) -> str:
        return self.name


division_code_validator = RegexValidator(
    r"^\d{6}$", _("行政区划代码应为 6 位数字（GB/T 2260），例如 110108。")
)


class Organisation(TimeStampedModel):
    name = models.CharField(_("名称"), max_length=128, unique=True)
    short_name = models.CharField(_("简称"), max_length=64, blank=True)
    kind = models.CharField(_("类型"), max_length=24, choices=OrgKind.choices, db_index=True)
    level = models.CharField(_("层级"), max_length=16, choices=OrgLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级机构"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text=_("监督或指导本机构的上级机构；上级可以看到下级的记录。"),
    )
    path = models.CharField(
        max_length=255,
        db_index=True,
        editable=False,
        help_text="Materialised path '/1/5/23/' of ids from the root, for subtree queries.",
    )
    division_code = models.CharField(
        _("行政区划代码"), max_length=6, blank=True, validators=[division_code_validator]
    )
    court_code = models.CharField(
        _("法院代字"),
        max_length=16,
        null=True,
        blank=True,
        unique=True,
        help_text=_("案号中使用的法院代字，如 最高法、京73、沪0115。仅限法院。"),
    )
    regions = models.ManyToManyField(Region, verbose_name=_("协作区域"), blank=True)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        ordering = ["path"]
        verbose_name = _("机构")
        verbose_name_plural = _("机构")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(court_code__isnull=True) | models.Q(kind="court"),
                name="org_court_code_only_for_courts",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    JUDGE = "judge", _("法官")
    CLERK = "clerk", _("书记员")
    IP_OFFICER = "ip_officer", _("知识产权业务人员")
    LIAISON = "liaison", _("联络员")
    MEDIATOR = "mediator", _("调解员")
    EXPERT = "expert", _("技术专家")
    APPRAISER = "appraiser", _("鉴定人")
    ORG_ADMIN = "org_admin", _("机构管理员")
    SYSTEM_ADMIN = "system_admin", _("系统管理员")
    SECURITY_ADMIN = "security_admin", _("安全管理员")
    AUDIT_ADMIN = "audit_admin", _("审计管理员")


# 三员分立: the three platform administrators; none may hold another's role.
PLATFORM_ADMIN_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN})


class User(AbstractUser):
    full_name = models.CharField(_("姓名"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.full_name or self.username


class Membership(TimeStampedModel):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("角色"), max_length=24, choices=Role.choices)

    class Meta:
        verbose_name = _("成员身份")
        verbose_name_plural = _("成员身份")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="membership_unique_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation} ({self.get_role_display()})"


class OwnedRecord(TimeStampedModel):
    """A record that belongs to one organisation and is seen under the visibility rule."""

    owner_org = models.ForeignKey(
        Organisation,
        verbose_name=_("所属机构"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("拥有这条记录的机构；其上级机构和被共享的机构也可查看。"),
    )
    sealed = models.BooleanField(
        _("不公开"),
        default=False,
        help_text=_("不公开的记录只有所属机构可以看到，上级和共享对象都看不到。"),
    )

    class Meta:
        abstract = True


class Share(TimeStampedModel):
    """One record shared with one organisation; it then sees the record too (unless sealed)."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "organisation"], name="share_unique"
            )
        ]
        indexes = [models.Index(fields=["organisation", "content_type"])]

    def __str__(self) -> str:
        return f"{self.content_type_id}:{self.object_id} → {self.organisation_id}"


class ApiToken(models.Model):
    """A user's API token, kept only as its SHA-256 digest (see core/tokens.py)."""

    user = models.OneToOneField(
        User, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="api_token"
    )
    digest = models.CharField(_("令牌摘要"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now=True)

    class Meta:
        verbose_name = _("API 令牌")
        verbose_name_plural = _("API 令牌")

    def __str__(self) -> str:
        return f"{self.user_id}:{self.digest[:8]}"


class AuditEvent(models.Model):
    """One write, chained to the previous event by SHA-256 (see core/audit.py)."""

    seq = models.PositiveBigIntegerField(unique=True, help_text="Position in the chain, from 1.")
    created_at = models.DateTimeField(help_text="Grows with seq: ranges of time are ranges of seq.")
    # The ids are part of the hashed payload: deleting a user or an organisation must not
    # rewrite them (SET_NULL would break the chain), so there is no database constraint and
    # nothing cascades; `actor_name` keeps who it was. It also spares every audited write two
    # foreign-key checks. Not indexed either: the trail is read by object and by action.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    actor_name = models.CharField(max_length=150, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    # One index for `=` and the audit page's prefix search (see Meta), not Django's two.
    action = models.CharField(max_length=64)
    object_type = models.CharField(max_length=64, blank=True)
    # Looked up with object_type (the composite index below); no index of its own.
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=255, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    client_address = models.GenericIPAddressField(null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    # No index: nothing looks an event up by its hash, and `audit_verify` proves the chain;
    # a unique index on random text was the costliest part of every audited write.
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["seq"]
        verbose_name = _("审计事件")
        verbose_name_plural = _("审计事件")
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            models.Index(
                fields=["action"], name="audit_action_prefix", opclasses=["varchar_pattern_ops"]
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_repr}"


class AuditHead(models.Model):
    """Single row holding the chain's tip; locked to append events one at a time."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"audit head #{self.seq}"


class Notification(TimeStampedModel):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    verb = models.CharField(max_length=64, help_text="Key of the message in core.notify.TEXTS.")
    params = models.JSONField(default=dict, blank=True)
    url = models.CharField(max_length=255, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return f"{self.verb} → {self.recipient_id}"
