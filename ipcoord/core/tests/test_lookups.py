"""field__any_of: the same rows as __in, on both databases."""

from ipcoord.core.models import Organisation, OrgKind


def test_any_of_finds_what_in_finds(db):
    names = [f"机构{i}" for i in range(30)]
    for name in names[:20]:
        Organisation.objects.create(name=name, kind=OrgKind.IP_ADMIN)
    wanted = [*names[10:30], None]
    got = set(Organisation.objects.filter(name__any_of=wanted).values_list("name", flat=True))
    assert got == set(names[10:20])
    ids = list(Organisation.objects.values_list("id", flat=True)[:3])
    assert set(Organisation.objects.filter(id__any_of=ids).values_list("id", flat=True)) == set(ids)
    assert not Organisation.objects.filter(name__any_of=["没有"]).exists()
