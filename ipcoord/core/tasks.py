"""Background work of core (django.tasks; run by `ipcoord worker`)."""

from typing import Any

from django.tasks import task
from django.utils.translation import gettext_lazy as _

from ipcoord.core.audit import audit_verify
from ipcoord.core.models import Role, User
from ipcoord.core.notify import notify, register_texts

register_texts(
    {
        "audit.intact": _("审计哈希链校验完成：完整，共 %(checked)s 条事件。"),
        "audit.broken.missing": _("审计哈希链校验发现问题：第 %(seq)s 条事件已被删除。"),
        "audit.broken.unlinked": _(
            "审计哈希链校验发现问题：第 %(seq)s 条事件与前一条的链接断开（前面有事件被删除或调换）。"
        ),
        "audit.broken.edited": _("审计哈希链校验发现问题：第 %(seq)s 条事件的内容被修改。"),
        "audit.broken.truncated": _("审计哈希链校验发现问题：第 %(seq)s 条起的末尾事件已被删除。"),
    }
)


@task()
def audit_chain_verify() -> dict[str, Any]:
    """Verify the whole audit chain and tell every audit administrator the result.

    Idempotent: it only reads the chain and sends one notification per run.
    """
    report = audit_verify()
    auditors = User.objects.filter(memberships__role=Role.AUDIT_ADMIN, is_active=True).distinct()
    if report.ok:
        notify(recipients=auditors, verb="audit.intact", params={"checked": report.checked})
    else:
        notify(
            recipients=auditors,
            verb=f"audit.broken.{report.problem}",
            params={"seq": report.broken_seq, "checked": report.checked},
        )
    return {"ok": report.ok, "checked": report.checked, "broken_seq": report.broken_seq}
