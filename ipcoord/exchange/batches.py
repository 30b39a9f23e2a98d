"""The machines' door: receive a signed batch, check it, import it whole or refuse it whole.

Order of checks (`batch_receive`):

1. The client is active; the manifest has its fields. A batch id the client already used
   is a **replay**: the stored receipt comes back unchanged (an unfinished batch is resumed).
2. Authenticity — the key id is the client's, the key is not revoked, the Ed25519
   signature over the canonical manifest is valid (see `signing.py`), the payload's SHA-256
   is the manifest's. A failure raises `ApplicationError` and stores nothing: an
   unauthenticated manifest cannot take a batch id.
3. Admission — the record kind is allowed for the client and the payload has
   `record_count` records; a failure is stored as a refused batch with its receipt.
4. The records (`batch_process`): parsed by the import engine's row parsers (JSON Lines
   keyed by column key, plus `source_id` and `version`), every error collected; records
   whose version is not newer than the stored one for (client, kind, source_id) are
   "stale" and change nothing; the rest are applied through the kinds' services as the
   client's service user, and the `SourceRecord` versions and the receipt are written in
   the same transaction. Any error → nothing written, receipt lists every rejected record.

Caveats: payloads are streamed from disk in chunks (`batch_stream.py`: memory stays flat);
kinds with a bulk service (patents) are written by it, the others one service call a
record. The batch row is locked
(`SELECT … FOR UPDATE`) for the whole import, so a second runner waits and then finds the
batch settled; a runner killed mid-way leaves status "processing" with nothing written, and
sending the batch again (or re-queuing the task) imports it from the start.
"""

import re
import secrets
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ipcoord.core.audit import audit_record
from ipcoord.core.exceptions import ApplicationError, PermissionDenied
from ipcoord.core.models import User
from ipcoord.exchange.batch_records import RecordsRefused
from ipcoord.exchange.batch_stream import apply_streamed, scan_payload
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

Progress = Callable[[int], None]
_BATCH_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")
_HEX64 = re.compile(r"[0-9a-f]{64}")


def inline_max() -> int:
    """Batches with more records than this are imported by the background task."""
    return int(getattr(settings, "EXCHANGE_BATCH_INLINE_MAX", 5000))


def batch_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "batches"


def _stored_path(batch: Batch) -> Path:
    name = Path(batch.stored_name).name
    if not name or name != batch.stored_name:
        raise ApplicationError(_("批次文件的存储名无效。"), code="bad_stored_name")
    return batch_dir() / name


def progress_path(batch: Batch) -> Path:
    return _stored_path(batch).with_suffix(".progress")


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
        _store(batch, payload)
    try:
        with transaction.atomic():
            batch.save()
    except IntegrityError:  # the same batch id arrived twice at once; the other one won
        if batch.stored_name:
            _stored_path(batch).unlink(missing_ok=True)
        existing = Batch.objects.get(client=client, batch_id=manifest["batch_id"])
        return _resume(existing, payload, inline, progress)
    if batch.settled:
        return batch
    return _start(batch, inline, progress)


def _store(batch: Batch, payload: Payload) -> None:
    if isinstance(payload, bytes):
        _stored_path(batch).write_bytes(payload)
    else:
        shutil.copyfile(payload, _stored_path(batch))


def _resume(
    batch: Batch, payload: Payload, inline: bool | None, progress: Progress | None
) -> Batch:
    """A replay: the stored receipt if settled; else import it (again) from the start."""
    if batch.settled:
        return batch
    path = _stored_path(batch)
    if not path.exists() and payload_digest(payload) == batch.payload_sha256:
        batch_dir().mkdir(parents=True, exist_ok=True)
        _store(batch, payload)
    return _start(batch, inline, progress)


def _start(batch: Batch, inline: bool | None, progress: Progress | None) -> Batch:
    if inline is None:
        inline = batch.record_count <= inline_max()
    if inline:
        return batch_process(batch_pk=batch.pk, progress=progress)
    from ipcoord.exchange.tasks import batch_import

    transaction.on_commit(lambda: batch_import.enqueue(batch.pk))
    return batch


def batch_process(*, batch_pk: int, progress: Progress | None = None) -> Batch:
    """Import a received batch whole or refuse it whole; idempotent (a settled batch is
    returned as it is). See the module docstring for the lock and what a kill leaves."""
    now = timezone.now()
    Batch.objects.filter(pk=batch_pk, status=BatchStatus.RECEIVED).update(
        status=BatchStatus.PROCESSING, started_at=now, updated_at=now
    )
    with transaction.atomic():
        batch = (
            Batch.objects.select_for_update()
            .select_related("client__user", "client__organisation", "key")
            .get(pk=batch_pk)
        )
        if batch.settled:
            return batch
        with translation.override(batch.language):
            _run(batch, _progress_writer(batch, progress))
        batch.finished_at = timezone.now()
        batch.save(update_fields=["status", "receipt", "finished_at", "updated_at"])
    progress_path(batch).unlink(missing_ok=True)
    _stored_path(batch).unlink(missing_ok=True)
    return batch


