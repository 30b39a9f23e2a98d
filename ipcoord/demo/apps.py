from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo-world builder: commands only, no tables of its own."""

    name = "ipcoord.demo"
    label = "demo"
    verbose_name = _("演示数据")
