"""Pages of integrity screening: the screening form and its hits, the findings with their
decision, a screening run, the applicant screening of a party. Writes go through the services.

Screening pages are for IP officers; others get 404 (as for a record they may not see).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ipcoord.core.exceptions import ApplicationError
from ipcoord.core.list_export import Column, list_export
from ipcoord.core.views import render_list
from ipcoord.integrity import access, court_rules, selectors, services
from ipcoord.integrity.forms import DecisionForm, ScreenForm
from ipcoord.integrity.models import Finding, FindingKind, FindingStatus
from ipcoord.registry.access import get_party_for
from ipcoord.registry.models import Party
from ipcoord.registry.selectors import party_list_for


def _require_officer(request: HttpRequest) -> None:
    if not selectors.officer_org_ids(request.user):
        raise Http404


def _applicant(request: HttpRequest, value: str) -> Party | None:
    """A party the user may see, by USCC or exact name; ApplicationError when none matches."""
    value = value.strip()
    if not value:
        return None
    parties = party_list_for(user=request.user)
    party = (
        parties.filter(uscc=value.upper()).first()
        or parties.filter(name=value).order_by("id").first()
    )
    if party is None:
        raise ApplicationError(
            _("登记簿中没有找到申请人「%(name)s」，请填写统一社会信用代码或当事人全称。")
            % {"name": value},
            code="unknown_applicant",
            extra={"field": "applicant"},
        )
    return party


@login_required
def screen(request: HttpRequest) -> HttpResponse:
    """The screening form; a POST screens the mark and shows the hits of the recorded run."""
    _require_officer(request)
    form = ScreenForm(request.POST or None)
    run = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            run = services.mark_screen(
                actor=request.user,
                text=data["text"],
                classes=data["classes"],
                applicant=_applicant(request, data["applicant"]),
            )
        except ApplicationError as err:
            field = err.extra.get("field")
            form.add_error(field if field in form.fields else None, err.message)
    return render(request, "integrity/screen.html", {"form": form, "run": run})


@login_required
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = access.get_run_for(request.user, pk)
    return render(
        request,
        "integrity/run_detail.html",
        {"run": run, "findings": run.findings.select_related("party")[:200]},
    )


@login_required
@require_POST
def hit_record(request: HttpRequest, pk: int, n: int) -> HttpResponse:
    """Record one hit of a run as a lead; an htmx request gets the row's new button."""
    run = access.get_run_for(request.user, pk)
    try:
        finding = services.finding_record(actor=request.user, run=run, hit_number=n)
    except ApplicationError as err:
        if request.htmx:
            return HttpResponse(err.message, status=err.status)
        messages.error(request, err.message)
        return redirect("integrity:run_detail", pk=run.pk)
    if request.htmx:
        return render(request, "integrity/_recorded.html", {"finding": finding})
    messages.success(request, _("已记录为线索，等待甄别。"))
    return redirect("integrity:finding_detail", pk=finding.pk)


def _subject(f: Finding) -> str:
    name = f.party.name if f.party else f.applicant_name
    return " ".join(part for part in (f.subject_text, name) if part)


def _matched(f: Finding) -> str:
    number = f.matched_trademark.number if f.matched_trademark else ""
    return " ".join(part for part in (f.matched_text, number) if part)


FINDING_COLUMNS = (
    Column(gettext_lazy("编号"), lambda f: f.pk),
    Column(gettext_lazy("类型"), court_rules.kind_label),
    Column(gettext_lazy("对象"), _subject),
    Column(gettext_lazy("命中"), _matched),
    Column(gettext_lazy("评分"), lambda f: f"{f.score:.2f}"),
    Column(gettext_lazy("状态"), lambda f: f.get_status_display()),
    Column(gettext_lazy("甄别机关"), lambda f: f.owner_org.name),
    Column(gettext_lazy("时间"), lambda f: timezone.localdate(f.created_at)),
)


@login_required
def finding_list(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind", "")
    status = request.GET.get("status", "")
    qs = selectors.finding_list_for(
        user=request.user,
        kind=kind if kind in FindingKind.values else None,
        status=status if status in FindingStatus.values else None,
    )
    if (response := list_export(request, qs, FINDING_COLUMNS, "findings")) is not None:
        return response
    return render_list(
        request,
        "integrity/finding_list.html",
        qs,
        kinds=FindingKind.choices,
        statuses=FindingStatus.choices,
        kind=kind,
        status=status,
        is_officer=bool(selectors.officer_org_ids(request.user)),
    )


def _may_decide(request: HttpRequest, finding: Finding) -> bool:
    return finding.status == FindingStatus.LEAD and finding.owner_org_id in (
        selectors.decider_org_ids(request.user)
    )


@login_required
def finding_detail(request: HttpRequest, pk: int) -> HttpResponse:
    finding = access.get_finding_for(request.user, pk)
    if court_rules.is_court_notice(finding):
        return redirect("integrity:court_notice_detail", pk=finding.pk)
    return render(
        request,
        "integrity/finding_detail.html",
        {
            "finding": finding,
            "can_decide": _may_decide(request, finding),
            "form": DecisionForm(),
        },
    )


@login_required
@require_POST
def finding_decide(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    """Confirm or dismiss with a reason; errors go back to the detail page as messages."""
    if decision not in ("confirm", "dismiss"):
        raise Http404
    finding = access.get_finding_for(request.user, pk)
    form = DecisionForm(request.POST)
    decide = services.finding_confirm if decision == "confirm" else services.finding_dismiss
    try:
        reason = form.data.get("reason", "")
        decide(actor=request.user, finding=finding, reason=reason)
    except ApplicationError as err:
        messages.error(request, err.message)
    else:
        messages.success(request, _("已记录甄别结论。"))
    return redirect("integrity:finding_detail", pk=finding.pk)


@login_required
@require_POST
def party_screen(request: HttpRequest, pk: int) -> HttpResponse:
    """Run the applicant signals on a party and record them as leads (IP officers)."""
    _require_officer(request)
    party = get_party_for(request.user, pk)
    try:
        found = services.applicant_screen(actor=request.user, party=party)
    except ApplicationError as err:
        messages.error(request, err.message)
        return redirect("registry:party_detail", pk=party.pk)
    if found:
        messages.success(request, _("发现 %(n)d 条申请人线索。") % {"n": len(found)})
    else:
        messages.info(request, _("登记簿中没有该申请人的恶意注册迹象。"))
    return redirect(f"{reverse('integrity:finding_list')}?kind={FindingKind.APPLICANT_SIGNAL}")
