"""Notification texts of preservation, registered with core at start-up."""

from django.utils.translation import gettext_lazy as _

from ipcoord.core.notify import register_texts

register_texts(
    {
        "freeze.submitted": _("%(court)s提交了%(order)s，等待登记。"),
        "freeze.registered": _(
            "%(order)s 已登记：%(active)s 项权利冻结生效，%(queued)s 项为轮候冻结。"
        ),
        "freeze.promoted": _(
            "%(order)s 在%(right)s上的轮候冻结已转为正式冻结，期限 %(starts)s 至 %(ends)s。"
        ),
        "freeze.expired": _("%(order)s 在%(right)s上的冻结已于 %(date)s 期满，未续冻，自动解除。"),
        "freeze.expiring": _(
            "%(order)s 的 %(rights)s 项冻结将于 %(date)s 期满（还有 %(days)s 天），如需继续保全请及时续冻。"
        ),
        "freeze.attempt_refused": _(
            "有人（%(who)s）申请对%(order)s冻结的%(right)s办理%(event)s，已被拒绝。"
        ),
        "freeze.right_lost": _(
            "%(order)s 冻结的%(right)s于 %(date)s 登记%(event)s，保全的权利可能已经丧失，请及时处理。"
        ),
    }
)
