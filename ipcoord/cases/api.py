"""API of cases, proceedings and links: browse and search, file, and the link workflow."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from ipcoord.cases import selectors, services
from ipcoord.cases.models import (
    Case,
    CaseLink,
    CaseRole,
    CaseStatus,
    Cause,
    LinkKind,
    LinkStatus,
    Nature,
    Proceeding,
    ProceedingKind,
    ProceedingStatus,
)
from ipcoord.core.api_support import ScopedQuerysetMixin
from ipcoord.registry import access as registry_access
from ipcoord.registry.api import PartyBriefSerializer


class CasePartySerializer(serializers.Serializer):
    party = PartyBriefSerializer()
    role = serializers.ChoiceField(choices=CaseRole.choices)


class CaseSerializer(serializers.ModelSerializer):
    court = serializers.IntegerField(source="owner_org_id", read_only=True)
    court_name = serializers.CharField(source="owner_org.name", read_only=True)
    parties = CasePartySerializer(source="case_parties", many=True, read_only=True)

    class Meta:
        model = Case
        fields = [
            "id",
            "number",
            "raw_number",
            "year",
            "court_code",
            "type_code",
            "serial",
            "pre2016",
            "procedure",
            "nature",
            "cause",
            "status",
            "court",
            "court_name",
            "filing_date",
            "closing_date",
            "closing_manner",
            "outcome",
            "previous_instance",
            "parties",
            "patents",
            "trademarks",
            "summary",
            "sealed",
        ]
        read_only_fields = fields


class CaseFileSerializer(serializers.Serializer):
    number = serializers.CharField(help_text=_("案号，如（2024）京73民初123号；全角半角括号均可。"))
    cause = serializers.ChoiceField(choices=Cause.choices)
    filing_date = serializers.DateField()
    patents = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    trademarks = serializers.ListField(
        child=serializers.IntegerField(), required=False, default=list
    )
    previous_instance = serializers.IntegerField(required=False, allow_null=True)
    summary = serializers.CharField(required=False, allow_blank=True, default="")
    sealed = serializers.BooleanField(required=False, default=False)


class ProceedingSerializer(serializers.ModelSerializer):
    office = serializers.IntegerField(source="owner_org_id", read_only=True)
    requester = PartyBriefSerializer(read_only=True)
    respondent = PartyBriefSerializer(read_only=True)

    class Meta:
        model = Proceeding
        fields = [
            "id",
            "kind",
            "number",
            "office",
            "patent",
            "trademark",
            "requester",
            "respondent",
            "status",
            "filing_date",
            "decision_date",
            "decision_number",
            "outcome",
            "grounds",
        ]
        read_only_fields = fields


class LinkSerializer(serializers.ModelSerializer):
    case_number = serializers.CharField(source="case.number", read_only=True)
    proceeding_number = serializers.CharField(source="proceeding.number", read_only=True)

    class Meta:
        model = CaseLink
        fields = [
            "id",
            "case",
            "case_number",
            "proceeding",
            "proceeding_number",
            "kind",
            "status",
            "automatic",
            "reason",
            "created_at",
            "decided_at",
        ]
        read_only_fields = fields


class LinkProposeSerializer(serializers.Serializer):
    case = serializers.IntegerField()
    proceeding = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=LinkKind.choices, default=LinkKind.VALIDITY_CHALLENGE)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class LinkDecisionSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


def _q(name: str, **kw: Any) -> OpenApiParameter:
    return OpenApiParameter(name, **kw)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            _q("q", type=str, description="Case number in any form, party name or patent number."),
            _q("status", type=str, enum=CaseStatus.values),
            _q("cause", type=str, enum=Cause.values),
            _q("nature", type=str, enum=Nature.values),
            _q("year", type=int),
        ]
    )
)
class CaseViewSet(ScopedQuerysetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Court cases the caller may see; a judge or clerk files cases of their own court."""

    serializer_class = CaseSerializer
    ordering_fields = ["filing_date", "closing_date", "number"]

    model = Case

    def scoped_queryset(self):
        p = self.request.query_params
        year = p.get("year")
        return selectors.case_list_for(
            user=self.request.user,
            q=p.get("q"),
            status=p.get("status"),
            cause=p.get("cause"),
            nature=p.get("nature"),
            year=int(year) if year and year.isdigit() else None,
        )

    @extend_schema(request=CaseFileSerializer, responses={201: CaseSerializer})
    def create(self, request, *args, **kwargs):
        data = CaseFileSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        user = request.user
        previous = None
        if v.get("previous_instance"):
            from ipcoord.cases.access import get_case_for

            previous = get_case_for(user, v["previous_instance"])
        case = services.case_file(
            actor=user,
            number=v["number"],
            cause=v["cause"],
            filing_date=v["filing_date"],
            patents=[registry_access.get_patent_for(user, pk) for pk in v["patents"]],
            trademarks=[registry_access.get_trademark_for(user, pk) for pk in v["trademarks"]],
            previous_instance=previous,
            summary=v["summary"],
            sealed=v["sealed"],
        )
        return Response(CaseSerializer(case).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            _q("q", type=str, description="Number, requester, patent or trademark number."),
            _q("kind", type=str, enum=ProceedingKind.values),
            _q("status", type=str, enum=ProceedingStatus.values),
        ]
    )
)
class ProceedingViewSet(ScopedQuerysetMixin, viewsets.ReadOnlyModelViewSet):
    """Administrative proceedings (invalidation requests, oppositions, reviews …)."""

    serializer_class = ProceedingSerializer
    ordering_fields = ["filing_date", "decision_date", "number"]

    model = Proceeding

    def scoped_queryset(self):
        p = self.request.query_params
        return selectors.proceeding_list_for(
            user=self.request.user, q=p.get("q"), kind=p.get("kind"), status=p.get("status")
        )


