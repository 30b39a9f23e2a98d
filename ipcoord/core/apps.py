from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "ipcoord.core"
    label = "core"
    verbose_name = _("平台核心")

    def ready(self) -> None:
        from django.db.models import fields

        from ipcoord.core import lookups  # noqa: F401  registers field__any_of

        # Django 6.1's label for an empty choice ("- Select an option -") is not in its
        # Chinese catalogue yet; Django asks apps to set their own here.
        fields.BLANK_CHOICE_LABEL = _("- 请选择 -")
