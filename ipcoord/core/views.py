"""Pages of core: sign-in, dashboard, notifications, the organisation directory, the audit trail."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ipcoord.core import services
from ipcoord.core.access import get_organisation_for
from ipcoord.core.list_export import Column, list_export
from ipcoord.core.models import Membership, OrgKind, Role
from ipcoord.core.notify import render as render_notification
from ipcoord.core.panels import panels_for
from ipcoord.core.selectors import (
    audit_event_list_for,
    history_for,
    notification_list_for,
    organisation_list_for,
    scope_for,
)
from ipcoord.core.tasks import audit_chain_verify


class LoginView(auth_views.LoginView):
    template_name = "core/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


def paginate(request: HttpRequest, qs, per_page: int = 25) -> dict:
    """Page of a queryset plus the query string without `page`, for the pagination links."""
    page = Paginator(qs, per_page).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    encoded = params.urlencode()
    return {"page_obj": page, "querystring_nopage": f"{encoded}&" if encoded else ""}


def render_list(request: HttpRequest, template: str, qs, **extra) -> HttpResponse:
    """A paginated list page; an htmx request (live search) gets only its `_rows` partial."""
    ctx = paginate(request, qs)
    ctx.update(extra)
    if request.htmx:
        template = template.replace(".html", "_rows.html")
    return render(request, template, ctx)


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    notes = list(notification_list_for(user=request.user, unread_only=True)[:8])
    for note in notes:
        note.text = render_notification(note)
    return render(
        request,
        "core/dashboard.html",
        {"panels": panels_for(request), "notifications": notes},
    )


NOTIFICATION_COLUMNS = (
    Column(gettext_lazy("时间"), lambda n: n.created_at),
    Column(gettext_lazy("内容"), render_notification),
    Column(gettext_lazy("状态"), lambda n: _("已读") if n.read_at else _("未读")),
)
AUDIT_COLUMNS = (
    Column("#", lambda e: e.seq),
    Column(gettext_lazy("时间"), lambda e: e.created_at),
    Column(gettext_lazy("操作人"), lambda e: e.actor_name),
    Column(gettext_lazy("操作"), lambda e: e.action),
    Column(gettext_lazy("对象"), lambda e: e.object_repr),
    Column(gettext_lazy("地址"), lambda e: e.client_address),
    Column(gettext_lazy("哈希"), lambda e: e.hash),
)


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    qs = notification_list_for(user=request.user)
    if (response := list_export(request, qs, NOTIFICATION_COLUMNS, "notifications")) is not None:
        return response
    ctx = paginate(request, qs)
    for note in ctx["page_obj"]:
        note.text = render_notification(note)
    return render(request, "core/notification_list.html", ctx)


@login_required
@require_POST
def notification_read(request: HttpRequest) -> HttpResponse:
    ids = [int(i) for i in request.POST.getlist("id") if i.isdigit()] or None
    count = services.notification_mark_read(actor=request.user, ids=ids)
    if request.htmx:
        return HttpResponse(status=204, headers={"HX-Refresh": "true"})
    messages.success(request, _("已将 %(n)d 条通知标为已读。") % {"n": count})
    return redirect("core:notification_list")


@login_required
def organisation_list(request: HttpRequest) -> HttpResponse:
    qs = organisation_list_for(user=request.user)
    q = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    if q:
        qs = qs.filter(
            Q(name__icontains=q) | Q(short_name__icontains=q) | Q(court_code=q) | Q(division_code=q)
        )
    if kind in OrgKind.values:
        qs = qs.filter(kind=kind)
    ctx = paginate(request, qs, 50)
    ctx.update({"q": q, "kind": kind, "kinds": OrgKind.choices})
    return render(request, "core/organisation_list.html", ctx)


@login_required
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_organisation_for(request.user, pk)
    members = Membership.objects.filter(organisation=org).select_related("user")
    show_members = org.pk in scope_for(request.user).visible_org_ids
    return render(
        request,
        "core/organisation_detail.html",
        {
            "org": org,
            "history": history_for(org),
            "children": org.children.all(),
            "members": members if show_members else None,
        },
    )


@login_required
def audit_list(request: HttpRequest) -> HttpResponse:
    if not scope_for(request.user).has_role(Role.AUDIT_ADMIN):
        raise Http404
    qs = audit_event_list_for(user=request.user).order_by("-seq")
    action = request.GET.get("action", "").strip()
    if action:
        qs = qs.filter(action__startswith=action)
    if (response := list_export(request, qs, AUDIT_COLUMNS, "audit-trail")) is not None:
        return response
    ctx = paginate(request, qs, 50)
    ctx["action"] = action
    return render(request, "core/audit_list.html", ctx)


@login_required
@require_POST
def audit_verify_start(request: HttpRequest) -> HttpResponse:
    """Queue a verification of the whole chain; the result arrives as a notification."""
    if not scope_for(request.user).has_role(Role.AUDIT_ADMIN):
        raise Http404
    transaction.on_commit(audit_chain_verify.enqueue)
    messages.info(request, _("已提交审计链校验任务，完成后将通过通知告诉您结果。"))
    return redirect("core:audit_list")