@extend_schema_view(list=extend_schema(parameters=[_q("status", type=str, enum=LinkStatus.values)]))
class LinkViewSet(ScopedQuerysetMixin, viewsets.ReadOnlyModelViewSet):
    """Links between a case and a proceeding on the same right: propose, confirm, reject."""

    serializer_class = LinkSerializer

    model = CaseLink

    def scoped_queryset(self):
        return selectors.link_list_for(
            user=self.request.user, status=self.request.query_params.get("status")
        )

    @extend_schema(request=LinkProposeSerializer, responses={201: LinkSerializer})
    def create(self, request):
        from ipcoord.cases.access import get_case_for, get_proceeding_for

        data = LinkProposeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        link = services.link_propose(
            actor=request.user,
            case=get_case_for(request.user, v["case"]),
            proceeding=get_proceeding_for(request.user, v["proceeding"]),
            kind=v["kind"],
            reason=v["reason"],
        )
        return Response(LinkSerializer(link).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=LinkDecisionSerializer, responses={200: LinkSerializer})
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        data = LinkDecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        link = services.link_confirm(
            actor=request.user, link=self.get_object(), reason=data.validated_data["reason"]
        )
        return Response(LinkSerializer(link).data)

    @extend_schema(request=LinkDecisionSerializer, responses={200: LinkSerializer})
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        data = LinkDecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        link = services.link_reject(
            actor=request.user, link=self.get_object(), reason=data.validated_data["reason"]
        )
        return Response(LinkSerializer(link).data)


def stability_payload(*, user, right) -> dict[str, Any]:
    """The stability panel of a right as JSON: its cases and proceedings with outcomes."""
    return {
        "cases": CaseSerializer(selectors.cases_for_right(user=user, right=right), many=True).data,
        "proceedings": ProceedingSerializer(
            selectors.proceedings_for_right(user=user, right=right), many=True
        ).data,
    }


def register(router) -> None:
    router.register("cases", CaseViewSet, basename="case")
    router.register("proceedings", ProceedingViewSet, basename="proceeding")
    router.register("links", LinkViewSet, basename="link")
