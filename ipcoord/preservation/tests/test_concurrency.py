"""32 courts freeze the same patent at the same moment (PostgreSQL, separate connections)."""

import threading

import pytest
from django.db import connection, connections

from ipcoord.core.models import OrgKind, OrgLevel, Role
from ipcoord.core.services import membership_grant, organisation_create, user_create
from ipcoord.preservation import services
from ipcoord.preservation.models import FreezeItem, ItemStatus
from ipcoord.preservation.tests.factories import granted_patent, preservation_case, submit
from ipcoord.testing.world import build_world

PROVINCES = "京津冀晋内辽吉黑沪苏浙皖闽赣鲁豫"
N = 32


def _courts():
    """32 intermediate courts (X01, X02 of 16 provinces) with a clerk each; 浙01 exists."""
    out = []
    for i in range(N):
        code = f"{PROVINCES[i // 2]}0{i % 2 + 1}"
        org = (
            organisation_create(
                actor=None,
                name=f"测试中级人民法院{code}",
                kind=OrgKind.COURT,
                level=OrgLevel.PREFECTURAL,
                court_code=code,
            )
            if code != "浙01"
            else None
        )
        if org is None:
            from ipcoord.core.models import Organisation

            org = Organisation.objects.get(court_code=code)
        clerk = user_create(actor=None, username=f"clerk_{i}", password=None)
        membership_grant(actor=None, user=clerk, organisation=org, role=Role.CLERK)
        out.append((clerk, code))
    return out


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_32_simultaneous_registrations_leave_one_active_and_31_queued():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises every writer anyway")
    world = build_world()
    patent = granted_patent()
    orders = [submit(clerk, [patent], case=preservation_case(code)) for clerk, code in _courts()]
    barrier = threading.Barrier(N)
    errors: list[BaseException] = []

    def register(order):
        try:
            barrier.wait()
            services.freeze_order_register(actor=world.cnipa_officer, order=order)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(o,)) for o in orders]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    items = list(FreezeItem.objects.filter(patent=patent))
    assert len(items) == N
    assert sum(i.status == ItemStatus.ACTIVE for i in items) == 1
    assert sum(i.status == ItemStatus.QUEUED for i in items) == N - 1
    assert sorted(i.seq for i in items) == list(range(1, N + 1))
    active = next(i for i in items if i.status == ItemStatus.ACTIVE)
    assert active.seq == 1
    # Registration order is the order of registered_at, too.
    by_time = sorted(items, key=lambda i: (i.registered_at, i.seq))
    assert [i.seq for i in by_time] == list(range(1, N + 1))
