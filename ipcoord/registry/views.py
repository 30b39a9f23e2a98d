"""Pages of the register: lists with search and filters, detail pages with legal history."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ipcoord.cases import selectors as cases_selectors
from ipcoord.core.selectors import history_for
from ipcoord.core.views import render_list
from ipcoord.registry import access, selectors
from ipcoord.registry.models import PatentKind, RightStatus


@login_required
def patent_list(request: HttpRequest) -> HttpResponse:
    g = request.GET
    filters = {k: g.get(k, "").strip() for k in ("q", "kind", "status", "ipc")}
    qs = selectors.patent_list_for(user=request.user, **{k: v or None for k, v in filters.items()})
    return render_list(
        request,
        "registry/patent_list.html",
        qs,
        f=filters,
        kinds=PatentKind.choices,
        statuses=RightStatus.choices,
    )


@login_required
def patent_detail(request: HttpRequest, pk: int) -> HttpResponse:
    patent = access.get_patent_for(request.user, pk)
    return render(
        request,
        "registry/patent_detail.html",
        {
            "patent": patent,
            "history": history_for(patent),
            "events": selectors.event_list_for(user=request.user, right=patent),
            "stability": cases_selectors.right_stability(user=request.user, right=patent),
        },
    )


@login_required
def trademark_list(request: HttpRequest) -> HttpResponse:
    g = request.GET
    filters = {k: g.get(k, "").strip() for k in ("q", "nice_class", "status")}
    qs = selectors.trademark_list_for(
        user=request.user, **{k: v or None for k, v in filters.items()}
    )
    return render_list(
        request,
        "registry/trademark_list.html",
        qs,
        f=filters,
        statuses=RightStatus.choices,
        classes=range(1, 46),
    )


@login_required
def trademark_detail(request: HttpRequest, pk: int) -> HttpResponse:
    mark = access.get_trademark_for(request.user, pk)
    return render(
        request,
        "registry/trademark_detail.html",
        {
            "mark": mark,
            "history": history_for(mark),
            "events": selectors.event_list_for(user=request.user, right=mark),
            "stability": cases_selectors.right_stability(user=request.user, right=mark),
        },
    )


@login_required
def party_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    qs = selectors.party_list_for(user=request.user, q=q or None)
    return render_list(request, "registry/party_list.html", qs, f={"q": q})


@login_required
def party_detail(request: HttpRequest, pk: int) -> HttpResponse:
    party = access.get_party_for(request.user, pk)
    return render(
        request,
        "registry/party_detail.html",
        {
            "party": party,
            "history": history_for(party),
            "patents": selectors.patent_list_for(user=request.user, owner=party)[:50],
            "trademarks": selectors.trademark_list_for(user=request.user).filter(owner=party)[:50],
            "cases": cases_selectors.case_list_for(user=request.user)
            .filter(case_parties__party=party)
            .distinct()[:50],
        },
    )
