"""API of integrity screening: findings (list, detail, confirm, dismiss) and the mark
screening `POST /api/v1/screen/mark/`. Thin: every write is a service call; visibility is the
selectors' (another office's lead answers 404)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from ipcoord.core.api_support import ScopedQuerysetMixin
from ipcoord.core.exceptions import ApplicationError
from ipcoord.integrity import selectors, services
from ipcoord.integrity.models import Finding, FindingKind, FindingStatus, ScreeningRun
from ipcoord.registry.models import Party


class FindingSerializer(serializers.ModelSerializer):
    office = serializers.CharField(source="owner_org.name", read_only=True)
    party_name = serializers.CharField(source="party.name", read_only=True, default=None)
    matched_number = serializers.CharField(
        source="matched_trademark.number", read_only=True, default=None
    )
    decided_by_name = serializers.CharField(source="decided_by.__str__", default=None)

    class Meta:
        model = Finding
        fields = [
            "id",
            "kind",
            "status",
            "office",
            "run",
            "subject_text",
            "subject_classes",
            "applicant_name",
            "party",
            "party_name",
            "trademark",
            "patent",
            "case",
            "matched_trademark",
            "matched_number",
            "matched_ref",
            "matched_text",
            "score",
            "reasons",
            "rule",
            "legal_basis",
            "class_relation",
            "evidence",
            "created_at",
            "decided_by_name",
            "decided_at",
            "decision_reason",
        ]
        read_only_fields = fields


class DecisionSerializer(serializers.Serializer):
    reason = serializers.CharField(
        allow_blank=True, help_text=_("甄别理由（必填：线索须说明理由后确认或排除）。")
    )


class ScreenMarkSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=200, help_text=_("被甄别的商标文字。"))
    classes = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=45),
        required=False,
        default=list,
        help_text=_("尼斯分类号。"),
    )
    applicant = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text=_("申请人（当事人 id）。")
    )
    record = serializers.BooleanField(
        required=False, default=False, help_text=_("为真时把每个命中记录为待甄别线索。")
    )


class HitSerializer(serializers.Serializer):
    source = serializers.ChoiceField(choices=["protected", "register"])
    kind = serializers.CharField()
    ref = serializers.CharField(help_text="Trademark number, or category:text of a sign.")
    text = serializers.CharField()
    score = serializers.FloatField()
    reasons = serializers.ListField(child=serializers.CharField())
    class_relation = serializers.CharField()
    classes = serializers.ListField(child=serializers.IntegerField())
    rule = serializers.CharField()
    basis = serializers.CharField()
    trademark = serializers.IntegerField(allow_null=True)
    number = serializers.CharField(allow_blank=True)
    owner = serializers.CharField(allow_blank=True)


class ScreenResultSerializer(serializers.Serializer):
    run = serializers.IntegerField(source="pk")
    text = serializers.CharField()
    classes = serializers.ListField(child=serializers.IntegerField())
    hits = HitSerializer(many=True)
    findings = serializers.SerializerMethodField()

    def get_findings(self, run: ScreeningRun) -> list[int]:
        return [f.pk for f in getattr(run, "recorded", [])]


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("kind", str, enum=FindingKind.values),
            OpenApiParameter("status", str, enum=FindingStatus.values),
        ],
        description="Findings the caller may see: their office's and those below it, and "
        "confirmed findings about parties for every court and IP administration.",
    )
)
class FindingViewSet(
    ScopedQuerysetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Integrity findings (甄别线索): leads an IP officer confirms or dismisses with a reason."""

    serializer_class = FindingSerializer
    model = Finding

    def scoped_queryset(self):
        p = self.request.query_params
        return selectors.finding_list_for(
            user=self.request.user,
            kind=p.get("kind") or None,
            status=p.get("status") or None,
        )

    def _decide(self, request, decide) -> Response:
        finding = self.get_object()
        s = DecisionSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        decide(actor=request.user, finding=finding, reason=s.validated_data["reason"])
        return Response(FindingSerializer(self.scoped_queryset().get(pk=finding.pk)).data)

    @extend_schema(request=DecisionSerializer, responses=FindingSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        """Confirm a lead (IP officers of the screening office or above); reason required."""
        return self._decide(request, services.finding_confirm)

    @extend_schema(request=DecisionSerializer, responses=FindingSerializer)
    @action(detail=True, methods=["post"])
    def dismiss(self, request, pk=None):
        """Dismiss a lead (IP officers of the screening office or above); reason required."""
        return self._decide(request, services.finding_dismiss)


class ScreenViewSet(viewsets.GenericViewSet):
    """Trademark screening for IP officers (the run is recorded and audited)."""

    serializer_class = ScreenMarkSerializer

    @extend_schema(request=ScreenMarkSerializer, responses=ScreenResultSerializer)
    @action(detail=False, methods=["post"])
    def mark(self, request):
        """Screen one mark against the protected lists and the register; returns the hits."""
        s = ScreenMarkSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        data = s.validated_data
        applicant = None
        if data["applicant"] is not None:
            applicant = Party.objects.filter(pk=data["applicant"], sealed=False).first()
            if applicant is None:
                raise ApplicationError(
                    _("没有这个申请人，请核对当事人编号。"),
                    code="unknown_applicant",
                    extra={"field": "applicant"},
                )
        run = services.mark_screen(
            actor=request.user,
            text=data["text"],
            classes=data["classes"],
            applicant=applicant,
            record=data["record"],
        )
        return Response(ScreenResultSerializer(run).data)


def register(router) -> None:
    from ipcoord.integrity import api_court, api_credit

    router.register("findings", FindingViewSet, basename="finding")
    api_credit.register(router)
    api_court.register(router)
    router.register("screen", ScreenViewSet, basename="screen")
