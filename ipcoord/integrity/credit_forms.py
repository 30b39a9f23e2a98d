"""Forms of the dishonesty-list pages: the shape of the input only; the rules (periods,
terms, order of steps) are the services'."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ipcoord.integrity.credit_rules import ListKind

_TEXT = {"class": "form-control", "rows": 3}
_INPUT = {"class": "form-control"}


class ProposeForm(forms.Form):
    party = forms.CharField(
        label=_("当事人"),
        max_length=200,
        help_text=_("当事人编号、统一社会信用代码或登记的全称。"),
        widget=forms.TextInput(attrs=_INPUT),
    )
    kind = forms.ChoiceField(
        label=_("名单类型"),
        choices=ListKind.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    facts = forms.CharField(
        label=_("失信事实"),
        help_text=_("将公开的事实摘要；不要写身份证号码等个人信息。"),
        widget=forms.Textarea(attrs=_TEXT),
    )
    legal_basis = forms.CharField(
        label=_("法律依据"), max_length=300, widget=forms.TextInput(attrs=_INPUT)
    )
    term_months = forms.IntegerField(
        label=_("列入期限（月）"),
        required=False,
        min_value=1,
        help_text=_("不填则用该名单的默认期限。"),
        widget=forms.NumberInput(attrs=_INPUT),
    )
    findings = forms.CharField(
        label=_("依据的甄别线索"),
        required=False,
        help_text=_("已确认线索的编号，用逗号分隔；可不填。"),
        widget=forms.TextInput(attrs=_INPUT),
    )

    def clean_findings(self) -> list[int]:
        raw = self.cleaned_data.get("findings") or ""
        parts = [p.strip() for p in raw.replace("，", ",").split(",") if p.strip()]
        if not all(p.isdigit() for p in parts):
            raise forms.ValidationError(_("线索编号应为数字，用逗号分隔。"))
        return [int(p) for p in parts]


class NotifyForm(forms.Form):
    notice_text = forms.CharField(
        label=_("告知内容"),
        help_text=_("告知书的要点：拟列入的事实、依据、期限，以及提出异议的方式和期限。"),
        widget=forms.Textarea(attrs=_TEXT),
    )


class ObjectForm(forms.Form):
    text = forms.CharField(label=_("异议内容"), widget=forms.Textarea(attrs=_TEXT))


class WaiveForm(forms.Form):
    note = forms.CharField(
        label=_("放弃异议的说明"),
        help_text=_("如：当事人于某日书面声明放弃异议。"),
        widget=forms.Textarea(attrs=_TEXT),
    )


class DecideForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("决定"),
        choices=[("list", _("列入名单")), ("not_list", _("不予列入"))],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    reason = forms.CharField(label=_("决定理由"), widget=forms.Textarea(attrs=_TEXT))
    answer = forms.CharField(
        label=_("对异议的答复"),
        required=False,
        help_text=_("当事人提出异议时必填。"),
        widget=forms.Textarea(attrs=_TEXT),
    )
    term_months = forms.IntegerField(
        label=_("列入期限（月）"),
        required=False,
        min_value=1,
        help_text=_("不填则用建议的期限。"),
        widget=forms.NumberInput(attrs=_INPUT),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs=_TEXT))
