"""Forms of the court's pages: submit, renew and release a freeze order.

They check the shape of the input only (required, lengths, which numbers are patents and
which trademarks); the rules (the case is an open case of the court, the ceilings, the
state of each right) are the services', whose refusals the views put on the right field
with `add_service_error`.
"""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ipcoord.core import identifiers
from ipcoord.core.exceptions import ApplicationError
from ipcoord.preservation.models import FreezeItem, FreezeKind
from ipcoord.preservation.rules import ceiling_for

# Service refusal field names → the form field that shows them.
_FIELD_OF = {"patents": "rights", "trademarks": "rights"}
_TRADEMARK_PREFIXES = ("商标", "TM", "tm")
_PATENT_PREFIXES = ("专利", "申请号", "专利号")


def ceilings_help() -> str:
    """The ceilings per term, as the months field shows them next to it."""
    patent, mark = ceiling_for("patent"), ceiling_for("trademark")
    return _(
        "每期上限：专利和专利申请 %(patent)s 个月，注册商标 %(mark)s 个月（依据见提交后的提示）；"
        "期满前可以续冻。"
    ) % {"patent": patent.months, "mark": mark.months}


def split_right_numbers(text: str) -> tuple[list[str], list[str], list[str]]:
    """Lines of numbers → (patent numbers, trademark numbers, lines that are neither).

    A line may start with 专利/申请号 or 商标 to say which it is; otherwise a valid patent
    application or patent number is a patent and a number of at most nine digits a trademark.
    """
    patents: list[str] = []
    marks: list[str] = []
    bad: list[str] = []
    for raw in text.splitlines():
        line = raw.strip().strip("，,；;")
        if not line:
            continue
        if line.startswith(_TRADEMARK_PREFIXES):
            marks.append(line.removeprefix("商标").removeprefix("TM").removeprefix("tm").strip())
            continue
        forced = line.startswith(_PATENT_PREFIXES)
        for prefix in _PATENT_PREFIXES:
            line = line.removeprefix(prefix)
        line = line.strip("：: ")
        try:
            identifiers.parse_patent_number(line)
        except identifiers.IdentifierError:
            pass
        else:
            patents.append(line)
            continue
        if forced:
            bad.append(raw.strip())
            continue
        try:
            identifiers.parse_trademark_number(line)
        except identifiers.IdentifierError:
            bad.append(raw.strip())
        else:
            marks.append(line)
    return patents, marks, bad


class _BootstrapForm(forms.Form):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs.setdefault("class", css)

    def add_service_error(self, err: ApplicationError) -> None:
        """Put a service's refusal on the field it names, or on the whole form."""
        field = err.extra.get("field")
        field = _FIELD_OF.get(field, field)
        self.add_error(field if field in self.fields else None, err.message)


class _DocumentNumbers(_BootstrapForm):
    ruling_number = forms.CharField(
        label=gettext_lazy("裁定书文号"),
        max_length=80,
        help_text=gettext_lazy("如（2024）京73执保12号民事裁定书。"),
        error_messages={"required": gettext_lazy("请填写裁定书文号。")},
    )
    notice_number = forms.CharField(
        label=gettext_lazy("协助执行通知书文号"),
        max_length=80,
        help_text=gettext_lazy("送达国家知识产权局的协助执行通知书的文号，本院内不得重复。"),
        error_messages={"required": gettext_lazy("请填写协助执行通知书文号。")},
    )


def _months_field(label: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=1,
        error_messages={
            "required": gettext_lazy("请填写冻结期限（整月数）。"),
            "invalid": gettext_lazy("冻结期限请填写整月数，如 6。"),
            "min_value": gettext_lazy("冻结期限至少 1 个月。"),
        },
    )


class FreezeSubmitForm(_DocumentNumbers):
    case_number = forms.CharField(
        label=gettext_lazy("案号"),
        max_length=80,
        help_text=gettext_lazy("本院在办案件的案号，如（2024）京73执保12号；可从列表中选择。"),
        error_messages={"required": gettext_lazy("请填写本院在办案件的案号。")},
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("保全类型"),
        choices=FreezeKind.choices,
        error_messages={"required": gettext_lazy("请选择保全类型。")},
    )
    rights = forms.CharField(
        label=gettext_lazy("冻结的权利"),
        widget=forms.Textarea(attrs={"rows": 4, "class": "form-control mono"}),
        help_text=gettext_lazy(
            "每行一个：专利申请号或专利号（如 ZL202310123456.6），或商标注册号（如 12345678）；"
            "号码有歧义时可在前面写“专利”或“商标”。"
        ),
        error_messages={"required": gettext_lazy("请至少列明一项要冻结的专利或商标。")},
    )
    months = _months_field(gettext_lazy("冻结期限（月）"))
    note = forms.CharField(
        label=gettext_lazy("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    field_order = [
        "case_number",
        "ruling_number",
        "notice_number",
        "kind",
        "rights",
        "months",
        "note",
    ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["months"].help_text = ceilings_help()
        self.fields["case_number"].widget.attrs["list"] = "open-cases"

    def clean_rights(self) -> tuple[list[str], list[str]]:
        patents, marks, bad = split_right_numbers(self.cleaned_data["rights"])
        if bad:
            raise forms.ValidationError(
                _(
                    "“%(line)s”既不是有效的专利申请号/专利号，也不是商标注册号；请核对号码"
                    "（专利号含校验位，如 ZL202310123456.6）。"
                )
                % {"line": bad[0]}
            )
        if not patents and not marks:
            raise forms.ValidationError(_("请至少列明一项要冻结的专利或商标。"))
        return patents, marks


class FreezeRenewForm(_DocumentNumbers):
    months = _months_field(gettext_lazy("续冻期限（月）"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["months"].help_text = ceilings_help()


class FreezeReleaseForm(_DocumentNumbers):
    ALL, SOME = "all", "some"
    scope = forms.ChoiceField(
        label=gettext_lazy("解除范围"),
        choices=[(ALL, gettext_lazy("解除全部权利")), (SOME, gettext_lazy("只解除勾选的权利"))],
        initial=ALL,
        widget=forms.RadioSelect,
    )
    items = forms.MultipleChoiceField(
        label=gettext_lazy("勾选的权利"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, items: list[FreezeItem], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.item_objects = {str(i.pk): i for i in items}
        self.fields["items"].choices = [
            (str(i.pk), f"{_right_number(i)} · {i.get_status_display()}") for i in items
        ]

    def clean(self) -> dict:
        data = super().clean()
        if data.get("scope") == self.SOME and not data.get("items"):
            self.add_error("items", _("请勾选要解除的权利，或选择“解除全部权利”。"))
        return data

    def chosen_rights(self) -> list | None:
        """The rights ticked, or None for the whole order."""
        if self.cleaned_data["scope"] == self.ALL:
            return None
        return [self.item_objects[pk].right for pk in self.cleaned_data["items"]]


def _right_number(item: FreezeItem) -> str:
    if item.patent_id:
        return _("专利 %(number)s") % {"number": item.patent.patent_number}
    return _("商标 %(number)s") % {"number": item.trademark.number}
