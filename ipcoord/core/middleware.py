"""Middleware that records the client address so service writes can audit it."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

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


class ChineseFirstLocaleMiddleware(LocaleMiddleware):
    """Simplified Chinese unless the user chose another language (the language cookie).

    Django's own middleware follows the browser's Accept-Language; a court's or office's
    browser may be set to anything, and the platform's working language is Chinese.
    """

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
