"""API of patent inquiry and control: orders (submit, register, renew, release, list),
a right's preservation state, and the inquiry. Thin: every write is a service call."""

from typing import Any

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from ipcoord.core.api_support import ScopedQuerysetMixin
from ipcoord.preservation import selectors, services
from ipcoord.preservation.models import (
    FreezeItem,
    FreezeKind,
    FreezeOrder,
    FreezeRenewal,
    OrderStatus,
)
from ipcoord.registry.api import PartyBriefSerializer


class FreezeItemSerializer(serializers.ModelSerializer):
    right_kind = serializers.CharField(read_only=True)
    right_number = serializers.SerializerMethodField()
    court = serializers.CharField(source="order.owner_org.name", read_only=True)

    class Meta:
        model = FreezeItem
        fields = [
            "id",
            "order",
            "court",
            "right_kind",
            "patent",
            "trademark",
            "right_number",
            "status",
            "seq",
            "registered_at",
            "starts_on",
            "ends_on",
            "renewals",
            "ended_at",
        ]
        read_only_fields = fields

    def get_right_number(self, item: FreezeItem) -> str:
        return item.patent.application_number if item.patent_id else item.trademark.number


class FreezeRenewalSerializer(serializers.ModelSerializer):
    class Meta:
        model = FreezeRenewal
        fields = ["id", "ruling_number", "notice_number", "months", "late", "created_at"]
        read_only_fields = fields


class FreezeOrderSerializer(serializers.ModelSerializer):
    court = serializers.IntegerField(source="owner_org_id", read_only=True)
    court_name = serializers.CharField(source="owner_org.name", read_only=True)
    case_number = serializers.CharField(source="case.number", read_only=True)
    items = FreezeItemSerializer(many=True, read_only=True)
    renewals = FreezeRenewalSerializer(many=True, read_only=True)
    freeze_kind = serializers.ChoiceField(source="kind", choices=FreezeKind.choices, read_only=True)

    class Meta:
        model = FreezeOrder
        fields = [
            "id",
            "court",
            "court_name",
            "case",
            "case_number",
            "freeze_kind",
            "ruling_number",
            "notice_number",
            "months",
            "status",
            "created_at",
            "registered_at",
            "items",
            "renewals",
            "note",
        ]
        read_only_fields = fields


class _NumbersMixin(serializers.Serializer):
    patents = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        default=list,
        help_text=_("申请号或专利号，任意常见写法。"),
    )
    trademarks = serializers.ListField(
        child=serializers.CharField(), required=False, default=list, help_text=_("商标注册号。")
    )


class FreezeSubmitSerializer(_NumbersMixin):
    case_number = serializers.CharField(help_text=_("本院在办案件的案号。"))
    freeze_kind = serializers.ChoiceField(choices=FreezeKind.choices)
    ruling_number = serializers.CharField()
    notice_number = serializers.CharField()
    months = serializers.IntegerField(min_value=1)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class FreezeChangeSerializer(_NumbersMixin):
    ruling_number = serializers.CharField()
    notice_number = serializers.CharField()


class FreezeRenewSerializer(FreezeChangeSerializer):
    months = serializers.IntegerField(min_value=1)


class InquirySerializer(serializers.Serializer):
    case_number = serializers.CharField()
    query = serializers.CharField(
        help_text=_("当事人名称（含曾用名、繁体）、统一社会信用代码或身份证号码。")
    )


class RightStateSerializer(serializers.Serializer):
    kind = serializers.CharField()
    id = serializers.IntegerField(source="right.pk")
    number = serializers.SerializerMethodField()
    status = serializers.CharField(source="right.status")
    holders = PartyBriefSerializer(many=True)
    frozen = serializers.BooleanField()
    active = FreezeItemSerializer(allow_null=True)
    queued = FreezeItemSerializer(many=True)
    pledges = serializers.SerializerMethodField()
    licences = serializers.SerializerMethodField()

    def get_number(self, state) -> str:
        right = state.right
        return right.application_number if state.kind == "patent" else right.number

    def get_pledges(self, state) -> list[dict[str, Any]]:
        return [
            {"id": e.pk, "date": e.date, "pledgee": e.counterparty.name if e.counterparty else ""}
            for e in state.pledges
        ]

    def get_licences(self, state) -> list[dict[str, Any]]:
        return [
            {
                "id": e.pk,
                "date": e.date,
                "licence_kind": e.licence_kind,
                "licensee": e.counterparty.name if e.counterparty else "",
            }
            for e in state.licences
        ]


