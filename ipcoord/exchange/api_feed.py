"""API of changes out: the feed (`/api/v1/exchange/feed/`) and webhook subscriptions.

Both people (session) and machine clients (token) read the feed; each sees only items
about records they may see now. Subscriptions are managed by organisation administrators
(any member as the reader) or by a machine client for itself; another organisation's
subscription is 404. A secret is shown in two answers only: creating the subscription and
rotating its secret.
"""

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from ipcoord.core.access import get_or_404
from ipcoord.core.api_support import ScopedQuerysetMixin
from ipcoord.core.exceptions import ApplicationError
from ipcoord.core.models import Membership, Organisation, Role, User
from ipcoord.exchange.feed import FEED_KINDS, feed_page
from ipcoord.exchange.models_out import Delivery, Subscription
from ipcoord.exchange.webhooks import (
    MAX_OVERLAP_HOURS,
    subscription_create,
    subscription_rotate_secret,
    subscription_set_active,
)


def _int(request: Request, name: str, default: int) -> int:
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise ApplicationError(
            _("参数 %(name)s 应为非负整数。") % {"name": name}, code="bad_param"
        ) from exc
    if value < 0:
        raise ApplicationError(_("参数 %(name)s 应为非负整数。") % {"name": name}, code="bad_param")
    return value


class FeedViewSet(viewsets.ViewSet):
    """The change feed (issue 5 §3): audit events about records the caller may see, in order."""

    @extend_schema(
        summary="Read the change feed after a cursor",
        description=(
            "Items in seq order after `after`; pass the answer's `next` as `after` to resume. "
            "`next` can move past events the caller may not see. Each item holds the record "
            "as the caller may see it now. `kinds`: comma-separated " + ", ".join(FEED_KINDS)
        ),
        parameters=[
            OpenApiParameter("after", int, description="Cursor (an audit seq); 0 = start."),
            OpenApiParameter("limit", int, description="Items per page, 1–500 (default 100)."),
            OpenApiParameter("kinds", str, description="Comma-separated feed kinds."),
        ],
        responses=inline_serializer(
            "FeedPage",
            {
                "items": serializers.ListField(child=serializers.DictField()),
                "next": serializers.IntegerField(),
                "has_more": serializers.BooleanField(),
            },
        ),
    )
    def list(self, request: Request) -> Response:
        kinds = [k for k in request.query_params.get("kinds", "").split(",") if k]
        page = feed_page(
            user=request.user,
            after=_int(request, "after", 0),
            limit=_int(request, "limit", 100) or 1,
            kinds=kinds,
            context={"request": request},
        )
        return Response({"items": page.items, "next": page.next, "has_more": page.has_more})


def subscription_list_for(*, user: User) -> QuerySet[Subscription]:
    """Subscriptions of organisations the user administers, and those the user reads."""
    admin_orgs = Membership.objects.filter(user_id=user.pk, role=Role.ORG_ADMIN).values(
        "organisation_id"
    )
    return Subscription.objects.filter(
        Q(organisation_id__in=admin_orgs) | Q(owner_id=user.pk)
    ).select_related("organisation", "owner")


class DeliverySerializer(serializers.ModelSerializer):
    class Meta:
        model = Delivery
        fields = [
            "id",
            "after_seq",
            "last_seq",
            "item_count",
            "status",
            "attempts",
            "next_attempt_at",
            "response_code",
            "error",
            "created_at",
            "delivered_at",
        ]
        read_only_fields = fields


class SubscriptionSerializer(serializers.ModelSerializer):
    owner = serializers.CharField(source="owner.username", read_only=True)

    class Meta:
        model = Subscription
        fields = [
            "id",
            "organisation",
            "owner",
            "target_url",
            "kinds",
            "status",
            "last_seq",
            "next_attempt_at",
            "previous_secret_expires_at",
            "created_at",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "previous_secret_expires_at": {
                "help_text": "After a secret rotation: until then deliveries are also signed "
                "with the previous secret (a second signature in X-Ipcoord-Signature)."
            }
        }


class SubscriptionCreateSerializer(serializers.Serializer):
    organisation = serializers.IntegerField(
        required=False, help_text="Defaults to the caller's first organisation."
    )
    target_url = serializers.CharField()
    kinds = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    owner = serializers.IntegerField(
        required=False, help_text="User id of the reader (a member); default the caller."
    )
    from_seq = serializers.IntegerField(
        required=False, help_text="Replay from this seq; default: from now on."
    )


