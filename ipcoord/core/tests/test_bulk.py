"""core.bulk: reserved keys are fresh, rows go in as given, only inside a transaction."""

import pytest
from django.db import transaction

from ipcoord.core.bulk import insert_rows, reserve_ids
from ipcoord.core.models import Organisation, OrgKind


def test_reserved_keys_are_fresh_even_after_the_last_row_was_deleted(db):
    first = Organisation.objects.create(name="甲", kind=OrgKind.IP_ADMIN)
    last = Organisation.objects.create(name="乙", kind=OrgKind.IP_ADMIN).pk
    Organisation.objects.filter(pk=last).delete()
    with transaction.atomic():
        ids = reserve_ids(Organisation, 3)
        insert_rows(
            Organisation,
            (
                "id",
                "name",
                "short_name",
                "kind",
                "level",
                "path",
                "division_code",
                "is_active",
                "created_at",
                "updated_at",
            ),  # fmt: skip
            [
                (
                    pk,
                    f"机构{pk}",
                    "",
                    OrgKind.IP_ADMIN,
                    "",
                    "",
                    "",
                    True,
                    first.created_at,
                    first.created_at,
                )  # fmt: skip
                for pk in ids
            ],
        )
    assert ids[0] > last and ids == list(range(ids[0], ids[0] + 3))
    assert set(Organisation.objects.values_list("name", flat=True)) == {
        "甲",
        *(f"机构{i}" for i in ids),
    }
    # and the ordinary path keeps counting above them
    assert Organisation.objects.create(name="丙", kind=OrgKind.IP_ADMIN).pk > ids[-1]


@pytest.mark.django_db(transaction=True)
def test_bulk_writes_outside_a_transaction_are_refused():
    with pytest.raises(RuntimeError):
        reserve_ids(Organisation, 1)
