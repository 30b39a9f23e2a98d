"""API of notices (`/api/v1/exchange/notices/`): list, read, post and reply.

Only members of the sending and the addressed organisations see a notice (404 for others).
Attachments go as multipart `files`; each is listed with a download URL (session pages).
"""

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from ipcoord.core.access import get_or_404
from ipcoord.core.api_support import ScopedQuerysetMixin
from ipcoord.core.exceptions import ApplicationError
from ipcoord.core.models import Organisation
from ipcoord.exchange import notices
from ipcoord.exchange.models_notices import Notice, NoticeAttachment, NoticeReply


class AttachmentSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = NoticeAttachment
        fields = ["id", "original_name", "content_type", "size", "url"]

    def get_url(self, a: NoticeAttachment) -> str:
        return reverse("exchange:notice_attachment", args=[a.notice_id, a.pk])


class ReplySerializer(serializers.ModelSerializer):
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    author = serializers.CharField(source="author.username", read_only=True)
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = NoticeReply
        fields = ["id", "organisation", "organisation_name", "author", "body", "created_at"]
        fields += ["attachments"]


class NoticeSerializer(serializers.ModelSerializer):
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    author = serializers.CharField(source="author.username", read_only=True)
    attachments = serializers.SerializerMethodField()
    replies = ReplySerializer(many=True, read_only=True)

    class Meta:
        model = Notice
        fields = ["id", "organisation", "organisation_name", "author", "title", "body"]
        fields += ["addressees", "created_at", "attachments", "replies"]

    def get_attachments(self, n: Notice) -> list[dict[str, Any]]:
        own = [a for a in n.attachments.all() if a.reply_id is None]
        return list(AttachmentSerializer(own, many=True).data)


class NoticePostSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    body = serializers.CharField()
    addressees = serializers.ListField(child=serializers.IntegerField(), min_length=1)
    organisation = serializers.IntegerField(required=False)
    files = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class NoticeReplySerializer(serializers.Serializer):
    body = serializers.CharField()
    files = serializers.ListField(child=serializers.FileField(), required=False, default=list)


def _files(request: Request) -> list[Any]:
    return request.FILES.getlist("files") if hasattr(request.FILES, "getlist") else []


class NoticeViewSet(
    ScopedQuerysetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Notices of new problems and situations (issue 5 §3)."""

    model = Notice
    serializer_class = NoticeSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def scoped_queryset(self) -> QuerySet[Notice]:
        return notices.notice_list_for(user=self.request.user).prefetch_related(
            "attachments", "replies__attachments", "replies__organisation", "replies__author"
        )

    @extend_schema(request=NoticePostSerializer, responses={201: NoticeSerializer})
    def create(self, request: Request) -> Response:
        data = NoticePostSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        own = Organisation.objects.filter(memberships__user=request.user).distinct()
        sender = get_or_404(own, pk=v["organisation"]) if "organisation" in v else own.first()
        if sender is None:
            raise ApplicationError(_("您不属于任何机构，不能发布通报。"), code="no_organisation")
        notice = notices.notice_post(
            actor=request.user,
            organisation=sender,
            title=v["title"],
            body=v["body"],
            addressees=list(Organisation.objects.filter(pk__in=v["addressees"])),
            files=_files(request),
        )
        return Response(NoticeSerializer(self.get_queryset().get(pk=notice.pk)).data, status=201)

    @extend_schema(request=NoticeReplySerializer, responses={201: ReplySerializer})
    @action(detail=True, methods=["post"])
    def reply(self, request: Request, pk: str | None = None) -> Response:
        notice = self.get_object()
        data = NoticeReplySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        reply = notices.notice_reply(
            actor=request.user,
            notice=notice,
            body=data.validated_data["body"],
            files=_files(request),
        )
        return Response(ReplySerializer(reply).data, status=201)


def register(router: Any) -> None:
    router.register("exchange/notices", NoticeViewSet, basename="exchange-notice")
