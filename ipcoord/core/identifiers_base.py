"""Shared pieces of the identifier parsers: the error type and input clean-up (no Django)."""

import re
import unicodedata
from typing import Any

__all__ = ["IdentifierError", "clean_text"]


class IdentifierError(ValueError):
    """An identifier could not be parsed or failed validation.

    `part` names the faulty part ("check_digit", "court_code", "year", ...), `code` is a stable
    key such as "bad_check_digit" and `params` the values the message was built from, so a UI
    can translate the English `message`. `fields` holds whatever was parsed before the failure.
    """

    def __init__(
        self,
        message: str,
        *,
        part: str,
        code: str,
        params: dict[str, Any] | None = None,
        fields: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.part = part
        self.code = code
        self.params: dict[str, Any] = dict(params or {})
        self.fields: dict[str, Any] = dict(fields or {})

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"IdentifierError({self.message!r}, part={self.part!r}, code={self.code!r})"


_WHITESPACE = re.compile(r"\s+")


def clean_text(text: object) -> str:
    """NFKC-fold (full-width digits, letters, brackets, U+3000) and drop all whitespace."""
    if not isinstance(text, str):
        raise IdentifierError(
            f"expected text, not {type(text).__name__}",
            part="format",
            code="not_text",
            params={"type": type(text).__name__},
        )
    return _WHITESPACE.sub("", unicodedata.normalize("NFKC", text))
