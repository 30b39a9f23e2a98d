"""Where a batch's payload and progress live on disk (MEDIA_ROOT/batches), and when a batch
is imported in the request or by the background task."""

import shutil
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from ipcoord.core.exceptions import ApplicationError
from ipcoord.exchange.models import Batch
from ipcoord.exchange.progress import Progress, ProgressFile, progress_file_writer
from ipcoord.exchange.signing import Payload


def inline_max() -> int:
    """Batches with more records than this are imported by the background task."""
    return int(getattr(settings, "EXCHANGE_BATCH_INLINE_MAX", 5000))


def batch_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "batches"


def stored_path(batch: Batch) -> Path:
    name = Path(batch.stored_name).name
    if not name or name != batch.stored_name:
        raise ApplicationError(_("批次文件的存储名无效。"), code="bad_stored_name")
    return batch_dir() / name


def progress_path(batch: Batch) -> Path:
    return stored_path(batch).with_suffix(".progress")


def store_payload(batch: Batch, payload: Payload) -> None:
    if isinstance(payload, bytes):
        stored_path(batch).write_bytes(payload)
    else:
        shutil.copyfile(payload, stored_path(batch))


def progress_writer(batch: Batch, also: Progress | None) -> ProgressFile:
    return progress_file_writer(progress_path(batch), batch.record_count, steps=200, also=also)
