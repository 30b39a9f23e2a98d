"""API of the courts' notices of bad faith: `/api/v1/court-notices/` (list, detail, file a
notice — judges and clerks of the case's court — and `lead`, an IP officer's follow-up lead).

Thin: every write is a service call; visibility is the selectors' (a notice or a case the
caller may not see answers 404).
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from ipcoord.cases.access import get_case_for
from ipcoord.core.api_support import ScopedQuerysetMixin
from ipcoord.integrity import court_rules, selectors, services
from ipcoord.integrity.api import FindingSerializer
from ipcoord.integrity.models import Finding

KIND_VALUES = [str(k) for k in court_rules.COURT_KINDS]


class AddresseeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class CourtNoticeSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(read_only=True, help_text=", ".join(KIND_VALUES))
    kind_label = serializers.SerializerMethodField()
    court = serializers.CharField(source="owner_org.name", read_only=True)
    case_number = serializers.CharField(source="case.number", read_only=True, default=None)
    party_name = serializers.CharField(source="party.name", read_only=True, default=None)
    facts = serializers.CharField(source="decision_reason", read_only=True)
    document = serializers.SerializerMethodField()
    decision_date = serializers.SerializerMethodField()
    patents = serializers.SerializerMethodField()
    trademarks = serializers.SerializerMethodField()
    addressees = serializers.SerializerMethodField()
    filed_by = serializers.CharField(source="decided_by.__str__", default=None, read_only=True)

    class Meta:
        model = Finding
        fields = [
            "id", "kind", "kind_label", "court", "case", "case_number", "party", "party_name",
            "facts", "document", "decision_date", "patents", "trademarks", "addressees",
            "sealed", "filed_by", "created_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_kind_label(self, obj: Finding) -> str:
        return court_rules.kind_label(obj)

    def get_document(self, obj: Finding) -> str:
        return court_rules.document(obj)

    def get_decision_date(self, obj: Finding) -> str | None:
        date = court_rules.decision_date(obj)
        return date.isoformat() if date else None

    def get_patents(self, obj: Finding) -> list[int]:
        return list((obj.evidence or {}).get(court_rules.PATENTS, []))

    def get_trademarks(self, obj: Finding) -> list[int]:
        return list((obj.evidence or {}).get(court_rules.TRADEMARKS, []))

    @extend_schema_field(AddresseeSerializer(many=True))
    def get_addressees(self, obj: Finding) -> list[dict]:
        return [{"id": o.pk, "name": o.name} for o in obj.notified_orgs.all()]


class FileNoticeSerializer(serializers.Serializer):
    case = serializers.IntegerField(help_text=_("本院案件的编号。"))
    party = serializers.IntegerField(help_text=_("本案当事人的编号。"))
    kind = serializers.CharField(help_text=", ".join(KIND_VALUES))
    facts = serializers.CharField(allow_blank=True, help_text=_("认定的事实。"))
    document = serializers.CharField(allow_blank=True, help_text=_("裁判文书文号。"))
    decision_date = serializers.DateField(help_text=_("裁判日期。"))
    patents = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    trademarks = serializers.ListField(
        child=serializers.IntegerField(), required=False, default=list
    )
    addressees = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        allow_null=True,
        default=None,
        help_text=_("通报的知识产权管理部门编号；不填则通报国家知识产权局和本省知识产权局。"),
    )


@extend_schema_view(
    list=extend_schema(
        parameters=[OpenApiParameter("kind", str, enum=KIND_VALUES)],
        description="Courts' notices of bad faith the caller may see: every unsealed one for "
        "courts and IP administrations; a sealed case's notice for its court and the offices "
        "it was sent to only.",
    )
)
class CourtNoticeViewSet(
    ScopedQuerysetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Courts' notices of bad faith found in their cases (法院通报)."""

    serializer_class = CourtNoticeSerializer
    model = Finding

    def scoped_queryset(self):
        kind = self.request.query_params.get("kind") or None
        return selectors.court_notice_list_for(user=self.request.user, kind=kind)

    @extend_schema(request=FileNoticeSerializer, responses={201: CourtNoticeSerializer})
    def create(self, request):
        """File a notice on a case of the caller's court (judges and clerks); sent to the IP
        administrations named, or CNIPA and the provincial office by default."""
        s = FileNoticeSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        d = s.validated_data
        case = get_case_for(request.user, d["case"])
        notice = services.court_notice_file(
            actor=request.user,
            case=case,
            party_id=d["party"],
            kind=d["kind"],
            facts=d["facts"],
            document=d["document"],
            decision_date=d["decision_date"],
            patent_ids=d["patents"],
            trademark_ids=d["trademarks"],
            addressee_ids=d["addressees"],
        )
        data = CourtNoticeSerializer(self.scoped_queryset().get(pk=notice.pk)).data
        return Response(data, status=201)

    @extend_schema(request=None, responses=FindingSerializer)
    @action(detail=True, methods=["post"])
    def lead(self, request, pk=None):
        """Open the caller's IP office's lead from this notice (once per office)."""
        finding, _created = services.court_notice_lead(actor=request.user, notice=self.get_object())
        return Response(FindingSerializer(finding).data)


def register(router) -> None:
    router.register("court-notices", CourtNoticeViewSet, basename="court-notice")
