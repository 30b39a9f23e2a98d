"""Helpers for the tests of "export what I see" on list pages (ipcoord.core.list_export).

The property every page's test checks: the file holds exactly the rows the page lists for
that user and filter, on all its pages, in the page's order.
"""

import io

import pytest
from django.core.paginator import Paginator

from ipcoord.exchange.formats import Table, read_table

FORMATS = ("xlsx", "csv")


@pytest.fixture
def small_pages(monkeypatch):
    """Every list page paginates by 2, so a handful of rows already makes several pages."""
    monkeypatch.setattr("ipcoord.core.views.Paginator", lambda qs, per_page: Paginator(qs, 2))


def download(client, url: str, fmt: str, **params) -> Table:
    """The page's export in `fmt`, read back; asserts it is a file download."""
    response = client.get(url, {**params, "export": fmt})
    assert response.status_code == 200, response.status_code
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and disposition.endswith(f'.{fmt}"')
    return read_table(io.BytesIO(b"".join(response.streaming_content)), name=f"list.{fmt}")


def listed(client, url: str, **params) -> list:
    """Every object the page lists, following its pagination to the last page."""
    objects: list = []
    number = 1
    while True:
        response = client.get(url, {**params, "page": number})
        assert response.status_code == 200, response.status_code
        page = response.context["page_obj"]
        objects += list(page.object_list)
        if not page.has_next():
            return objects
        number += 1


def column(table: Table, index: int = 0) -> list[str]:
    return [cells[index] for _number, cells in table.rows]
