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

Caveats: payloads are streamed from disk in chunks (`batches/stream.py`: memory stays flat);
kinds with a bulk service (patents) are written by it, the others one service call a
record. The batch row is locked
(`SELECT … FOR UPDATE`) for the whole import, so a second runner waits and then finds the
batch settled; a runner killed mid-way leaves status "processing" with nothing written, and
sending the batch again (or re-queuing the task) imports it from the start.

The package: `door` (receive, check, admit), `process` (import or refuse, under a lock),
`stream` (the records, chunk by chunk), `records` (source ids, versions, refusals),
`receipts` and `storage`.
"""

from ipcoord.exchange.batches.door import batch_receive, client_for
from ipcoord.exchange.batches.process import batch_process
from ipcoord.exchange.batches.receipts import (
    MAX_REJECTED_LISTED,
    batch_progress,
    batch_receipt,
    build_receipt,
)
from ipcoord.exchange.batches.storage import batch_dir, inline_max, progress_path

__all__ = [
    "MAX_REJECTED_LISTED",
    "batch_dir",
    "batch_process",
    "batch_progress",
    "batch_receipt",
    "batch_receive",
    "build_receipt",
    "client_for",
    "inline_max",
    "progress_path",
]
