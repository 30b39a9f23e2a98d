"""Pages of the dishonesty list: the officers' workflow (list, propose, detail with the step
timeline and the forms of the next allowed steps) and the PUBLIC list (no login).

Writes go through the services; a service error is shown on the form that caused it.
"""

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ipcoord.core.exceptions import ApplicationError
from ipcoord.core.list_export import Column, list_export
from ipcoord.core.views import render_list
from ipcoord.integrity import access, credit_rules, selectors, services
from ipcoord.integrity.credit_forms import (
    DecideForm,
    NotifyForm,
    ObjectForm,
    ProposeForm,
    ReasonForm,
    WaiveForm,
)
from ipcoord.integrity.credit_models import CreditListing, ListingStatus
from ipcoord.registry.models import Party, PartyKind
from ipcoord.registry.selectors import party_list_for

S = ListingStatus
FORMS: dict[str, type] = {
    "notify": NotifyForm,
    "object": ObjectForm,
    "waive": WaiveForm,
    "decide": DecideForm,
    "withdraw": ReasonForm,
    "repair": ReasonForm,
}


def next_steps(listing: CreditListing, now: datetime.datetime) -> list[str]:
    """The steps the law allows next (the page shows only these forms; the services check
    again, so a stale page gets a clear error rather than a wrong step)."""
    st = listing.status
    steps: list[str] = []
    if st == S.PROPOSED:
        steps = ["notify"]
    elif st in (S.NOTIFIED, S.OBJECTED):
        in_period = listing.objection_deadline is not None and now <= listing.objection_deadline
        if in_period:
            steps.append("object")
        if st == S.NOTIFIED and in_period and not listing.objection_waived:
            steps.append("waive")
        if st == S.OBJECTED or not in_period or listing.objection_waived:
            steps.append("decide")
    elif st == S.LISTED:
        earliest = services.repair_possible_from(listing)
        if earliest is not None and now >= earliest:
            steps.append("repair")
    if st in (S.PROPOSED, S.NOTIFIED, S.OBJECTED, S.LISTED):
        steps.append("withdraw")
    return steps


def _party_id(request: HttpRequest, value: str) -> int | None:
    """A party the user may see, by id, USCC or exact name; None lets the service refuse."""
    value = value.strip()
    if value.isdigit():
        return int(value)
    parties = party_list_for(user=request.user)
    party = (
        parties.filter(uscc=value.upper()).first()
        or parties.filter(name=value).order_by("id").first()
    )
    return party.pk if party else None


def _form_error(form, err: ApplicationError) -> None:
    field = err.extra.get("field")
    form.add_error(field if field in form.fields else None, err.message)


LISTING_COLUMNS = (
    Column(gettext_lazy("编号"), lambda x: x.pk),
    Column(gettext_lazy("当事人"), lambda x: x.party.name),
    Column(gettext_lazy("名单类型"), lambda x: x.get_kind_display()),
    Column(gettext_lazy("状态"), lambda x: x.get_status_display()),
    Column(gettext_lazy("决定机关"), lambda x: x.owner_org.name),
    Column(
        gettext_lazy("公示截止"),
        lambda x: timezone.localdate(x.published_until) if x.published_until else None,
    ),
)


@login_required
def credit_list(request: HttpRequest) -> HttpResponse:
    """Listings the user may see, filtered by kind and status."""
    kind = request.GET.get("kind", "")
    status = request.GET.get("status", "")
    qs = selectors.listing_list_for(
        user=request.user,
        kind=kind if kind in credit_rules.ListKind.values else None,
        status=status if status in S.values else None,
    )
    if (response := list_export(request, qs, LISTING_COLUMNS, "dishonesty-list")) is not None:
        return response
    return render_list(
        request,
        "integrity/credit_list.html",
        qs,
        kinds=credit_rules.ListKind.choices,
        statuses=S.choices,
        kind=kind,
        status=status,
        is_officer=bool(selectors.officer_org_ids(request.user)),
    )


