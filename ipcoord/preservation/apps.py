from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PreservationConfig(AppConfig):
    name = "ipcoord.preservation"
    label = "preservation"
    verbose_name = _("专利司法查控")
