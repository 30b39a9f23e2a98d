"""API of the data line: the machines' door (`/api/v1/exchange/batches/`).

A machine client authenticates with its service user's token (`Authorization: Token …`),
posts a signed batch and gets its receipt; large batches answer 202 and are polled.
Another client's batch, or any batch for a person's account, is 404.
"""

import json
from pathlib import Path
from typing import Any

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status, viewsets
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from ipcoord.core.exceptions import ApplicationError, PermissionDenied
from ipcoord.exchange.batches import batch_receipt, batch_receive, client_for
from ipcoord.exchange.models import Batch, BatchStatus
from ipcoord.exchange.progress import AUDIT, RECORDS
from ipcoord.exchange.signing import Payload

# A JSON body carries the payload inline; above this size use multipart with a file.
MAX_INLINE_PAYLOAD_BYTES = 10 * 1024 * 1024


class ManifestSerializer(serializers.Serializer):
    batch_id = serializers.CharField(help_text="Unique per client; a replay gets its receipt.")
    source_system = serializers.CharField()
    record_kind = serializers.CharField(help_text="cases, proceedings, patents, events …")
    record_count = serializers.IntegerField(help_text="Non-blank lines of the payload.")
    payload_sha256 = serializers.CharField(help_text="SHA-256 of the payload bytes, hex.")
    key_id = serializers.CharField(help_text="Key id shown when the public key was registered.")
    signature = serializers.CharField(
        help_text="base64 Ed25519 signature over the canonical manifest without `signature`."
    )


class BatchJsonSerializer(serializers.Serializer):
    manifest = ManifestSerializer()
    payload = serializers.CharField(
        help_text="The JSON Lines payload as text; payload_sha256 is over its UTF-8 bytes."
    )


class BatchMultipartSerializer(serializers.Serializer):
    manifest = serializers.CharField(help_text="The manifest as JSON text (or a file).")
    payload = serializers.FileField(help_text="The JSON Lines payload file.")


class RejectedSerializer(serializers.Serializer):
    line = serializers.IntegerField()
    source_id = serializers.CharField()
    column = serializers.CharField()
    value = serializers.CharField()
    reason = serializers.CharField()


class ReceiptSerializer(serializers.Serializer):
    batch_id = serializers.CharField()
    client = serializers.CharField()
    record_kind = serializers.CharField()
    record_count = serializers.IntegerField()
    status = serializers.ChoiceField(choices=BatchStatus.choices)
    code = serializers.CharField(required=False, help_text="Why it was refused; '' if not.")
    message = serializers.CharField()
    counts = inline_serializer(
        "BatchCounts",
        {
            "created": serializers.IntegerField(),
            "updated": serializers.IntegerField(),
            "unchanged": serializers.IntegerField(),
            "stale": serializers.IntegerField(),
        },
        required=False,
    )
    rejected_count = serializers.IntegerField(required=False)
    rejected = RejectedSerializer(many=True, required=False)
    progress = inline_serializer(
        "BatchProgress",
        {
            "done": serializers.IntegerField(help_text="Records done."),
            "total": serializers.IntegerField(help_text="Records in the batch."),
            "phase": serializers.ChoiceField(
                choices=[(RECORDS, "records"), (AUDIT, "audit")],
                required=False,
                help_text=(
                    "records: the records are being imported (done counts them); audit: "
                    "every record is in and the audit trail is being written, the last step "
                    "(tens of seconds for a million records). The batch is settled only when "
                    "its status is accepted or refused."
                ),
            ),
        },
        required=False,
    )
    url = serializers.CharField(required=False, help_text="Where to poll an unfinished batch.")
    received_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(required=False)


ERROR = OpenApiResponse(description="{code, message, extra}: the batch was not stored.")


def _read_body(request: Request) -> tuple[Any, Payload]:
    manifest: Any = request.data.get("manifest")
    payload: Any = request.data.get("payload")
    if hasattr(manifest, "read"):
        manifest = manifest.read()
    if isinstance(manifest, bytes | str):
        try:
            manifest = json.loads(manifest)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise ApplicationError(_("清单不是合法的 JSON。"), code="bad_manifest") from exc
    if hasattr(payload, "temporary_file_path"):  # a large upload Django spooled to disk
        payload = Path(payload.temporary_file_path())
    elif hasattr(payload, "read"):
        payload = payload.read()
    elif isinstance(payload, str):
        payload = payload.encode("utf-8")
        if len(payload) > MAX_INLINE_PAYLOAD_BYTES:
            raise ApplicationError(
                _("内联载荷过大；请用 multipart 上传载荷文件。"), code="payload_too_large"
            )
    if not isinstance(payload, bytes | Path) or manifest is None:
        raise ApplicationError(
            _("请同时提交 manifest（清单）和 payload（JSON Lines 载荷）。"),
            code="missing_parts",
        )
    return manifest, payload


def _answer(request: Request, batch: Batch) -> Response:
    receipt = dict(batch_receipt(batch))
    if not batch.settled:
        receipt["url"] = request.build_absolute_uri(
            reverse("exchange-batch-detail", kwargs={"batch_id": batch.batch_id})
        )
        return Response(receipt, status=status.HTTP_202_ACCEPTED)
    code = status.HTTP_200_OK if batch.status == BatchStatus.ACCEPTED else 422
    return Response(receipt, status=code)


class BatchViewSet(viewsets.ViewSet):
    """Signed batches from machine clients (issue 5 §2)."""

    lookup_field = "batch_id"
    lookup_value_regex = r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}"
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(
        summary="Send a signed batch",
        description=(
            "Whole or nothing. 200: accepted (receipt). 422: refused, nothing written; the "
            "receipt lists every rejected record. 202: large batch queued; poll `url`. "
            "A batch_id already used returns its stored receipt unchanged. 400/403: the "
            "manifest is malformed or not authentic (unknown or revoked key, bad signature, "
            "payload hash mismatch); nothing is stored."
        ),
        request={
            "application/json": BatchJsonSerializer,
            "multipart/form-data": BatchMultipartSerializer,
        },
        responses={
            200: ReceiptSerializer,
            202: ReceiptSerializer,
            422: ReceiptSerializer,
            400: ERROR,
            403: ERROR,
        },
    )
    def create(self, request: Request) -> Response:
        client = client_for(request.user)
        if client is None:
            raise PermissionDenied(_("只有已登记且启用的机器客户端可以提交批次。"))
        manifest, payload = _read_body(request)
        batch = batch_receive(client=client, manifest=manifest, payload=payload)
        return _answer(request, batch)

    @extend_schema(
        summary="A batch's receipt, or its status and progress while it runs",
        responses={200: ReceiptSerializer, 202: ReceiptSerializer, 422: ReceiptSerializer},
    )
    def retrieve(self, request: Request, batch_id: str | None = None) -> Response:
        client = client_for(request.user)
        batch = (
            Batch.objects.filter(client=client, batch_id=batch_id).select_related("client").first()
            if client is not None
            else None
        )
        if batch is None:
            raise Http404
        return _answer(request, batch)


def register(router: Any) -> None:
    from ipcoord.exchange import api_feed, api_notices

    router.register("exchange/batches", BatchViewSet, basename="exchange-batch")
    api_feed.register(router)
    api_notices.register(router)
