"""Pages of patent inquiry-and-control: the court's orders, expiring freezes, the inquiry,
the printable order summary; the CNIPA registration queue; the inquiry log."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ipcoord.core.exceptions import ApplicationError
from ipcoord.core.views import paginate
from ipcoord.preservation import access, selectors, services
from ipcoord.preservation.models import OrderStatus


@login_required
def order_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "").strip()
    if services.is_registry_officer(request.user):
        qs = selectors.order_list_for(user=request.user, status=status or None)
    else:
        qs = selectors.my_court_orders(user=request.user, status=status or None)
    ctx = paginate(request, qs)
    ctx.update(statuses=OrderStatus.choices, status=status)
    return render(request, "preservation/order_list.html", ctx)


@login_required
def expiring(request: HttpRequest) -> HttpResponse:
    items = selectors.expiring_for(user=request.user, days=30)
    return render(request, "preservation/expiring.html", {"items": items})


@login_required
def order_detail(request: HttpRequest, pk: int) -> HttpResponse:
    order = access.get_order_for(request.user, pk)
    rights = [selectors.right_state(item.right) for item in order.items.all()]
    return render(
        request,
        "preservation/order_detail.html",
        {
            "order": order,
            "rows": list(zip(order.items.all(), rights, strict=True)),
            "can_register": order.status == OrderStatus.SUBMITTED
            and services.is_registry_officer(request.user),
            "printed_at": timezone.now(),
        },
    )


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
    return render(request, "preservation/inquiry.html", {"f": form, "result": result})


@login_required
def inquiry_list(request: HttpRequest) -> HttpResponse:
    ctx = paginate(request, selectors.inquiry_list_for(user=request.user))
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
