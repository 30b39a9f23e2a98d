"""The upload form of the import page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ipcoord.core.models import Organisation
from ipcoord.exchange.kinds import KINDS


class ImportUploadForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("机构"),
        queryset=Organisation.objects.none(),
        empty_label=None,
        help_text=_(
            "以哪个机构的名义导入；导入任务归该机构，未填写登记机构的记录也登记在该机构名下。"
        ),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    kind = forms.ChoiceField(
        label=_("数据类型"),
        choices=[(name, kind.label) for name, kind in KINDS.items()],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    file = forms.FileField(
        label=_("文件"),
        help_text=_("CSV（UTF-8 或 GB18030）、XLSX 或 JSON Lines；第一行是列名，中文或英文均可。"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".csv,.xlsx,.jsonl,.json,.ndjson", "class": "form-control"}
        ),
    )

    def __init__(self, *args, organisations: list[Organisation], **kwargs) -> None:
        """`organisations`: those the user imports for. With one there is nothing to choose
        (the field is left out and `chosen_organisation()` is it); with several, a value that is
        not one of them is the field's error."""
        super().__init__(*args, **kwargs)
        self.organisations = organisations
        if len(organisations) > 1:
            field = self.fields["organisation"]
            field.queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
                pk__in=[o.pk for o in organisations]
            ).order_by("id")
            field.initial = organisations[0].pk
        else:
            del self.fields["organisation"]

    def chosen_organisation(self) -> Organisation:
        """The organisation chosen (call after `is_valid()`)."""
        return self.cleaned_data.get("organisation") or self.organisations[0]

    def add_service_error(self, err) -> None:
        self.add_error(None, err.message)
