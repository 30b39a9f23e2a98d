"""Forms of the courts' notice pages: the shape of the input only; the rules (party of the
case, date, addressees, duplicates) are `services.court_notice_file`'s."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ipcoord.cases.models import Case
from ipcoord.integrity import court_rules

_INPUT = {"class": "form-control"}


class CaseNumberForm(forms.Form):
    """Step one: which case of the user's court the notice is about."""

    case = forms.CharField(
        label=_("案号"),
        max_length=80,
        help_text=_("本院案件的案号，例如 （2024）京73民初1号。"),
        widget=forms.TextInput(attrs={**_INPUT, "autofocus": True}),
    )


class CourtNoticeForm(forms.Form):
    party = forms.TypedChoiceField(
        label=_("当事人"), coerce=int, widget=forms.Select(attrs={"class": "form-select"})
    )
    kind = forms.ChoiceField(
        label=_("认定的恶意行为"),
        choices=list(court_rules.COURT_KINDS.items()),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    facts = forms.CharField(
        label=_("认定的事实"),
        max_length=2000,
        help_text=_("裁判文书认定的事实要点，其他法院和知识产权管理部门将看到这段文字。"),
        widget=forms.Textarea(attrs={**_INPUT, "rows": 4}),
    )
    document = forms.CharField(
        label=_("裁判文书"),
        max_length=200,
        help_text=_("判决书或裁定书的文号，例如 （2024）京73民初1号民事判决书。"),
        widget=forms.TextInput(attrs=_INPUT),
    )
    decision_date = forms.DateField(
        label=_("裁判日期"), widget=forms.DateInput(attrs={**_INPUT, "type": "date"})
    )
    patents = forms.TypedMultipleChoiceField(
        label=_("涉及的专利"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    trademarks = forms.TypedMultipleChoiceField(
        label=_("涉及的商标"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    addressees = forms.TypedMultipleChoiceField(
        label=_("通报对象"),
        coerce=int,
        help_text=_("默认通报国家知识产权局和本院所在省的知识产权局。"),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        error_messages={"required": _("请至少选择一个通报的知识产权管理部门。")},
    )

    def __init__(self, *args, case: Case, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["party"].choices = [
            (cp.party_id, f"{cp.party.name}（{cp.get_role_display()}）")
            for cp in case.case_parties.select_related("party").order_by("id")
        ]
        self.fields["patents"].choices = [
            (p.pk, f"{p.application_number} {p.title}") for p in case.patents.all()
        ]
        self.fields["trademarks"].choices = [
            (t.pk, f"{t.number} {t.mark_text}") for t in case.trademarks.all()
        ]
        self.fields["addressees"].choices = [(o.pk, o.name) for o in court_rules.ip_admins()]
        if not self.is_bound:
            self.initial.setdefault(
                "addressees", [o.pk for o in court_rules.default_addressees(case.owner_org)]
            )
        for name in ("patents", "trademarks"):
            if not self.fields[name].choices:
                del self.fields[name]
