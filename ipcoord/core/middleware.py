"""Middleware that records the client address so service writes can audit it."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from ipcoord.core.context import client_address


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # REMOTE_ADDR only: a forwarded header is client-controlled unless a trusted proxy sets it.
        token = client_address.set(request.META.get("REMOTE_ADDR"))
        try:
            return self.get_response(request)
        finally:
            client_address.reset(token)
