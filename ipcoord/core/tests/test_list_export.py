"""Export what I see (core.list_export): the cells, the CSV formula escape, and the two core
lists — the audit trail (audit administrator only) and one's own notifications."""

import datetime
import re

import pytest
import time_machine
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from ipcoord.core import notify as notify_module
from ipcoord.core import services
from ipcoord.core.list_export import cell_text, list_export, neutralise_formula
from ipcoord.core.models import AuditEvent, Notification
from ipcoord.core.notify import notify
from ipcoord.testing.exports import FORMATS, column, download, listed, small_pages  # noqa: F401

AUDIT = reverse("core:audit_list")
NOTIFICATIONS = reverse("core:notification_list")


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("=1+2", "'=1+2"),
        ("+86 10 1234", "'+86 10 1234"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("-cmd", "'-cmd"),
        ("-", "'-"),
        ("-5", "-5"),
        ("-0.5 度", "-0.5 度"),
        ("a=b", "a=b"),
        ("", ""),
        ("（2024）京73民初1号", "（2024）京73民初1号"),
    ],
)
def test_csv_cells_that_excel_would_run_get_a_quote(text, written):
    assert neutralise_formula(text) == written


def test_cells_are_text_as_the_page_shows_them(settings):
    settings.TIME_ZONE = "Asia/Shanghai"
    at = datetime.datetime(2026, 12, 3, 7, 30, 5, tzinfo=datetime.UTC)
    assert cell_text(at) == "2026-12-03 15:30:05"
    assert cell_text(datetime.date(2026, 1, 2)) == "2026-01-02"
    assert cell_text(None) == ""
    assert [cell_text(True), cell_text(False)] == ["是", "否"]
    assert cell_text(12) == "12"


def test_no_file_unless_the_request_asks_for_one():
    qs = AuditEvent.objects.none()
    for params in ({}, {"export": "jsonl"}, {"export": ""}):
        request = RequestFactory().get("/x/", params)
        assert list_export(request, qs, (), "x") is None


@pytest.mark.django_db
def test_the_file_is_named_after_the_list_and_the_time():
    request = RequestFactory().get("/x/", {"export": "csv"})
    with time_machine.travel(datetime.datetime(2026, 12, 3, 7, 30, tzinfo=datetime.UTC)):
        response = list_export(request, AuditEvent.objects.none(), (), "freeze-orders")
    assert response is not None and response["Content-Type"] == "text/csv; charset=utf-8"
    stamp = timezone.localtime(datetime.datetime(2026, 12, 3, 7, 30, tzinfo=datetime.UTC))
    name = f"freeze-orders-{stamp:%Y%m%d-%H%M}.csv"
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    response.close()


@pytest.mark.usefixtures("small_pages")
@pytest.mark.parametrize("fmt", FORMATS)
def test_the_audit_administrator_exports_every_page_of_the_filtered_trail(client, world, fmt):
    client.force_login(world.audit_admin)
    table = download(client, AUDIT, fmt, action="membership")
    assert table.header == ["#", "时间", "操作人", "操作", "对象", "地址", "哈希"]
    shown = listed(client, AUDIT, action="membership")
    assert len(shown) == 11  # six pages of two
    assert column(table) == [str(e.seq) for e in shown]
    assert set(column(table, 3)) == {"membership.grant"}
    newest = AuditEvent.objects.filter(action="membership.grant").order_by("-seq").first()
    assert table.rows[0][1][6] == newest.hash  # the whole hash, not the page's short form
    everything = download(client, AUDIT, fmt)
    assert column(everything) == [
        str(s) for s in AuditEvent.objects.order_by("-seq").values_list("seq", flat=True)
    ]


@pytest.mark.parametrize("who", ["system_admin", "security_admin", "bj_judge", "outsider"])
def test_the_audit_export_is_404_for_everyone_else(client, world, who):
    client.force_login(getattr(world, who))
    assert client.get(AUDIT, {"export": "xlsx"}).status_code == 404
    assert client.get(AUDIT, {"export": "csv"}).status_code == 404


def test_lists_need_a_signed_in_user_for_their_export_too(client, world):
    response = client.get(NOTIFICATIONS, {"export": "csv"})
    assert response.status_code == 302 and reverse("core:login") in response.url


@pytest.mark.usefixtures("small_pages")
@pytest.mark.parametrize("fmt", FORMATS)
def test_one_exports_ones_own_notifications_only(client, world, fmt, monkeypatch):
    monkeypatch.setitem(notify_module._TEXTS, "test.decided", "%(name)s 已作出决定")
    for name in ("=1+2 公司", "甲公司", "乙公司"):
        notify(recipients=[world.bj_judge], verb="test.decided", params={"name": name}, url="/x/")
    notify(recipients=[world.hz_clerk], verb="test.decided", params={"name": "丙公司"})
    first = Notification.objects.filter(recipient=world.bj_judge).order_by("id").first()
    services.notification_mark_read(actor=world.bj_judge, ids=[first.pk])

    client.force_login(world.bj_judge)
    table = download(client, NOTIFICATIONS, fmt)
    assert table.header == ["时间", "内容", "状态"]
    shown = listed(client, NOTIFICATIONS)
    assert len(shown) == 3
    texts = [notify_module.render(n) for n in shown]
    assert column(table, 1) == (texts if fmt == "xlsx" else [neutralise_formula(t) for t in texts])
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", table.rows[0][1][0])
    by_text = {cells[1]: cells[2] for _n, cells in table.rows}
    formula = "=1+2 公司 已作出决定"
    assert by_text == {
        formula if fmt == "xlsx" else "'" + formula: "已读",
        "甲公司 已作出决定": "未读",
        "乙公司 已作出决定": "未读",
    }
    client.force_login(world.hz_clerk)
    assert column(download(client, NOTIFICATIONS, fmt), 1) == ["丙公司 已作出决定"]
