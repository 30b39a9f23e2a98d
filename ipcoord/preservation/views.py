"""Pages of patent inquiry-and-control: the court's orders, expiring freezes, the inquiry,
the printable order summary, submitting, renewing and releasing an order; the CNIPA
registration queue; the inquiry log; the dashboard panel. Writes go through the services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ipcoord.core.exceptions import ApplicationError
from ipcoord.core.list_export import Column, list_export
from ipcoord.core.views import paginate
from ipcoord.preservation import access, selectors, services
from ipcoord.preservation.forms import FreezeReleaseForm, FreezeRenewForm, FreezeSubmitForm
from ipcoord.preservation.models import LIVE_ITEM_STATUSES, ItemStatus, OrderStatus
from ipcoord.preservation.rules import Ceiling, ceiling_for, renewal_is_late

ORDER_COLUMNS = (
    Column(gettext_lazy("编号"), lambda o: o.pk),
    Column(gettext_lazy("法院"), lambda o: o.owner_org.name),
    Column(gettext_lazy("案号"), lambda o: o.case.number),
    Column(gettext_lazy("协助执行通知书文号"), lambda o: o.notice_number),
    Column(gettext_lazy("权利数"), lambda o: len(o.items.all())),
    Column(gettext_lazy("状态"), lambda o: o.get_status_display()),
    Column(gettext_lazy("提交时间"), lambda o: timezone.localdate(o.created_at)),
)
INQUIRY_COLUMNS = (
    Column(gettext_lazy("时间"), lambda i: i.created_at),
    Column(gettext_lazy("法院"), lambda i: i.court.name),
    Column(gettext_lazy("查询人"), lambda i: i.actor),
    Column(gettext_lazy("案号"), lambda i: i.case.number),
    Column(gettext_lazy("查询条件"), lambda i: i.query),
    Column(gettext_lazy("结果数"), lambda i: i.result_count),
)


@login_required
def order_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "").strip()
    status = status if status in OrderStatus.values else ""  # an unknown one: all, as shown
    if selectors.is_registry_officer(request.user):
        qs = selectors.order_list_for(user=request.user, status=status or None)
    else:
        qs = selectors.my_court_orders(user=request.user, status=status or None)
    if (response := list_export(request, qs, ORDER_COLUMNS, "freeze-orders")) is not None:
        return response
    ctx = paginate(request, qs)
    ctx.update(
        statuses=OrderStatus.choices,
        status=status,
        can_submit=bool(selectors.acting_court_ids(request.user)),
    )
    return render(request, "preservation/order_list.html", ctx)


@login_required
def expiring(request: HttpRequest) -> HttpResponse:
    items = list(selectors.expiring_for(user=request.user, days=30))
    today = timezone.localdate()
    for item in items:
        item.renew_late = renewal_is_late(item.ends_on, today)
    return render(request, "preservation/expiring.html", {"items": items})


@login_required
def order_detail(request: HttpRequest, pk: int) -> HttpResponse:
    order = access.get_order_for(request.user, pk)
    items = list(order.items.all())
    rights = selectors.right_states([item.right for item in items])
    statuses = {item.status for item in items}
    may_act = order.owner_org_id in selectors.acting_court_ids(request.user)
    return render(
        request,
        "preservation/order_detail.html",
        {
            "order": order,
            "rows": list(zip(items, rights, strict=True)),
            "can_register": order.status == OrderStatus.SUBMITTED
            and selectors.is_registry_officer(request.user),
            "can_renew": may_act and ItemStatus.ACTIVE in statuses,
            "can_release": may_act and bool(statuses & {*LIVE_ITEM_STATUSES, ItemStatus.PENDING}),
            "printed_at": timezone.now(),
        },
    )


def _ceilings() -> list[tuple[str, Ceiling]]:
    return [(_("专利和专利申请"), ceiling_for("patent")), (_("注册商标"), ceiling_for("trademark"))]


@login_required
def order_submit(request: HttpRequest) -> HttpResponse:
    """The court's form for a new freeze order; CNIPA registers it afterwards."""
    if not selectors.acting_court_ids(request.user):
        raise Http404
    # From the inquiry's results: the case and the ticked rights come filled in.
    initial = {
        "case_number": request.GET.get("case_number", "").strip(),
        "rights": "\n".join(r.strip() for r in request.GET.getlist("right") if r.strip()),
    }
    form = FreezeSubmitForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        patents, marks = data["rights"]
        try:
            rights = services.resolve_rights(patent_numbers=patents, trademark_numbers=marks)
            order = services.freeze_order_submit(
                actor=request.user,
                case_number=data["case_number"],
                kind=data["kind"],
                ruling_number=data["ruling_number"],
                notice_number=data["notice_number"],
                months=data["months"],
                rights=rights,
                note=data["note"],
            )
        except ApplicationError as err:
            form.add_service_error(err)
        else:
            messages.success(request, _("冻结令已提交，等待国家知识产权局登记。"))
            return redirect("preservation:order_detail", pk=order.pk)
    return render(
        request,
        "preservation/order_submit.html",
        {
            "form": form,
            "cases": selectors.open_cases_for(user=request.user),
            "ceilings": _ceilings(),
        },
    )


