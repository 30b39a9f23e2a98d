"""The door itself: who is sending (`client_for`), the manifest, its signature and
admission (`batch_receive`); a batch that passes is stored and handed to `process`."""

import re
import secrets
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ipcoord.core.exceptions import ApplicationError, PermissionDenied
from ipcoord.core.models import User
from ipcoord.exchange.batches.process import batch_process
from ipcoord.exchange.batches.receipts import build_receipt
from ipcoord.exchange.batches.storage import (
    Progress,
    batch_dir,
    inline_max,
    store_payload,
    stored_path,
)
from ipcoord.exchange.formats import FormatError
from ipcoord.exchange.kinds import get_kind
from ipcoord.exchange.models import Batch, BatchStatus, ClientKey, MachineClient
from ipcoord.exchange.signing import (
    Payload,
    count_records,
    load_public_key,
    payload_digest,
    verify_manifest,
)

_BATCH_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")
_HEX64 = re.compile(r"[0-9a-f]{64}")


def client_for(user: User | Any) -> MachineClient | None:
    """The active machine client whose service user `user` is, or None."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return (
        MachineClient.objects.filter(user_id=user.pk, active=True)
        .select_related("organisation", "user")
        .first()
    )


def _refuse(message: str, code: str, status: int = 400, **extra: Any) -> ApplicationError:
    return ApplicationError(message, code=code, status=status, extra=extra)


def _clean_manifest(manifest: Any) -> dict[str, Any]:
    if not isinstance(manifest, dict):
        raise _refuse(_("清单应是一个 JSON 对象。"), "bad_manifest")
    problems: dict[str, str] = {}
    for field in ("batch_id", "source_system", "record_kind", "key_id", "signature"):
        value = manifest.get(field)
        if not isinstance(value, str) or not value.strip():
            problems[field] = _("必填，应是非空字符串。")
    if "batch_id" not in problems and not _BATCH_ID.fullmatch(manifest["batch_id"]):
        problems["batch_id"] = _("只能含字母、数字和 . _ : -，以字母或数字开头，最长 128 个字符。")
    if "source_system" not in problems and len(manifest["source_system"]) > 128:
        problems["source_system"] = _("不能超过 128 个字符。")
    count = manifest.get("record_count")
    if not isinstance(count, int) or isinstance(count, bool) or count < 0:
        problems["record_count"] = _("应是非负整数。")
    digest = manifest.get("payload_sha256")
    if not isinstance(digest, str) or not _HEX64.fullmatch(digest):
        problems["payload_sha256"] = _("应是 64 位小写十六进制的 SHA-256。")
    if problems:
        raise _refuse(
            _("清单有误：%(fields)s。请按 extra 中各字段的提示修改后重新签名。")
            % {"fields": "、".join(problems)},
            "bad_manifest",
            fields=problems,
        )
    return manifest


def _verify(client: MachineClient, manifest: dict[str, Any], payload: Payload) -> ClientKey:
    key = ClientKey.objects.filter(client=client, key_id=manifest["key_id"]).first()
    if key is None:
        raise _refuse(
            _("未知的密钥编号 %(id)s：请先由机构管理员为该客户端登记这把公钥。")
            % {"id": manifest["key_id"]},
            "unknown_key",
            403,
        )
    if key.revoked_at is not None:
        raise _refuse(
            _("密钥 %(id)s 已于 %(date)s 吊销，用它签名的批次一律拒收；请用新密钥重新签名。")
            % {"id": key.key_id, "date": timezone.localtime(key.revoked_at).date().isoformat()},
            "key_revoked",
            403,
        )
    if not verify_manifest(manifest, load_public_key(key.public_key)):
        raise _refuse(
            _("清单签名无效：签名与清单内容或密钥 %(id)s 不符；请用该密钥对应的私钥重新签名。")
            % {"id": key.key_id},
            "bad_signature",
            403,
        )
    actual = payload_digest(payload)
    if actual != manifest["payload_sha256"]:
        raise _refuse(
            _(
                "载荷的 SHA-256 与清单不符（清单 %(declared)s，实际 %(actual)s）：载荷在签名后"
                "被改动或传输不完整；未写入任何记录。"
            )
            % {"declared": manifest["payload_sha256"], "actual": actual},
            "payload_hash_mismatch",
        )
    return key


def _kind_name(kind: str) -> str:
    try:
        return get_kind(kind).name
    except FormatError:
        return kind


def _admission(client: MachineClient, manifest: dict[str, Any], payload: Payload) -> str:
    """'' when the batch may be processed; else the reason it is refused (and stored)."""
    kind = manifest["record_kind"]
    if _kind_name(kind) not in client.allowed_kinds:
        return _("该客户端不能提交“%(kind)s”记录；允许的类型：%(allowed)s。") % {
            "kind": kind,
            "allowed": ", ".join(client.allowed_kinds) or "-",
        }
    found = count_records(payload)
    if found != manifest["record_count"]:
        return _("清单声明 %(declared)s 条记录，载荷中有 %(found)s 条；请核对后重新签名。") % {
            "declared": manifest["record_count"],
            "found": found,
        }
    return ""


def batch_receive(
    *,
    client: MachineClient,
    manifest: Any,
    payload: Payload,
    inline: bool | None = None,
    progress: Progress | None = None,
) -> Batch:
    """Receive a batch (see the module docstring); returns it settled, or queued when large.

    `inline` forces (True) or forbids (False) importing in this process; by default batches
    over `inline_max()` records go to the `batch_import` task. Raises ApplicationError for a
    manifest that is malformed or not authentic; nothing is stored then.
    """
    if not client.active:
        raise PermissionDenied(_("该客户端已停用；请联系本机构的机构管理员。"))
    manifest = _clean_manifest(manifest)
    existing = Batch.objects.filter(client=client, batch_id=manifest["batch_id"]).first()
    if existing is not None:
        return _resume(existing, payload, inline, progress)
    key = _verify(client, manifest, payload)
    batch = Batch(
        client=client,
        batch_id=manifest["batch_id"],
        source_system=manifest["source_system"],
        record_kind=_kind_name(manifest["record_kind"])[:32],
        record_count=manifest["record_count"],
        payload_sha256=manifest["payload_sha256"],
        key=key,
        manifest=manifest,
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    refusal = _admission(client, manifest, payload)
    if refusal:
        batch.status = BatchStatus.REFUSED
        batch.finished_at = timezone.now()
        code = "count_mismatch" if batch.record_kind in client.allowed_kinds else "kind_not_allowed"
        batch.receipt = build_receipt(batch, message=refusal, code=code)
    else:
        batch.stored_name = f"{secrets.token_hex(16)}.jsonl"
        batch_dir().mkdir(parents=True, exist_ok=True)
        store_payload(batch, payload)
    try:
        with transaction.atomic():
            batch.save()
    except IntegrityError:  # the same batch id arrived twice at once; the other one won
        if batch.stored_name:
            stored_path(batch).unlink(missing_ok=True)
        existing = Batch.objects.get(client=client, batch_id=manifest["batch_id"])
        return _resume(existing, payload, inline, progress)
    if batch.settled:
        return batch
    return _start(batch, inline, progress)


def _resume(
    batch: Batch, payload: Payload, inline: bool | None, progress: Progress | None
) -> Batch:
    """A replay: the stored receipt if settled; else import it (again) from the start."""
    if batch.settled:
        return batch
    path = stored_path(batch)
    if not path.exists() and payload_digest(payload) == batch.payload_sha256:
        batch_dir().mkdir(parents=True, exist_ok=True)
        store_payload(batch, payload)
    return _start(batch, inline, progress)


def _start(batch: Batch, inline: bool | None, progress: Progress | None) -> Batch:
    if inline is None:
        inline = batch.record_count <= inline_max()
    if inline:
        return batch_process(batch_pk=batch.pk, progress=progress)
    from ipcoord.exchange.tasks import batch_import

    transaction.on_commit(lambda: batch_import.enqueue(batch.pk))
    return batch
