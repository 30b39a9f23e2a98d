"""Notification texts of the data line, registered with core at start-up."""

from django.utils.translation import gettext_lazy as _

from ipcoord.core.notify import register_texts

register_texts(
    {
        "exchange.webhook_dead": _(
            "推送到 %(url)s 连续失败 %(attempts)s 次，已停止；请检查接收方后重新启用订阅。"
        ),
        "exchange.notice_posted": _("%(org)s 通报了新问题、新情况：%(title)s"),
        "exchange.notice_replied": _("%(org)s 回复了通报：%(title)s"),
    }
)
