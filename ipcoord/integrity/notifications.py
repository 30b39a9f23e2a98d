"""Notification texts of integrity screening, registered with core at start-up."""

from django.utils.translation import gettext_lazy as _

from ipcoord.core.notify import register_texts

register_texts(
    {
        "integrity.confirmed": _(
            "%(office)s确认了关于当事人%(party)s的甄别线索（%(kind)s），该当事人涉及贵院案件。"
        ),
        "integrity.court_notice": _(
            "%(court)s通报：%(case)s中认定当事人%(party)s%(kind)s（%(document)s）。"
        ),
    }
)

register_texts(
    {
        "integrity.credit_step": _("%(office)s办理的%(party)s失信名单（%(kind)s）：%(step)s。"),
        "integrity.credit_listed": _(
            "%(office)s决定将%(party)s列入%(kind)s，公示至 %(until)s；请依法实施联合惩戒。"
        ),
        "integrity.credit_ended": _("%(party)s已移出%(kind)s（%(office)s），请停止相应惩戒措施。"),
    }
)