class SecretRotateSerializer(serializers.Serializer):
    overlap_hours = serializers.IntegerField(
        required=False,
        default=24,
        help_text=f"Hours the previous secret keeps signing next to the new one, "
        f"0–{MAX_OVERLAP_HOURS}; 0 ends it at once. Default 24.",
    )


class SubscriptionWithSecretSerializer(SubscriptionSerializer):
    secret = serializers.CharField(help_text="The new signing secret; shown this once.")

    class Meta(SubscriptionSerializer.Meta):
        fields = [*SubscriptionSerializer.Meta.fields, "secret"]
        read_only_fields = fields


class SubscriptionViewSet(
    ScopedQuerysetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Webhook subscriptions; the secret is in the answer to create only."""

    model = Subscription
    serializer_class = SubscriptionSerializer

    def scoped_queryset(self) -> QuerySet[Subscription]:
        return subscription_list_for(user=self.request.user).order_by("-id")

    @extend_schema(
        request=SubscriptionCreateSerializer,
        responses={
            201: inline_serializer("SubscriptionCreated", {"secret": serializers.CharField()})
        },
    )
    def create(self, request: Request) -> Response:
        data = SubscriptionCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v: dict[str, Any] = data.validated_data
        orgs = Organisation.objects.filter(memberships__user=request.user).distinct()
        org = (
            get_or_404(orgs, pk=v["organisation"])
            if "organisation" in v
            else orgs.order_by("id").first()
        )
        if org is None:
            raise ApplicationError(_("您不属于任何机构，不能订阅推送。"), code="no_organisation")
        owner = (
            get_or_404(User.objects.filter(memberships__organisation=org).distinct(), pk=v["owner"])
            if "owner" in v
            else None
        )
        sub, secret = subscription_create(
            actor=request.user,
            organisation=org,
            target_url=v["target_url"],
            kinds=v["kinds"],
            owner=owner,
            from_seq=v.get("from_seq"),
        )
        body = dict(SubscriptionSerializer(sub).data)
        body["secret"] = secret
        return Response(body, status=201)

    @extend_schema(request=None, responses=DeliverySerializer(many=True))
    @action(detail=True, methods=["get"])
    def deliveries(self, request: Request, pk: str | None = None) -> Response:
        sub = self.get_object()
        page = self.paginate_queryset(sub.deliveries.order_by("-id"))
        return self.get_paginated_response(DeliverySerializer(page, many=True).data)

    @extend_schema(request=None, responses=SubscriptionSerializer)
    @action(detail=True, methods=["post"])
    def pause(self, request: Request, pk: str | None = None) -> Response:
        sub = self.get_object()
        subscription_set_active(actor=request.user, subscription=sub, active=False)
        return Response(SubscriptionSerializer(sub).data)

    @extend_schema(request=None, responses=SubscriptionSerializer)
    @action(detail=True, methods=["post"])
    def activate(self, request: Request, pk: str | None = None) -> Response:
        sub = self.get_object()
        subscription_set_active(actor=request.user, subscription=sub, active=True)
        return Response(SubscriptionSerializer(sub).data)

    @extend_schema(
        summary="Rotate the signing secret, with an overlap",
        description=(
            "Answers the new secret (shown this once). Until `previous_secret_expires_at` "
            "(null when `overlap_hours` is 0) each delivery carries two signatures, "
            "`X-Ipcoord-Signature: sha256=NEW,sha256=OLD`; afterwards only the new one. "
            "Organisation administrators, or the machine client that subscribed for itself."
        ),
        request=SecretRotateSerializer,
        responses=SubscriptionWithSecretSerializer,
    )
    @action(detail=True, methods=["post"], url_path="rotate-secret")
    def rotate_secret(self, request: Request, pk: str | None = None) -> Response:
        sub = self.get_object()
        data = SecretRotateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        secret = subscription_rotate_secret(
            actor=request.user,
            subscription=sub,
            overlap_hours=data.validated_data["overlap_hours"],
        )
        body = dict(SubscriptionSerializer(sub).data)
        body["secret"] = secret
        return Response(body)


def register(router: Any) -> None:
    router.register("exchange/feed", FeedViewSet, basename="exchange-feed")
    router.register("exchange/subscriptions", SubscriptionViewSet, basename="exchange-subscription")
