"""Importing a received batch whole or refusing it whole (`batch_process`), under a lock on
the batch row; the records themselves are streamed by `stream.py`."""

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ipcoord.core.audit import audit_record
from ipcoord.exchange.batches.receipts import build_receipt
from ipcoord.exchange.batches.records import RecordsRefused
from ipcoord.exchange.batches.storage import Progress, progress_path, progress_writer, stored_path
from ipcoord.exchange.batches.stream import apply_streamed, scan_payload
from ipcoord.exchange.formats import FormatError
from ipcoord.exchange.kinds import get_kind
from ipcoord.exchange.models import Batch, BatchStatus
from ipcoord.exchange.progress import ProgressFile


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
            _run(batch, progress_writer(batch, progress))
        batch.finished_at = timezone.now()
        batch.save(update_fields=["status", "receipt", "finished_at", "updated_at"])
    progress_path(batch).unlink(missing_ok=True)
    stored_path(batch).unlink(missing_ok=True)
    return batch


def _run(batch: Batch, progress: ProgressFile) -> None:
    """Check and apply the stored payload; sets the batch's status and receipt."""
    if batch.key.revoked_at is not None:
        batch.status = BatchStatus.REFUSED
        message = _("签名密钥 %(id)s 已吊销，批次拒收；请用新密钥重新签名。")
        batch.receipt = build_receipt(
            batch, message=message % {"id": batch.key.key_id}, code="key_revoked"
        )
        return
    if batch.record_kind not in batch.client.allowed_kinds:  # taken away while it waited
        batch.status = BatchStatus.REFUSED
        message = _("该客户端已不能提交“%(kind)s”记录（批次等待处理时被取消），批次拒收。")
        batch.receipt = build_receipt(
            batch, message=message % {"kind": batch.record_kind}, code="kind_not_allowed"
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


def _apply(batch: Batch, progress: ProgressFile) -> dict[str, int]:
    """Check the stored payload against its hash and apply it, streamed from disk in chunks
    (stream.py)."""
    digest, encoding = scan_payload(stored_path(batch))
    if digest != batch.payload_sha256:
        raise FormatError(_("保存的载荷已损坏；请重新发送该批次。"), code="payload_damaged")
    kind = get_kind(batch.record_kind)
    return apply_streamed(
        batch, kind, stored_path(batch), encoding, progress=progress, phase=progress.phase
    )
