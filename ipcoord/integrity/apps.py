from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrityConfig(AppConfig):
    name = "ipcoord.integrity"
    label = "integrity"
    verbose_name = _("诚信与恶意行为甄别")

    def ready(self) -> None:
        from ipcoord.core.daily import register_daily
        from ipcoord.integrity import notifications  # noqa: F401  (registers texts)
        from ipcoord.integrity.tasks import credit_expire_task

        register_daily("credit_expire", credit_expire_task)
