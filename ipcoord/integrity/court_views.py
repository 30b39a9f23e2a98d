"""Pages of the courts' notices of bad faith (法院通报): the list, the two-step form (which
case, then the notice) for judges and clerks, and the notice with what an IP office can do
from it (open a lead, propose a listing). Writes go through the services.

The case page belongs to the cases app and has no hook for other apps, so the way in is the
list's "新建通报" button (and the findings list's tab), not a button on the case page.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ipcoord.cases.access import get_case_for
from ipcoord.cases.models import Case
from ipcoord.cases.selectors import COURT_ROLES, case_list_for
from ipcoord.core.exceptions import ApplicationError
from ipcoord.core.list_export import Column, list_export
from ipcoord.core.models import Membership, User
from ipcoord.core.views import render_list
from ipcoord.integrity import access, court_rules, selectors, services
from ipcoord.integrity.court_forms import CaseNumberForm, CourtNoticeForm
from ipcoord.integrity.models import Finding
from ipcoord.registry.models import Patent, Trademark


def _court_ids(user: User) -> list[int]:
    """The courts where `user` is a judge or clerk (the courts they may file notices for)."""
    return list(
        Membership.objects.filter(
            user_id=user.pk, role__in=list(COURT_ROLES), organisation__is_active=True
        ).values_list("organisation_id", flat=True)
    )


def _own_case(request: HttpRequest, pk: int) -> Case:
    """A case of the user's own court; 404 for another court's case, seen or not."""
    case = get_case_for(request.user, pk)
    if case.owner_org_id not in _court_ids(request.user):
        raise Http404
    return case


NOTICE_COLUMNS = (
    Column(gettext_lazy("编号"), lambda n: n.pk),
    Column(gettext_lazy("当事人"), lambda n: n.party.name if n.party else ""),
    Column(gettext_lazy("认定的恶意行为"), court_rules.kind_label),
    Column(gettext_lazy("不公开"), lambda n: n.sealed),
    Column(gettext_lazy("法院"), lambda n: n.owner_org.name),
    Column(gettext_lazy("案号"), lambda n: n.case.number if n.case else ""),
    Column(gettext_lazy("裁判文书"), court_rules.document),
    Column(gettext_lazy("裁判日期"), court_rules.decision_date),
)


@login_required
def court_notice_list(request: HttpRequest) -> HttpResponse:
    """The notices the user may see (courts and IP administrations), newest first."""
    kind = request.GET.get("kind", "")
    qs = selectors.court_notice_list_for(
        user=request.user, kind=kind if kind in court_rules.COURT_KINDS else None
    )
    if (response := list_export(request, qs, NOTICE_COLUMNS, "court-notices")) is not None:
        return response
    return render_list(
        request,
        "integrity/court_notice_list.html",
        qs,
        kinds=list(court_rules.COURT_KINDS.items()),
        kind=kind,
        can_file=bool(_court_ids(request.user)),
    )


@login_required
def court_notice_new(request: HttpRequest) -> HttpResponse:
    """Step one: the case number, looked up among the cases of the user's own courts."""
    courts = _court_ids(request.user)
    if not courts:
        raise Http404
    form = CaseNumberForm(request.GET if "case" in request.GET else None)
    party = request.GET.get("party", "")
    party_cases = []
    if party.isdigit():
        # From a party's page: that party's cases in the user's courts, to pick one.
        party_cases = list(
            case_list_for(user=request.user)
            .filter(owner_org_id__in=courts, case_parties__party_id=int(party))
            .distinct()
            .order_by("-filing_date")[:20]
        )
    if form.is_valid():
        found = list(
            case_list_for(user=request.user, q=form.cleaned_data["case"])
            .filter(owner_org_id__in=courts)
            .order_by("-filing_date")[:2]
        )
        if len(found) == 1:
            return redirect("integrity:court_notice_case", case_pk=found[0].pk)
        form.add_error(
            "case",
            _("本院没有这个案号的案件，请核对案号。")
            if not found
            else _("有多件案件符合，请填写完整案号。"),
        )
    return render(
        request,
        "integrity/court_notice_new.html",
        {"form": form, "party": party if party_cases else "", "party_cases": party_cases},
    )


@login_required
def court_notice_case(request: HttpRequest, case_pk: int) -> HttpResponse:
    """Step two: the notice on one case of the user's court."""
    case = _own_case(request, case_pk)
    form = CourtNoticeForm(
        request.POST or None, case=case, initial={"party": request.GET.get("party", "")}
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            notice = services.court_notice_file(
                actor=request.user,
                case=case,
                party_id=d["party"],
                kind=d["kind"],
                facts=d["facts"],
                document=d["document"],
                decision_date=d["decision_date"],
                patent_ids=d.get("patents", []),
                trademark_ids=d.get("trademarks", []),
                addressee_ids=d["addressees"],
            )
        except ApplicationError as err:
            field = err.extra.get("field")
            form.add_error(field if field in form.fields else None, err.message)
        else:
            messages.success(request, _("已通报知识产权管理部门。"))
            return redirect("integrity:court_notice_detail", pk=notice.pk)
    return render(
        request,
        "integrity/court_notice_form.html",
        {"form": form, "case": case},
        status=400 if form.errors else 200,
    )


@login_required
def court_notice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    notice = access.get_court_notice_for(request.user, pk)
    officer = bool(selectors.officer_org_ids(request.user))
    propose = ""
    if officer and notice.party_id:
        query = urlencode({"party": notice.party_id, "findings": notice.pk})
        propose = f"{reverse('integrity:credit_propose')}?{query}"
    return render(
        request,
        "integrity/court_notice_detail.html",
        {
            "notice": notice,
            "kind": court_rules.kind_label(notice),
            "document": court_rules.document(notice),
            "decision_date": court_rules.decision_date(notice),
            "patents": _rights(notice, court_rules.PATENTS),
            "trademarks": _rights(notice, court_rules.TRADEMARKS),
            "addressees": notice.notified_orgs.order_by("path"),
            "case_visible": case_list_for(user=request.user).filter(pk=notice.case_id).exists(),
            "officer": officer,
            "propose_url": propose,
        },
    )


def _rights(notice: Finding, key: str) -> list[Patent] | list[Trademark]:
    model = Patent if key == court_rules.PATENTS else Trademark
    ids = [i for i in (notice.evidence or {}).get(key, []) if isinstance(i, int)]
    return list(model.objects.filter(pk__in=ids, sealed=False).order_by("pk")) if ids else []


@login_required
@require_POST
def court_notice_lead(request: HttpRequest, pk: int) -> HttpResponse:
    """An IP officer opens (or finds) their office's lead from the notice."""
    notice = access.get_court_notice_for(request.user, pk)
    try:
        finding, created = services.court_notice_lead(actor=request.user, notice=notice)
    except ApplicationError as err:
        messages.error(request, err.message)
        return redirect("integrity:court_notice_detail", pk=notice.pk)
    if created:
        messages.success(request, _("已立为本局的甄别线索，请核实后确认或排除。"))
    else:
        messages.info(request, _("本局已有根据该通报立的线索。"))
    return redirect("integrity:finding_detail", pk=finding.pk)
