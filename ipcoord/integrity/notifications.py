"""Notification texts of integrity screening, registered with core at start-up."""

from django.utils.translation import gettext_lazy as _

from ipcoord.core.notify import register_texts

register_texts(
    {
        "integrity.confirmed": _(
            "%(office)s确认了关于当事人%(party)s的甄别线索（%(kind)s），该当事人涉及贵院案件。"
        ),
    }
)
