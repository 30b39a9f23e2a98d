"""Pages of changes out: webhook subscriptions (organisation administrators) and notices."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ipcoord.core.exceptions import ApplicationError
from ipcoord.core.list_export import Column, list_export
from ipcoord.core.models import Organisation
from ipcoord.core.once import once_issue, once_pending, once_used
from ipcoord.core.views import paginate
from ipcoord.exchange import access, notices
from ipcoord.exchange.api_feed import subscription_list_for
from ipcoord.exchange.forms_out import NoticeForm, ReplyForm, SecretRotateForm, SubscriptionForm
from ipcoord.exchange.models_notices import NoticeAttachment
from ipcoord.exchange.webhooks import (
    may_rotate_secret,
    subscription_create,
    subscription_rotate_secret,
)

_ROTATIONS = "exchange.secret_rotation"
_SUBSCRIBES = "exchange.subscribe"


@login_required
def webhooks(request: HttpRequest) -> HttpResponse:
    """Subscriptions of the organisations the user administers; create one (secret once)."""
    admin = access.require_org_admin(request.user)
    orgs = Organisation.objects.filter(pk__in=[o.pk for o in admin]).order_by("id")
    form = SubscriptionForm(request.POST or None, organisations=orgs)
    secret = None
    created = None
    if request.method == "POST" and form.is_valid():
        # Each form subscribes once: reloading the page that shows the secret (which sends
        # the form again) must not make a second subscription.
        nonce = form.cleaned_data["nonce"]
        if not once_pending(request, _SUBSCRIBES, nonce):
            messages.info(
                request, _("这个订阅已经创建；签名密钥只显示一次，如已遗失，请更换密钥。")
            )
            return redirect("exchange:webhooks")
        try:
            created, secret = subscription_create(
                actor=request.user,
                organisation=form.cleaned_data["organisation"],
                target_url=form.cleaned_data["target_url"],
                kinds=form.cleaned_data["kinds"],
            )
        except ApplicationError as err:
            form.add_service_error(err)
        else:
            once_used(request, _SUBSCRIBES, nonce)
    if secret is not None or not form.is_bound:
        form = SubscriptionForm(
            organisations=orgs, initial={"nonce": once_issue(request, _SUBSCRIBES)}
        )
    ctx = paginate(request, subscription_list_for(user=request.user).order_by("-id"), 20)
    ctx.update(form=form, secret=secret, created=created)
    response = render(request, "exchange/webhooks.html", ctx)
    if secret is not None:
        add_never_cache_headers(response)  # the secret must not stay in a cache
    return response


@login_required
def webhook(request: HttpRequest, pk: int) -> HttpResponse:
    """One subscription and its deliveries, newest first; POST rotates its secret and shows
    the new one, once (404 for another organisation's subscription, as for GET)."""
    sub = subscription_list_for(user=request.user).filter(pk=pk).first()
    if sub is None:
        raise Http404
    may_rotate = may_rotate_secret(request.user, sub)
    if request.method == "POST" and not may_rotate:
        raise PermissionDenied  # a reader sees the page, without the rotation form
    form = SecretRotateForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        # Each form rotates once: reloading the page that shows the new secret (which sends
        # the form again) must not replace it, nor end the old secret's overlap.
        nonce = form.cleaned_data["nonce"]
        if not once_pending(request, _ROTATIONS, nonce):
            messages.info(request, _("这次更换已经完成；新密钥只显示一次，如已遗失，请再次更换。"))
            return redirect("exchange:webhook", pk=sub.pk)
        try:
            secret = subscription_rotate_secret(
                actor=request.user,
                subscription=sub,
                overlap_hours=form.cleaned_data["overlap_hours"],
            )
        except ApplicationError as err:
            form.add_service_error(err)
        else:
            once_used(request, _ROTATIONS, nonce)
    if may_rotate and (secret is not None or not form.is_bound):
        nonce = once_issue(request, _ROTATIONS)
        form = SecretRotateForm(initial={"overlap_hours": 24, "nonce": nonce})
    ctx = paginate(request, sub.deliveries.order_by("-id"), 50)
    ctx.update(
        sub=sub,
        form=form,
        secret=secret,
        may_rotate=may_rotate,
        previous_valid=sub.previous_secret_valid(timezone.now()),
    )
    response = render(request, "exchange/webhook.html", ctx)
    if secret is not None:
        add_never_cache_headers(response)  # the secret must not stay in a cache
    return response


NOTICE_COLUMNS = (
    Column(gettext_lazy("时间"), lambda n: n.created_at),
    Column(gettext_lazy("标题"), lambda n: n.title),
    Column(gettext_lazy("发出机构"), lambda n: n.organisation.name),
    Column(gettext_lazy("发往机构"), lambda n: "、".join(o.name for o in n.addressees.all())),
)


@login_required
def notice_list(request: HttpRequest) -> HttpResponse:
    qs = notices.notice_list_for(user=request.user)
    if (response := list_export(request, qs, NOTICE_COLUMNS, "notices")) is not None:
        return response
    ctx = paginate(request, qs, 25)
    return render(request, "exchange/notice_list.html", ctx)


@login_required
def notice_new(request: HttpRequest) -> HttpResponse:
    own = Organisation.objects.filter(memberships__user=request.user).distinct().order_by("id")
    sender = own.first()
    if sender is None:
        raise Http404
    form = NoticeForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            notice = notices.notice_post(
                actor=request.user,
                organisation=sender,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                addressees=form.cleaned_data["addressees"],
                files=form.cleaned_data["files"],
            )
        except ApplicationError as err:
            form.add_service_error(err)
        else:
            return redirect("exchange:notice", pk=notice.pk)
    return render(request, "exchange/notice_new.html", {"form": form, "sender": sender})


@login_required
def notice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    notice = notices.get_notice_for(request.user, pk)
    form = ReplyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            notices.notice_reply(
                actor=request.user,
                notice=notice,
                body=form.cleaned_data["body"],
                files=form.cleaned_data["files"],
            )
        except ApplicationError as err:
            form.add_service_error(err)
        else:
            return redirect("exchange:notice", pk=notice.pk)
    replies = notice.replies.select_related("organisation", "author").prefetch_related(
        "attachments"
    )
    ctx = {
        "notice": notice,
        "replies": replies,
        "attachments": notice.attachments.filter(reply__isnull=True),
        "form": form,
    }
    return render(request, "exchange/notice_detail.html", ctx)


@login_required
def notice_attachment(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    """Download an attachment; 404 unless the user may see its notice."""
    notice = notices.get_notice_for(request.user, pk)
    att = NoticeAttachment.objects.filter(notice=notice, pk=attachment_pk).first()
    if att is None:
        raise Http404
    return FileResponse(
        att.file.open("rb"),
        as_attachment=True,
        filename=att.original_name,
        content_type=att.content_type,
    )
