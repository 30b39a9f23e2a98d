"""Forms of the machine-client pages: register a client, change its name and kinds, add a key."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ipcoord.core.exceptions import ApplicationError
from ipcoord.core.models import Organisation
from ipcoord.exchange.kinds import KINDS
from ipcoord.exchange.signing import SigningError, load_public_key

SELECT = {"class": "form-select"}
TEXT = {"class": "form-control"}
KEY_AREA = {"class": "form-control mono", "rows": 5, "spellcheck": "false"}
# Errors raised without `extra["field"]` (the key parser knows nothing of forms).
CODE_FIELDS = {"bad_public_key": "public_key"}
PUBLIC_KEY_HELP = _(
    "Ed25519 公钥：PEM 文本（以 -----BEGIN PUBLIC KEY----- 开头）或原始 32 字节的 base64。"
    "只粘贴公钥；私钥留在客户端，不要上传。"
)


def kind_choices() -> list[tuple[str, str]]:
    # Called at render time: the kinds' labels were read once at import, in the default
    # language, so they are translated again in the request's language.
    return [(name, gettext(str(kind.label))) for name, kind in KINDS.items()]


class ClientServiceErrorMixin:
    """Shows a service's error on the field it names, else above the form."""

    def add_service_error(self, err: ApplicationError) -> None:
        field = err.extra.get("field") or CODE_FIELDS.get(err.code)
        self.add_error(field if field in self.fields else None, err.message)  # type: ignore[attr-defined]


class PublicKeyMixin:
    def clean_public_key(self) -> str:
        text = self.cleaned_data["public_key"]  # type: ignore[attr-defined]
        try:
            load_public_key(text)
        except SigningError as err:
            raise forms.ValidationError(err.message, code=err.code) from err
        return text


class ClientEditForm(ClientServiceErrorMixin, forms.Form):
    """The name and the allowed kinds: what registration asks and an update may change."""

    name = forms.CharField(
        label=_("名称"),
        max_length=64,
        help_text=_("客户端系统的名称，在全平台唯一，如“京知审判系统”。"),
        widget=forms.TextInput(attrs=TEXT),
    )
    allowed_kinds = forms.MultipleChoiceField(
        label=_("允许的数据类型"),
        # The service says what is missing when nothing is ticked, on this field.
        required=False,
        choices=kind_choices,
        help_text=_("客户端只能提交勾选的记录类型；其他类型的批次整批拒收。"),
        widget=forms.CheckboxSelectMultiple,
    )


class ClientRegisterForm(PublicKeyMixin, ClientEditForm):
    organisation = forms.ModelChoiceField(
        label=_("机构"),
        queryset=Organisation.objects.none(),
        empty_label=None,
        help_text=_("客户端代表的机构；它提交的批次以该机构的名义导入。"),
        widget=forms.Select(attrs=SELECT),
    )
    public_key = forms.CharField(
        label=_("公钥"),
        max_length=2000,
        help_text=PUBLIC_KEY_HELP,
        widget=forms.Textarea(attrs=KEY_AREA),
    )
    field_order = ["organisation", "name", "public_key", "allowed_kinds"]

    def __init__(self, *args, organisations: list[Organisation], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        field.queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            pk__in=[o.pk for o in organisations]
        ).order_by("id")
        if len(organisations) == 1:
            field.initial = organisations[0].pk


class ClientKeyForm(PublicKeyMixin, ClientServiceErrorMixin, forms.Form):
    public_key = forms.CharField(
        label=_("新公钥"),
        max_length=2000,
        help_text=PUBLIC_KEY_HELP,
        widget=forms.Textarea(attrs=KEY_AREA),
    )
