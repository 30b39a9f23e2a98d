"""Notification texts of the cases app, registered with core at start-up."""

from django.utils.translation import gettext_lazy as _

from ipcoord.core.notify import register_texts

register_texts(
    {
        "link.proposed": _(
            "系统发现案件 %(case)s 与 %(proceeding)s 涉及同一权利，请确认是否关联。"
        ),
        "link.confirmed": _("案件 %(case)s 已与 %(proceeding)s 关联。"),
        "linked.proceeding_changed": _(
            "与案件 %(case)s 关联的 %(proceeding)s 状态变为：%(status)s。"
        ),
        "linked.case_changed": _("与 %(proceeding)s 关联的案件 %(case)s 状态变为：%(status)s。"),
    }
)
