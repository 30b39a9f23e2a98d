"""Pages for cases, proceedings and the link workflow between them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ipcoord.cases import access, selectors, services
from ipcoord.cases.models import (
    CaseStatus,
    Cause,
    LinkKind,
    LinkStatus,
    Nature,
    ProceedingKind,
    ProceedingStatus,
)
from ipcoord.core.exceptions import ApplicationError
from ipcoord.core.list_export import Column, list_export
from ipcoord.core.selectors import history_for
from ipcoord.core.views import render_list


def dashboard_panel(request: HttpRequest) -> dict:
    """What the dashboard shows of cases, proceedings and links for this user."""
    from ipcoord.registry.selectors import patent_list_for

    data = selectors.dashboard_for(user=request.user)
    data["patents"] = patent_list_for(user=request.user).count()
    return data


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    g = request.GET
    f = {k: g.get(k, "").strip() for k in ("q", "status", "cause", "nature", "year")}
    year = int(f["year"]) if f["year"].isdigit() else None
    qs = selectors.case_list_for(
        user=request.user,
        q=f["q"] or None,
        status=f["status"] or None,
        cause=f["cause"] or None,
        nature=f["nature"] or None,
        year=year,
    )
    return render_list(
        request,
        "cases/case_list.html",
        qs,
        f=f,
        statuses=CaseStatus.choices,
        causes=Cause.choices,
        natures=Nature.choices,
    )


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = access.get_case_for(request.user, pk)
    links = selectors.link_list_for(user=request.user).filter(case=case)
    candidates = selectors.proceeding_list_for(user=request.user).filter(
        patent__in=case.patents.all()
    ) | selectors.proceeding_list_for(user=request.user).filter(trademark__in=case.trademarks.all())
    candidates = candidates.exclude(links__case=case).distinct()[:20]
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "history": history_for(case),
            "parties": case.case_parties.select_related("party"),
            "links": links,
            "candidates": candidates,
            "link_kinds": LinkKind.choices,
            "later": selectors.case_list_for(user=request.user).filter(previous_instance=case),
            "earlier": (
                selectors.case_list_for(user=request.user)
                .filter(pk=case.previous_instance_id)
                .first()
                if case.previous_instance_id
                else None
            ),
        },
    )


@login_required
def proceeding_list(request: HttpRequest) -> HttpResponse:
    g = request.GET
    f = {k: g.get(k, "").strip() for k in ("q", "kind", "status")}
    qs = selectors.proceeding_list_for(
        user=request.user, q=f["q"] or None, kind=f["kind"] or None, status=f["status"] or None
    )
    return render_list(
        request,
        "cases/proceeding_list.html",
        qs,
        f=f,
        kinds=ProceedingKind.choices,
        statuses=ProceedingStatus.choices,
    )


@login_required
def proceeding_detail(request: HttpRequest, pk: int) -> HttpResponse:
    proceeding = access.get_proceeding_for(request.user, pk)
    return render(
        request,
        "cases/proceeding_detail.html",
        {
            "proceeding": proceeding,
            "history": history_for(proceeding),
            "links": selectors.link_list_for(user=request.user).filter(proceeding=proceeding),
        },
    )


def _proceeding_text(link) -> str:
    p = link.proceeding
    text = f"{p.number} {p.get_kind_display()}"
    return f"{text} · {p.get_outcome_display()}" if p.outcome else text


LINK_COLUMNS = (
    Column(gettext_lazy("案件"), lambda link: link.case.number),
    Column(gettext_lazy("行政程序"), _proceeding_text),
    Column(gettext_lazy("关联类型"), lambda link: link.get_kind_display()),
    Column(gettext_lazy("系统提议"), lambda link: link.automatic),
    Column(gettext_lazy("状态"), lambda link: link.get_status_display()),
    Column(gettext_lazy("说明"), lambda link: link.reason),
)


@login_required
def link_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", LinkStatus.PROPOSED)
    if status not in LinkStatus.values:
        status = LinkStatus.PROPOSED
    qs = selectors.link_list_for(user=request.user, status=status)
    if (response := list_export(request, qs, LINK_COLUMNS, "case-links")) is not None:
        return response
    return render_list(
        request, "cases/link_list.html", qs, status=status, statuses=LinkStatus.choices
    )


@login_required
@require_POST
def link_propose(request: HttpRequest) -> HttpResponse:
    try:
        case = access.get_case_for(request.user, int(request.POST.get("case", 0)))
        proceeding = access.get_proceeding_for(request.user, int(request.POST.get("proceeding", 0)))
    except ValueError as exc:
        raise Http404 from exc
    kind = request.POST.get("kind", LinkKind.VALIDITY_CHALLENGE)
    try:
        services.link_propose(
            actor=request.user,
            case=case,
            proceeding=proceeding,
            kind=kind,
            reason=request.POST.get("reason", ""),
        )
        messages.success(request, _("已提出关联，等待对方确认。"))
    except ApplicationError as err:
        messages.error(request, err.message)
    return redirect("cases:case_detail", case.pk)


@login_required
@require_POST
def link_decide(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    link = access.get_link_for(request.user, pk)
    reason = request.POST.get("reason", "").strip()
    try:
        if decision == "confirm":
            services.link_confirm(actor=request.user, link=link, reason=reason)
            messages.success(
                request,
                _("已确认关联：%(case)s ↔ %(p)s。")
                % {"case": link.case, "p": link.proceeding.number},
            )
        elif decision == "reject":
            services.link_reject(actor=request.user, link=link, reason=reason)
            messages.success(request, _("已排除该关联。"))
        else:
            raise Http404
    except ApplicationError as err:
        messages.error(request, err.message)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "cases:link_list"
    return redirect(target)
