"""What a client gets back: the receipt of a settled batch, or its status and progress."""

from typing import Any

from django.utils import timezone

from ipcoord.core.exceptions import ApplicationError
from ipcoord.exchange.batches.storage import progress_path
from ipcoord.exchange.models import Batch, BatchStatus
from ipcoord.exchange.progress import RECORDS, progress_file_state

# A receipt is one JSON value; beyond this many rejected records only the count is exact.
MAX_REJECTED_LISTED = 10000


def batch_progress(batch: Batch) -> dict[str, int | str]:
    """Records done and in total of an unfinished batch, and its phase: "records", then
    "audit" once every record is in and the audit trail is being written (from the file
    the runner writes; see progress.py)."""
    try:
        path = progress_path(batch)
    except ApplicationError:  # no stored payload name: nothing runs
        return {"done": 0, "total": batch.record_count, "phase": RECORDS}
    done, total, phase = progress_file_state(path, batch.record_count)
    return {"done": done, "total": total, "phase": phase}


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
