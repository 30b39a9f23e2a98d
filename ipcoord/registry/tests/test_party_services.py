"""party_create, party_upsert, party_update."""

import pytest

from ipcoord.core.exceptions import ApplicationError
from ipcoord.core.models import AuditEvent
from ipcoord.registry import services
from ipcoord.registry.models import Party, PartyKind
from ipcoord.registry.tests.factories import (
    RIC_BEIJING,
    USCC_HAIDIAN,
    USCC_HUAWEI,
    row_counts,
)


def test_officer_registers_a_company_with_its_credit_code(world):
    party = services.party_create(
        actor=world.cnipa_officer,
        kind=PartyKind.LEGAL,
        name="华为技术有限公司",
        uscc=USCC_HUAWEI.lower(),
        aliases=["華為技術有限公司", "Huawei Technologies Co., Ltd.", ""],
    )
    assert party.uscc == USCC_HUAWEI
    assert party.owner_org == world.cnipa
    assert party.alias_list == ["華為技術有限公司", "Huawei Technologies Co., Ltd."]
    event = AuditEvent.objects.get(action="party.create", object_id=str(party.pk))
    assert event.actor == world.cnipa_officer
    assert event.after["uscc"] == USCC_HUAWEI


def test_a_court_clerk_registers_a_litigant_for_the_court(world):
    party = services.party_create(
        actor=world.bj_clerk, kind=PartyKind.NATURAL, name="张三", id_number=RIC_BEIJING
    )
    assert party.owner_org == world.bj_ip_court


def test_an_outsider_cannot_register_parties(world):
    before = row_counts()
    with pytest.raises(ApplicationError) as exc:
        services.party_create(actor=world.outsider, kind=PartyKind.LEGAL, name="某公司")
    assert exc.value.status == 403
    assert row_counts() == before


def test_a_bad_check_digit_is_named(world):
    bad = USCC_HUAWEI[:-1] + "0"
    with pytest.raises(ApplicationError) as exc:
        services.party_create(actor=None, kind=PartyKind.LEGAL, name="华为", uscc=bad)
    assert exc.value.code == "invalid_uscc"
    assert exc.value.extra["part"] == "check_digit"
    assert "校验位" in exc.value.message and "T" in exc.value.message


def test_the_same_credit_code_twice_is_refused(world):
    services.party_create(
        actor=None, kind=PartyKind.LEGAL, name="华为技术有限公司", uscc=USCC_HUAWEI
    )
    before = row_counts()
    with pytest.raises(ApplicationError) as exc:
        services.party_create(actor=None, kind=PartyKind.LEGAL, name="华为", uscc=USCC_HUAWEI)
    assert exc.value.code == "duplicate_party"
    assert row_counts() == before


def test_a_natural_person_has_no_credit_code(world):
    with pytest.raises(ApplicationError) as exc:
        services.party_create(actor=None, kind=PartyKind.NATURAL, name="李四", uscc=USCC_HUAWEI)
    assert exc.value.code == "uscc_for_natural_person"


def test_upsert_finds_by_code_then_by_name_and_fills_a_missing_code(world):
    first = services.party_upsert(actor=None, kind=PartyKind.LEGAL, name="北京某科技有限公司")
    again = services.party_upsert(
        actor=None, kind=PartyKind.LEGAL, name="北京某科技有限公司", uscc=USCC_HAIDIAN
    )
    assert again.pk == first.pk
    assert again.uscc == USCC_HAIDIAN
    by_code = services.party_upsert(
        actor=None, kind=PartyKind.LEGAL, name="别的名字", uscc=USCC_HAIDIAN
    )
    assert by_code.pk == first.pk
    assert Party.objects.count() == 1


def test_upsert_does_not_merge_namesakes_with_different_codes(world):
    a = services.party_upsert(actor=None, kind=PartyKind.LEGAL, name="同名公司", uscc=USCC_HAIDIAN)
    b = services.party_upsert(actor=None, kind=PartyKind.LEGAL, name="同名公司", uscc=USCC_HUAWEI)
    assert a.pk != b.pk
    with pytest.raises(ApplicationError) as exc:
        services.party_upsert(actor=None, kind=PartyKind.LEGAL, name="同名公司")
    assert exc.value.code == "ambiguous_party"


def test_rename_keeps_the_old_name_as_alias_and_is_audited(world):
    party = services.party_create(actor=None, kind=PartyKind.LEGAL, name="旧名称有限公司")
    services.party_update(actor=world.cnipa_officer, party=party, name="新名称有限公司")
    party.refresh_from_db()
    assert party.name == "新名称有限公司"
    assert "旧名称有限公司" in party.alias_list
    event = AuditEvent.objects.get(action="party.update")
    assert event.before == {"name": "旧名称有限公司", "aliases": ""}
    assert event.after == {"name": "新名称有限公司", "aliases": "旧名称有限公司"}


def test_a_court_cannot_change_a_party_the_register_owns(world):
    party = services.party_create(actor=world.cnipa_officer, kind=PartyKind.LEGAL, name="甲公司")
    before = row_counts()
    with pytest.raises(ApplicationError) as exc:
        services.party_update(actor=world.bj_judge, party=party, name="乙公司")
    assert exc.value.status == 403
    assert row_counts() == before
    party.refresh_from_db()
    assert party.name == "甲公司"


def test_update_cannot_take_another_partys_code(world):
    services.party_create(actor=None, kind=PartyKind.LEGAL, name="甲公司", uscc=USCC_HUAWEI)
    other = services.party_create(actor=None, kind=PartyKind.LEGAL, name="乙公司")
    with pytest.raises(ApplicationError) as exc:
        services.party_update(actor=None, party=other, uscc=USCC_HUAWEI)
    assert exc.value.code == "duplicate_party"


def test_rd_staff_is_for_legal_persons_and_never_negative(world):
    company = services.party_create(actor=None, kind="legal", name="研发公司", rd_staff=12)
    assert company.rd_staff == 12
    company = services.party_update(actor=None, party=company, rd_staff=40)
    assert company.rd_staff == 40
    before = row_counts()
    with pytest.raises(ApplicationError) as exc:
        services.party_create(actor=None, kind="natural", name="张三", rd_staff=3)
    assert exc.value.code == "rd_staff_for_natural_person"
    with pytest.raises(ApplicationError) as exc:
        services.party_update(actor=None, party=company, rd_staff=-1)
    assert exc.value.extra["field"] == "rd_staff"
    assert row_counts() == before
