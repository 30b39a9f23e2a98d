from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "ipcoord.exchange"
    label = "exchange"
    verbose_name = _("数据交换")

    def ready(self) -> None:
        from ipcoord.exchange import notifications  # noqa: F401  (registers notification texts)
