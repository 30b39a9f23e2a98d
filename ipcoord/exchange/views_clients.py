"""Pages of the machines' door for organisation administrators: their machine clients (name
and allowed kinds), keys (rotation, revocation), API tokens and recent batches.

Writes go through `clients.py` (which checks the role again and audits); clients and keys
are reached through `access.py`, so another organisation's client is 404 on every page and
POST. A token is shown once, in the response to the POST that made it, never stored.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from ipcoord.core.exceptions import ApplicationError
from ipcoord.core.once import once_issue, once_pending, once_used
from ipcoord.core.views import paginate
from ipcoord.exchange import access, clients, selectors
from ipcoord.exchange.batches import batch_progress
from ipcoord.exchange.forms_clients import (
    ClientEditForm,
    ClientKeyForm,
    ClientRegisterForm,
    kind_choices,
)
from ipcoord.exchange.models import BatchStatus, ClientKey, MachineClient
from ipcoord.exchange.progress import PHASES


def _kind_labels(client: MachineClient) -> list[str]:
    labels = dict(kind_choices())
    return [labels.get(name, name) for name in client.allowed_kinds]


_RESETS = "exchange.token_reset"


def _token_page(request: HttpRequest, ctx: dict[str, Any]) -> HttpResponse:
    response = render(request, "exchange/client_token.html", ctx)
    # The token must not stay in a cache or the browser's history.
    add_never_cache_headers(response)
    return response


@login_required
def client_list(request: HttpRequest) -> HttpResponse:
    """The clients of the organisations the user administers."""
    access.require_org_admin(request.user)
    ctx = paginate(request, selectors.machine_client_list_for(user=request.user), 25)
    for client in ctx["page_obj"]:
        client.kind_labels = _kind_labels(client)
        if client.last_batch_status:
            client.last_batch_status_label = BatchStatus(client.last_batch_status).label
    return render(request, "exchange/clients.html", ctx)


@login_required
def client_new(request: HttpRequest) -> HttpResponse:
    """Register a client with its first key; the answer shows its API token, once."""
    orgs = access.require_org_admin(request.user)
    form = ClientRegisterForm(request.POST or None, organisations=orgs)
    if request.method == "POST" and form.is_valid():
        try:
            client, token = clients.machine_client_register(
                actor=request.user,
                organisation=form.cleaned_data["organisation"],
                name=form.cleaned_data["name"],
                public_key=form.cleaned_data["public_key"],
                allowed_kinds=form.cleaned_data["allowed_kinds"],
            )
        except ApplicationError as err:
            form.add_service_error(err)
        else:
            ctx = {"client": client, "token": token, "key": client.keys.get(), "registered": True}
            return _token_page(request, ctx)
    return render(request, "exchange/client_new.html", {"form": form})


@login_required
def client_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A client, its keys, the form to add a key (rotation) and its recent batches."""
    client = access.get_client_for(request.user, pk)
    form = ClientKeyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            key = clients.client_key_add(
                actor=request.user, client=client, public_key=form.cleaned_data["public_key"]
            )
        except ApplicationError as err:
            form.add_service_error(err)
        else:
            messages.success(
                request,
                _("已添加密钥 %(id)s。客户端改用新私钥签名并确认批次能被接收后，请吊销旧密钥。")
                % {"id": key.key_id},
            )
            return redirect("exchange:client", pk=client.pk)
    ctx = paginate(request, selectors.client_batch_list_for(user=request.user, client=client), 20)
    labels = dict(kind_choices())
    for batch in ctx["page_obj"]:
        batch.kind_label = labels.get(batch.record_kind, batch.record_kind)
        if not batch.settled:  # a large batch the worker is importing: how far it is
            batch.progress = batch_progress(batch)
            batch.phase_label = PHASES[batch.progress["phase"]]
    ctx.update(
        client=client,
        kind_labels=_kind_labels(client),
        keys=client.keys.order_by("-created_at"),
        has_valid_key=client.keys.filter(revoked_at__isnull=True).exists(),
        token_created=selectors.client_token_created(client),
        form=form,
    )
    return render(request, "exchange/client_detail.html", ctx)


