"""API of the rights register: parties, patents, trademarks and their legal events (read)."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from ipcoord.core.api_support import ScopedQuerysetMixin
from ipcoord.registry import selectors
from ipcoord.registry.models import LegalEvent, Party, Patent, PatentKind, RightStatus, Trademark

Q_PARAM = OpenApiParameter(
    "q", str, description="Number in any usual form, title/mark text, owner name or alias."
)


class PartyBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Party
        fields = ["id", "kind", "name"]


class PartySerializer(serializers.ModelSerializer):
    aliases = serializers.ListField(source="alias_list", child=serializers.CharField())

    class Meta:
        model = Party
        fields = ["id", "kind", "name", "uscc", "id_number", "aliases", "address", "rd_staff"]


class LegalEventSerializer(serializers.ModelSerializer):
    counterparty = PartyBriefSerializer(read_only=True)

    class Meta:
        model = LegalEvent
        fields = [
            "id",
            "kind",
            "date",
            "counterparty",
            "pledge",
            "licence_kind",
            "partial",
            "authority",
            "reference",
            "note",
        ]


class PatentSerializer(serializers.ModelSerializer):
    owners = PartyBriefSerializer(many=True, read_only=True)
    patent_number = serializers.CharField(read_only=True)
    ipc = serializers.ListField(source="ipc_list", child=serializers.CharField())

    class Meta:
        model = Patent
        fields = [
            "id",
            "application_number",
            "patent_number",
            "kind",
            "title",
            "abstract",
            "ipc",
            "owners",
            "filing_date",
            "grant_date",
            "status",
            "partially_invalidated",
            "agency",
            "claims",
        ]


class TrademarkSerializer(serializers.ModelSerializer):
    owner = PartyBriefSerializer(read_only=True)
    nice_classes = serializers.ListField(source="class_list", child=serializers.IntegerField())

    class Meta:
        model = Trademark
        fields = [
            "id",
            "number",
            "mark_text",
            "nice_classes",
            "goods_services",
            "owner",
            "application_date",
            "registration_date",
            "expiry_date",
            "status",
            "well_known",
            "partially_invalidated",
        ]


@extend_schema_view(list=extend_schema(parameters=[Q_PARAM]))
class PartyViewSet(ScopedQuerysetMixin, viewsets.ReadOnlyModelViewSet):
    """Parties in the register (owners, litigants, requesters)."""

    serializer_class = PartySerializer
    filterset_fields = ["kind", "uscc", "id_number"]
    ordering_fields = ["name", "id"]

    model = Party

    def scoped_queryset(self):
        return selectors.party_list_for(
            user=self.request.user, q=self.request.query_params.get("q")
        )


@extend_schema_view(
    list=extend_schema(
        parameters=[
            Q_PARAM,
            OpenApiParameter("kind", str, enum=PatentKind.values),
            OpenApiParameter("status", str, enum=RightStatus.values),
            OpenApiParameter("ipc", str, description="IPC symbol or its prefix, e.g. H04L."),
        ]
    )
)
class PatentViewSet(ScopedQuerysetMixin, viewsets.ReadOnlyModelViewSet):
    """Patents and patent applications with their legal history."""

    serializer_class = PatentSerializer
    ordering_fields = ["filing_date", "grant_date", "application_number"]

    model = Patent

    def scoped_queryset(self):
        p = self.request.query_params
        return selectors.patent_list_for(
            user=self.request.user,
            q=p.get("q"),
            kind=p.get("kind"),
            status=p.get("status"),
            ipc=p.get("ipc"),
        )

    @extend_schema(responses=LegalEventSerializer(many=True))
    @action(detail=True)
    def events(self, request, pk=None):
        patent = self.get_object()
        return Response(
            LegalEventSerializer(
                selectors.event_list_for(user=request.user, right=patent), many=True
            ).data
        )

    @extend_schema(responses={200: {"type": "object"}})
    @action(detail=True)
    def stability(self, request, pk=None):
        """Every case and proceeding on this patent that the caller may see, with outcomes."""
        from ipcoord.cases.api import stability_payload

        return Response(stability_payload(user=request.user, right=self.get_object()))


@extend_schema_view(
    list=extend_schema(
        parameters=[
            Q_PARAM,
            OpenApiParameter("nice_class", int, description="Nice class 1–45."),
            OpenApiParameter("status", str, enum=RightStatus.values),
        ]
    )
)
class TrademarkViewSet(ScopedQuerysetMixin, viewsets.ReadOnlyModelViewSet):
    """Trademarks with their legal history."""

    serializer_class = TrademarkSerializer
    ordering_fields = ["application_date", "registration_date", "number"]

    model = Trademark

    def scoped_queryset(self):
        p = self.request.query_params
        return selectors.trademark_list_for(
            user=self.request.user,
            q=p.get("q"),
            nice_class=p.get("nice_class"),
            status=p.get("status"),
        )

    @extend_schema(responses=LegalEventSerializer(many=True))
    @action(detail=True)
    def events(self, request, pk=None):
        mark = self.get_object()
        return Response(
            LegalEventSerializer(
                selectors.event_list_for(user=request.user, right=mark), many=True
            ).data
        )


def register(router) -> None:
    router.register("parties", PartyViewSet, basename="party")
    router.register("patents", PatentViewSet, basename="patent")
    router.register("trademarks", TrademarkViewSet, basename="trademark")
