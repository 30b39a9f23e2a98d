"""The dashboard cards of preservation and the trademark page's freeze timeline."""

import datetime

from django.urls import reverse
from django.utils import timezone

from ipcoord.preservation.tests.factories import (
    freeze,
    granted_patent,
    preservation_case,
    registered_trademark,
    submit,
)


def test_the_court_card_counts_active_queued_and_expiring(client, world):
    patent = granted_patent()
    freeze(world, world.hz_clerk, [patent])
    queued = freeze(world, world.bj_clerk, [patent])
    freeze(world, world.bj_clerk, [granted_patent()], months=1)
    client.force_login(world.bj_clerk)
    page = client.get(reverse("core:dashboard"))
    assert page.status_code == 200 and "我院冻结令" in page.text
    panel = page.context["panels"]
    data = next(ctx for tpl, ctx in panel if tpl == "preservation/dashboard_panel.html")
    assert data["court"] == data["court"] | {"active": 1, "queued": 1, "expiring": 1}
    assert data["registry"] is None
    assert queued.notice_number not in "".join(
        i.order.notice_number for i in data["court"]["expiring_list"]
    )


def test_the_registry_card_shows_the_oldest_waiting_order(client, world):
    pending = submit(world.bj_clerk, [granted_patent()], case=preservation_case())
    client.force_login(world.cnipa_officer)
    page = client.get(reverse("core:dashboard"))
    assert "待登记的冻结令" in page.text and pending.notice_number in page.text
    data = next(c for t, c in page.context["panels"] if t == "preservation/dashboard_panel.html")
    assert data["registry"]["waiting"] == 1 and data["court"] is None
    assert timezone.now() - data["registry"]["oldest_since"] < datetime.timedelta(minutes=1)


def test_other_users_see_no_preservation_card(client, world):
    client.force_login(world.outsider)
    page = client.get(reverse("core:dashboard"))
    assert "我院冻结令" not in page.text and "待登记的冻结令" not in page.text


def test_the_trademark_page_shows_the_freeze_timeline(client, world):
    mark = registered_trademark()
    freeze(world, world.bj_clerk, [mark])
    url = reverse("registry:trademark_detail", args=[mark.pk])
    client.force_login(world.hz_clerk)
    page = client.get(url)
    assert page.status_code == 200 and "登记冻结" in page.text and "北京知识产权法院" in page.text
    client.force_login(world.outsider)
    assert "登记冻结" not in client.get(url).text