@login_required
def client_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change the client's name and the record kinds it may send; keys, token and batches
    stay as they are."""
    client = access.get_client_for(request.user, pk)
    initial = {"name": client.name, "allowed_kinds": client.allowed_kinds}
    form = ClientEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if not form.has_changed():  # the same name and kinds (in any order)
            messages.info(request, _("没有修改需要保存。"))
            return redirect("exchange:client", pk=client.pk)
        try:
            clients.machine_client_update(
                actor=request.user,
                client=client,
                name=form.cleaned_data["name"],
                kinds=form.cleaned_data["allowed_kinds"],
            )
        except ApplicationError as err:
            form.add_service_error(err)
        else:
            messages.success(
                request, _("已保存。已接收的批次保持原样；不再允许的类型，新批次一律拒收。")
            )
            return redirect("exchange:client", pk=client.pk)
    return render(request, "exchange/client_edit.html", {"client": client, "form": form})


def _confirm(request: HttpRequest, client: MachineClient, **ctx: Any) -> HttpResponse:
    return render(request, "exchange/client_confirm.html", {"client": client, **ctx})


def _settle(request: HttpRequest, client: MachineClient, done: str, write) -> HttpResponse:
    """Run a write; a success or the service's error as a message on the client's page."""
    try:
        write()
    except ApplicationError as err:
        messages.error(request, err.message)
    else:
        messages.success(request, done)
    return redirect("exchange:client", pk=client.pk)


@login_required
def client_key_revoke(request: HttpRequest, pk: int, key_pk: int) -> HttpResponse:
    """GET asks for confirmation; POST revokes the key."""
    key = access.get_client_key_for(request.user, pk, key_pk)
    client = key.client
    if request.method == "POST":
        return _settle(
            request,
            client,
            _("已吊销密钥 %(id)s；用它签名的批次从现在起一律拒收。") % {"id": key.key_id},
            lambda: clients.client_key_revoke(actor=request.user, key=key),
        )
    if key.revoked_at is not None:
        messages.info(request, _("密钥 %(id)s 已经吊销。") % {"id": key.key_id})
        return redirect("exchange:client", pk=client.pk)
    others = ClientKey.objects.filter(client=client, revoked_at__isnull=True).exclude(pk=key.pk)
    notes = [
        _("用这把密钥签名的批次从现在起一律拒收，包括吊销前已签名、尚未提交的批次。"),
        _("吊销不能撤销；要恢复，只能登记一把新密钥。"),
    ]
    if not others.exists():
        notes.insert(
            0,
            _("这是该客户端唯一有效的密钥：吊销后它无法再提交任何批次，直到添加新密钥。"),
        )
    return _confirm(
        request,
        client,
        title=_("吊销密钥 %(id)s") % {"id": key.key_id},
        notes=notes,
        danger=True,
        button=_("确认吊销"),
    )


@login_required
def client_token_reset(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation; POST replaces the token and shows the new one, once."""
    client = access.get_client_for(request.user, pk)
    if request.method == "POST":
        # Each confirmation page resets once: reloading the page that shows the new token
        # (which sends the form again) must not replace the token just shown.
        nonce = request.POST.get("nonce", "")
        if not once_pending(request, _RESETS, nonce):
            messages.info(request, _("这次重置已经完成；新令牌只显示一次，如已遗失，请再次重置。"))
            return redirect("exchange:client", pk=client.pk)
        once_used(request, _RESETS, nonce)
        try:
            token = clients.machine_client_token_reset(actor=request.user, client=client)
        except ApplicationError as err:
            messages.error(request, err.message)
            return redirect("exchange:client", pk=client.pk)
        return _token_page(request, {"client": client, "token": token, "registered": False})
    nonce = once_issue(request, _RESETS)
    return _confirm(
        request,
        client,
        fields={"nonce": nonce},
        title=_("重置 API 令牌"),
        notes=[
            _("旧令牌立即失效：客户端在换上新令牌之前，调用接口都会被拒绝。"),
            _("新令牌只在下一页显示一次。"),
        ],
        danger=True,
        button=_("确认重置"),
    )


@login_required
def client_set_active(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation; POST suspends (active=0) or resumes (active=1) the client."""
    client = access.get_client_for(request.user, pk)
    if request.method == "POST":
        active = request.POST.get("active") == "1"
        done = _("已启用客户端。") if active else _("已停用客户端；它的令牌和批次一律拒收。")
        return _settle(
            request,
            client,
            done,
            lambda: clients.machine_client_set_active(
                actor=request.user, client=client, active=active
            ),
        )
    if client.active:
        return _confirm(
            request,
            client,
            title=_("停用客户端"),
            notes=[
                _("停用后，客户端的令牌和它提交的批次一律拒收；密钥和令牌保留不变。"),
                _("随时可以重新启用。"),
            ],
            danger=True,
            button=_("确认停用"),
            fields={"active": "0"},
        )
    return _confirm(
        request,
        client,
        title=_("启用客户端"),
        notes=[_("启用后，客户端可以用原来的令牌和有效密钥继续提交批次。")],
        danger=False,
        button=_("确认启用"),
        fields={"active": "1"},
    )
