"""Per-request context (client address) for the audit trail, set by the middleware."""

from contextvars import ContextVar

client_address: ContextVar[str | None] = ContextVar("client_address", default=None)
