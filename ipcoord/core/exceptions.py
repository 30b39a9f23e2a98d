"""The one domain error services raise; the API and pages turn it into a clear message."""

from typing import Any


class ApplicationError(Exception):
    """A rule of the domain was broken; `message` is translated and tells the user what to do.

    `code` is a stable machine-readable key, `extra` holds details (e.g. field errors).
    `status` is the HTTP status the API answers with.
    """

    def __init__(
        self,
        message: str,
        *,
        code: str = "invalid",
        extra: dict[str, Any] | None = None,
        status: int = 400,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.extra = extra or {}
        self.status = status


class PermissionDenied(ApplicationError):
    def __init__(self, message: str, *, code: str = "forbidden", **kw: Any) -> None:
        super().__init__(message, code=code, status=403, **kw)


class NotFound(ApplicationError):
    def __init__(self, message: str, *, code: str = "not_found", **kw: Any) -> None:
        super().__init__(message, code=code, status=404, **kw)