def _run(batch: Batch, progress: Progress) -> None:
    """Check and apply the stored payload; sets the batch's status and receipt."""
    if batch.key.revoked_at is not None:
        batch.status = BatchStatus.REFUSED
        message = _("签名密钥 %(id)s 已吊销，批次拒收；请用新密钥重新签名。")
        batch.receipt = build_receipt(
            batch, message=message % {"id": batch.key.key_id}, code="key_revoked"
        )
        return
    try:
        counts = _apply(batch, progress)
    except OSError:
        batch.status = BatchStatus.REFUSED
        message = _("批次的载荷文件已不存在；请用同一清单重新发送载荷。")
        batch.receipt = build_receipt(batch, message=message, code="payload_missing")
    except FormatError as exc:
        batch.status = BatchStatus.REFUSED
        batch.receipt = build_receipt(batch, message=exc.message, code=exc.code)
    except RecordsRefused as exc:
        batch.status = BatchStatus.REFUSED
        message = _("%(n)s 条记录有误，整批拒收，未写入任何记录。") % {"n": exc.total}
        batch.receipt = build_receipt(
            batch,
            message=message,
            code="invalid_records",
            rejected=exc.rejected,
            rejected_count=exc.total,
        )
    else:
        batch.status = BatchStatus.ACCEPTED
        message = _(
            "已导入：新增 %(created)s，更新 %(updated)s，无变化 %(unchanged)s，"
            "版本不新而忽略 %(stale)s。"
        )
        batch.receipt = build_receipt(batch, message=message % counts, counts=counts)
        audit_record(
            actor=batch.client.user,
            action="exchange.batch.accept",
            obj=batch,
            organisation=batch.client.organisation,
            after={"batch_id": batch.batch_id, "kind": batch.record_kind, **counts},
        )


def _apply(batch: Batch, progress: Progress) -> dict[str, int]:
    """Check the stored payload against its hash and apply it, streamed from disk in chunks
    (batch_stream.py)."""
    digest, encoding = scan_payload(_stored_path(batch))
    if digest != batch.payload_sha256:
        raise FormatError(_("保存的载荷已损坏；请重新发送该批次。"), code="payload_damaged")
    kind = get_kind(batch.record_kind)
    return apply_streamed(batch, kind, _stored_path(batch), encoding, progress=progress)


def _progress_writer(batch: Batch, also: Progress | None) -> Progress:
    path = progress_path(batch)
    step = max(1, batch.record_count // 200)
    done = 0

    def update(n: int) -> None:
        nonlocal done
        done += n
        if done % step == 0 or done == batch.record_count:
            path.write_text(f"{done} {batch.record_count}")
        if also is not None:
            also(n)

    return update


def batch_progress(batch: Batch) -> dict[str, int]:
    """Records done and in total of an unfinished batch (from the file the runner writes)."""
    try:
        done, total = progress_path(batch).read_text().split()
        return {"done": int(done), "total": int(total)}
    except (OSError, ValueError, ApplicationError):
        return {"done": 0, "total": batch.record_count}


def build_receipt(
    batch: Batch,
    *,
    message: str,
    code: str = "",
    counts: dict[str, int] | None = None,
    rejected: list[dict[str, Any]] | None = None,
    rejected_count: int | None = None,
) -> dict[str, Any]:
    """The receipt stored on a settled batch and returned on every replay."""
    rejected = rejected or []
    return {
        "batch_id": batch.batch_id,
        "client": batch.client.name,
        "source_system": batch.source_system,
        "record_kind": batch.record_kind,
        "record_count": batch.record_count,
        "payload_sha256": batch.payload_sha256,
        "key_id": batch.key.key_id,
        "status": batch.status,
        "code": code,
        "message": message,
        "counts": counts or {"created": 0, "updated": 0, "unchanged": 0, "stale": 0},
        "rejected_count": len(rejected) if rejected_count is None else rejected_count,
        "rejected": rejected[:MAX_REJECTED_LISTED],
        "received_at": (batch.created_at or timezone.now()).isoformat(),
        "finished_at": (batch.finished_at or timezone.now()).isoformat(),
    }


# A receipt is one JSON value; beyond this many rejected records only the count is exact.
MAX_REJECTED_LISTED = 10000


def batch_receipt(batch: Batch) -> dict[str, Any]:
    """The stored receipt of a settled batch, or its status and progress while unfinished."""
    if batch.settled:
        return batch.receipt
    return {
        "batch_id": batch.batch_id,
        "client": batch.client.name,
        "record_kind": batch.record_kind,
        "record_count": batch.record_count,
        "status": batch.status,
        "message": str(BatchStatus(batch.status).label),
        "progress": batch_progress(batch),
        "received_at": batch.created_at.isoformat() if batch.created_at else None,
    }
