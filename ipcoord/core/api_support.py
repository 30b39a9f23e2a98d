"""API plumbing shared by every app: pagination and the one error format.

Every error answers `{"code": ..., "message": ..., "extra": {...}}`; `message` is in the
caller's language and says what to do.
"""

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions as drf_exceptions
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from ipcoord.core.exceptions import ApplicationError


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 500


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ApplicationError):
        return Response(
            {"code": exc.code, "message": exc.message, "extra": exc.extra}, status=exc.status
        )
    if isinstance(exc, Http404):
        exc = drf_exceptions.NotFound(_("没有找到该记录，或您无权查看。"))
    elif isinstance(exc, DjangoPermissionDenied):
        exc = drf_exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, drf_exceptions.ValidationError):
        response.data = {
            "code": "invalid",
            "message": _("提交的数据有误，请按 extra 中各字段的提示修改后重试。"),
            "extra": {"fields": response.data},
        }
    elif isinstance(exc, drf_exceptions.APIException):
        detail = exc.detail
        response.data = {
            "code": getattr(detail, "code", None) or exc.default_code,
            "message": str(detail),
            "extra": {},
        }
    return response


class ScopedQuerysetMixin:
    """Viewsets define `scoped_queryset()` (through a selector); the schema generator, which
    has no real user, gets an empty queryset of `model` instead."""

    model: type

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.model.objects.none()
        return self.scoped_queryset()

    def scoped_queryset(self):  # pragma: no cover - every viewset overrides it
        raise NotImplementedError
