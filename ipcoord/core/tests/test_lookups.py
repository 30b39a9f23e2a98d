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


def test_any_of_takes_awkward_text(db):
    """Quotes, backslashes, the empty string and the separator the text form splits on."""
    names = ["", "a'b", "c\\d", "e\x1ff", "甲,乙", "{x}", "NULL"]
    for name in names:
        Organisation.objects.create(name=name, kind=OrgKind.IP_ADMIN)
    Organisation.objects.create(name="其他", kind=OrgKind.IP_ADMIN)
    for wanted in (names, names[1:3], names[3:4], ["NULL", "{x}", "甲,乙"]):
        got = Organisation.objects.filter(name__any_of=wanted).values_list("name", flat=True)
        assert sorted(got) == sorted(wanted)
