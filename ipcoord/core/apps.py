from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "ipcoord.core"
    label = "core"
    verbose_name = _("平台核心")

    def ready(self) -> None:
        from ipcoord.core import lookups  # noqa: F401  registers field__any_of
