from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PreservationConfig(AppConfig):
    name = "ipcoord.preservation"
    label = "preservation"
    verbose_name = _("专利司法查控")

    def ready(self) -> None:
        from django.core.signals import request_finished
        from django.tasks.signals import task_finished

        from ipcoord.core.panels import register_panel
        from ipcoord.preservation import notifications  # noqa: F401  (registers texts)
        from ipcoord.preservation.guard import attempts_flush, freeze_guard
        from ipcoord.preservation.views import dashboard_panel
        from ipcoord.registry.services import register_event_guard

        register_event_guard(freeze_guard)
        from ipcoord.core.daily import register_daily
        from ipcoord.preservation.tasks import freeze_sweep_task

        register_daily("freeze_sweep", freeze_sweep_task)
        # Refused attempts are told to the court once the refused transaction is gone.
        request_finished.connect(attempts_flush, dispatch_uid="preservation.attempts_flush")
        task_finished.connect(attempts_flush, dispatch_uid="preservation.attempts_flush_task")
        register_panel(
            order=30, template="preservation/dashboard_panel.html", context=dashboard_panel
        )