@login_required
def order_renew(request: HttpRequest, pk: int) -> HttpResponse:
    """Continued preservation (继续冻结) of the order's active freezes, by the ordering court."""
    order = access.get_order_to_act(request.user, pk)
    form = FreezeRenewForm(request.POST or None)
    warning = services.late_renewal_warning(list(order.items.all()))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            record = services.freeze_renew(
                actor=request.user,
                order=order,
                ruling_number=data["ruling_number"],
                notice_number=data["notice_number"],
                months=data["months"],
            )
        except ApplicationError as err:
            form.add_service_error(err)
        else:
            messages.success(request, _("已办理继续冻结。"))
            if record.late and warning:
                messages.warning(request, warning)
            return redirect("preservation:order_detail", pk=order.pk)
    return render(
        request,
        "preservation/order_change.html",
        {
            "form": form,
            "order": order,
            "action": "renew",
            "ceilings": _ceilings(),
            "warning": warning,
        },
    )


@login_required
def order_release(request: HttpRequest, pk: int) -> HttpResponse:
    """Release (解除冻结) of the whole order or of the ticked rights, by the ordering court."""
    order = access.get_order_to_act(request.user, pk)
    live = [i for i in order.items.all() if i.status in {*LIVE_ITEM_STATUSES, ItemStatus.PENDING}]
    form = FreezeReleaseForm(request.POST or None, items=live)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.freeze_release(
                actor=request.user,
                order=order,
                ruling_number=data["ruling_number"],
                notice_number=data["notice_number"],
                rights=form.chosen_rights(),
            )
        except ApplicationError as err:
            form.add_service_error(err)
        else:
            messages.success(request, _("已解除冻结。"))
            return redirect("preservation:order_detail", pk=order.pk)
    return render(
        request,
        "preservation/order_change.html",
        {"form": form, "order": order, "action": "release", "ceilings": []},
    )


def dashboard_panel(request: HttpRequest) -> dict:
    """The dashboard's preservation cards: the court's orders, CNIPA's registration queue."""
    user = request.user
    return {
        "court": selectors.court_panel_for(user=user),
        "registry": selectors.registry_panel_for(user=user),
    }


@login_required
def inquiry(request: HttpRequest) -> HttpResponse:
    form = {
        "case_number": request.POST.get("case_number", "").strip(),
        "query": request.POST.get("query", "").strip(),
    }
    result = None
    if request.method == "POST":
        try:
            result = services.inquiry_run(actor=request.user, **form)
        except ApplicationError as err:
            messages.error(request, err.message)
    return render(
        request,
        "preservation/inquiry.html",
        {"f": form, "result": result, "cases": selectors.open_cases_for(user=request.user)},
    )


@login_required
def inquiry_list(request: HttpRequest) -> HttpResponse:
    qs = selectors.inquiry_list_for(user=request.user)
    if (response := list_export(request, qs, INQUIRY_COLUMNS, "inquiries")) is not None:
        return response
    ctx = paginate(request, qs)
    return render(request, "preservation/inquiry_list.html", ctx)


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    orders = list(selectors.registration_queue_for(user=request.user)[:200])
    for order in orders:
        order.waited_hours = int((now - order.created_at).total_seconds() // 3600)
    return render(request, "preservation/queue.html", {"orders": orders})


@login_required
@require_POST
def order_register(request: HttpRequest, pk: int) -> HttpResponse:
    order = access.get_order_for(request.user, pk)
    try:
        services.freeze_order_register(actor=request.user, order=order)
        messages.success(request, _("冻结令已登记。"))
    except ApplicationError as err:
        messages.error(request, err.message)
    return redirect("preservation:order_detail", pk=order.pk)
