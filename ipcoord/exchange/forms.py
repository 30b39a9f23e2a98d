"""The upload form of the import page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ipcoord.exchange.kinds import KINDS


class ImportUploadForm(forms.Form):
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

    def add_service_error(self, err) -> None:
        self.add_error(None, err.message)
