"""freeze_order_submit: what a court may ask, and every refusal writes nothing."""

import pytest

from ipcoord.core.exceptions import ApplicationError
from ipcoord.preservation import services
from ipcoord.preservation.models import ItemStatus, OrderStatus
from ipcoord.preservation.tests.factories import (
    counts,
    granted_patent,
    preservation_case,
    registered_trademark,
    submit,
)
from ipcoord.registry import services as registry


def test_it_submits_an_order_on_several_rights(world):
    p1, p2, tm = granted_patent(), granted_patent(), registered_trademark()
    order = submit(world.bj_clerk, [p1, p2, tm, p1], months=6)
    assert order.status == OrderStatus.SUBMITTED
    assert order.owner_org == world.bj_ip_court
    assert sorted(order.items.values_list("status", flat=True)) == [ItemStatus.PENDING] * 3


@pytest.mark.parametrize("type_code", ["执保", "执", "财保", "知民初"])
def test_it_accepts_any_open_case_of_the_court(world, type_code):
    case = preservation_case("京73", type_code)
    assert submit(world.bj_judge, [granted_patent()], case=case).case == case


def _refused(call, code):
    before = counts()
    with pytest.raises(ApplicationError) as exc:
        call()
    assert exc.value.code == code
    assert counts() == before
    return exc.value


def test_a_case_of_another_court_is_refused(world):
    case = preservation_case("浙01")
    patent = granted_patent()
    _refused(lambda: submit(world.bj_clerk, [patent], case=case), "case_other_court")


def test_an_unparsable_case_number_is_refused(world):
    patent = granted_patent()
    err = _refused(
        lambda: services.freeze_order_submit(
            actor=world.bj_clerk,
            case_number="京73执保第几号",
            kind="in_litigation",
            ruling_number="r",
            notice_number="n",
            months=3,
            rights=[patent],
        ),
        "invalid_case_number",
    )
    assert "京73执保第几号" in err.message


def test_an_unknown_case_is_refused(world):
    patent = granted_patent()
    _refused(
        lambda: services.freeze_order_submit(
            actor=world.bj_clerk,
            case_number="（2024）京73执保99999号",
            kind="in_litigation",
            ruling_number="r",
            notice_number="n",
            months=3,
            rights=[patent],
        ),
        "case_not_found",
    )


def test_a_closed_case_is_refused(world):
    from ipcoord.cases import services as cases

    case = preservation_case()
    cases.case_close(
        actor=None,
        case=case,
        closing_date=case.filing_date,
        closing_manner="ruling",
        outcome="other",
    )
    patent = granted_patent()
    _refused(lambda: submit(world.bj_clerk, [patent], case=case), "case_closed")


def test_a_right_that_does_not_exist_is_refused(world):
    before = counts()
    with pytest.raises(ApplicationError) as exc:
        services.resolve_rights(patent_numbers=["202310999999.9", "not a number"])
    assert exc.value.code == "right_not_found"
    assert counts() == before


def test_a_period_over_the_patent_ceiling_quotes_the_rule(world):
    patent = granted_patent()
    case = preservation_case()
    err = _refused(
        lambda: submit(world.bj_clerk, case=case, rights=[patent], months=7), "period_over_ceiling"
    )
    assert "6" in err.message and "专利纠纷案件" in err.message
    assert err.extra["max"] == 6


def test_a_trademark_may_be_frozen_for_a_year_but_not_more(world):
    mark = registered_trademark()
    assert submit(world.bj_clerk, [mark], months=12).months == 12
    case = preservation_case()
    err = _refused(
        lambda: submit(world.bj_clerk, case=case, rights=[mark], months=13), "period_over_ceiling"
    )
    assert "注册商标权" in err.message


def test_ceilings_are_configurable(world, settings):
    settings.PRESERVATION_CEILINGS = {"patent": {"months": 3, "source": "测试规则第一条"}}
    patent = granted_patent()
    case = preservation_case()
    err = _refused(
        lambda: submit(world.bj_clerk, case=case, rights=[patent], months=4), "period_over_ceiling"
    )
    assert "测试规则第一条" in err.message


def test_a_lapsed_right_is_refused(world):
    patent = granted_patent()
    import datetime

    registry.lapse_record(actor=None, right=patent, date=datetime.date(2024, 9, 1))
    case = preservation_case()
    _refused(lambda: submit(world.bj_clerk, case=case, rights=[patent]), "right_not_freezable")


def test_no_rights_bad_months_and_missing_numbers_are_refused(world):
    patent = granted_patent()
    case = preservation_case()
    _refused(lambda: submit(world.bj_clerk, case=case, rights=[]), "no_rights")
    case = preservation_case()
    _refused(lambda: submit(world.bj_clerk, case=case, rights=[patent], months=0), "invalid_months")
    case = preservation_case()
    _refused(
        lambda: submit(world.bj_clerk, case=case, rights=[patent], notice_number=" "),
        "missing_document_number",
    )


def test_a_duplicate_notice_is_refused(world):
    patent = granted_patent()
    submit(world.bj_clerk, [patent], notice_number="协执1号")
    case = preservation_case()
    _refused(
        lambda: submit(world.bj_clerk, case=case, rights=[patent], notice_number="协执1号"),
        "duplicate_notice",
    )


@pytest.mark.parametrize("who", ["outsider", "cnipa_officer"])
def test_only_court_users_submit(world, who):
    patent = granted_patent()
    case = preservation_case()
    _refused(lambda: submit(getattr(world, who), [patent], case=case), "not_court_user")


def test_it_is_audited(world):
    from ipcoord.core.models import AuditEvent

    order = submit(world.bj_clerk, [granted_patent()])
    event = AuditEvent.objects.get(action="freeze_order.submit", object_id=str(order.pk))
    assert event.actor == world.bj_clerk and event.after["months"] == 6
