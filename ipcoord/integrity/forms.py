"""Forms of the screening pages: the shape of the input only; the rules are the services'."""

from django import forms
from django.utils.translation import gettext_lazy as _


class ScreenForm(forms.Form):
    text = forms.CharField(
        label=_("商标文字"),
        max_length=200,
        widget=forms.TextInput(attrs={"class": "form-control", "autofocus": True}),
    )
    classes = forms.CharField(
        label=_("尼斯分类"),
        required=False,
        max_length=200,
        help_text=_("类别号，用逗号分隔，例如 30,32；可不填。"),
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    applicant = forms.CharField(
        label=_("申请人"),
        required=False,
        max_length=200,
        help_text=_("统一社会信用代码或登记的当事人全称；申请人自己的在先商标不作为命中。"),
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )


class DecisionForm(forms.Form):
    reason = forms.CharField(
        label=_("甄别理由"),
        max_length=2000,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 3}),
        error_messages={"required": _("请写明理由：线索只有在说明理由后才能确认或排除。")},
    )