@login_required
def credit_propose(request: HttpRequest) -> HttpResponse:
    """The proposal form (IP officers; others get 404)."""
    if not selectors.officer_org_ids(request.user):
        raise Http404
    initial = {k: request.GET.get(k, "") for k in ("party", "findings")}
    form = ProposeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            listing = services.listing_propose(
                actor=request.user,
                party_id=_party_id(request, d["party"]),
                kind=d["kind"],
                facts=d["facts"],
                legal_basis=d["legal_basis"],
                term_months=d["term_months"],
                finding_ids=d["findings"],
            )
        except ApplicationError as err:
            _form_error(form, err)
        else:
            messages.success(request, _("已提出列入建议；下一步请告知当事人。"))
            return redirect("integrity:credit_detail", pk=listing.pk)
    rules = [credit_rules.kind_rule(k) for k in credit_rules.ListKind.values]
    return render(request, "integrity/credit_propose.html", {"form": form, "rules": rules})


def _detail(
    request: HttpRequest, listing: CreditListing, bound: dict[str, Any] | None = None
) -> HttpResponse:
    now = timezone.now()
    may_act = listing.owner_org_id in selectors.decider_org_ids(request.user)
    steps = next_steps(listing, now) if may_act else []
    forms_ = {s: (bound or {}).get(s) or FORMS[s](prefix=s) for s in steps}
    return render(
        request,
        "integrity/credit_detail.html",
        {
            "listing": listing,
            "rule": credit_rules.kind_rule(listing.kind),
            "timeline": listing.steps.select_related("actor"),
            "forms": forms_,
            "findings": listing.findings.all(),
            "repair_from": services.repair_possible_from(listing),
        },
        status=400 if bound else 200,
    )


@login_required
def credit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, access.get_listing_for(request.user, pk))


@login_required
@require_POST
def credit_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """Run one step; on an error the detail page comes back with the form and its error."""
    if step not in FORMS:
        raise Http404
    listing = access.get_listing_for(request.user, pk)
    form = FORMS[step](request.POST, prefix=step)
    if form.is_valid():
        d = form.cleaned_data
        u = request.user
        try:
            if step == "notify":
                services.listing_notify(actor=u, listing=listing, notice_text=d["notice_text"])
            elif step == "object":
                services.listing_object(actor=u, listing=listing, text=d["text"])
            elif step == "waive":
                services.listing_waive(actor=u, listing=listing, note=d["note"])
            elif step == "decide":
                services.listing_decide(
                    actor=u,
                    listing=listing,
                    reason=d["reason"],
                    answer=d["answer"],
                    list_party=d["outcome"] == "list",
                    term_months=d["term_months"],
                )
            elif step == "withdraw":
                services.listing_withdraw(actor=u, listing=listing, reason=d["reason"])
            else:
                services.listing_repair(actor=u, listing=listing, reason=d["reason"])
        except ApplicationError as err:
            _form_error(form, err)
        else:
            messages.success(request, _("已记录。"))
            return redirect("integrity:credit_detail", pk=listing.pk)
    listing = access.get_listing_for(request.user, pk)
    if step not in next_steps(listing, timezone.now()):
        messages.error(request, form.errors.get("__all__", [_("这一步现在不能办理。")])[0])
        return redirect("integrity:credit_detail", pk=listing.pk)
    return _detail(request, listing, bound={step: form})


def public_row(listing: CreditListing) -> dict[str, Any]:
    """Only the public fields (credit_rules.PUBLIC_FIELDS): never an ID card number."""
    party: Party = listing.party
    return {
        "id": listing.pk,
        "party_name": party.name,
        "identifier": credit_rules.mask_identifier(
            natural=party.kind == PartyKind.NATURAL, uscc=party.uscc
        ),
        "kind": listing.kind,
        "kind_label": str(listing.get_kind_display()),
        "facts": listing.facts,
        "legal_basis": listing.legal_basis,
        "decided_at": listing.decided_at,
        "published_from": listing.published_from,
        "published_until": listing.published_until,
        "office": listing.owner_org.name,
    }


def credit_public(request: HttpRequest) -> HttpResponse:
    """The PUBLIC list (no login): listings in force, public fields only."""
    kind = request.GET.get("kind", "")
    qs = selectors.public_listing_list()
    if kind in credit_rules.ListKind.values:
        qs = qs.filter(kind=kind)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    rows = [public_row(item) for item in page]
    rules = [credit_rules.kind_rule(k) for k in credit_rules.ListKind.values]
    return render(
        request,
        "integrity/credit_public.html",
        {"rows": rows, "page_obj": page, "rules": rules, "kind": kind},
    )
