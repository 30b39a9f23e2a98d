from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "ipcoord.cases"
    label = "cases"
    verbose_name = _("案件与行政程序")

    def ready(self) -> None:
        from ipcoord.cases import notifications  # noqa: F401  (registers notification texts)
        from ipcoord.cases.views import dashboard_panel
        from ipcoord.core.panels import register_panel

        register_panel(order=10, template="cases/dashboard_panel.html", context=dashboard_panel)
