"""Dashboard panels: each app registers what it shows on the dashboard, so core needs no
knowledge of the apps (core imports no other app)."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest


@dataclass(frozen=True)
class Panel:
    order: int
    template: str
    context: Callable[[HttpRequest], dict[str, Any]]


_PANELS: list[Panel] = []


def register_panel(
    *, order: int, template: str, context: Callable[[HttpRequest], dict[str, Any]]
) -> None:
    if any(p.template == template for p in _PANELS):
        return
    _PANELS.append(Panel(order, template, context))
    _PANELS.sort(key=lambda p: p.order)


def panels_for(request: HttpRequest) -> list[tuple[str, dict[str, Any]]]:
    return [(p.template, p.context(request)) for p in _PANELS]
