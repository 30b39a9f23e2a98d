"""API of core: the organisation directory, the caller's profile and notifications."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from ipcoord.core import services
from ipcoord.core.api_support import ScopedQuerysetMixin
from ipcoord.core.models import Membership, Notification, Organisation
from ipcoord.core.notify import render
from ipcoord.core.selectors import notification_list_for, organisation_list_for


class OrganisationSerializer(serializers.ModelSerializer):
    regions = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = Organisation
        fields = [
            "id",
            "name",
            "short_name",
            "kind",
            "level",
            "parent",
            "division_code",
            "court_code",
            "regions",
        ]


class OrganisationViewSet(ScopedQuerysetMixin, viewsets.ReadOnlyModelViewSet):
    """The directory of organisations on the platform."""

    serializer_class = OrganisationSerializer
    filterset_fields = ["kind", "level", "parent", "court_code", "division_code"]
    search_fields = ["name", "short_name", "court_code"]
    ordering_fields = ["name", "id"]

    model = Organisation

    def scoped_queryset(self):
        return organisation_list_for(user=self.request.user)


class MembershipSerializer(serializers.ModelSerializer):
    organisation = OrganisationSerializer(read_only=True)

    class Meta:
        model = Membership
        fields = ["organisation", "role"]


class NotificationSerializer(serializers.ModelSerializer):
    text = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["id", "verb", "params", "text", "url", "created_at", "read_at"]

    def get_text(self, obj: Notification) -> str:
        return render(obj)


class MarkReadSerializer(serializers.Serializer):
    ids = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        help_text=_("要标为已读的通知编号；省略则全部标为已读。"),
    )


class NotificationViewSet(ScopedQuerysetMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """The caller's notifications, newest first."""

    serializer_class = NotificationSerializer
    filterset_fields = {"read_at": ["isnull"], "verb": ["exact"]}
    ordering_fields = ["created_at"]

    model = Notification

    def scoped_queryset(self):
        return notification_list_for(user=self.request.user)

    @extend_schema(request=MarkReadSerializer, responses={200: {"type": "object"}})
    @action(detail=False, methods=["post"], url_path="mark-read")
    def mark_read(self, request):
        data = MarkReadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        count = services.notification_mark_read(
            actor=request.user, ids=data.validated_data.get("ids")
        )
        return Response({"marked": count}, status=status.HTTP_200_OK)


class MeViewSet(viewsets.ViewSet):
    """Who the caller is and which organisations and roles they act for."""

    @extend_schema(responses={200: MembershipSerializer(many=True)})
    def list(self, request):
        memberships = Membership.objects.filter(user=request.user).select_related("organisation")
        return Response(
            {
                "username": request.user.get_username(),
                "full_name": request.user.full_name,
                "memberships": MembershipSerializer(memberships, many=True).data,
            }
        )
