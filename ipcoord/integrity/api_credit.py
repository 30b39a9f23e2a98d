"""API of the dishonesty list: `/api/v1/credit-listings/` (list, detail, propose and the
step actions, for IP officers' machine clients) and `/api/v1/credit-public/`, the public
list, read-only and open without authentication (public fields only).

Thin: every write is a service call; visibility is the selectors' (another office's
proposal answers 404)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle

from ipcoord.core.api_support import ScopedQuerysetMixin
from ipcoord.integrity import credit_rules, selectors, services
from ipcoord.integrity.credit_models import CreditListing, CreditStep, ListingStatus
from ipcoord.integrity.credit_views import public_row


class StepSerializer(serializers.ModelSerializer):
    actor_name = serializers.CharField(source="actor.__str__", default=None, read_only=True)

    class Meta:
        model = CreditStep
        fields = ["kind", "at", "actor_name", "note", "status_before", "status_after"]
        read_only_fields = fields


class ListingSerializer(serializers.ModelSerializer):
    office = serializers.CharField(source="owner_org.name", read_only=True)
    party_name = serializers.CharField(source="party.name", read_only=True)
    findings = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    steps = StepSerializer(many=True, read_only=True)

    class Meta:
        model = CreditListing
        fields = [
            "id", "kind", "status", "office", "party", "party_name", "facts", "legal_basis",
            "term_months", "findings", "notice_text", "notified_at", "objection_deadline",
            "objection_waived", "objection_text", "objection_at", "objection_answer",
            "decided_at", "decision_text", "published_from", "published_until", "ended_at",
            "end_reason", "created_at", "steps",
        ]  # fmt: skip
        read_only_fields = fields


class ProposeSerializer(serializers.Serializer):
    party = serializers.IntegerField(help_text=_("当事人编号。"))
    kind = serializers.ChoiceField(choices=credit_rules.ListKind.choices)
    facts = serializers.CharField(allow_blank=True, help_text=_("公开的失信事实摘要。"))
    legal_basis = serializers.CharField(allow_blank=True)
    term_months = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text=_("不填则用默认期限。")
    )
    findings = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)


class NotifySerializer(serializers.Serializer):
    notice_text = serializers.CharField(allow_blank=True)


class ObjectSerializer(serializers.Serializer):
    text = serializers.CharField(allow_blank=True)
    received_at = serializers.DateTimeField(required=False, allow_null=True, default=None)


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(allow_blank=True)


class DecideSerializer(serializers.Serializer):
    list_party = serializers.BooleanField(default=True, help_text=_("假为决定不予列入。"))
    reason = serializers.CharField(allow_blank=True)
    answer = serializers.CharField(allow_blank=True, required=False, default="")
    term_months = serializers.IntegerField(required=False, allow_null=True, default=None)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True)


class PublicListingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    party_name = serializers.CharField()
    identifier = serializers.CharField(help_text="USCC; masked for natural persons.")
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    facts = serializers.CharField()
    legal_basis = serializers.CharField()
    decided_at = serializers.DateTimeField()
    published_from = serializers.DateTimeField()
    published_until = serializers.DateTimeField()
    office = serializers.CharField()


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("kind", str, enum=credit_rules.ListKind.values),
            OpenApiParameter("status", str, enum=ListingStatus.values),
        ],
        description="Listings the caller may see: their office's and those below it in every "
        "state; decided (public) listings for every signed-in user.",
    )
)
class CreditListingViewSet(
    ScopedQuerysetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Dishonesty-list records (失信名单): proposal, notice, objection, decision, end."""

    serializer_class = ListingSerializer
    model = CreditListing

    def scoped_queryset(self):
        p = self.request.query_params
        return selectors.listing_list_for(
            user=self.request.user, kind=p.get("kind") or None, status=p.get("status") or None
        ).prefetch_related("findings", "steps__actor")

    def _done(self, listing: CreditListing, status: int = 200) -> Response:
        return Response(
            ListingSerializer(self.scoped_queryset().get(pk=listing.pk)).data, status=status
        )

    def _run(self, request, serializer_class, call) -> Response:
        listing = self.get_object()
        s = serializer_class(data=request.data)
        s.is_valid(raise_exception=True)
        return self._done(call(listing, s.validated_data))

    @extend_schema(request=ProposeSerializer, responses={201: ListingSerializer})
    def create(self, request):
        """Propose a listing (IP officers); the kind's default term when none is given."""
        s = ProposeSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        d = s.validated_data
        listing = services.listing_propose(
            actor=request.user,
            party_id=d["party"],
            kind=d["kind"],
            facts=d["facts"],
            legal_basis=d["legal_basis"],
            term_months=d["term_months"],
            finding_ids=d["findings"],
        )
        return self._done(listing, status=201)

    @extend_schema(request=NotifySerializer, responses=ListingSerializer)
    @action(detail=True, methods=["post"])
    def notify(self, request, pk=None):
        """Record the notice served on the party; the objection period starts."""
        return self._run(
            request,
            NotifySerializer,
            lambda li, d: services.listing_notify(
                actor=request.user, listing=li, notice_text=d["notice_text"]
            ),
        )

    @extend_schema(request=ObjectSerializer, responses=ListingSerializer)
    @action(detail=True, methods=["post"], url_path="object")
    def object_(self, request, pk=None):
        """Record an objection received within the period (refused after the deadline)."""
        return self._run(
            request,
            ObjectSerializer,
            lambda li, d: services.listing_object(
                actor=request.user, listing=li, text=d["text"], received_at=d["received_at"]
            ),
        )

    @extend_schema(request=NoteSerializer, responses=ListingSerializer)
    @action(detail=True, methods=["post"])
    def waive(self, request, pk=None):
        """Record that the party waived objection."""
        return self._run(
            request,
            NoteSerializer,
            lambda li, d: services.listing_waive(actor=request.user, listing=li, note=d["note"]),
        )

    @extend_schema(request=DecideSerializer, responses=ListingSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        """Decide (after the objection period or a waiver; an objection must be answered)."""
        return self._run(
            request,
            DecideSerializer,
            lambda li, d: services.listing_decide(actor=request.user, listing=li, **d),
        )

    @extend_schema(request=ReasonSerializer, responses=ListingSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """Withdraw a proposal or revoke a listing, with the reason."""
        return self._run(
            request,
            ReasonSerializer,
            lambda li, d: services.listing_withdraw(
                actor=request.user, listing=li, reason=d["reason"]
            ),
        )

    @extend_schema(request=ReasonSerializer, responses=ListingSerializer)
    @action(detail=True, methods=["post"])
    def repair(self, request, pk=None):
        """Early removal after credit repair (only after the kind's minimum period)."""
        return self._run(
            request,
            ReasonSerializer,
            lambda li, d: services.listing_repair(
                actor=request.user, listing=li, reason=d["reason"]
            ),
        )


@extend_schema_view(
    list=extend_schema(
        auth=[],
        parameters=[OpenApiParameter("kind", str, enum=credit_rules.ListKind.values)],
        description="The public dishonesty list: listings in force, public fields only. "
        "No authentication.",
    )
)
class PublicCreditViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The public list (失信名单公示); open to anyone, read-only."""

    serializer_class = PublicListingSerializer
    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [AnonRateThrottle]

    def get_queryset(self):
        qs = selectors.public_listing_list()
        kind = self.request.query_params.get("kind")
        return qs.filter(kind=kind) if kind else qs

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response([public_row(item) for item in page])


def register(router) -> None:
    router.register("credit-listings", CreditListingViewSet, basename="credit-listing")
    router.register("credit-public", PublicCreditViewSet, basename="credit-public")