def _rights(data: dict[str, Any]) -> list:
    return services.resolve_rights(
        patent_numbers=data.get("patents") or [], trademark_numbers=data.get("trademarks") or []
    )


@extend_schema_view(
    list=extend_schema(
        parameters=[OpenApiParameter("status", str, enum=OrderStatus.values)],
        description="The orders of the caller's own courts; for CNIPA registry officers, all.",
    )
)
class FreezeOrderViewSet(
    ScopedQuerysetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Freeze orders (财产保全冻结): courts submit, renew and release; CNIPA registers."""

    serializer_class = FreezeOrderSerializer
    model = FreezeOrder

    def scoped_queryset(self):
        user, status_ = self.request.user, self.request.query_params.get("status") or None
        if self.action == "list" and not selectors.is_registry_officer(user):
            return selectors.my_court_orders(user=user, status=status_)
        return selectors.order_list_for(user=user, status=status_)

    @extend_schema(request=FreezeSubmitSerializer, responses={201: FreezeOrderSerializer})
    def create(self, request, *args, **kwargs):
        s = FreezeSubmitSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        data = s.validated_data
        order = services.freeze_order_submit(
            actor=request.user,
            case_number=data["case_number"],
            kind=data["freeze_kind"],
            ruling_number=data["ruling_number"],
            notice_number=data["notice_number"],
            months=data["months"],
            rights=_rights(data),
            note=data["note"],
        )
        return Response(self._out(order), status=status.HTTP_201_CREATED)

    def _out(self, order: FreezeOrder) -> dict[str, Any]:
        return FreezeOrderSerializer(
            selectors.order_list_for(user=self.request.user).get(pk=order.pk)
        ).data

    @extend_schema(request=None, responses=FreezeOrderSerializer)
    @action(detail=True, methods=["post"])
    def register(self, request, pk=None):
        order = services.freeze_order_register(actor=request.user, order=self.get_object())
        return Response(self._out(order))

    @extend_schema(request=FreezeRenewSerializer, responses=FreezeOrderSerializer)
    @action(detail=True, methods=["post"])
    def renew(self, request, pk=None):
        order = self.get_object()
        s = FreezeRenewSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        data = s.validated_data
        rights = _rights(data) or None
        services.freeze_renew(
            actor=request.user,
            order=order,
            ruling_number=data["ruling_number"],
            notice_number=data["notice_number"],
            months=data["months"],
            rights=rights,
        )
        return Response(self._out(order))

    @extend_schema(request=FreezeChangeSerializer, responses=FreezeOrderSerializer)
    @action(detail=True, methods=["post"])
    def release(self, request, pk=None):
        order = self.get_object()
        s = FreezeChangeSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        data = s.validated_data
        services.freeze_release(
            actor=request.user,
            order=order,
            ruling_number=data["ruling_number"],
            notice_number=data["notice_number"],
            rights=_rights(data) or None,
        )
        return Response(self._out(order))

    @extend_schema(
        parameters=[
            OpenApiParameter("patent", str, description="Application or patent number."),
            OpenApiParameter("trademark", str, description="Trademark number."),
        ],
        responses=RightStateSerializer,
    )
    @action(detail=False, methods=["get"], url_path="right-state")
    def right_state(self, request):
        """A right's preservation state: active and queued freezes, pledges, licences."""
        p = request.query_params
        rights = services.resolve_rights(
            patent_numbers=[p["patent"]] if p.get("patent") else [],
            trademark_numbers=[p["trademark"]] if p.get("trademark") else [],
        )
        state = selectors.right_state_for(user=request.user, right=rights[0]) if rights else None
        if state is None:
            raise Http404
        return Response(RightStateSerializer(state).data)

    @extend_schema(request=InquirySerializer, responses=RightStateSerializer(many=True))
    @action(detail=False, methods=["post"])
    def inquiry(self, request):
        """Run an inquiry inside one of the caller's court's open cases (recorded)."""
        s = InquirySerializer(data=request.data)
        s.is_valid(raise_exception=True)
        result = services.inquiry_run(actor=request.user, **s.validated_data)
        return Response(RightStateSerializer(result.rights, many=True).data)


def register(router) -> None:
    router.register("freeze-orders", FreezeOrderViewSet, basename="freeze-order")
