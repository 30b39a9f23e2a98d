"""Forms of the changes-out pages: a webhook subscription and its secret rotation, a notice,
a reply."""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from ipcoord.core.models import Organisation
from ipcoord.exchange.feed import FEED_KINDS
from ipcoord.exchange.webhooks import MAX_OVERLAP_HOURS

SELECT = {"class": "form-select"}
TEXT = {"class": "form-control"}
ACCEPT = ".pdf,.docx,.xlsx,.png,.jpg,.jpeg,.txt"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented recipe)."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT, **TEXT}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class ServiceErrorMixin:
    def add_service_error(self, err) -> None:
        field = err.extra.get("field")
        self.add_error(field if field in self.fields else None, err.message)  # type: ignore[attr-defined]


class SubscriptionForm(ServiceErrorMixin, forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("机构"),
        queryset=Organisation.objects.none(),
        empty_label=None,  # the first of the administrator's organisations, usually the one
        widget=forms.Select(attrs=SELECT),
    )
    target_url = forms.CharField(
        label=_("接收地址"),
        max_length=500,
        help_text=_("http:// 或 https:// 地址；推送以 POST 发送，带签名头。"),
        widget=forms.URLInput(attrs=TEXT),
    )
    kinds = forms.MultipleChoiceField(
        label=_("记录类型"),
        required=False,
        choices=[(k.name, k.label) for k in FEED_KINDS.values()],
        help_text=_("不选表示全部。"),
        widget=forms.CheckboxSelectMultiple,
    )
    nonce = forms.CharField(widget=forms.HiddenInput)  # core.once: one subscription a form

    def __init__(self, *args, organisations=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations or Organisation.objects.none()


class SecretRotateForm(ServiceErrorMixin, forms.Form):
    """The range of `overlap_hours` is the service's rule (its message is shown)."""

    overlap_hours = forms.IntegerField(
        label=_("旧密钥继续有效（小时）"),
        initial=24,
        help_text=format_lazy(
            _(
                "0–{max}。在此期间每次推送同时带新旧两个签名，请在此期间把接收方换成新密钥；"
                "0 表示旧密钥立即失效。"
            ),
            max=MAX_OVERLAP_HOURS,
        ),
        widget=forms.NumberInput(attrs={"min": 0, "max": MAX_OVERLAP_HOURS, "step": 1, **TEXT}),
    )
    nonce = forms.CharField(widget=forms.HiddenInput)


class NoticeForm(ServiceErrorMixin, forms.Form):
    title = forms.CharField(label=_("标题"), max_length=200, widget=forms.TextInput(attrs=TEXT))
    body = forms.CharField(label=_("正文"), widget=forms.Textarea(attrs={"rows": 8, **TEXT}))
    addressees = forms.ModelMultipleChoiceField(
        label=_("发往机构"),
        queryset=Organisation.objects.filter(is_active=True),
        widget=forms.SelectMultiple(attrs={"size": 10, **SELECT}),
    )
    files = MultipleFileField(
        label=_("附件"), help_text=_("PDF、DOCX、XLSX、PNG、JPG、TXT，每个不超过 10 MB。")
    )


class ReplyForm(ServiceErrorMixin, forms.Form):
    body = forms.CharField(label=_("回复"), widget=forms.Textarea(attrs={"rows": 4, **TEXT}))
    files = MultipleFileField(label=_("附件"))
